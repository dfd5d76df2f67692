#!/bin/sh
# Many threads that never stop running (strace's looping_threads shape):
# the creator stops at each clone while the threads it has made keep every
# CPU busy, and the program has set alarm(10).  Untraced it takes a tenth of
# a second; ptop must not compete with the threads for a CPU (its adaptive
# polling once did, and the alarm killed the program, exit 142), so the
# program must end as it does untraced.  No time is asserted: the alarm is
# the program's own.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/scenlib.sh"
need jq
need_ptrace

RC=0
timeout -k 2 60 "$PROGDIR/busythreads" 10 200 "$TMP" 2>"$TMP/err" || RC=$?
expect_eq "busythreads 200 runs untraced" "$RC $(cat "$TMP/err")" "0 "

# Three times: the old failure was most runs', not every one.
for i in 1 2 3; do
	run_traced 60 "$PROGDIR/busythreads" 10 200 "$TMP"
	expect_eq "busythreads 200 ($i): ends as untraced, not by its alarm" "$RC $(cat "$TMP/err")" "0 "
	trace_valid
	tree_expect "busythreads 200 ($i): the program and its child, threads not shown" \
	    '[[1,null,[["P/busythreads","10","200","T"]],0],[2,1,[],0]]'
done

expect_no_leftovers "$TMP"
done_testing
