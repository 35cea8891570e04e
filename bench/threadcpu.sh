#!/usr/bin/env bash
# Per-thread CPU of a running process while a command runs: which thread of the agent spends the time.
# usage: bench/threadcpu.sh PID -- COMMAND [ARGS...]
# Samples /proc/PID/task/*/stat every 20 ms, so threads that start and end inside the run are caught too;
# prints the process's total ticks (10 ms each) over the command and each thread's share.
set -euo pipefail
[ $# -ge 3 ] && [ "$2" = "--" ] || { echo "usage: $0 PID -- COMMAND [ARGS...]" >&2; exit 2; }
pid=$1
shift 2
declare -A first last name

ticks() { # utime+stime of /proc/.../stat (fields 14 and 15); comm may contain spaces: cut after ") "
    local stat
    stat=$(<"$1") || return 1
    stat=${stat##*) }
    local -a f
    read -ra f <<<"$stat"
    echo $((f[11] + f[12]))
}

sample() {
    local t tid v
    for t in /proc/"$pid"/task/*; do
        tid=${t##*/}
        v=$(ticks "$t/stat" 2>/dev/null) || continue
        [ -n "${first[$tid]:-}" ] || first[$tid]=$v
        last[$tid]=$v
        name[$tid]=$(cat "$t/comm" 2>/dev/null || echo '?')
    done
}

sample
before=$(ticks /proc/"$pid"/stat)
"$@" &
child=$!
while kill -0 "$child" 2>/dev/null; do
    sample
    sleep 0.02
done
wait "$child"
sample
after=$(ticks /proc/"$pid"/stat)
echo "process ticks: $((after - before))"
for tid in "${!last[@]}"; do
    delta=$((last[$tid] - first[$tid]))
    ((delta > 0)) && echo "$delta ${name[$tid]} ($tid)"
done | sort -rn
