#!/usr/bin/env bash
# Issue 13's rows, one bench/run.sh run each, one after the other: the notify loop against the C agent
# blocking in RECV (and polling first), with one container, two containers, 2 and 4 threads of one
# container, and real work. Each run's markdown table goes to stdout under a heading, and to
# OUTDIR/<row>.md. RECORDER_CMD / RECORDER_B_CMD as for run.sh; with RECORDER_B_CMD set, every row
# also runs the variant recorder-b (two builds in the same rounds). See bench/README.md.
#
#   sudo bench/notify-suite.sh [--rounds N] [--outdir DIR]
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
rounds=5
outdir=
while [[ $# -gt 0 ]]; do
    case $1 in
        --rounds) rounds=${2:?}; shift 2 ;;
        --outdir) outdir=${2:?}; shift 2 ;;
        -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
        *) echo "bench/notify-suite.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
[[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "bench/notify-suite.sh: --rounds must be a positive integer" >&2; exit 2; }
outdir=${outdir:-$(mktemp -d /tmp/notify-suite.XXXXXX)}
mkdir -p "$outdir"
b=""
[[ -n ${RECORDER_B_CMD:-} ]] && b=",recorder-b"

# row NAME TITLE RUN.SH-ARGUMENTS...
row() {
    local name=$1 title=$2
    shift 2
    echo "bench/notify-suite.sh: $title" >&2
    {
        echo "### $title"
        echo
        "$repo/bench/run.sh" --rounds "$rounds" "$@" 2>"$outdir/$name.log" | sed 's/^## /#### /'
        echo
    } | tee "$outdir/$name.md"
}

row one "one container, 100k notified getppid" --only none,c-agent,c-agent-poll,recorder$b
row two "two containers at once, 300k notified getppid each" --containers 2 --count 300000 --only c-agent,c-agent-poll,recorder$b
row threads2 "one container, 2 threads, 100k notified getppid" --threads 2 --only c-agent,c-agent-2r,recorder$b
row threads4 "one container, 4 threads, 100k notified getppid" --threads 4 --only c-agent,c-agent-2r,recorder$b
row real "real work: tar | gzip and find | xargs sha256sum over 2000 files" --workload real --warmup 2 --only none,c-agent,c-agent-poll,recorder$b
echo "bench/notify-suite.sh: tables and logs in $outdir" >&2
