#!/bin/sh
# ptop -r reads strace logs: small scripts (pipes, failing commands, killed
# processes, threads, vfork, clone3, a thread's exec, an exec chain) are run
# under the real strace and under ptop; the tree read from the strace log
# must be the tree ptop recorded: the same processes under the same
# parents, the same argv for every exec, the same exit codes and signals.
# In -f and -ff form (-r PREFIX and -r PREFIX.PID), -ttt and -tt, with -y -x
# -T -i decorations, through a pipe; cut strings are marked; an attached
# process is a root; bad files give a one-line error.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/scenlib.sh"
need jq strace
need_ptrace
READTRACE=$(dirname "$PTOP")/../tests/readtrace
[ -x "$READTRACE" ] || hard_error "tests/readtrace is not built"
timeout -k 2 20 strace -f -o /dev/null true 2>"$TMP/err" ||
    skip "strace cannot trace here: $(cat "$TMP/err")"

# The tree as sorted lines, one a process: the exec argv lists of its
# ancestors and its own, then how it ended.  Sibling order and ids differ
# between two runs; this does not.
CANON='
(reduce (.[] | select(.ev == "spawn" or .ev == "exec" or .ev == "exit")) as $e ({};
	($e.id | tostring) as $k
	| if $e.ev == "spawn" then .[$k] = {p: $e.parent, x: [], e: null}
	elif $e.ev == "exec" then .[$k].x += [$e.argv]
	else .[$k].e = ($e.signal // $e.code) end)) as $n
| [$n[] | "\([recurse(if .p == null then empty else $n[.p | tostring] end) | .x]
    | reverse | tojson) \(.e)"] | sort | .[]'

# canon TRACE OUT: the canonical tree of a ptop trace.
canon() {
	jq -s -r "$CANON" "$1" >"$2" 2>&1 || fail "jq on $1: $(cat "$2")"
}

# read_log WHAT LOG OUT: readtrace LOG into OUT (a ptop trace); 1 on failure.
read_log() {
	if ! timeout -k 2 60 "$READTRACE" "$2" >"$3" 2>"$TMP/read.err"; then
		fail "$1: reading $2: $(cat "$TMP/read.err")"
		return 1
	fi
	[ -s "$TMP/read.err" ] && fail "$1: reading $2 said: $(cat "$TMP/read.err")"
	return 0
}

# same_tree WHAT CANON1 CANON2
same_tree() {
	if cmp -s "$2" "$3"; then
		ok "$1 ($(wc -l <"$2") processes)"
	else
		fail "$1: trees differ (< strace log, > ptop): $(diff "$2" "$3" | grep '^[<>]' | head -8)"
	fi
}

# scenario NAME SCRIPT: strace -f and ptop each run sh -c SCRIPT; same tree.
scenario() {
	_name=$1
	_script=$2
	RC=0
	timeout -k 5 60 strace -f -ttt -e trace=process,execve -s 1000 -o "$TMP/s.log" \
	    sh -c "$_script" >/dev/null 2>"$TMP/strace.err" </dev/null || RC=$?
	[ "$RC" = 124 ] && fail "$_name: strace timed out"
	run_traced 60 sh -c "$_script"
	canon "$TRACE" "$TMP/p.canon"
	read_log "$_name" "$TMP/s.log" "$TMP/s.jsonl" || return
	canon "$TMP/s.jsonl" "$TMP/s.canon"
	same_tree "$_name: the strace log's tree is ptop's" "$TMP/s.canon" "$TMP/p.canon"
}

P=$PROGDIR
scenario "pipes and failures" \
    'echo a | cat | wc -l >/dev/null; false; /no/such/command 2>/dev/null; (exit 3); x=$(echo y); true'
# (Killed processes kill themselves: "sleep 5 & kill $!" may kill it before
# or after its exec, which makes two runs differ.)
scenario "killed" \
    'sh -c "kill -KILL \$\$"; sh -c "kill -TERM \$\$"; sh -c "kill -SEGV \$\$"; exit 2'
scenario "threads" "$P/threads 4 >/dev/null"
scenario "vfork" "$P/vfork exec /bin/true x; $P/vfork exit 3; $P/vfork exec /no/such 2>/dev/null; :"
scenario "clone3" "$P/clone3 /bin/sh -c 'exit 11'"
scenario "a thread's exec" "$P/thread_exec zombie 2 /bin/sh -c 'exit 4' 2>/dev/null; :"
scenario "an exec chain, background jobs" \
    'env nice /bin/true chain; (true; false) & /bin/true bg & wait; env A=1 sh -c "exit 5"'

# Timing: a sleep of 0.3 s lasts at least that long in the strace log's tree.
jq_expect "$TMP/s.jsonl" "times come from the log (-ttt)" \
    '[.[0].start > 1e9, (.[1].t == 0)]' '[true,true]'
RC=0
timeout -k 5 30 strace -f -ttt -e trace=process -o "$TMP/sleep.log" sh -c 'sleep 0.3; :' \
    >/dev/null 2>&1 || RC=$?
read_log "sleep" "$TMP/sleep.log" "$TMP/sleep.jsonl" &&
    jq_expect "$TMP/sleep.jsonl" "a 0.3 s sleep lasts 0.3 s or more" \
    '[.[] | select(.ev == "exec" and .argv[0] == "sleep") | .id] as [$id]
     | [.[] | select(.id == $id and (.ev == "spawn" or .ev == "exit")) | .t]
     | .[1] - .[0] >= 0.3' 'true'

# -ff: one file per process, read as PREFIX and as one of its PREFIX.PID.
S='echo a | cat >/dev/null; /bin/true x; sh -c "exit 3"; sh -c "kill -9 \$\$" & wait'
timeout -k 5 60 strace -ff -ttt -e trace=process -s 1000 -o "$TMP/ff" sh -c "$S" \
    >/dev/null 2>&1 || :
run_traced 60 sh -c "$S"
canon "$TRACE" "$TMP/p.canon"
n=$(ls "$TMP"/ff.* | wc -l)
[ "$n" -ge 5 ] && ok "strace -ff wrote $n files" || fail "strace -ff wrote $n files"
if read_log "-ff" "$TMP/ff" "$TMP/ff.jsonl"; then
	canon "$TMP/ff.jsonl" "$TMP/ff.canon"
	same_tree "-r PREFIX of strace -ff: ptop's tree" "$TMP/ff.canon" "$TMP/p.canon"
fi
one=$(ls "$TMP"/ff.* | tail -1)
if read_log "-ff" "$one" "$TMP/ff1.jsonl"; then
	canon "$TMP/ff1.jsonl" "$TMP/ff1.canon"
	same_tree "-r PREFIX.PID reads the whole set" "$TMP/ff1.canon" "$TMP/p.canon"
fi

# -tt (time of day), -y, -x, -T, -i: the same tree, dated on the log's day.
timeout -k 5 60 strace -f -tt -y -x -T -i -e trace=process -s 1000 -o "$TMP/tt.log" \
    sh -c "$S" >/dev/null 2>&1 || :
if read_log "-tt" "$TMP/tt.log" "$TMP/tt.jsonl"; then
	canon "$TMP/tt.jsonl" "$TMP/tt.canon"
	same_tree "-tt -y -x -T -i: ptop's tree" "$TMP/tt.canon" "$TMP/p.canon"
	now=$(date +%s)
	jq_expect "$TMP/tt.jsonl" "-tt: the start is dated from the file" \
	    "(.[0].start > $now - 120) and (.[0].start <= $now + 1)" 'true'
fi

# Through a pipe: the reader peeks at it without consuming it.
mkfifo "$TMP/fifo"
cat "$TMP/tt.log" >"$TMP/fifo" &
if read_log "a pipe" "$TMP/fifo" "$TMP/fifo.jsonl"; then
	canon "$TMP/fifo.jsonl" "$TMP/fifo.canon"
	same_tree "read through a pipe" "$TMP/fifo.canon" "$TMP/p.canon"
fi
wait
# ... and a ptop trace through a pipe still reads.
cat "$TRACE" >"$TMP/fifo" &
read_log "a ptop trace through a pipe" "$TMP/fifo" "$TMP/fifo2.jsonl" &&
    expect_eq "a ptop trace through a pipe" "$(canon "$TMP/fifo2.jsonl" /dev/stdout)" \
    "$(cat "$TMP/p.canon")"
wait

# -s: cut strings and argv end in U+2026, in the trace and in the tree.
timeout -k 5 30 strace -f -ttt -s 4 -e trace=process -o "$TMP/cut.log" \
    sh -c '/bin/echo abcdefgh 1 2 3 4 5 >/dev/null' >/dev/null 2>&1 || :
read_log "-s 4" "$TMP/cut.log" "$TMP/cut.jsonl" &&
    jq_expect "$TMP/cut.jsonl" "-s 4: cut strings and argv are marked" \
    '[.[] | select(.ev == "exec") | .argv] | last' '["/bin…","abcd…","1","2","…"]'
run_ptop 30 -b -r "$TMP/cut.log"
grep -q "/bin… abcd… 1 2 …" "$TMP/err" && ok "-s 4: the batch tree shows the marks" ||
    fail "-s 4: the batch tree: $(cat "$TMP/err")"

# strace -p: the attached shell is a root whose argv is unknown.
sh -c 'sleep 1.5; /bin/true attached' &
sh_pid=$!
timeout -k 5 30 strace -f -ttt -e trace=process -o "$TMP/p.log" -p "$sh_pid" 2>/dev/null &
wait
read_log "strace -p" "$TMP/p.log" "$TMP/att.jsonl" &&
    jq_expect "$TMP/att.jsonl" "strace -p: an attached root and what it ran" \
    "[.[0].mode, .[1].ev, .[1].pid == $sh_pid,
      ([.[] | select(.ev == \"spawn\" and .parent == 1)] | length),
      ([.[] | select(.ev == \"exec\") | .argv] | last)]" \
    '["attach","attach",true,1,["/bin/true","attached"]]'

# Bad input: a cut last line is dropped with a warning; damage is refused
# with FILE:LINE; a missing file or -ff set is said so.  Never a crash.
# (cut inside the exec of "/bin/true bg": the shell and bg never end)
off=$(grep -b -F '"/bin/true", "bg"' "$TMP/s.log" | cut -d: -f1)
head -c "$((off + 30))" "$TMP/s.log" >"$TMP/cut-line.log"
run_ptop 30 -b -r "$TMP/cut-line.log"
expect_eq "a cut last line: read, with a warning" \
    "$RC $(grep -c 'incomplete last line ignored' "$TMP/err")" "0 1"
grep -q " lost " "$TMP/err" && ok "a cut log: processes with no end are lost" ||
    fail "a cut log: $(cat "$TMP/err")"
{ head -3 "$TMP/s.log"; echo "this is not strace"; tail -n +4 "$TMP/s.log"; } >"$TMP/bad.log"
run_ptop 30 -b -r "$TMP/bad.log"
expect_eq "a damaged line: refused with its line number" "$RC $(cat "$TMP/err")" \
    "1 ptop: $TMP/bad.log:4: not an strace log line (no pid where one should be)"
printf 'random words\n' >"$TMP/words"
run_ptop 30 -b -r "$TMP/words"
expect_eq "neither a trace nor a log" "$RC $(cat "$TMP/err")" \
    "1 ptop: $TMP/words:1: neither a ptop trace (no JSON header line) nor an strace log"
strace -f -o "$TMP/nots.log" true 2>/dev/null
run_ptop 30 -b -r "$TMP/nots.log"
expect_eq "a log without timestamps: refused, saying how to record one" "$RC $(cat "$TMP/err")" \
    "1 ptop: $TMP/nots.log:1: no timestamps; record with strace -ttt (or -tt)"
run_ptop 30 -b -r "$TMP/no-such-prefix"
expect_eq "no file, no -ff set" "$RC $(cat "$TMP/err")" \
    "1 ptop: cannot open trace '$TMP/no-such-prefix': No such file or directory"

# Real logs kept in tests/data/strace (also the fuzzer's seeds) give the
# tree stored beside them (NAME.tree); any other file there a tree or a
# one-line error, never a crash (the fuzzer's findings are checked by
# tests/fuzz-replay.sh, in tests/fuzz/strace).
for f in "$TESTDATA"/strace/*.strace; do
	name=$(basename "$f" .strace)
	run_ptop 30 -b -r "$f" --tree-file "$TMP/tree"
	if [ -f "${f%.strace}.tree" ]; then
		if [ "$RC" = 0 ] && [ ! -s "$TMP/err" ] && cmp -s "$TMP/tree" "${f%.strace}.tree"; then
			ok "$name: the stored tree"
		else
			fail "$name: rc $RC, $(cat "$TMP/err") $(diff "$TMP/tree" "${f%.strace}.tree")"
		fi
	elif { [ "$RC" = 0 ] || [ "$RC" = 1 ]; } && [ "$(wc -l <"$TMP/err")" -le 1 ] &&
	    ! grep -q -v '^ptop: ' "$TMP/err"; then
		ok "$name: a tree or a one-line error (rc $RC)"
	else
		fail "$name: rc $RC, $(cat "$TMP/err")"
	fi
done

expect_no_leftovers "$TMP"
done_testing
