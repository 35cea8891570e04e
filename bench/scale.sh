#!/usr/bin/env bash
# Benchmark: what N containers attached at once cost the daemon (issue #5 point 4).
#
# Starts seccomp-recorder, hands it N notify fds at once with tests/helpers/notifyhand (each from
# its own process, exactly as runc 1.1.5 hands them over), and reports from /proc, before, while
# all N are attached, and after they have exited: VmRSS, VmSize, threads, fds, the kernel's
# KernelStack (thread stacks live there too, outside VmRSS), the time until all N listeners are
# open, and the daemon's CPU while the N sit idle (the 1 s store flush and the 100 ms stop scan).
# Markdown on stdout, progress on stderr. See bench/README.md.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
py=/usr/bin/python3 # Debian's python3 has grpc (status.py); the pyenv one on PATH may not

containers=1000
calls=50
idle=10
keep=0

usage() {
    cat >&2 <<EOF
usage: bench/scale.sh [--containers N] [--calls K] [--idle SECONDS] [--keep]
  --containers N  notify fds handed over at once (default $containers)
  --calls K       notified getppid per container once released (default $calls)
  --idle SECONDS  how long to measure the daemon's CPU with all N attached and idle (default $idle)
  --keep          keep the temp dir (daemon log, notifyhand output) and print its path
environment:
  RECORDER_CMD    as for bench/run.sh (placeholders {listener} {api} {state})
EOF
    exit 2
}

while [[ $# -gt 0 ]]; do
    case $1 in
        --containers) containers=${2:?}; shift 2 ;;
        --calls) calls=${2:?}; shift 2 ;;
        --idle) idle=${2:?}; shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) usage ;;
        *) echo "bench/scale.sh: unknown argument '$1'" >&2; usage ;;
    esac
done

log() { echo "bench: $*" >&2; }
die() { echo "bench/scale.sh: $*" >&2; exit 1; }

[[ $containers =~ ^[1-9][0-9]*$ ]] || die "--containers must be a positive integer"
[[ $calls =~ ^[1-9][0-9]*$ ]] || die "--calls must be a positive integer"
[[ $idle =~ ^[1-9][0-9]*$ ]] || die "--idle must be a positive integer"
[[ $(id -u) -eq 0 ]] || die "must run as root (seccomp user notification for another process's daemon, /proc)"
[[ -x $py ]] || die "$py not found (Debian package 'python3')"

default_recorder="dotnet $repo/src/Recorder/bin/Release/net10.0/linux-x64/seccomp-recorder.dll"
recorder_cmd=${RECORDER_CMD:-$default_recorder}
if [[ $recorder_cmd != *"{listener}"* ]]; then
    recorder_cmd+=" daemon --listener {listener} --api {api} --state-dir {state} --metrics 127.0.0.1:0"
fi
if [[ -z ${RECORDER_CMD:-} ]]; then
    dll=$repo/src/Recorder/bin/Release/net10.0/linux-x64/seccomp-recorder.dll
    [[ -f $dll ]] || die "$dll not built: run 'dotnet build -c Release src/Recorder' or set RECORDER_CMD"
fi

tmp=$(mktemp -d /tmp/seccomp-scale.XXXXXX)
daemon_pid=""
hand_pid=""

cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    exec 3>&- 2>/dev/null
    # notifyhand's children die with it (PR_SET_PDEATHSIG); then the daemon, by the pids we started.
    if [[ -n $hand_pid ]]; then
        kill -KILL "$hand_pid" 2>/dev/null
        wait "$hand_pid" 2>/dev/null
    fi
    if [[ -n $daemon_pid ]]; then
        kill -TERM "$daemon_pid" 2>/dev/null
        for _ in $(seq 100); do
            kill -0 "$daemon_pid" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "$daemon_pid" 2>/dev/null
        wait "$daemon_pid" 2>/dev/null
    fi
    if [[ $keep -eq 1 ]]; then
        log "kept $tmp"
    else
        rm -rf "$tmp"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "building helpers in $tmp/bin"
"$repo/tests/helpers/build.sh" "$tmp/bin" >&2

is_listening() {
    awk -v p="$1" '$NF == p && $4 == "00010000" { found = 1 } END { exit !found }' /proc/net/unix
}

status_field() { "$py" "$repo/bench/status.py" "$tmp/api.sock" --field "$1" --timeout 5; }

# proc_line LABEL: one markdown row from the daemon's /proc now.
kernel_stack_kib() { awk '$1 == "KernelStack:" { print $2 }' /proc/meminfo; }
proc_line() {
    local rss size threads fds
    rss=$(awk '$1 == "VmRSS:" { print $2 }' "/proc/$daemon_pid/status")
    size=$(awk '$1 == "VmSize:" { print $2 }' "/proc/$daemon_pid/status")
    threads=$(awk '$1 == "Threads:" { print $2 }' "/proc/$daemon_pid/status")
    fds=$(find "/proc/$daemon_pid/fd" -mindepth 1 -maxdepth 1 | wc -l)
    printf '| %s | %s | %d | %d | %s | %s | %d |\n' "$1" "$(status_field 5)" $((rss / 1024)) $((size / 1024)) \
        "$threads" "$fds" $(($(kernel_stack_kib) / 1024))
}

