#!/usr/bin/env bash
# Benchmark: what a seccomp notification agent costs a container's syscalls.
#
# One runc container runs `/sysloop getppid COUNT --latency` (tests/helpers/sysloop.c) under
#   none      an ALLOW-everything filter, no listener;
#   c-agent   the same plus getppid -> SCMP_ACT_NOTIFY, answered by bench/c-agent/agent.c, a thread
#             per fd blocking in RECV (the reference);
#   c-agent-poll the same agent polling the fd before each RECV (agent.c --poll);
#   c-agent-2r the same agent with two threads per fd blocking in RECV (agent.c --receivers 2);
#   recorder  the same, answered by seccomp-recorder.
#   recorder-b the same, answered by RECORDER_B_CMD (another build: before/after in one run).
# --workload real runs busybox tar | gzip and find | xargs sha256sum over --files files instead,
# under the record-everything template (`seccomp-recorder profile template`), none = no filter.
# Variants run interleaved for --rounds rounds (order rotated each round); each agent is started
# once, warmed up, and measured per run. --containers N runs N such containers at once per run
# (busy containers side by side: aggregate ops/s). Reports medians as a markdown table on stdout;
# progress goes to stderr. See bench/README.md.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
py=/usr/bin/python3 # Debian's python3 has grpc (status.py); the pyenv one on PATH may not

rounds=5
only=none,c-agent,recorder
count=100000
syscall=getppid
sysloop=/sysloop
warmup=1
containers=1
keep=0
threads=1
workload=loop
files=2000

usage() {
    cat >&2 <<EOF
usage: bench/run.sh [--rounds N] [--only none,c-agent,c-agent-poll,c-agent-2r,recorder,recorder-b] [--count N]
                    [--syscall NAME] [--m32] [--threads N] [--warmup N] [--containers N]
                    [--workload loop|real] [--files N] [--keep]
  --rounds N      measured runs per variant, interleaved (default $rounds)
  --only LIST     variants to run, comma-separated (default $only)
  --count N       syscalls per run (default $count)
  --syscall NAME  syscall to loop on and notify (default $syscall; see tests/helpers/sysloop.c)
  --m32           run the i386 build of sysloop (notifications carry AUDIT_ARCH_I386)
  --threads N     sysloop's calls made by N threads of the container at once, through its one
                  notify fd (default $threads)
  --workload W    loop (default): sysloop as above; real: busybox tar | gzip and find | xargs
                  sha256sum over --files files under the record-everything template; the table
                  then gives the work's wall time and the slowdown against none (no filter)
  --files N       files in the real workload's tree (default $files)
  --warmup N      unmeasured runs per agent before the rounds (default $warmup; JIT, caches)
  --containers N  containers started together in each run (default $containers); ops/s is then
                  their calls together over the time from the first loop's start to the last's end
  --keep          keep the temp dir (bundles, logs, raw results) and print its path
environment:
  RECORDER_CMD    the daemon command. With the placeholders {listener} {api} {state} it is used
                  as is; without them "daemon --listener {listener} --api {api} --state-dir {state} --metrics 127.0.0.1:0"
                  is appended. Default:
                  dotnet $repo/src/Recorder/bin/Release/net10.0/linux-x64/seccomp-recorder.dll
  RECORDER_B_CMD  the daemon command of the variant recorder-b, as RECORDER_CMD (required for it):
                  two builds interleaved in the same rounds
  RUNC            runc binary (default: runc on PATH)
  BUSYBOX         static busybox for the rootfs (default /bin/busybox-static or /bin/busybox)
EOF
    exit 2
}

while [[ $# -gt 0 ]]; do
    case $1 in
        --rounds) rounds=${2:?}; shift 2 ;;
        --only) only=${2:?}; shift 2 ;;
        --count) count=${2:?}; shift 2 ;;
        --syscall) syscall=${2:?}; shift 2 ;;
        --m32) sysloop=/sysloop32; shift ;;
        --threads) threads=${2:?}; shift 2 ;;
        --workload) workload=${2:?}; shift 2 ;;
        --files) files=${2:?}; shift 2 ;;
        --warmup) warmup=${2:?}; shift 2 ;;
        --containers) containers=${2:?}; shift 2 ;;
        --keep) keep=1; shift ;;
        -h|--help) usage ;;
        *) echo "bench/run.sh: unknown argument '$1'" >&2; usage ;;
    esac
