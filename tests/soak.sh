#!/bin/sh
# tests/soak.sh: ptop under a mixed load for a long time (not in make check;
# run it before a release, see doc/fuzzing.md).
#
#   tests/soak.sh                    10 minutes
#   SOAK_SECONDS=60 tests/soak.sh    a one-minute try
#
# Run from the build directory (PTOP=path overrides src/ptop).  Two loads run
# side by side, each in a session of its own:
# - the traced load, `ptop -b -o main.jsonl -- sh load.sh`: fork/exec bursts,
#   pipelines, a thread storm, job control (kill -STOP/-CONT), kill -9 of
#   busy, stopped and multi-threaded tracees, vfork, fork-and-kill races,
#   processes that outlive their parent;
# - the attached load, an untraced shell that keeps starting, stopping and
#   killing children, to which `ptop -b -o att-N.jsonl -p PID` attaches for
#   a random 1-4 seconds and then detaches (SIGINT), again and again.
# Checks: after each detach and at the end, no process of either load is
# left in a trace stop (state t); the traced ptop's open fds stay level and
# its resident memory grows no more than its tree needs; in every trace each
# spawn or attach has exactly one exit or detach, the trace ends with "end"
# and the tree has no "lost" process; ptop exits 0 every time.
set -u
SRCDIR=${SRCDIR:-$(cd "$(dirname "$0")/.." && pwd)}
: "${PTOP:=$(pwd)/src/ptop}"
[ -x "$PTOP" ] || { echo "soak: no $PTOP: run from the build directory after ./build.sh" >&2; exit 2; }
PTOP=$(cd "$(dirname "$PTOP")" && pwd)/$(basename "$PTOP")
export PTOP SRCDIR
. "$SRCDIR/tests/lib.sh"
need jq setsid
need_ptrace
[ -x "$PROGDIR/threads" ] && [ -x "$PROGDIR/forkkill" ] && [ -x "$PROGDIR/vfork" ] ||
    hard_error "no scenario programs in $PROGDIR: run 'make check' once (it builds them)"

SECS=${SOAK_SECONDS:-600}
END=$(($(date +%s) + SECS))
echo "# soak: ${SECS}s, ptop $PTOP, in $TMP"

# ---- the loads ---------------------------------------------------------------

# Both loads pick at random; dash has no $RANDOM.
cat >"$TMP/rnd.sh" <<'EOF'
rnd() { echo $(( $(od -An -N2 -tu2 /dev/urandom) % $1 )); }
EOF

cat >"$TMP/load.sh" <<'EOF'
# load.sh END PROGDIR: the traced load, until the Unix time END.
. "${0%/*}/rnd.sh"
P=$2
while [ "$(date +%s)" -lt "$1" ]; do
	case $(rnd 9) in
	0)	# fork/exec burst
		i=0
		while [ $i -lt 40 ]; do /bin/true; i=$((i + 1)); done ;;
	1)	# pipelines, subshells, a failing command
		echo a b c | tr a-z A-Z | wc -c >/dev/null
		(cd / && ls >/dev/null)
		sh -c 'exit 3' ;;
	2)	# thread storm
		"$P/threads" 48 ;;
	3)	# job control: a background job stopped and continued
		sleep 1 & j=$!
		sleep 0.1; kill -STOP $j; sleep 0.1; kill -CONT $j
		wait $j ;;
	4)	# kill -9 busy tracees at a random moment
		pids=
		for k in 1 2 3 4; do
			sh -c 'while :; do /bin/true; done' & pids="$pids $!"
		done
		sleep 0.$(rnd 4)
		for p in $pids; do [ "$(rnd 2)" = 0 ] && kill -9 $p; done
		sleep 0.0$(rnd 9)
		kill -9 $pids 2>/dev/null
		wait ;;
	5)	# kill -9 a stopped process and a process with many threads
		sleep 5 & j=$!
		kill -STOP $j; sleep 0.05; kill -9 $j
		"$P/threads" 400 & j=$!
		sleep 0.0$(rnd 9); kill -9 $j
		wait ;;
	6)	# vfork, and fork-then-SIGKILL races
		"$P/vfork" exec /bin/true
		"$P/vfork" exit 0
		"$P/forkkill" 30 /dev/null ;;
	7)	# a process that outlives its parent for a moment
		sh -c '(sleep 0.2; /bin/true) & exit 0'
		sleep 0.1 ;;
	8)	# a stopped job killed while its children run
		sh -c 'sleep 3 & sleep 3 & wait' & j=$!
		sleep 0.1; kill -STOP $j; kill -9 $j
		sleep 0.1; pkill -9 -P $j 2>/dev/null
		wait ;;
	esac
done
wait
exit 0
EOF

