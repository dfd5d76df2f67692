#!/bin/sh
# bench/export.sh: the Chrome export (--chrome-trace) on big traces.
# Generates build-shaped traces (bench/gentrace) and measures, best of 3:
# `ptop -r FILE --chrome-trace OUT` wall time and peak RSS (GNU time), then
# bench/exportbench's split of the same work into loading the trace and
# exporting the tree, each in wall and CPU seconds (on a loaded machine
# wall >> CPU: compare CPU).
#
#   bench/export.sh [SIZES...]        default: 100000 1000000
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
ptop=$top/src/ptop
[ -x "$ptop" ] || { echo "bench: build ptop first (./build.sh)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
sizes=${*:-100000 1000000}
work=$(mktemp -d /tmp/ptop-export.XXXXXX)
trap 'rm -rf "$work"' EXIT
make -s -C "$top" bench/gentrace bench/exportbench >/dev/null

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%10s %9s %9s %9s %9s\n' processes "trace MB" "JSON MB" "ptop s" "peak RSS"
for n in $sizes; do
	"$top/bench/gentrace" "$n" >"$work/t.jsonl"
	best=""
	for run in 1 2 3; do
		rm -f "$work/t.json"
		/usr/bin/time -f '%e %M' -o "$work/time" "$ptop" -r "$work/t.jsonl" \
		    --chrome-trace "$work/t.json"
		read -r secs kb <"$work/time"
		if [ -z "$best" ] || [ "$(echo "$secs < $best" | bc)" = 1 ]; then
			best=$secs
			bestkb=$kb
		fi
	done
	printf '%10s %9s %9s %9s %8sM\n' "$n" "$(( $(stat -c %s "$work/t.jsonl") / 1000000 ))" \
	    "$(( $(stat -c %s "$work/t.json") / 1000000 ))" "$best" "$((bestkb / 1024))"
	"$top/bench/exportbench" chrome "$work/t.jsonl" "$work/t.json" | sed 's/^/    /'
done