done

log() { echo "bench: $*" >&2; }
die() { echo "bench/run.sh: $*" >&2; exit 1; }

[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "--rounds must be a positive integer"
[[ $count =~ ^[1-9][0-9]*$ ]] || die "--count must be a positive integer"
[[ $warmup =~ ^[0-9]+$ ]] || die "--warmup must be a non-negative integer"
[[ $containers =~ ^[1-9][0-9]*$ && $containers -le 64 ]] || die "--containers must be an integer from 1 to 64"
[[ $threads =~ ^[1-9][0-9]*$ && $threads -le 64 ]] || die "--threads must be an integer from 1 to 64"
[[ $workload == loop || $workload == real ]] || die "--workload must be loop or real"
[[ $files =~ ^[1-9][0-9]*$ && $files -le 100000 ]] || die "--files must be an integer from 1 to 100000"
IFS=, read -ra variants <<<"$only"
for v in "${variants[@]}"; do
    case $v in none|c-agent|c-agent-poll|c-agent-2r|recorder|recorder-b) ;;
        *) die "unknown variant '$v' (none, c-agent, c-agent-poll, c-agent-2r, recorder, recorder-b)" ;;
    esac
done
[[ ${#variants[@]} -gt 0 ]] || die "--only is empty"
wants() { [[ ",$only," == *",$1,"* ]]; }

[[ $(id -u) -eq 0 ]] || die "must run as root (runc run)"
runc=${RUNC:-$(command -v runc || true)}
[[ -n $runc && -x $runc ]] || die "runc not found: install the Debian package 'runc' or set RUNC"
[[ -x $py ]] || die "$py not found (Debian package 'python3')"
if [[ -z ${BUSYBOX:-} ]]; then
    if [[ -x /bin/busybox-static ]]; then BUSYBOX=/bin/busybox-static; else BUSYBOX=/bin/busybox; fi
fi
[[ -x $BUSYBOX ]] || die "no busybox at $BUSYBOX: install the Debian package 'busybox-static'"
if ldd "$BUSYBOX" >/dev/null 2>&1; then
    die "$BUSYBOX is dynamically linked: install 'busybox-static' (the rootfs has no libc)"
fi
gcc_cmd=${CC:-gcc}
command -v "$gcc_cmd" >/dev/null || die "gcc not found: install the Debian package 'gcc'"

default_recorder="dotnet $repo/src/Recorder/bin/Release/net10.0/linux-x64/seccomp-recorder.dll"
recorder_cmd=${RECORDER_CMD:-$default_recorder}
if [[ $recorder_cmd != *"{listener}"* ]]; then
    recorder_cmd+=" daemon --listener {listener} --api {api} --state-dir {state} --metrics 127.0.0.1:0"
fi
if wants recorder-b; then
    [[ -n ${RECORDER_B_CMD:-} ]] || die "--only recorder-b needs RECORDER_B_CMD"
    recorder_b_cmd=$RECORDER_B_CMD
    if [[ $recorder_b_cmd != *"{listener}"* ]]; then
        recorder_b_cmd+=" daemon --listener {listener} --api {api} --state-dir {state} --metrics 127.0.0.1:0"
    fi
fi
dll=$repo/src/Recorder/bin/Release/net10.0/linux-x64/seccomp-recorder.dll
if { wants recorder && [[ -z ${RECORDER_CMD:-} ]]; } || [[ $workload == real ]]; then
    # The real workload's template comes from this build's `profile template`.
    [[ -f $dll ]] || die "$dll not built: run 'dotnet build -c Release src/Recorder' or set RECORDER_CMD"
fi

# --- temp dir and cleanup ---------------------------------------------------------------------

tmp=$(mktemp -d /tmp/seccomp-bench.XXXXXX)
runc_root=$tmp/runc-root
declare -A agent_pid=()

cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    # Containers first (they block on their agent), then agents, by the pids we started.
    if [[ -d $runc_root ]]; then
        for id in $("$runc" --root "$runc_root" list -q 2>/dev/null); do
            "$runc" --root "$runc_root" delete -f "$id" >/dev/null 2>&1
        done
    fi
    for v in "${!agent_pid[@]}"; do
        kill -TERM "${agent_pid[$v]}" 2>/dev/null
    done
    for v in "${!agent_pid[@]}"; do
        for _ in $(seq 50); do
            kill -0 "${agent_pid[$v]}" 2>/dev/null || break
            sleep 0.1
        done
        kill -KILL "${agent_pid[$v]}" 2>/dev/null
        wait "${agent_pid[$v]}" 2>/dev/null
    done
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

# --- build ------------------------------------------------------------------------------------

log "building helpers and c-agent in $tmp/bin"
"$repo/tests/helpers/build.sh" "$tmp/bin" >&2
"$gcc_cmd" -O2 -Wall -Wextra -Werror -pthread -o "$tmp/bin/c-agent" "$repo/bench/c-agent/agent.c"
"$gcc_cmd" -O2 -Wall -Wextra -Werror -static -o "$tmp/bin/clockns" "$repo/bench/helpers/clockns.c"

# --- rootfs and bundles -----------------------------------------------------------------------

rootfs=$tmp/rootfs
mkdir -p "$rootfs"/{bin,dev,proc,sys,tmp,etc}
cp "$BUSYBOX" "$rootfs/bin/busybox"
for applet in sh ls cat echo true mkdir sleep tar gzip find xargs sha256sum; do
    ln -s busybox "$rootfs/bin/$applet"
done
cp "$tmp/bin/sysloop" "$tmp/bin/sysloop32" "$tmp/bin/clockns" "$rootfs/"
if [[ $workload == real ]]; then
    # --files files of 1-8 KiB in 20 directories, the same bytes every time (a fixed seed).
    "$py" - "$rootfs/data" "$files" <<'EOF'
import os, random, sys
root, files = sys.argv[1], int(sys.argv[2])
rng = random.Random(13)
words = ("seccomp", "notify", "container", "runc", "busybox", "syscall")
for i in range(files):
    d = os.path.join(root, f"d{i % 20:02d}")
    os.makedirs(d, exist_ok=True)
    text = " ".join(rng.choice(words) if rng.random() < 0.7 else "%08x" % rng.getrandbits(32) for _ in range(1200))
    with open(os.path.join(d, f"f{i:05d}.txt"), "w") as f:
        f.write(text[: rng.randint(1024, 8192)])
EOF
    cat >"$rootfs/work.sh" <<'EOF'
#!/bin/sh
# bench/run.sh --workload real: archive and checksum the tree, timed inside the container.
set -e
t0=$(/clockns)
tar -c -C / data | gzip -6 >/tmp/data.tar.gz
find /data -type f | xargs sha256sum >/tmp/sums
t1=$(/clockns)
echo "work ns=$((t1 - t0))"
EOF
    chmod +x "$rootfs/work.sh"
fi

mkdir -p "$tmp/spec"
(cd "$tmp/spec" && "$runc" spec)

# The real workload's profile: everything the template notifies (the listener is set per bundle).
if [[ $workload == real ]]; then
    dotnet "$dll" profile template --listener /placeholder >"$tmp/template.json" 2>/dev/null \
        || die "'dotnet $dll profile template' failed"
fi

# make_bundle VARIANT LISTENER_PATH (empty: no listener, no notify rule)
make_bundle() {
    local dir=$tmp/bundle-$1
    mkdir -p "$dir"
    "$py" - "$tmp/spec/config.json" "$dir/config.json" "$rootfs" "$2" "$syscall" \
        "$sysloop" "$count" "$threads" "$workload" "$tmp/template.json" <<'EOF'
import json, sys
src, dst, rootfs, listener, syscall, sysloop, count, threads, workload, template = sys.argv[1:]
with open(src) as f:
    config = json.load(f)
config["root"] = {"path": rootfs, "readonly": True}
config["process"]["terminal"] = False
if workload == "real":
    config["process"]["args"] = ["/bin/sh", "/work.sh"]
    config["mounts"].append({"destination": "/tmp", "type": "tmpfs", "source": "tmpfs",
                             "options": ["nosuid", "nodev", "size=256m"]})
    if listener:
        with open(template) as f:
            seccomp = json.load(f)
        seccomp["listenerPath"] = listener
        config["linux"]["seccomp"] = seccomp
    else:
        config["linux"].pop("seccomp", None)
else:
    config["process"]["args"] = [sysloop, syscall, count, "--latency"]
    if threads != "1":
        config["process"]["args"] += ["--threads", threads]
    seccomp = {
        "defaultAction": "SCMP_ACT_ALLOW",
        "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
        "syscalls": [],
    }
    if listener:
        seccomp["listenerPath"] = listener
        seccomp["syscalls"] = [{"names": [syscall], "action": "SCMP_ACT_NOTIFY"}]
    config["linux"]["seccomp"] = seccomp
with open(dst, "w") as f:
    json.dump(config, f, indent=2)
EOF
}

declare -A listener=([none]="" [c-agent]=$tmp/c-agent.sock [c-agent-poll]=$tmp/c-agent-poll.sock [c-agent-2r]=$tmp/c-agent-2r.sock
    [recorder]=$tmp/recorder/listener.sock [recorder-b]=$tmp/recorder-b/listener.sock)
for v in "${variants[@]}"; do
    make_bundle "$v" "${listener[$v]}"
done

# --- agents -----------------------------------------------------------------------------------

# True once PATH is a listening Unix socket (/proc/net/unix flag __SO_ACCEPTCON), without
# connecting: a probe connection would count as a (rejected) container connection.
is_listening() {
    awk -v p="$1" '$NF == p && $4 == "00010000" { found = 1 } END { exit !found }' /proc/net/unix
}

# wait_listening PID PATH SECONDS
wait_listening() {
    local deadline=$((SECONDS + $3))
    until is_listening "$2"; do
        kill -0 "$1" 2>/dev/null || return 1
        ((SECONDS < deadline)) || return 1
        sleep 0.1
    done
}

# CPU time of a process (all its threads, live and exited) in clock ticks.
cpu_ticks() {
    local stat
    stat=$(<"/proc/$1/stat")
    stat=${stat##*) } # comm may contain spaces and parentheses: cut after the last ") "
    local -a f
    read -ra f <<<"$stat"
    echo $((f[11] + f[12])) # utime, stime (fields 14 and 15 of proc(5))
}

# The daemon's GC.GetTotalAllocatedBytes from GetStatus (field 8); empty while the gRPC API is
# not reachable.
recorder_allocated_bytes() {
    "$py" "$repo/bench/status.py" "$1" --field 8 --timeout 5 2>/dev/null || true
}

# start_c_agent VARIANT [AGENT OPTION...]
start_c_agent() {
    local v=$1
    shift
    "$tmp/bin/c-agent" "$@" "${listener[$v]}" >"$tmp/$v.out" 2>"$tmp/$v.err" &
    agent_pid[$v]=$!
    wait_listening "${agent_pid[$v]}" "${listener[$v]}" 10 \
        || die "$v did not start listening: $(cat "$tmp/$v.err")"
}
if wants c-agent; then
    start_c_agent c-agent
fi
if wants c-agent-poll; then
    start_c_agent c-agent-poll --poll
fi
if wants c-agent-2r; then
    start_c_agent c-agent-2r --receivers 2
fi
# start_recorder VARIANT COMMAND: each recorder variant has its own listener, API socket and state.
start_recorder() {
    local v=$1 cmd=$2
    mkdir -p "$tmp/$v/state"
    cmd=${cmd//\{listener\}/${listener[$v]}}
    cmd=${cmd//\{api\}/$tmp/$v/api.sock}
    cmd=${cmd//\{state\}/$tmp/$v/state}
    local -a cmd_words
    read -ra cmd_words <<<"$cmd"
    log "starting $v: $cmd"
    "${cmd_words[@]}" >"$tmp/$v.log" 2>&1 &
    agent_pid[$v]=$!
    wait_listening "${agent_pid[$v]}" "${listener[$v]}" 60 \
        || die "$v did not start listening on ${listener[$v]}: $(tail -n 20 "$tmp/$v.log")"
    if [[ -z $(recorder_allocated_bytes "$tmp/$v/api.sock") ]]; then
        log "$v GetStatus not reachable on $tmp/$v/api.sock: no bytes/notification"
    fi
}
if wants recorder; then
    start_recorder recorder "$recorder_cmd"
fi
if wants recorder-b; then
    start_recorder recorder-b "$recorder_b_cmd"
fi

# --- runs -------------------------------------------------------------------------------------

clk_tck=$(getconf CLK_TCK)
results=$tmp/results.tsv
printf 'variant\tround\tcount\terrors\tops_per_sec\tp50_ns\tp99_ns\tagent_cpu_ns_per_notif\talloc_bytes\twork_ns\tagent_cpu_ns\n' >"$results"
run_seq=0
notified_total=0

# run_one VARIANT ROUND (ROUND "warmup": not recorded). Starts --containers containers at once.
run_one() {
    local v=$1 round=$2
    run_seq=$((run_seq + 1))
    local id="bench-$$-$run_seq-$v"
    local pid=${agent_pid[$v]:-} cpu0=0 cpu1=0 alloc0="" alloc1=""
    if [[ -n $pid ]]; then
        # GetStatus before the CPU reading (and after the second one): the API call is not the run's.
        [[ $v == recorder* ]] && alloc0=$(recorder_allocated_bytes "$tmp/$v/api.sock")
        cpu0=$(cpu_ticks "$pid")
    fi
    local c
    local -a run_pids=()
    for ((c = 1; c <= containers; c++)); do
        # In the background so that a signal to this script runs the trap now (bash defers traps
        # until a foreground child exits); cleanup then deletes the containers.
        timeout 600 "$runc" --root "$runc_root" run --bundle "$tmp/bundle-$v" "$id-$c" \
            >"$tmp/run-$run_seq-$v-$c.out" 2>"$tmp/run-$run_seq-$v-$c.err" </dev/null &
        run_pids+=($!)
    done
    local -a rcs=()
    for ((c = 1; c <= containers; c++)); do
        local rc=0
        wait "${run_pids[$((c - 1))]}" || rc=$?
        rcs+=("$rc")
        "$runc" --root "$runc_root" delete -f "$id-$c" >/dev/null 2>&1 || true
    done
    if [[ -n $pid ]]; then
        kill -0 "$pid" 2>/dev/null || die "$v agent died during run $run_seq"
        cpu1=$(cpu_ticks "$pid")
        [[ $v == recorder* ]] && alloc1=$(recorder_allocated_bytes "$tmp/$v/api.sock")
    fi

    if [[ $workload == real ]]; then
        record_real "$v" "$round" "$id" "${rcs[*]}" "$pid" "$cpu0" "$cpu1"
        return
    fi

    # Per container: count errors ops_per_sec p50_ns p99_ns start_ns end_ns, one line each.
    local parsed=$tmp/run-$run_seq-$v.parsed
    : >"$parsed"
    for ((c = 1; c <= containers; c++)); do
        local out=$tmp/run-$run_seq-$v-$c.out err=$tmp/run-$run_seq-$v-$c.err line
        line=$(grep -m1 '^sysloop ' "$out" || true)
        [[ ${rcs[$((c - 1))]} -eq 0 && -n $line ]] || die "run $id-$c failed (rc=${rcs[$((c - 1))]}): $(cat "$err" "$out")"
        local -A kv=()
        local word
        for word in $line; do
            [[ $word == *=* ]] && kv[${word%%=*}]=${word#*=}
        done
        if [[ ${kv[errors]} -ne 0 ]]; then
            log "WARNING: $v run $round container $c: errors=${kv[errors]} last_errno=${kv[last_errno]} (ENOSYS=38: agent gone)"
        fi
        echo "${kv[count]} ${kv[errors]} ${kv[ops_per_sec]} ${kv[p50_ns]} ${kv[p99_ns]} ${kv[start_ns]} ${kv[end_ns]}" >>"$parsed"
    done
    # One container: its own numbers. Several: calls of all over first start to last end (the
    # start-up skew between runc runs counts against the agent), the worst p50 and p99.
    local n errors ops p50 p99
    read -r n errors ops p50 p99 < <(awk -v k="$containers" '
        { n += $1; e += $2; if (NR == 1 || $6 < s) s = $6; if (NR == 1 || $7 > t) t = $7
          if ($4 > p50) p50 = $4; if ($5 > p99) p99 = $5; ops = $3 }
        END { if (k > 1) ops = sprintf("%.0f", n * 1e9 / (t - s)); print n, e, ops, p50, p99 }' "$parsed")
    [[ -n $pid ]] && notified_total=$((notified_total + n))
    local cpu_ns="" bytes=""
    if [[ -n $pid ]]; then
        cpu_ns=$(((cpu1 - cpu0) * 1000000000 / clk_tck / n))
        if [[ -n $alloc0 && -n $alloc1 ]]; then
            bytes=$((alloc1 - alloc0))
        fi
    fi
    log "$v round=$round containers=$containers ops/s=$ops p50=${p50}ns p99=${p99}ns errors=$errors agent_cpu=${cpu_ns:--}ns/notif allocated=${bytes:--}B"
    if [[ $round != warmup ]]; then
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t\t\n' "$v" "$round" "$n" "$errors" \
            "$ops" "$p50" "$p99" "$cpu_ns" "$bytes" >>"$results"
    fi
}

# record_real VARIANT ROUND ID "RC..." AGENT_PID CPU0 CPU1: --workload real's numbers: the work's wall
# time measured inside the container (the slowest container's), the agent's CPU over the run.
record_real() {
    local v=$1 round=$2 id=$3 pid=$5 cpu0=$6 cpu1=$7 c work_ns=0
    local -a rcs
    read -ra rcs <<<"$4"
    for ((c = 1; c <= containers; c++)); do
        local out=$tmp/run-$run_seq-$v-$c.out err=$tmp/run-$run_seq-$v-$c.err ns
        ns=$(sed -n 's/^work ns=\([0-9]*\)$/\1/p' "$out")
        [[ ${rcs[$((c - 1))]} -eq 0 && -n $ns ]] || die "run $id-$c failed (rc=${rcs[$((c - 1))]}): $(cat "$err" "$out")"
        ((ns > work_ns)) && work_ns=$ns
    done
    local cpu_ns=""
    [[ -n $pid ]] && cpu_ns=$(((cpu1 - cpu0) * 1000000000 / clk_tck))
    log "$v round=$round containers=$containers work=$((work_ns / 1000000))ms agent_cpu=${cpu_ns:+$((cpu_ns / 1000000))ms}"
    if [[ $round != warmup ]]; then
        printf '%s\t%s\t\t0\t\t\t\t\t\t%s\t%s\n' "$v" "$round" "$work_ns" "$cpu_ns" >>"$results"
    fi
}

for v in "${variants[@]}"; do
    [[ $v == none ]] && continue
    for ((w = 1; w <= warmup; w++)); do
        run_one "$v" warmup
    done
done
for ((r = 1; r <= rounds; r++)); do
    k=${#variants[@]}
    for ((i = 0; i < k; i++)); do
        run_one "${variants[$(((r - 1 + i) % k))]}" "$r"
    done
done

# Cross-check: each C agent's own count must equal the getppid calls the containers made (the real
# workload's calls are not known in advance: not checked).
for v in c-agent c-agent-poll c-agent-2r; do
    [[ -n ${agent_pid[$v]:-} ]] || continue
    kill -TERM "${agent_pid[$v]}"
    wait "${agent_pid[$v]}" || true
    unset "agent_pid[$v]"
    if [[ $workload == loop ]]; then
        agent_total=$(sed -n 's/^c-agent notifications=//p' "$tmp/$v.out")
        c_expected=$(awk -F'\t' -v v="$v" 'NR > 1 && $1 == v { s += $3 } END { print s + 0 }' "$results")
        c_expected=$((c_expected + warmup * count * containers))
        if [[ $agent_total != "$c_expected" ]]; then
            log "WARNING: $v counted ${agent_total:-?} notifications, containers made $c_expected"
        fi
    fi
    grep -q 'SYNC_WAKE_UP set' "$tmp/$v.err" \
        || log "WARNING: $v could not set SECCOMP_USER_NOTIF_FD_SYNC_WAKE_UP: $(grep -m1 SET_FLAGS "$tmp/$v.err")"
done

# --- report -----------------------------------------------------------------------------------

cpu_model=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
if [[ $workload == real ]]; then
    what="busybox tar | gzip -6 and find | xargs sha256sum over $files files, record-everything template"
else
    what="$sysloop $syscall $count --latency"
    [[ $threads -eq 1 ]] || what+=" --threads $threads"
fi
"$py" - "$results" "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(nproc)" "$(uname -r)" "${cpu_model:-unknown}" \
    "$("$runc" --version | head -n1)" "$what" "$rounds" "$warmup" "$containers" "$workload" \
    "$(cut -d' ' -f1-3 /proc/loadavg)" <<'EOF'
import csv, statistics, sys
path, date, nproc, kernel, cpu, runc, what, rounds, warmup, containers, workload, load = sys.argv[1:]
rows = list(csv.DictReader(open(path), delimiter="\t"))
order = ["none", "c-agent", "c-agent-poll", "c-agent-2r", "recorder", "recorder-b"]
present = [v for v in order if any(r["variant"] == v for r in rows)]

def values(variant, key, scale=1.0):
    return [float(r[key]) / scale for r in rows if r["variant"] == variant and r[key] != ""]

def median(variant, key, scale=1.0, fmt="{:.1f}"):
    v = values(variant, key, scale)
    return fmt.format(statistics.median(v)) if v else "-"

def spread(variant, key, scale, fmt):
    v = values(variant, key, scale)
    return f"{fmt.format(min(v))}-{fmt.format(max(v))}" if v else "-"

def per_notification(variant):
    # The run's allocation over its notifications: the connection, attach and GetStatus of a run amortised, so a
    # run 10x longer with the same KiB/run shows that the notifications themselves allocate nothing.
    v = [float(r["alloc_bytes"]) / float(r["count"]) for r in rows
         if r["variant"] == variant and r["alloc_bytes"] != "" and r["count"] not in ("", "0")]
    return f"{statistics.median(v):.2f}" if v else "-"

def ratio(variant, key, reference="c-agent"):
    v, ref = values(variant, key), values(reference, key)
    if not v or not ref or variant == reference:
        return "-"
    return f"{statistics.median(v) / statistics.median(ref):.2f}"

print(f"## seccomp notification benchmark, {date}")
print()
print(f"- machine: {nproc} CPUs, {cpu}, kernel {kernel}, {runc}; load average before the report {load}")
where = "a runc container" if containers == "1" else f"each of {containers} runc containers started together"
print(f"- workload: `{what}` in {where}; {rounds} interleaved rounds per variant "
      f"(+{warmup} warm-up run per agent); medians")
if workload == "real":
    print("- work ms: wall time of the work inside the container (the slowest container's); "
          "x none: against no filter; x c-agent: against the blocking-RECV C agent")
    print()
    print("| variant | runs | work ms | x none | x c-agent | agent CPU ms/run |")
    print("|---|---:|---:|---:|---:|---:|")
    for v in present:
        print(f"| {v} | {len(values(v, 'work_ns'))} | {median(v, 'work_ns', 1e6, '{:.0f}')} "
              f"| {ratio(v, 'work_ns', 'none')} | {ratio(v, 'work_ns')} "
              f"| {median(v, 'agent_cpu_ns', 1e6, '{:.0f}')} |")
    print()
    print("Spread over the rounds (min-max):")
    print()
    print("| variant | work ms | agent CPU ms/run |")
    print("|---|---:|---:|")
    for v in present:
        print(f"| {v} | {spread(v, 'work_ns', 1e6, '{:.0f}')} | {spread(v, 'agent_cpu_ns', 1e6, '{:.0f}')} |")
    sys.exit(0)

if containers != "1":
    print(f"- ops/s: the {containers} containers' calls together over first loop start to last loop end; "
          "p50/p99: the worse container's; agent CPU per notification over all of them")
print("- x c-agent: ops/s against the blocking-RECV C agent's (the reference)")
print()
print("| variant | runs | errors | ops/s | x c-agent | p50 us | p99 us | agent CPU us/notification | bytes allocated/notification | KiB allocated/run |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for v in present:
    runs = [r for r in rows if r["variant"] == v]
    errors = sum(int(r["errors"]) for r in runs)
    print(f"| {v} | {len(runs)} | {errors} | {median(v, 'ops_per_sec', fmt='{:.0f}')} "
          f"| {'-' if v == 'none' else ratio(v, 'ops_per_sec')} "
          f"| {median(v, 'p50_ns', 1000, '{:.2f}')} | {median(v, 'p99_ns', 1000, '{:.2f}')} "
          f"| {median(v, 'agent_cpu_ns_per_notif', 1000, '{:.2f}')} "
          f"| {per_notification(v)} | {median(v, 'alloc_bytes', 1024, '{:.0f}')} |")

print()
print("Spread over the rounds (min-max):")
print()
print("| variant | ops/s | p50 us | p99 us | agent CPU us/notification |")
print("|---|---:|---:|---:|---:|")
for v in present:
    print(f"| {v} | {spread(v, 'ops_per_sec', 1, '{:.0f}')} | {spread(v, 'p50_ns', 1000, '{:.2f}')} "
          f"| {spread(v, 'p99_ns', 1000, '{:.2f}')} | {spread(v, 'agent_cpu_ns_per_notif', 1000, '{:.2f}')} |")
EOF
