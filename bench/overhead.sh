#!/bin/sh
# bench/overhead.sh: what tracing costs, as ratios to the untraced run.
#
#   bench/overhead.sh [-i] [-q] [-r RUNS] [-t TOOLS] [-H HOGS] [-C CPUS] [WORKLOAD...]
#
# Workloads (default: spawn configure make threads forktree xargs mp):
#   spawn      a shell loop spawning 2,000 /bin/true
#   configure  ptop's own ./configure, in a scratch copy of the tree
#   make       make -j2 of ptop from clean, in the same copy
#   threads    one process creating and joining 20,000 threads
#   forktree   a 10-level-deep tree of 5,000 processes
#   xargs      bench/storm.sh: seq 1500 | xargs -P8 -n1 sh -c 'echo $0 |
#              tr 1 x >/dev/null', a storm of short pipelines, both CPUs busy
#   mp         bench/mp.py: python multiprocessing pools whose workers end
#              after 5 tasks (about 400 forks, the pools' threads)
#   busy       a child starting 100 threads that spin (bench/workloads.c
#              busy; not in the default set: no CPU is ever idle)
#   output     seq printing 1,000,000 lines (not in the default set: what
#              the terminal pane costs; compare ptop-ui with tmux)
# Tools (default: untraced floor ptop-b ptop-ui strace strace-seccomp):
#   floor           bench/floor.c: SEIZE + PTRACE_CONT, nothing else
#   floor-spin      the floor busy-polling waitpid without a pause: what
#                   polling can reach at best (not in the default set)
#   floor-yield     the same with a sched_yield() after each empty poll
#   ptop-b          ptop -b -o /dev/null
#   ptop-nospin     the same with busy-polling off (PTOP_SPIN_US=0; not in the default set)
#   ptop-spin       the same with busy-polling always on (PTOP_SPIN_US=2000:
#                   what the policy gives on an otherwise idle machine; not
#                   in the default set)
#   ptop-ref        another build, $PTOP_REF -b -o /dev/null (before and
#                   after a change; not in the default set)
#   ptop-ui         ptop with its UI in a detached tmux, until the workload ends
#   tmux            the workload alone in a detached tmux (what tmux costs;
#                   not in the default set)
#   strace          strace -f -qq -o /dev/null -e trace=execve
#   strace-seccomp  strace -f -qq -o /dev/null --seccomp-bpf -e trace=execve,clone,clone3,fork,vfork
#
# Every tool of a workload is measured in one hyperfine run (median of RUNS,
# default 7, after one warm-up).  Prints one table: median seconds untraced,
# then the ratio of each tool to it.  With -i the tools run in turn instead
# (bench/interleave.sh: RUNS rounds, each cell the median of the per-round
# ratios), which cancels this kind of VM's drift; doc/performance.md's table
# is taken that way.  Run by hand on a quiet machine; never from make check.
#
# A machine with no idle CPU: -H HOGS runs that many busy loops (at the
# normal priority) for the whole measurement; -C CPUS runs every command,
# untraced ones too, under taskset -c CPUS (-C 0: everything on one CPU).
# -q (with -i) waits before each round until the machine is quiet: as many
# idle CPUs as the hogs leave, less 0.3, over one second (up to two minutes;
# bench/interleave.sh), and says on stderr how many rounds began busy.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
runs=7
interleave=
quiet=
hogs=0
cpus=
tools="untraced floor ptop-b ptop-ui strace strace-seccomp"
usage="usage: $0 [-i] [-q] [-r RUNS] [-t TOOLS] [-H HOGS] [-C CPUS] [WORKLOAD...]"
while getopts iqr:t:H:C: o; do
	case $o in
	i) interleave=1 ;;
	q) quiet=1 ;;
	r) runs=$OPTARG ;;
	t) tools=$OPTARG ;;
	H) hogs=$OPTARG ;;
	C) cpus=$OPTARG ;;
	*) echo "$usage" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
workloads=${*:-spawn configure make threads forktree xargs mp}

for t in $tools; do
	case $t in
	untraced|floor|floor-spin|floor-yield|ptop-b|ptop-nospin|ptop-spin|ptop-ui|tmux|strace|strace-seccomp) ;;
	ptop-ref) [ -x "${PTOP_REF:-}" ] || { echo "bench: ptop-ref needs PTOP_REF=/path/to/ptop" >&2; exit 2; } ;;
	*) echo "bench: unknown tool $t" >&2; exit 2 ;;
	esac
done
need="jq cc"
[ -n "$interleave" ] || need="hyperfine $need"
for c in $need; do
	command -v $c >/dev/null || { echo "bench: needs $c (apt-get install hyperfine jq gcc)" >&2; exit 1; }
done
ptop=$top/src/ptop
[ -x "$ptop" ] || { echo "bench: build ptop first (./build.sh)" >&2; exit 1; }

