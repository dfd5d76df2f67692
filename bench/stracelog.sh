#!/bin/sh
# bench/stracelog.sh: ptop -r on big strace logs.
#
# bench/genstrace writes the -f -ttt log of a parallel build (make -j4 ->
# sh -> gcc -> cc1, as; vforks and wait4s cut by <unfinished ...>, pids
# reused).  The same processes are written twice: with their process lines
# only, and with NOISE lines of other calls per process, as an unfiltered
# strace writes (about 1 GB for 200,000 processes and NOISE 45).  For each,
# `ptop -b -r LOG` is timed with GNU time -v (best of 3): wall time, CPU
# time (user + system: what a busy machine does not change), throughput,
# peak RSS.  The peak must follow the processes, not the size of the log.  Then
# the small log is split into strace -ff files (PREFIX.PID, no pid column)
# and read as PREFIX: the merge of one file per process.
#
#   bench/stracelog.sh [PROCS [NOISE]]        default: 200000 45
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
ptop=$top/src/ptop
procs=${1:-200000}
noise=${2:-45}
[ -x "$ptop" ] || { echo "bench: build ptop first (./build.sh)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
work=$(mktemp -d "${TMPDIR:-/tmp}/ptop-stracelog.XXXXXX")
trap 'rm -rf "$work"' EXIT
make -s -C "$top" bench/genstrace >/dev/null

# measure WHAT FILE: one line of the table (best of three runs).
measure() {
	best=""
	for run in 1 2 3; do
		/usr/bin/time -v -o "$work/time" "$ptop" -b -r "$2" --tree-file "$work/tree"
		secs=$(sed -n 's/.*Elapsed (wall clock) time.*: \(.*\)/\1/p' "$work/time" |
		    awk -F: '{ print (NF == 3 ? $1 * 3600 + $2 * 60 + $3 : $1 * 60 + $2) }')
		kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$work/time")
		cpu=$(sed -n 's/.*\(User\|System\) time (seconds): //p' "$work/time" |
		    awk '{ s += $1 } END { print s }')
		if [ -z "$best" ] || [ "$(echo "$secs < $best" | bc)" = 1 ]; then
			best=$secs
			bestkb=$kb
			bestcpu=$cpu
		fi
	done
	n=$(($(wc -l <"$work/tree") - 1))
	bad=$(grep -c -e ' lost ' -e ' running ' "$work/tree" || :)
	printf '%-22s %9s %8s %8s %6s %7s %9sM %6s\n' "$1" "$n" "$mb" "$best" "$bestcpu" \
	    "$(echo "$mb / $best" | bc)" "$((bestkb / 1024))" "$bad"
}

printf '%-22s %9s %8s %8s %6s %7s %10s %6s\n' log processes "log MB" "load s" "CPU s" "MB/s" \
    "peak RSS" unended
"$top/bench/genstrace" "$procs" 0 >"$work/small.log"
mb=$(($(stat -c %s "$work/small.log") / 1000000))
measure "-f, process lines" "$work/small.log"
"$top/bench/genstrace" "$procs" "$noise" >"$work/big.log"
mb=$(($(stat -c %s "$work/big.log") / 1000000))
measure "-f, + $noise calls/proc" "$work/big.log"
rm -f "$work/big.log"

# -ff: one file per pid (a reused pid's processes follow each other in it,
# as with strace -ff -A).
mkdir "$work/ff"
awk -v dir="$work/ff" '{
	pid = $1
	sub(/^[0-9]+ +/, "")
	f = dir "/log." pid
	print >> f
	close(f)
}' "$work/small.log"
mb=$(find "$work/ff" -type f -printf '%s\n' | awk '{ s += $1 } END { print int(s / 1000000) }')
measure "-ff, $(ls "$work/ff" | wc -l) files" "$work/ff/log"