cat >"$TMP/attload.sh" <<'EOF'
# attload.sh END: the attached load: children that come and go, stop and die.
. "${0%/*}/rnd.sh"
while [ "$(date +%s)" -lt "$1" ]; do
	sleep 0.$(rnd 9) &
	sh -c 'i=0; while [ $i -lt 5 ]; do /bin/true; i=$((i + 1)); done'
	case $(rnd 5) in
	0)	sleep 2 & j=$!; sleep 0.1; kill -STOP $j; sleep 0.2; kill -CONT $j ;;
	1)	sleep 2 & j=$!; sleep 0.05; kill -9 $j ;;
	2)	sh -c 'sleep 1 & sleep 1 & wait' & ;;
	esac
	sleep 0.05
done
wait
exit 0
EOF

# session_procs SID: "pid state args" of every process in session SID.
session_procs() {
	ps -eo pid=,sid=,stat=,args= | awk -v s="$1" '$2 == s { $2 = ""; print }'
}

# stuck SID: the processes of session SID in a trace stop (t).
stuck() {
	session_procs "$1" | awk '$2 ~ /^t/'
}

# accounting TRACE: what is wrong with it (empty if nothing): every spawn or
# attach ends exactly once (exit or detach), and the last line is "end".
# Linear: a 10-minute trace has 100,000 processes.
accounting() {
	jq -r 'if .ev == "spawn" or .ev == "attach" then "new \(.id)"
	    elif .ev == "exit" or .ev == "detach" then "end \(.id)"
	    elif .ev == "end" then "fin" else "other" end' "$1" 2>&1 | awk '
	$1 == "new" { isnew[$2] = 1; nnew++ }
	$1 == "end" { if (!($2 in isnew)) unknown++; else if (ended[$2]++) twice++; else nend++ }
	{ last = $1 }
	$1 != "new" && $1 != "end" && $1 != "fin" && $1 != "other" { err = $0 }
	END {
		out = ""
		if (err != "") out = out "jq: " err "; "
		if (last != "fin") out = out "no end line; "
		if (nnew > nend) out = out (nnew - nend) " never ended; "
		if (twice) out = out twice " ended twice; "
		if (unknown) out = out unknown " ends of unknown ids; "
		sub(/; $/, "", out)
		printf "%s", out
	}'
}

# count TRACE FILTER: how many lines FILTER (a jq condition) selects.
count() {
	jq -c "select($2) | 1" "$1" | wc -l | tr -d ' '
}

# ---- the attached load and its attacher ----------------------------------------

setsid sh "$TMP/attload.sh" "$END" </dev/null >/dev/null 2>&1 &
ATT=$!
sleep 0.5
ATT_SID=$(ps -o sid= -p "$ATT" | tr -d ' ')

attacher() {
	n=0 bad=0
	while [ $(($(date +%s) + 6)) -lt "$END" ]; do
		n=$((n + 1))
		timeout -k 5 60 "$PTOP" -b -o "$TMP/att-$n.jsonl" --tree-file "$TMP/att-$n.tree" \
		    -p "$ATT" </dev/null >/dev/null 2>"$TMP/att-$n.err" &
		a=$!
		sleep "$(($(od -An -N1 -tu1 /dev/urandom) % 4 + 1))"
		kill -INT $a
		wait $a
		rc=$?
		[ "$rc" = 0 ] || { echo "attach $n: ptop exited $rc: $(head -n 3 "$TMP/att-$n.err")"; bad=1; }
		# A detached task is resumed at once; give a stop a moment to clear.
		sleep 0.3
		s=$(stuck "$ATT_SID")
		[ -z "$s" ] || { sleep 1; s=$(stuck "$ATT_SID"); }
		[ -z "$s" ] || { echo "attach $n: left in a trace stop after the detach: $s"; bad=1; }
		sleep 0.$(($(od -An -N1 -tu1 /dev/urandom) % 10))
	done
	echo "attaches $n"
	exit $bad
}
attacher >"$TMP/attacher.out" 2>&1 &
ATTACHER=$!

# ---- the traced load, and the samples of ptop's fds and memory ----------------

setsid timeout -k 10 $((SECS + 180)) "$PTOP" -b -o "$TMP/main.jsonl" --tree-file "$TMP/main.tree" \
    -- sh "$TMP/load.sh" "$END" "$PROGDIR" </dev/null >"$TMP/main.out" 2>"$TMP/main.err" &
MAIN=$!
sleep 1
# The tracer: the timeout's child (setsid execs timeout in a new session).
TRACER=$(pgrep -P "$MAIN" -x ptop | head -n 1)
[ -n "$TRACER" ] || hard_error "ptop did not start: $(cat "$TMP/main.err")"
MAIN_SID=$(ps -o sid= -p "$TRACER" | tr -d ' ')

: >"$TMP/samples"
while kill -0 "$TRACER" 2>/dev/null; do
	fds=$(ls "/proc/$TRACER/fd" 2>/dev/null | wc -l)
	rss=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$TRACER/status" 2>/dev/null)
	procs=$(grep -c '"ev":"spawn"' "$TMP/main.jsonl" 2>/dev/null)
	[ -n "$rss" ] && echo "$(date +%s) $fds $rss $procs" >>"$TMP/samples"
	sleep 5
