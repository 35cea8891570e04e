#!/usr/bin/env bash
# Benchmark: what a scrape of the metrics endpoint costs with many series (issue 11 point 3's budget).
#
# bench/metrics/ (SeccompRecorder.MetricsBench) serves /metrics over the daemon's own registry holding
# --containers running containers x --syscalls syscalls, each syscall with allowed and denied calls: 2 x N x K series
# of seccomp_recorder_syscalls_total with their 7 labels. Exporters:
#   recorder        our writer, through the daemon's MetricsEndpoint
#   prometheus-net  a prometheus-net 8.2.1 prototype of the same families (bench/metrics/PrometheusNetExporter.cs)
#   recorder-b      RECORDER_B_BENCH: another build's SeccompRecorder.MetricsBench running its recorder (before/after)
# Each round starts every exporter in its own process (order rotated), scrapes --warmup times, then --scrapes times
# each: plain, gzip, and as Prometheus 2.42 asks (OpenMetrics preferred, gzip); then a full compacting GC and VmRSS.
# Reports medians as a markdown table on stdout; progress goes to stderr. See bench/README.md.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
py=/usr/bin/python3

rounds=5
only=recorder,prometheus-net
containers=1000
syscalls=40
scrapes=10
warmup=40 # a method called once per scrape reaches tier 1 after 30 calls (tiered compilation)
build=1

usage() {
    cat >&2 <<EOF
usage: bench/metrics.sh [--rounds N] [--only recorder,prometheus-net,recorder-b] [--containers N] [--syscalls K]
                        [--scrapes N] [--warmup N] [--no-build]
  --rounds N      processes per exporter, interleaved (default $rounds)
  --only LIST     exporters, comma-separated (default $only)
  --containers N  running containers in the registry (default $containers)
  --syscalls K    syscalls per container, each allowed and denied (default $syscalls)
  --scrapes N     timed scrapes per kind and round; the round's value is their median (default $scrapes)
  --warmup N      untimed scrapes first (JIT tiering, first-scrape series creation; default $warmup)
  --no-build      use the bench/metrics build as it is
environment:
  METRICS_BENCH     the SeccompRecorder.MetricsBench to run (default: bench/metrics's Release build, built first);
                    a copy of a build keeps a long run independent of rebuilds in the worktree
  RECORDER_B_BENCH  path of another build's SeccompRecorder.MetricsBench (required for recorder-b)
EOF
    exit 2
}

while [[ $# -gt 0 ]]; do
    case $1 in
        --rounds) rounds=${2:?}; shift 2 ;;
        --only) only=${2:?}; shift 2 ;;
        --containers) containers=${2:?}; shift 2 ;;
        --syscalls) syscalls=${2:?}; shift 2 ;;
        --scrapes) scrapes=${2:?}; shift 2 ;;
        --warmup) warmup=${2:?}; shift 2 ;;
        --no-build) build=0; shift ;;
        -h|--help) usage ;;
        *) echo "bench/metrics.sh: unknown argument '$1'" >&2; usage ;;
    esac
done

log() { echo "bench: $*" >&2; }
die() { echo "bench/metrics.sh: $*" >&2; exit 1; }

for n in rounds containers syscalls scrapes; do
    [[ ${!n} =~ ^[1-9][0-9]*$ ]] || die "--$n must be a positive integer"
done
[[ $warmup =~ ^[0-9]+$ ]] || die "--warmup must be a non-negative integer"
IFS=, read -ra exporters <<<"$only"
[[ ${#exporters[@]} -gt 0 ]] || die "--only is empty"
for e in "${exporters[@]}"; do
    case $e in recorder|prometheus-net) ;; recorder-b) [[ -x ${RECORDER_B_BENCH:-} ]] || die "recorder-b needs RECORDER_B_BENCH" ;;
        *) die "unknown exporter '$e' (recorder, prometheus-net, recorder-b)" ;; esac
