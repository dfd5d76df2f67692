#!/bin/sh
# Threads under ptop: exec from a thread that is not the leader (the leader
# a zombie, or sleeping), processes made by the raw clone3 system call, and
# a storm of 2,000 threads whose exits race their creation events.  Threads
# never show as processes; the exit event counts every thread the process
# had.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/scenlib.sh"
need jq
need_ptrace

for mode in zombie sleeping; do
	run_traced 20 "$PROGDIR/thread_exec" $mode 2 "$PROGDIR/argdump" argdump x y "$TMP"
	expect_eq "exec from a thread, leader $mode: the new image runs (argc 4)" \
	    "$RC $(cat "$TMP/err")" "4 "
	trace_valid
	tree_expect "exec from a thread, leader $mode: one process, two execs" \
	    "[[1,null,[[\"P/thread_exec\",\"$mode\",\"2\",\"P/argdump\",\"argdump\",\"x\",\"y\",\"T\"],[\"argdump\",\"x\",\"y\",\"T\"]],4]]"
	jq_arg "$TRACE" "exec from a thread, leader $mode: exe and pid of the new image" \
	    '[.[] | select(.ev == "exec")] | [.[1].exe == ($P + "/argdump"), .[1].pid == .[0].pid]' \
	    '[true,true]'
	jq_expect "$TRACE" "exec from a thread, leader $mode: it had 4 threads" \
	    '[.[] | select(.ev == "exit") | .threads]' '[4]'
done

# clone3: skip only if the kernel (or a seccomp filter) says ENOSYS.
RC=0
timeout -k 2 20 "$PROGDIR/clone3" /bin/sh sh -c 'exit 11' "$TMP" 2>"$TMP/err" || RC=$?
if [ "$RC" = 77 ]; then
	echo "# clone3 is ENOSYS here: not tested"
else
	expect_eq "clone3 program works without ptop" "$RC $(cat "$TMP/err")" "0 "
	run_traced 20 "$PROGDIR/clone3" /bin/sh sh -c 'exit 11' "$TMP"
	expect_eq "clone3: children end as without ptop" "$RC $(cat "$TMP/err")" "0 "
	trace_valid
	tree_expect "clone3: three child processes (one with exit_signal 0), one exec" \
	    '[[1,null,[["P/clone3","/bin/sh","sh","-c","exit 11","T"]],0],[2,1,[],9],[3,1,[],10],[4,1,[["sh","-c","exit 11","T"]],11]]'
fi

# Thread storm, several times: the race it provokes is not every run's.
for i in 1 2 3 4 5; do
	run_traced 30 "$PROGDIR/threads" 2000 "$TMP"
	expect_eq "thread storm $i: exits 0" "$RC $(cat "$TMP/err")" "0 "
	trace_valid
	tree_expect "thread storm $i: one process, no thread shows as a process" \
	    '[[1,null,[["P/threads","2000","T"]],0]]'
	jq_expect "$TRACE" "thread storm $i: exit counts 2002 threads (2000, main, creator)" \
	    '[.[] | select(.ev == "exit") | .threads]' '[2002]'
done

expect_no_leftovers "$TMP"
done_testing
