#!/usr/bin/env bash
# Installs what the test suite runs against: real runc containers built from busybox-static and static helpers
# (gcc, gcc-multilib for the i386 helper), Debian's seccomp (scmp_sys_resolver, to cross-check the syscall tables),
# a real gRPC client (python3-grpcio; openssl makes the CAs of the TCP API's mutual TLS tests), and Prometheus (promtool and the server, one Debian package) for the metrics
# tests, systemd-analyze (package systemd: only the tool, systemd need not be init) to verify the unit in
# deploy/systemd, PyYAML to parse deploy/kubernetes, python3-jsonschema to validate SPO exports against SPO's CRD, and the runtimes other than runc that the tests drive for real
# (crun, containerd with ctr, Podman with conmon; tests/Recorder.Tests/Integration/Runtimes), and node with npm for a
# gRPC client that knows the API from server reflection alone: its npm packages (grpc-js-reflection-client,
# @grpc/grpc-js; tests/Recorder.Tests/Grpc/js/package-lock.json) go to tests/Recorder.Tests/Grpc/js/node_modules.
# Idempotent; installs only what is missing. Needs root and apt for the Debian packages.
set -euo pipefail

need=()
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

have_cmd runc || need+=(runc)
have_pkg busybox-static || need+=(busybox-static)
have_cmd gcc || need+=(gcc)
have_pkg gcc-multilib || need+=(gcc-multilib)
have_cmd scmp_sys_resolver || need+=(seccomp)
have_pkg python3-grpcio || need+=(python3-grpcio)
have_pkg openssl || need+=(openssl)
have_pkg python3-protobuf || need+=(python3-protobuf)
{ have_cmd promtool && have_cmd prometheus; } || need+=(prometheus)
# The metrics tests read our OpenMetrics with its strict parser (prometheus_client.openmetrics.parser).
have_pkg python3-prometheus-client || need+=(python3-prometheus-client)
have_cmd systemd-analyze || need+=(systemd)
have_pkg python3-yaml || need+=(python3-yaml)
have_pkg python3-jsonschema || need+=(python3-jsonschema)
have_cmd crun || need+=(crun)
{ have_cmd containerd && have_cmd ctr && have_cmd containerd-shim-runc-v2; } || need+=(containerd)
{ have_cmd podman && have_cmd conmon; } || need+=(podman conmon)
# Debian 12's nodejs is 18 (npm 9); the locked packages ask for node 12 or newer. A newer node already installed
# (with its own npm) does as well.
have_cmd node || need+=(nodejs)
have_cmd npm || need+=(npm)

js_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/tests/Recorder.Tests/Grpc/js"

# npm ci installs exactly what package-lock.json says; skipped while node_modules holds it (npm ls checks each package).
install_npm_packages() {
  if (cd "$js_dir" && npm ls --depth=0 >/dev/null 2>&1); then
    return 0
  fi
  echo "installing npm packages in $js_dir"
  (cd "$js_dir" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
}

if [ ${#need[@]} -eq 0 ]; then
  install_npm_packages
  echo "test dependencies: all present"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "test dependencies missing: ${need[*]}; run as root (or: sudo apt-get install ${need[*]})" >&2
  exit 1
fi

echo "installing test dependencies: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive

# prometheus's postinst starts its init script (invoke-rc.d), a server on :9090 the tests neither need nor want
# (they start their own on a free port); containerd's and podman's postinsts start containerd.service and podman's
# units (podman.socket, podman-restart.service, podman-auto-update.timer) through deb-systemd-invoke where systemd
# is init. The tests start their own containerd on private sockets and run Podman on temporary storage: a system
# containerd or podman service would only be something running that nobody asked for. Both invoke-rc.d and
# deb-systemd-invoke ask policy-rc.d first; exit 101 means "do not start". (The units stay enabled, as Debian
# installs them: they start at the next boot of a machine whose init is systemd. CI machines are thrown away.)
# Container images usually ship one; where there is none, one is put there for this install only.
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# seccomp-recorder install-test-deps: start no service while installing\nexit 101\n' > "$policy"
  chmod 0755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi

apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}"
install_npm_packages