done
command -v curl >/dev/null || die "curl not found (Debian package 'curl')"
[[ -x $py ]] || die "$py not found (Debian package 'python3')"

bin=${METRICS_BENCH:-$repo/bench/metrics/bin/Release/net10.0/linux-x64/SeccompRecorder.MetricsBench}
if [[ $build -eq 1 && -z ${METRICS_BENCH:-} ]]; then
    log "building bench/metrics (Release)"
    dotnet build -c Release "$repo/bench/metrics/MetricsBench.csproj" >&2
fi
[[ -x $bin ]] || die "$bin not built: run without --no-build"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/seccomp-metrics-bench.XXXXXX")
server_pid=

cleanup() {
    local rc=$?
    set +e
    trap - EXIT INT TERM
    stop_server
    rm -rf "$tmp"
    exit "$rc"
}
stop_server() {
    if [[ -n $server_pid ]]; then
        kill -TERM "$server_pid" 2>/dev/null || true
        for _ in $(seq 100); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
        server_pid=
    fi
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# What Prometheus 2.42 (Debian 12) sends on every scrape (scrape/scrape.go: scrapeAcceptHeader, acceptEncodingHeader).
prometheus_accept='application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1'

# scrape URL KIND: one GET as KIND asks; prints "seconds bytes-received content-type"
scrape() {
    local headers=()
    case $2 in
        plain) ;;
        gzip) headers=(-H 'Accept-Encoding: gzip') ;;
        prometheus) headers=(-H "Accept: $prometheus_accept" -H 'Accept-Encoding: gzip') ;;
    esac
    curl -sS --fail -o /dev/null "${headers[@]}" -w '%{time_total} %{size_download} %{content_type}\n' "$1/metrics"
}

# utime + stime of the server so far, in clock ticks (proc(5) /proc/PID/stat fields 14 and 15; comm has no spaces)
cpu_ticks() { awk '{print $14 + $15}' "/proc/$server_pid/stat"; }
tick_ms=$((1000 / $(getconf CLK_TCK)))

gc_report() { curl -sS --fail "$1/gc" | awk '{printf "%s ", $2} END {print ""}'; }

results=$tmp/results.tsv
printf 'exporter\tround\tkind\tseconds\tbytes\n' >"$results"
log "$(nproc) CPUs, $(uname -r), load average $(cut -d' ' -f1-3 /proc/loadavg); $containers containers x $syscalls syscalls x 2 actions"
load_start=$(cut -d' ' -f1-3 /proc/loadavg)

for ((round = 1; round <= rounds; round++)); do
    order=("${exporters[@]:$(( (round - 1) % ${#exporters[@]} ))}" "${exporters[@]:0:$(( (round - 1) % ${#exporters[@]} ))}")
    for e in "${order[@]}"; do
        out=$tmp/$e-$round.out
        case $e in
            recorder-b) "$RECORDER_B_BENCH" recorder "$containers" "$syscalls" >"$out" 2>&1 & ;;
            *) "$bin" "$e" "$containers" "$syscalls" >"$out" 2>&1 & ;;
        esac
        server_pid=$!
        url=
        for _ in $(seq 600); do
            url=$(awk '/^listening /{print $2}' "$out")
            [[ -n $url ]] && break
            kill -0 "$server_pid" 2>/dev/null || die "$e exited: $(cat "$out")"
            sleep 0.1
        done
        [[ -n $url ]] || die "$e did not start within 60 s"
        read -r rss_idle managed_idle <<<"$(gc_report "$url")"
        for ((i = 0; i < warmup; i++)); do scrape "$url" plain >/dev/null; done
        for kind in plain gzip prometheus; do
            ticks=$(cpu_ticks)
            for ((i = 0; i < scrapes; i++)); do
                read -r seconds bytes type <<<"$(scrape "$url" "$kind")"
                printf '%s\t%s\t%s\t%s\t%s\n' "$e" "$round" "$kind" "$seconds" "$bytes" >>"$results"
            done
            printf '%s\t%s\t%s-type\t0\t%s\n' "$e" "$round" "$kind" "${type// /}" >>"$results"
            printf '%s\t%s\t%s-cpu\t0\t%s\n' "$e" "$round" "$kind" "$(( ($(cpu_ticks) - ticks) * tick_ms / scrapes ))" >>"$results"
        done
        read -r rss_after managed_after <<<"$(gc_report "$url")"
        for fact in rss_idle rss_after managed_idle managed_after; do
            printf '%s\t%s\t%s\t0\t%s\n' "$e" "$round" "$fact" "${!fact}" >>"$results"
        done
        stop_server
        log "round $round/$rounds $e done (load average $(cut -d' ' -f1 /proc/loadavg))"
    done