cpu_ticks() {
    local stat
    stat=$(<"/proc/$1/stat")
    stat=${stat##*) }
    local -a f
    read -ra f <<<"$stat"
    echo $((f[11] + f[12]))
}

now_ms() { echo $(($(date +%s%N) / 1000000)); }

# wait_until SECONDS DESCRIPTION COMMAND...: polls COMMAND every 50 ms.
wait_until() {
    local deadline=$((SECONDS + $1)) what=$2
    shift 2
    until "$@"; do
        kill -0 "$daemon_pid" 2>/dev/null || die "the daemon exited while waiting until $what: $(tail -n 20 "$tmp/daemon.log")"
        ((SECONDS < deadline)) || die "timed out waiting until $what"
        sleep 0.05
    done
}
listeners_are() { [[ $(status_field 5 2>/dev/null) == "$1" ]]; }

mkdir -p "$tmp/state"
cmd=${recorder_cmd//\{listener\}/$tmp/listener.sock}
cmd=${cmd//\{api\}/$tmp/api.sock}
cmd=${cmd//\{state\}/$tmp/state}
read -ra cmd_words <<<"$cmd"
log "starting recorder: $cmd"
"${cmd_words[@]}" >"$tmp/daemon.log" 2>&1 &
daemon_pid=$!
wait_until 60 "the listener is up" is_listening "$tmp/listener.sock"
wait_until 60 "the API answers" listeners_are 0

# run_hand N K PREFIX: attach N, wait until the daemon has them all, release, check.
mkfifo "$tmp/hand.in"
start_hand() {
    "$tmp/bin/notifyhand" "$tmp/listener.sock" "$1" "$2" "$3" <"$tmp/hand.in" >"$tmp/hand-$3.out" 2>"$tmp/hand-$3.err" &
    hand_pid=$!
    exec 3>"$tmp/hand.in"
}
attached() { grep -qs '^attached ' "$tmp/hand-$1.out"; }
finish_hand() {
    echo go >&3
    exec 3>&-
    local rc=0
    wait "$hand_pid" || rc=$?
    hand_pid=""
    [[ $rc -eq 0 ]] || die "notifyhand $1 failed (exit $rc): $(grep -v 'errors=0 ' "$tmp/hand-$1.out" | head) $(cat "$tmp/hand-$1.err")"
}

# Warm-up: every path once, so the "before" row is the daemon as it stays.
start_hand 2 1 warm
wait_until 60 "the warm-up attached" attached warm
finish_hand warm
wait_until 60 "the warm-up exited" listeners_are 0
sleep 2

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
echo "## $containers listeners at once, $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo
echo "- machine: $(nproc) CPUs, ${cpu_model:-unknown}, kernel $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- daemon: \`$cmd\`; RLIMIT_NOFILE $(awk '/^Max open files/ { print $4 "/" $5 }' "/proc/$daemon_pid/limits"), threads-max $(cat /proc/sys/kernel/threads-max), pid_max $(cat /proc/sys/kernel/pid_max)"
echo
echo "| when | listeners open | VmRSS MiB | VmSize MiB | threads | fds | KernelStack MiB (machine) |"
echo "|---|---:|---:|---:|---:|---:|---:|"
proc_line "before (after a 2-container warm-up)"

t0=$(now_ms)
start_hand "$containers" "$calls" scale
wait_until 300 "notifyhand attached $containers" attached scale
t1=$(now_ms)
wait_until 300 "$containers listeners are open" listeners_are "$containers"
t2=$(now_ms)
proc_line "$containers attached"
# Let the first flush of the new containers and the JIT's background rejits pass: the idle window
# should see only what recurs (the flush finding nothing changed, the stop scan).
sleep 3
cpu0=$(cpu_ticks "$daemon_pid")
sleep "$idle"
cpu1=$(cpu_ticks "$daemon_pid")
proc_line "$containers attached, $((idle + 3)) s later"
t_release=$(now_ms)
finish_hand scale
t3=$(now_ms)
wait_until 300 "every listener has closed" listeners_are 0
t4=$(now_ms)
sleep 2
proc_line "after they exited"
notifications=$(status_field 6)

clk_tck=$(getconf CLK_TCK)
echo
echo "- attach: notifyhand's $containers children sent their fds in $((t1 - t0)) ms; all $containers open in the daemon after $((t2 - t0)) ms"
echo "- idle with $containers attached (from 3 s after the last attach): $(((cpu1 - cpu0) * 1000 / clk_tck)) ms of daemon CPU in ${idle} s"
echo "- release: $containers x $calls getppid made, reported and notifyhand exited $((t3 - t_release)) ms after the barrier opened; every listener closed $((t4 - t3)) ms after that"
echo "- notifications counted: $notifications (expected $((containers * calls + 2)))"