done
wait "$MAIN"
MAIN_RC=$?
wait "$ATTACHER"
ATTACHER_RC=$?
wait "$ATT"

# ---- checks ----------------------------------------------------------------------

expect_eq "the traced load: ptop exits 0" "$MAIN_RC" 0
[ "$MAIN_RC" = 0 ] || sed -n '1,5p' "$TMP/main.err" >&2

s=$(stuck "$MAIN_SID")$(stuck "$ATT_SID")
expect_eq "nothing left in a trace stop" "$s" ""
# Orphans are reaped by init (or a subreaper) a moment after their parent ends.
for i in 1 2 3 4 5 6 7 8 9 10; do
	left=$(session_procs "$MAIN_SID")$(session_procs "$ATT_SID")
	[ -z "$left" ] && break
	sleep 1
done
expect_eq "nothing of either load left running" "$left" ""

procs=$(count "$TMP/main.jsonl" '.ev == "spawn" or .ev == "attach"')
exits=$(count "$TMP/main.jsonl" '.ev == "exit" or .ev == "detach"')
killed=$(count "$TMP/main.jsonl" '.ev == "exit" and .signal == "SIGKILL"')
echo "# traced load: $procs processes, $exits exits ($killed by SIGKILL), trace $(wc -c <"$TMP/main.jsonl") bytes"
expect_eq "traced load: every process accounted for" "$(accounting "$TMP/main.jsonl")" ""
expect_eq "traced load: no process lost in the tree" \
    "$(grep -c '^ *[0-9]* lost ' "$TMP/main.tree")" 0

# fds level; memory within what the tree needs.  The samples: time fds rss procs.
first=$(sed -n 3p "$TMP/samples")	# after start-up (10 s)
last=$(tail -n 1 "$TMP/samples")
fdmin=$(sed -n '3,$p' "$TMP/samples" | awk 'NR == 1 || $2 < m { m = $2 } END { print m }')
fdmax=$(sed -n '3,$p' "$TMP/samples" | awk '$2 > m { m = $2 } END { print m }')
set -- $first
rss0=$3 procs0=$4
set -- $last
rss1=$3 procs1=$4
bytes=$(wc -c <"$TMP/main.jsonl")
echo "# tracer $TRACER: $(wc -l <"$TMP/samples") samples; fds $fdmin..$fdmax;" \
    "VmRSS ${rss0} kB at $procs0 processes -> ${rss1} kB at $procs1"
[ "$fdmax" -le $((fdmin + 2)) ] && ok "ptop's open fds stay level ($fdmin..$fdmax)" ||
    fail "ptop's open fds grew: $fdmin..$fdmax"
# The tree holds each process (72 bytes), its execs' argv and little else:
# about a third of what the trace's JSON says of it (10 minutes: ~100 bytes
# a process, the trace ~290).  Allow half the trace's bytes for the
# processes since the first sample, plus 4 MiB (arrays grow by doubling).
grow=$((rss1 - rss0))
budget=$(( bytes / 2048 * (procs1 - procs0) / (procs1 > 0 ? procs1 : 1) + 4096 ))
echo "# VmRSS grew ${grow} kB for $((procs1 - procs0)) processes; budget ${budget} kB"
[ "$grow" -le "$budget" ] && ok "ptop's memory grows no more than its tree needs" ||
    fail "ptop's memory grew ${grow} kB, more than ${budget} kB for $((procs1 - procs0)) processes"

# The attaches.
cat "$TMP/attacher.out" | grep -v '^attaches' | sed 's/^/# /'
natt=$(sed -n 's/^attaches //p' "$TMP/attacher.out")
expect_eq "attach/detach: every ptop -p exited 0 and left nothing in a trace stop" "$ATTACHER_RC" 0
n=0 nproc=0 bad=
for t in "$TMP"/att-*.jsonl; do
	[ -f "$t" ] || continue
	n=$((n + 1))
	nproc=$((nproc + $(count "$t" '.ev == "spawn" or .ev == "attach"')))
	a=$(accounting "$t")
	[ -z "$a" ] || bad="$bad $(basename "$t"): $a;"
	l=$(grep -c '^ *[0-9]* lost ' "${t%.jsonl}.tree")
	[ "$l" = 0 ] || bad="$bad $(basename "$t"): $l lost;"
done
echo "# attached load: ${natt:-0} attaches, $n traces, $nproc processes seen"
[ "$n" -gt 0 ] || fail "no attach was made"
expect_eq "attach traces: every process accounted for, none lost" "$bad" ""

if [ "$NFAIL" != 0 ]; then
	cp -r "$TMP" "${TMPDIR:-/tmp}/ptop-soak-failed.$$"
	echo "# the traces and samples are kept in ${TMPDIR:-/tmp}/ptop-soak-failed.$$" >&2
fi
done_testing