done

log "load average at the start $load_start, at the end $(cut -d' ' -f1-3 /proc/loadavg)"
"$py" - "$results" "$scrapes" <<'EOF'
import collections, statistics, sys
path, scrapes = sys.argv[1], int(sys.argv[2])
rows = [line.rstrip("\n").split("\t") for line in open(path)][1:]
per_round = collections.defaultdict(list)   # (exporter, kind, round) -> seconds
facts = collections.defaultdict(list)       # (exporter, fact) -> values over rounds
exporters = []
for exporter, rnd, kind, seconds, value in rows:
    if exporter not in exporters:
        exporters.append(exporter)
    if kind in ("plain", "gzip", "prometheus"):
        per_round[(exporter, kind, rnd)].append(float(seconds) * 1000)
        facts[(exporter, kind + "-bytes")].append(int(value))
    else:
        facts[(exporter, kind)].append(value)

def ms(exporter, kind):
    medians = [statistics.median(v) for (e, k, _), v in per_round.items() if e == exporter and k == kind]
    return f"{statistics.median(medians):.0f} ({min(medians):.0f}-{max(medians):.0f})"

def cpu(exporter, kind):
    values = [int(v) for v in facts[(exporter, kind + "-cpu")]]
    return f"{statistics.median(values):.0f}"

def mib(exporter, fact, unit):
    values = [int(v) * unit / 2**20 for v in facts[(exporter, fact)]]
    return f"{statistics.median(values):.1f}"

print("| exporter | rounds | plain ms | gzip ms | as Prometheus asks ms | CPU ms plain / gzip / Prometheus | plain bytes | gzip bytes | Prometheus gets | RSS idle MiB | RSS after MiB | managed idle MiB | managed after MiB |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|")
for e in exporters:
    rounds = len(facts[(e, "rss_after")])
    print(f"| {e} | {rounds} | {ms(e, 'plain')} | {ms(e, 'gzip')} | {ms(e, 'prometheus')} "
          f"| {cpu(e, 'plain')} / {cpu(e, 'gzip')} / {cpu(e, 'prometheus')} "
          f"| {statistics.median_low(facts[(e, 'plain-bytes')])} | {statistics.median_low(facts[(e, 'gzip-bytes')])} "
          f"| {facts[(e, 'prometheus-type')][0]}, {statistics.median_low(facts[(e, 'prometheus-bytes')])} bytes "
          f"| {mib(e, 'rss_idle', 1024)} | {mib(e, 'rss_after', 1024)} | {mib(e, 'managed_idle', 1)} | {mib(e, 'managed_after', 1)} |")
print()
print(f"ms: median over the rounds of each round's median of {scrapes} scrapes (min-max of the rounds' medians), curl's time_total.")
print(f"CPU ms: the server's utime+stime over the {scrapes} scrapes of a kind, per scrape (median over the rounds; 10 ms ticks / {scrapes}).")
print("idle: after a full compacting GC before the first scrape; after: the same after the last scrape (VmRSS and the GC's heap; medians over the rounds).")
EOF
