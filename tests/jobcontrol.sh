#!/bin/sh
# Signals and job control under ptop: the seed's hang (a shell waiting in
# sigsuspend for SIGCHLD), kill -STOP/-CONT, Ctrl-Z of a job, an orphaned
# process group, a stopped process killed, double-fork daemons that outlive
# the command.  The programs check themselves (a real parent sees exactly
# what it sees without a tracer) and exit 0; the trace must hold the exact
# tree.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/scenlib.sh"
need jq
need_ptrace

# The seed's hang: a pipeline, then "cmd & wait" (sigsuspend for SIGCHLD).
run_traced 20 sh -c 'echo a | cat; sleep 0.2 & wait' "$TMP"
expect_eq "seed: sh -c 'echo a | cat; sleep 0.2 & wait' exits 0" "$RC" 0
expect_eq "seed: output" "$(cat "$TMP/out")" "a"
trace_valid
tree_expect "seed: tree" \
    '[[1,null,[["sh","-c","echo a | cat; sleep 0.2 & wait","T"]],0],[2,1,[],0],[3,1,[["cat"]],0],[4,1,[["sleep","0.2"]],0]]'
jq_expect "$TRACE" "seed: end status" '.[-1].status' 0

run_traced 20 "$PROGDIR/sigchld_wait" 3 "$TMP"
expect_eq "sigsuspend for SIGCHLD: exits with the child's code" "$RC" 3
trace_valid
tree_expect "sigsuspend for SIGCHLD: tree" '[[1,null,[["P/sigchld_wait","3","T"]],3],[2,1,[],3]]'

# Each job-control program must pass without ptop first, or the check
# under ptop means nothing.
for mode in stop stopmt tstp orphan "killstop 9" "killstop 15"; do
	# shellcheck disable=SC2086
	timeout -k 2 20 "$PROGDIR/jobctl" $mode "$TMP" >/dev/null 2>"$TMP/err" ||
	    hard_error "jobctl $mode fails without ptop: $(cat "$TMP/err")"
done

run_traced 20 "$PROGDIR/jobctl" stop "$TMP"
expect_eq "kill -STOP/-CONT: the parent sees stop, no progress, continue, exit" \
    "$RC $(cat "$TMP/err")" "0 "
trace_valid
tree_expect "kill -STOP/-CONT: tree" '[[1,null,[["P/jobctl","stop","T"]],0],[2,1,[],7]]'

run_traced 20 "$PROGDIR/jobctl" stopmt "$TMP"
expect_eq "kill -STOP/-CONT of a process with 4 threads: every thread stops and resumes" \
    "$RC $(cat "$TMP/err")" "0 "
trace_valid
tree_expect "kill -STOP/-CONT of 4 threads: tree" '[[1,null,[["P/jobctl","stopmt","T"]],0],[2,1,[],7]]'
jq_expect "$TRACE" "kill -STOP/-CONT of 4 threads: thread counts" '[.[] | select(.ev == "exit") | .threads]' '[4,1]'

run_traced 20 "$PROGDIR/jobctl" tstp "$TMP"
expect_eq "Ctrl-Z (SIGTSTP to the job's group) and fg: job stops, resumes, ends" \
    "$RC $(cat "$TMP/err")" "0 "
trace_valid
tree_expect "Ctrl-Z: tree" '[[1,null,[["P/jobctl","tstp","T"]],0],[2,1,[],6],[3,2,[],5]]'

run_traced 20 "$PROGDIR/jobctl" orphan "$TMP"
expect_eq "orphaned process group: its stopped member gets SIGHUP and SIGCONT" \
    "$RC $(cat "$TMP/err")" "0 "
trace_valid
tree_expect "orphaned process group: tree (the orphan dies of SIGHUP)" \
    '[[1,null,[["P/jobctl","orphan","T"]],0],[2,1,[],0],[3,2,[],0],[4,3,[],"SIGHUP"]]'

run_traced 20 "$PROGDIR/jobctl" killstop 9 "$TMP"
expect_eq "stopped child killed by SIGKILL" "$RC $(cat "$TMP/err")" "0 "
trace_valid
tree_expect "stopped child killed by SIGKILL: tree" \
    '[[1,null,[["P/jobctl","killstop","9","T"]],0],[2,1,[],"SIGKILL"]]'

run_traced 20 "$PROGDIR/jobctl" killstop 15 "$TMP"
expect_eq "stopped child sent SIGTERM (then SIGCONT): stays stopped until CONT, dies" \
    "$RC $(cat "$TMP/err")" "0 "
trace_valid
tree_expect "stopped child killed by SIGTERM: tree" \
    '[[1,null,[["P/jobctl","killstop","15","T"]],0],[2,1,[],"SIGTERM"]]'

# A double fork: the daemon (and its worker) outlive the command by 300 ms.
run_traced 20 "$PROGDIR/daemon" "$TMP/daemon.done" 300 "$TMP"
expect_eq "daemon: ptop ends with the command's status" "$RC" 0
[ -f "$TMP/daemon.done" ] && ok "daemon: ptop waited for the daemon to finish" ||
    fail "daemon: ptop returned before the daemon finished"
trace_valid
tree_expect "daemon: tree (the daemon's parent stays the intermediate process)" \
    '[[1,null,[["P/daemon","T/daemon.done","300","T"]],0],[2,1,[],3],[3,2,[],4],[4,3,[],5]]'
jq_expect "$TRACE" "daemon: it ended well after the command" \
    '(map(select(.ev == "exit" and .id == 3))[0].t - map(select(.ev == "exit" and .id == 1))[0].t) > 0.25' true
jq_expect "$TRACE" "daemon: end line has the command's status" '.[-1].status' 0

expect_no_leftovers "$TMP"
done_testing
