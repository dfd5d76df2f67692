#!/bin/sh
# -p in the interactive view: the header says how many processes are
# attached, pre-existing ones are there, new ones appear, and q detaches at
# once (no kill question), leaving everything running and nothing stopped.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui_lib.sh"
need_ptrace

MARK=$$

# A background job, started by the test: a loop with a child, spawning more.
cat >"$TMP/job.sh" <<EOS
sleep 120.$MARK &
while [ ! -e "$TMP/stop" ]; do
	/bin/echo tick-$MARK >/dev/null
	sleep 0.2
done
kill \$! 2>/dev/null
exit 4
EOS
sh "$TMP/job.sh" &
JOB=$!
_n=0
until pgrep -f "sleep 120.$MARK" >/dev/null; do
	_n=$((_n + 1)); [ $_n -gt 100 ] && hard_error "the job did not start"; sleep 0.1
done
SLEEPER=$(pgrep -f "sleep 120.$MARK")

ui_session 120 30
ui_ptop "-o '$TMP/a.jsonl' -p $JOB"
expect_screen "the header names the pid" "^ptop: -p $JOB\$"
expect_screen "the header says attached to N" "^attached to [0-9]+ +[0-9.]+s +procs"
expect_screen "the pre-existing child is in the tree" "running .*sleep 120\.$MARK\$"
expect_screen "new children appear with their argv" "/bin/echo tick-$MARK"
ui_keys q
rc=$(ui_rc 20)
expect_eq "q leaves at once, exit 0" "$rc" 0
if grep -q "Still running" "$TMP/screen"; then
	fail "q asked about killing while attached"
else
	ok "q did not ask to kill anything"
fi
expect_terminal_restored
for p in $JOB $SLEEPER; do
	s=$(proc_state $p)
	case "$s" in
	# D: in the kernel for a moment (a loaded machine's fork or page-in), not stopped.
	S|R|D) ok "pid $p runs on after the detach ($s)" ;;
	*) fail "pid $p is in state $s after the detach" ;;
	esac
done
grep -q '"ev":"detach".*"pid":'"$JOB" "$TMP/a.jsonl" && ok "the trace records the detach" ||
    fail "no detach line for $JOB"
touch "$TMP/stop"
wait $JOB
expect_eq "the job ends normally with its own status" "$?" 4
tmux_ kill-server
expect_no_leftovers "120.$MARK"
expect_no_leftovers "tick-$MARK"
done_testing
