#!/bin/sh
# bench/interleave.sh: compare commands run in turn (A B C A B C ...), the
# way to see a few percent on a noisy machine: each round's times are
# divided by the first command's, and the median of those ratios printed.
# (bench/overhead.sh uses hyperfine, which runs each command's runs one
# after the other: slow drifts of the machine land on one command.)
#
#   bench/interleave.sh ROUNDS 'BASELINE' 'CMD' ['CMD'...]
#
# PREPARE='cmd' runs before each command, untimed (make clean).
set -eu
[ $# -ge 3 ] || { echo "usage: $0 ROUNDS BASELINE CMD [CMD...]" >&2; exit 2; }
rounds=$1
shift
work=$(mktemp -d /tmp/ptop-interleave.XXXXXX)
trap 'rm -rf "$work"' EXIT

now_ns() { date +%s%N; }

r=0
while [ "$r" -lt "$rounds" ]; do
	i=0
	for cmd in "$@"; do
		[ -z "${PREPARE:-}" ] || sh -c "$PREPARE" >/dev/null 2>&1 || true
		t0=$(now_ns)
		sh -c "$cmd" >/dev/null 2>&1 || true
		t1=$(now_ns)
		echo $((t1 - t0)) >>"$work/$i"
		i=$((i + 1))
	done
	r=$((r + 1))
done

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

i=0
for cmd in "$@"; do
	m=$(awk '{ print $1 / 1e9 }' "$work/$i" | median)
	ratio=$(paste "$work/$i" "$work/0" | awk '{ print $1 / $2 }' | median)
	printf '%8.3fs  %6.3fx  %s\n' "$m" "$ratio" "$cmd"
	i=$((i + 1))
done
