#!/usr/bin/env bash
# Benchmark: how long a restart leaves runtimes without a listener, JIT build against native (issue 17).
#
# Each round starts every build once, in an order rotated each round, on an empty --state-dir (no takeover, no
# database to load) with sockets in a temp dir, and measures:
#   listen   exec of the daemon to the first successful connect() on its runtime socket (what runc needs);
#   cpu      the CPU time all the daemon's threads had used by then (/proc/PID/task/*/schedstat): on a shared machine
#            `listen` is mostly waiting for a CPU, this is not;
#   rss      the daemon's VmRSS 2 s later, idle;
#   ls       wall time of `seccomp-recorder ls` against it, exec to exit (the CLI's start-up);
# then SIGTERMs it. Markdown on stdout (median, min, max per build over the rounds; the load average beside it),
# progress on stderr. See bench/README.md.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
py=/usr/bin/python3

rounds=11
keep=0

usage() {
    cat >&2 <<EOF
usage: bench/startup.sh [--rounds N] [--keep]
  --rounds N   starts of each build, interleaved (default $rounds)
  --keep       keep the temp dir (daemon logs, raw results) and print its path
environment:
  NATIVE_BIN   the native binary (default $repo/out/seccomp-recorder, from 'make build')
  JIT_BIN      the JIT build's apphost (default $repo/src/Recorder/bin/Release/net10.0/linux-x64/seccomp-recorder)
EOF
    exit 2
}

while [[ $# -gt 0 ]]; do
    case $1 in
        --rounds) rounds=${2:?}; shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) usage ;;
        *) echo "bench/startup.sh: unknown argument '$1'" >&2; usage ;;
    esac
done

die() { echo "bench/startup.sh: $*" >&2; exit 1; }

[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive integer"
[[ -x $py ]] || die "$py not found (Debian package 'python3')"
native=${NATIVE_BIN:-$repo/out/seccomp-recorder}
jit=${JIT_BIN:-$repo/src/Recorder/bin/Release/net10.0/linux-x64/seccomp-recorder}
[[ -x $native ]] || die "$native not built: run 'make build' or set NATIVE_BIN"
[[ -x $jit ]] || die "$jit not built: run 'dotnet build -c Release src/Recorder' or set JIT_BIN"

tmp=$(mktemp -d /tmp/seccomp-recorder-startup-XXXXXX)
cleanup() {
    if [[ $keep -eq 1 ]]; then echo "bench: kept $tmp" >&2; else rm -rf "$tmp"; fi
}
trap cleanup EXIT

# One start: the timing is done in Python so that the clock starts right before posix_spawn and the socket is
# polled with connect() every 100 us (a connection that sends nothing and closes: the daemon drops it).
"$py" - "$tmp" "$rounds" "native=$native" "jit=$jit" <<'EOF'
import os, signal, socket, statistics, subprocess, sys, time

tmp, rounds, builds = sys.argv[1], int(sys.argv[2]), [a.split("=", 1) for a in sys.argv[3:]]
results = {name: {"listen": [], "cpu": [], "rss": [], "ls": [], "load": []} for name, _ in builds}

def cpu_ms(pid):
    total = 0
    for task in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{task}/schedstat") as f:
                total += int(f.read().split()[0])
        except FileNotFoundError:
            pass
    return total / 1e6

def start(name, binary, run):
    d = os.path.join(tmp, f"{name}-{run}")
    os.makedirs(d)
    listener, api = os.path.join(d, "listener.sock"), os.path.join(d, "api.sock")
    args = [binary, "daemon", "--listener", listener, "--api", api, "--state-dir", os.path.join(d, "state"),
            "--metrics", "127.0.0.1:0"]
    log = open(os.path.join(d, "daemon.log"), "wb")
    t0 = time.monotonic_ns()
    pid = os.posix_spawn(binary, args, os.environ, file_actions=[(os.POSIX_SPAWN_DUP2, log.fileno(), 1),
                                                               (os.POSIX_SPAWN_DUP2, log.fileno(), 2)])
    deadline = t0 + 30_000_000_000
    while True:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.connect(listener)
            t1 = time.monotonic_ns()
            cpu = cpu_ms(pid)
            break
        except (FileNotFoundError, ConnectionRefusedError):
            if time.monotonic_ns() > deadline or os.waitpid(pid, os.WNOHANG)[0] != 0:
                sys.exit(f"bench/startup.sh: {name} did not listen; see {d}/daemon.log")
            time.sleep(0.0001)
        finally:
            s.close()
    return pid, d, api, (t1 - t0) / 1e6, cpu

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        return next(int(l.split()[1]) for l in f if l.startswith("VmRSS:"))

def ls_ms(binary, api):
    deadline = time.monotonic() + 30
    while not os.path.exists(api):
        if time.monotonic() > deadline:
            sys.exit("bench/startup.sh: the API socket never appeared")
        time.sleep(0.001)
    t0 = time.monotonic_ns()
    subprocess.run([binary, "ls", "--api", api], check=True, stdout=subprocess.DEVNULL)
    return (time.monotonic_ns() - t0) / 1e6

for run in range(rounds):
    order = builds[run % len(builds):] + builds[:run % len(builds)]
    for name, binary in order:
        load = os.getloadavg()[0]
        pid, d, api, listen, cpu = start(name, binary, run)
        time.sleep(2)
        rss = rss_kib(pid) / 1024
        ls = ls_ms(binary, api)
        os.kill(pid, signal.SIGTERM)
        os.waitpid(pid, 0)
        r = results[name]
        r["listen"].append(listen); r["cpu"].append(cpu); r["rss"].append(rss); r["ls"].append(ls); r["load"].append(load)
        print(f"bench: round {run + 1}/{rounds} {name}: listen {listen:.1f} ms, cpu {cpu:.1f} ms, rss {rss:.1f} MiB, ls {ls:.1f} ms, load {load:.2f}",
              file=sys.stderr)

def cell(xs, fmt):
    return f"{fmt.format(statistics.median(xs))} ({fmt.format(min(xs))}-{fmt.format(max(xs))})"

print(f"{rounds} rounds, interleaved; median (min-max); load average (1 min) at each start: "
      f"{min(min(r['load']) for r in results.values()):.2f}-{max(max(r['load']) for r in results.values()):.2f}\n")
print("| build | exec to listening | CPU used by then | RSS idle | `ls` exec to exit |")
print("|---|---:|---:|---:|---:|")
for name, _ in builds:
    r = results[name]
    print(f"| {name} | {cell(r['listen'], '{:.1f}')} ms | {cell(r['cpu'], '{:.1f}')} ms | {cell(r['rss'], '{:.1f}')} MiB | {cell(r['ls'], '{:.1f}')} ms |")
EOF