work=$(mktemp -d /tmp/ptop-bench.XXXXXX)
hog_pids=
cleanup() {
	for p in $hog_pids; do kill "$p" 2>/dev/null || true; done
	[ -n "${KEEP:-}" ] || rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 1' INT TERM
cc -O2 -o "$work/floor" "$here/floor.c"
cc -O2 -pthread -o "$work/workloads" "$here/workloads.c"

# A scratch copy of the source tree for configure and make.
prepare_tree() {
	[ -d "$work/tree" ] && return
	# The sources as they are in the working tree (committed or not).
	(cd "$top" && git ls-files -z --cached --others --exclude-standard | xargs -0 tar cf - 2>/dev/null) |
		(mkdir -p "$work/tree" && cd "$work/tree" && tar xf -)
	(cd "$work/tree" && autoreconf -fi >/dev/null 2>&1 && ./configure -q >/dev/null)
}

workload_cmd() {
	case $1 in
	spawn) echo "sh -c 'i=0; while [ \$i -lt 2000 ]; do /bin/true; i=\$((i+1)); done'" ;;
	configure) prepare_tree; echo "sh -c 'cd $work/tree && ./configure -q >/dev/null'" ;;
	make) prepare_tree; echo "make -s -C $work/tree -j2" ;;
	threads) echo "$work/workloads threads 20000" ;;
	forktree) echo "$work/workloads forktree 10 5000" ;;
	xargs) echo "sh $here/storm.sh" ;;
	mp) echo "python3 $here/mp.py" ;;
	busy) echo "$work/workloads busy 100" ;;
	output) echo "seq 1 1000000" ;;
	*) echo "bench: unknown workload $1" >&2; exit 2 ;;
	esac
}

# The UI runs go through bench/in-tmux.sh, with the workload as a script.
tmux_script() {
	printf '%s\n' "$2" >"$work/tmux-$1.sh"
	echo "$work/tmux-$1.sh"
}

tool_cmd() {
	pin=
	[ -z "$cpus" ] || pin="taskset -c $cpus "
	case $1 in
	untraced) echo "$pin$2" ;;
	floor) echo "$pin$work/floor $2" ;;
	floor-spin) echo "$pin$work/floor -s $2" ;;
	floor-yield) echo "$pin$work/floor -y $2" ;;
	ptop-b) echo "$pin$ptop -b -o /dev/null -- $2" ;;
	ptop-nospin) echo "${pin}env PTOP_SPIN_US=0 $ptop -b -o /dev/null -- $2" ;;
	ptop-spin) echo "${pin}env PTOP_SPIN_US=2000 $ptop -b -o /dev/null -- $2" ;;
	ptop-ref) echo "$pin$PTOP_REF -b -o /dev/null -- $2" ;;
	ptop-ui) echo "${pin}env PTOP=$ptop $here/in-tmux.sh ui $(tmux_script "$3" "$2")" ;;
	tmux) echo "$pin$here/in-tmux.sh plain $(tmux_script "$3" "$2")" ;;
	strace) echo "${pin}strace -f -qq -o /dev/null -e trace=execve $2" ;;
	strace-seccomp) echo "${pin}strace -f -qq -o /dev/null --seccomp-bpf -e trace=execve,clone,clone3,fork,vfork $2" ;;
	esac
}

i=0
while [ "$i" -lt "$hogs" ]; do
	if [ -n "$cpus" ]; then
		taskset -c "$cpus" sh -c 'while :; do :; done' &
	else
		sh -c 'while :; do :; done' &
	fi
	hog_pids="$hog_pids $!"
	i=$((i + 1))
done
# Idle CPUs a quiet round waits for: all but the hogs', less a margin.
ncpu=$(getconf _NPROCESSORS_ONLN)
quiet_idle=
[ -z "$quiet" ] || quiet_idle=$(awk -v n="$ncpu" -v h="$hogs" 'BEGIN { q = n - h - 0.3; print (q < 0.2 ? 0.2 : q) }')

printf '%-10s %9s' workload untraced
for t in $tools; do [ "$t" = untraced ] || printf ' %14s' "$t"; done
printf '\n'
for w in $workloads; do
	cmd=$(workload_cmd "$w")
	set --
	if [ -n "$interleave" ]; then
		# The first tool is the baseline of the ratios.
		for t in $tools; do
			set -- "$@" "$(tool_cmd "$t" "$cmd" "$w")"
		done
		prepare=
		[ "$w" != make ] || prepare="make -s -C $work/tree clean"
		PREPARE=$prepare QUIET=$quiet_idle "$here/interleave.sh" "$runs" "$@" \
		    >"$work/$w.log" 2>"$work/$w.err" ||
			{ echo "bench: interleave.sh failed for $w" >&2; tail -5 "$work/$w.err" >&2; exit 1; }
		# How quiet the rounds were, on stderr.
		[ -z "$quiet" ] || awk -v w="$w" '/not quiet/ { n++ } END { printf "# %s: %d rounds started on a busy machine\n", w, n }' \
		    "$work/$w.err" >&2
		awk -v w="$w" '{ r[NR] = $2; if (NR == 1) t = $1 }
		    END { printf "%-10s %8s", w, t; for (i = 2; i <= NR; i++) printf " %14s", r[i]; printf "\n" }' \
		    "$work/$w.log"
		continue
	fi
	for t in $tools; do
		set -- "$@" -n "$t" "$(tool_cmd "$t" "$cmd" "$w")"
	done
	# -N: no intermediate shell, so its start-up is not in the numbers.
	if [ "$w" = make ]; then
		hyperfine -N -w 1 -r "$runs" --prepare "make -s -C $work/tree clean" \
			--export-json "$work/$w.json" "$@" >"$work/$w.log" 2>&1
	else
		hyperfine -N -w 1 -r "$runs" --export-json "$work/$w.json" "$@" >"$work/$w.log" 2>&1
	fi || { echo "bench: hyperfine failed for $w, see below" >&2; tail -5 "$work/$w.log" >&2; exit 1; }
	jq -r --arg w "$w" '
		(.results | map({(.command): .median}) | add) as $m |
		[$w, ($m.untraced | tostring | .[0:6])] +
		[.results[] | select(.command != "untraced") | (.median / $m.untraced * 1000 | round / 1000 | tostring) + "x"] |
		@tsv' "$work/$w.json" |
	awk -F'\t' '{ printf "%-10s %8ss", $1, $2; for (i = 3; i <= NF; i++) printf " %14s", $i; printf "\n" }'
done
