#!/bin/sh
# bench/envmem.sh: what recording every exec's environment costs a big
# trace's reader.  bench/gentrace writes the same build-shaped trace of N
# processes three times: without environments ("plain"), with them ("env",
# gentrace -e: a real 60-variable, 3 KB environment, most execs inheriting
# theirs, a few changing a variable, as ptop writes them; each cc1 gets
# gcc's COLLECT_* variables, naming one of 1,000 files like its argv), and
# with every cc1's environment its own ("env-unique", gentrace -E: a build
# of as many files as compilations); `ptop -b -r FILE` loads each,
# the tree going to /dev/null, and GNU time gives its peak RSS, wall time
# and CPU time (user + system, all threads), best of RUNS.  Issue 12's budget: at most 100 MB more at 1M.
#
#   bench/envmem.sh [N [RUNS]]        default: 1000000 3
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
ptop=$top/src/ptop
[ -x "$ptop" ] || { echo "bench: build ptop first (./build.sh)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
n=${1:-1000000}
runs=${2:-3}
work=$(mktemp -d /tmp/ptop-envmem.XXXXXX)
trap 'rm -rf "$work"' EXIT
make -s -C "$top" bench/gentrace >/dev/null

printf '%-10s %10s %8s %8s %10s\n' trace "file MB" "load s" "CPU s" "peak RSS"
for kind in plain env env-unique; do
	case $kind in
	plain) "$top/bench/gentrace" "$n" >"$work/t.jsonl" ;;
	env) "$top/bench/gentrace" -e "$n" >"$work/t.jsonl" ;;
	env-unique) "$top/bench/gentrace" -E "$n" >"$work/t.jsonl" ;;
	esac
	mb=$(( $(stat -c %s "$work/t.jsonl") / 1000000 ))
	best="" bestcpu="" bestkb=""
	for run in $(seq "$runs"); do
		/usr/bin/time -f '%e %U %S %M' -o "$work/time" "$ptop" -b -r "$work/t.jsonl" \
		    --tree-file /dev/null
		read -r secs user sys kb <"$work/time"
		cpu=$(echo "$user + $sys" | bc)
		if [ -z "$best" ] || [ "$(echo "$secs < $best" | bc)" = 1 ]; then
			best=$secs
		fi
		if [ -z "$bestcpu" ] || [ "$(echo "$cpu < $bestcpu" | bc)" = 1 ]; then
			bestcpu=$cpu
		fi
		if [ -z "$bestkb" ] || [ "$kb" -lt "$bestkb" ]; then
			bestkb=$kb
		fi
	done
	printf '%-10s %10s %8s %8s %9sM\n' "$kind" "$mb" "$best" "$bestcpu" "$((bestkb / 1024))"
	[ "$kind" = plain ] && kb_plain=$bestkb
	[ "$kind" = plain ] || printf '%-10s %+d MB peak RSS against plain (budget: +100 MB)\n' \
	    "" $(( (bestkb - kb_plain) / 1024 ))
done
