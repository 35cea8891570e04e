#!/usr/bin/env bash
# Builds the static helper programs that the integration tests and bench/run.sh copy into a
# busybox rootfs:
#   OUTDIR/sysloop    x86_64, static
#   OUTDIR/sysloop32  i386 (-m32), static: its syscalls arrive with AUDIT_ARCH_I386
#   OUTDIR/hammer     x86_64, static: getppid from several threads, progress kept in a shared mapping (fault tests)
#   OUTDIR/notifyhand x86_64, static: N processes handing notify fds to an agent as runc does (scale tests)
#   OUTDIR/argcalls   x86_64, static, and OUTDIR/argcalls32 (i386): calls with recorded argument values
#   OUTDIR/argcheck   x86_64, static, and OUTDIR/argcheck32 (i386): the `profile export --args` round trip, raw numbers
#   OUTDIR/newcalls   x86_64, static, and OUTDIR/newcalls32 (i386): raw new syscall numbers notified from a container
#   OUTDIR/mdwe       x86_64, static: runs the daemon as systemd's MemoryDenyWriteExecute=yes would (deploy tests)
#   OUTDIR/denials    x86_64, static: calls enforcing profiles deny, each answer printed (source-answer tests)
#   OUTDIR/execchain  x86_64, static: calls of its own, then execs another program in the same process (executables)
# Usage: tests/helpers/build.sh OUTDIR
set -euo pipefail

if [[ $# -ne 1 ]]; then
    echo "usage: $0 OUTDIR" >&2
    exit 2
fi
out=$1
src_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cc=${CC:-gcc}
cflags=(-O2 -Wall -Wextra -Werror -static)

fail() {
    echo "tests/helpers/build.sh: $*" >&2
    exit 1
}

command -v "$cc" >/dev/null 2>&1 || fail "'$cc' not found: install the Debian package 'gcc' (apt-get install gcc)"

mkdir -p "$out"
probe_dir=$(mktemp -d)
trap 'rm -rf "$probe_dir"' EXIT
printf 'int main(void) { return 0; }\n' >"$probe_dir/probe.c"

# Probe each target first so that a missing static libc is named, not buried in a link error.
"$cc" -static -o "$probe_dir/probe64" "$probe_dir/probe.c" 2>"$probe_dir/err64" \
    || fail "cannot link a static x86_64 program (missing libc.a?): install 'libc6-dev'$(printf '\n'; cat "$probe_dir/err64")"
"$cc" -m32 -static -o "$probe_dir/probe32" "$probe_dir/probe.c" 2>"$probe_dir/err32" \
    || fail "cannot link a static -m32 program: install the Debian package 'gcc-multilib' (brings libc6-dev-i386)$(printf '\n'; cat "$probe_dir/err32")"

"$cc" "${cflags[@]}" -pthread -o "$out/sysloop" "$src_dir/sysloop.c"
"$cc" -m32 "${cflags[@]}" -pthread -o "$out/sysloop32" "$src_dir/sysloop.c"
# -pthread: hammer's threads; with -static, libc's pthread symbols come from libc.a (glibc 2.34+).
"$cc" "${cflags[@]}" -pthread -o "$out/hammer" "$src_dir/hammer.c"
"$cc" "${cflags[@]}" -o "$out/notifyhand" "$src_dir/notifyhand.c"
"$cc" "${cflags[@]}" -o "$out/argcalls" "$src_dir/argcalls.c"
"$cc" -m32 "${cflags[@]}" -o "$out/argcalls32" "$src_dir/argcalls.c"
"$cc" "${cflags[@]}" -o "$out/argcheck" "$src_dir/argcheck.c"
"$cc" -m32 "${cflags[@]}" -o "$out/argcheck32" "$src_dir/argcheck.c"
"$cc" "${cflags[@]}" -o "$out/newcalls" "$src_dir/newcalls.c"
"$cc" -m32 "${cflags[@]}" -o "$out/newcalls32" "$src_dir/newcalls.c"
"$cc" "${cflags[@]}" -o "$out/mdwe" "$src_dir/mdwe.c"
"$cc" "${cflags[@]}" -o "$out/denials" "$src_dir/denials.c"
"$cc" "${cflags[@]}" -o "$out/execchain" "$src_dir/execchain.c"
echo "built $out/sysloop $out/sysloop32 $out/hammer $out/notifyhand $out/argcalls $out/argcalls32 $out/argcheck $out/argcheck32 $out/newcalls $out/newcalls32 $out/mdwe $out/denials $out/execchain"
