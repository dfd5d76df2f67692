#!/bin/sh
# bench/diff.sh: ptop -b --diff on two big traces.  Generates two
# build-shaped traces of N processes with different seeds (the same shape,
# other file names and times: every process matches after blanking, a few
# hundred differ in status) and measures, best of 3, `ptop -b --diff A B`
# (the text to /dev/null) wall time and peak RSS (GNU time), and a trace
# against itself; then bench/exportbench's split: loading both traces, the
# matching, the printing, each in wall and CPU seconds.
#
#   bench/diff.sh [N]        default: 100000
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
ptop=$top/src/ptop
[ -x "$ptop" ] || { echo "bench: build ptop first (./build.sh)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
n=${1:-100000}
work=$(mktemp -d /tmp/ptop-diff.XXXXXX)
trap 'rm -rf "$work"' EXIT
make -s -C "$top" bench/gentrace bench/exportbench >/dev/null
"$top/bench/gentrace" "$n" 1 >"$work/a.jsonl"
"$top/bench/gentrace" "$n" 2 >"$work/b.jsonl"

echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-12s %10s %9s %9s\n' diff processes "ptop s" "peak RSS"
for pair in "a b" "a a"; do
	set -- $pair
	best=""
	for run in 1 2 3; do
		/usr/bin/time -q -f '%e %M' -o "$work/time" "$ptop" -b --diff "$work/$1.jsonl" \
		    "$work/$2.jsonl" >/dev/null || true
		read -r secs kb <"$work/time"
		if [ -z "$best" ] || [ "$(echo "$secs < $best" | bc)" = 1 ]; then
			best=$secs
			bestkb=$kb
		fi
	done
	printf '%-12s %10s %9s %8sM\n' "$1 vs $2" "$n" "$best" "$((bestkb / 1024))"
	"$top/bench/exportbench" diff "$work/$1.jsonl" "$work/$2.jsonl" | sed 's/^/    /'
done
