#!/bin/sh
# bench/scale.sh: ptop on big traces.  Generates build-shaped traces of
# 10k, 100k and 1M processes (bench/gentrace) and measures, for each,
# `ptop -b -r FILE` wall time and peak RSS (GNU time), the tree going to
# /dev/null.  UI latency at this scale is measured by bench/ui.sh.
#
#   bench/scale.sh [SIZES...]        default: 10000 100000 1000000
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
ptop=$top/src/ptop
[ -x "$ptop" ] || { echo "bench: build ptop first (./build.sh)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
sizes=${*:-10000 100000 1000000}
work=$(mktemp -d /tmp/ptop-scale.XXXXXX)
trap 'rm -rf "$work"' EXIT
make -s -C "$top" bench/gentrace >/dev/null

printf '%10s %10s %8s %10s %8s\n' processes "trace MB" "load s" "peak RSS" "B/proc"
for n in $sizes; do
	"$top/bench/gentrace" "$n" >"$work/t.jsonl"
	mb=$(( $(stat -c %s "$work/t.jsonl") / 1000000 ))
	best=""
	for run in 1 2 3; do
		/usr/bin/time -f '%e %M' -o "$work/time" "$ptop" -b -r "$work/t.jsonl" --tree-file /dev/null
		read -r secs kb <"$work/time"
		if [ -z "$best" ] || [ "$(echo "$secs < $best" | bc)" = 1 ]; then
			best=$secs
			bestkb=$kb
		fi
	done
	printf '%10s %10s %8s %9sM %8s\n' "$n" "$mb" "$best" "$((bestkb / 1024))" "$((bestkb * 1024 / n))"
done
