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
# QUIET=N waits before each round (up to two minutes) until N CPUs were
# idle over one second, and says on stderr how long it waited (the lines
# "# round R: ..."), so that a round does not start in the middle of
# somebody else's build.
set -eu
[ $# -ge 3 ] || { echo "usage: $0 ROUNDS BASELINE CMD [CMD...]" >&2; exit 2; }
rounds=$1
shift
work=$(mktemp -d /tmp/ptop-interleave.XXXXXX)
trap 'rm -rf "$work"' EXIT

now_ns() { date +%s%N; }

# Idle CPUs over the last second, from /proc/stat (idle + iowait).
idle_cpus() {
	a=$(head -1 /proc/stat)
	sleep 1
	b=$(head -1 /proc/stat)
	printf '%s\n%s\n' "$a" "$b" | awk -v n="$(getconf _NPROCESSORS_ONLN)" '
	    { t = 0; for (i = 2; i <= 9; i++) t += $i; tot[NR] = t; idl[NR] = $5 + $6 }
	    END { d = tot[2] - tot[1]; printf "%.2f\n", (d > 0 ? (idl[2] - idl[1]) / d * n : 0) }'
}

wait_quiet() {
	[ -n "${QUIET:-}" ] || return 0
	w=0
	while :; do
		idle=$(idle_cpus)
		awk -v i="$idle" -v q="$QUIET" 'BEGIN { exit !(i >= q) }' && break
		w=$((w + 1))
		[ "$w" -lt 120 ] || { echo "# round $1: not quiet after ${w}s (idle $idle), going on" >&2; return 0; }
	done
	echo "# round $1: idle $idle CPUs after ${w}s of waiting" >&2
}

r=0
while [ "$r" -lt "$rounds" ]; do
	wait_quiet "$r"
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
