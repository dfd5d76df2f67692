#!/bin/sh
# The UI while tracing: the tree grows live, with --no-pty the command's
# output never reaches the screen (it goes to --log), x, the signal menu,
# the quit question (kill, detach, cancel), exit statuses, no leftovers.
# (ui-pane.sh tests the default: the command's own terminal in a pane.)
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui_lib.sh"
need_ptrace
need ps

MARK=$$
ui_session 110 30

# 1. A command that prints, fails a child, then waits on a long sleep.
cat >"$TMP/cmd1.sh" <<EOS
echo to-the-log
echo to-stderr >&2
sh -c 'exit 3'
sleep 0.2
sleep 300.$MARK
EOS
ui_ptop "--no-pty --log '$TMP/log1' -- sh '$TMP/cmd1.sh'"
expect_screen "live mode in the header" "^running +[0-9.]+s +procs"
expect_screen "the failed child appears" " exit 3 .* ├── sh -c 'exit 3'$"
# Running, and the last child sh started: on the critical path (heavy lines).
expect_screen "the running sleep appears, last" " running .* ┗━━ sleep 300\.$MARK$"
expect_screen "TIME of a running process moves" " running +[0-9.]+s +[1-9][0-9.]*s +- +- - sh "
if ui_screen | grep -q -e to-the-log -e to-stderr; then
	fail "the command's output reached the screen"
	ui_dump
else
	ok "the command's output stays off the screen"
fi
grep -q '^to-the-log$' "$TMP/log1" && grep -q '^to-stderr$' "$TMP/log1" &&
    ok "stdout and stderr went to --log" || fail "log: $(cat "$TMP/log1")"

ui_keys x
expect_selected "x lands on the failed child" " exit 3 "
ui_keys f
expect_screen "f turns follow mode on" "killed 0  \[follow\]"
expect_selected "follow selects the newest process" "sleep 300\.$MARK"
ui_keys k
expect_no_screen "moving by hand ends it" "\[follow\]"
ui_keys G
expect_selected "G selects the last process" "sleep 300\.$MARK"
ui_keys F9
expect_screen "F9 opens the signal menu" "Send signal:"
expect_screen "SIGTERM is preselected" "15 SIGTERM"
ui_keys Enter
expect_screen "a confirmation comes first" "Send SIGTERM to process [0-9]+\?"
ui_keys y
expect_screen "the signal was sent" "Sent SIGTERM to [0-9]+"
expect_screen "the sleep died of it" " SIGTERM .* ┗━━ sleep 300\.$MARK$"
expect_screen "the command finished: the UI stays" "^finished: exit 143 "
# Still answering keys after the end (a ptop that had left could not).
ui_keys '?'
expect_screen "ptop still answers keys after the command ended" "ptop help: every key"
ui_keys Escape
expect_screen "back to the tree" "^finished: exit 143 "
expect_eq "ptop still runs after the command ended" "$(ui_rc 0)" none
ui_keys q
expect_eq "q exits with the command's status" "$(ui_rc)" 143
expect_terminal_restored
expect_no_leftovers "300.$MARK"

# 2. --no-pty: the command gets exactly stdin=/dev/null, stdout/stderr=log, no tty.
ui_ptop "--no-pty --log '$TMP/log2' -- sh -c 'ls -l /proc/\$\$/fd; ps -o tty= -p \$\$'"
expect_screen "short command finished" "^finished: ok "
ui_keys q
expect_eq "exit status 0" "$(ui_rc)" 0
expect_eq "only fds 0, 1, 2" "$(grep -c ' [0-9]* -> ' "$TMP/log2")" 3
grep -q ' 0 -> /dev/null$' "$TMP/log2" && ok "stdin is /dev/null" || fail "stdin: $(cat "$TMP/log2")"
grep -q " 1 -> $TMP/log2\$" "$TMP/log2" && ok "stdout is the log" || fail "stdout: $(cat "$TMP/log2")"
expect_eq "no controlling terminal" "$(tail -n 1 "$TMP/log2" | tr -d ' ')" "?"

# 3. A burst of events costs a few frames, not one each.
ui_ptop "-v '$TMP/debug.log' -- sh -c 'i=0; while [ \$i -lt 500 ]; do /bin/true; i=\$((i+1)); done'"
expect_screen "500 quick processes, all counted" "^finished: ok .* procs 501  running 0 "
ui_keys q
expect_eq "exit status 0" "$(ui_rc)" 0
frames=$(grep -c 'ui: frame' "$TMP/debug.log")
if [ "$frames" -gt 0 ] && [ "$frames" -lt 250 ]; then
	ok "1500 events drawn in $frames frames"
else
	fail "1500 events drawn in $frames frames (want a few, under 250)"
fi

# 4. q while it runs: Esc cancels, k kills the whole tree.
ui_ptop "-- sh -c 'sleep 301.$MARK & sleep 302.$MARK; wait'"
expect_screen "both sleeps run" "sleep 302\.$MARK$"
expect_screen "both sleeps run" "sleep 301\.$MARK$"
ui_keys q
expect_screen "q asks first while it runs" "Still running \(3\): kKill it and its tree"
ui_keys Escape
expect_no_screen "Esc cancels the question" "Still running"
expect_eq "ptop still runs" "$(ui_rc 0)" none
ui_keys q
expect_screen "q asks again" "Still running"
ui_keys k
expect_eq "killed: 128+SIGKILL" "$(ui_rc)" 137
expect_terminal_restored
expect_no_leftovers "sleep 30[12].$MARK"

# 5. d leaves it running: the command goes on, followed in the background
# (its processes carry the exec attempt filter: an exec needs ptop), so an
# exec after the quit works and the trace gets the whole run.  (--no-pty:
# in the pane it would lose its terminal, see ui-pane.sh.)
ui_ptop "--no-pty -o '$TMP/bg.jsonl' -- sh -c 'sleep 303.$MARK; /bin/echo exec-after-quit >$TMP/bg.out'"
expect_screen "the sleep runs" "sleep 303\.$MARK$"
ui_keys F10
expect_screen "F10 asks too" "Still running"
expect_screen "... and says what leaving it running means" "ptop follows it in the background"
ui_keys d
expect_eq "leaving it running exits 0 at once" "$(ui_rc)" 0
expect_terminal_restored
pid=$(ps -eo pid=,args= | awk -v m="sleep 303.$MARK" '$2 == "sleep" && $0 ~ m { print $1; exit }')
if [ -n "$pid" ]; then
	ok "the command still runs"
	case "$(ps -o stat= -p "$pid")" in
	*T*) fail "the command left running is stopped" ;;
	*) ok "... and not stopped" ;;
	esac
	kill "$pid"
	_n=0
	until [ -s "$TMP/bg.out" ] || [ $_n -gt 100 ]; do _n=$((_n + 1)); sleep 0.1; done
	expect_eq "an exec after the quit works" "$(cat "$TMP/bg.out" 2>/dev/null)" exec-after-quit
	_n=0
	until grep -q '"ev":"end"' "$TMP/bg.jsonl" 2>/dev/null || [ $_n -gt 100 ]; do
		_n=$((_n + 1)); sleep 0.1
	done
	grep -q '"argv":\["/bin/echo","exec-after-quit"\]' "$TMP/bg.jsonl" && grep -q '"ev":"end"' "$TMP/bg.jsonl" &&
		ok "the trace has the whole run, to its end" || fail "trace after the quit: $(tail -n 3 "$TMP/bg.jsonl")"
else
	fail "the command left running is gone"
fi
expect_no_leftovers "sleep 303.$MARK"

# 6. SIGTERM to ptop reaches the command; ptop leaves when it is done.
ui_ptop "-- sleep 304.$MARK"
expect_screen "the sleep runs" "sleep 304\.$MARK$"
ptop_pid=$(pgrep -f "^$PTOP -- sleep 304\.$MARK" | head -n 1)
if [ -n "$ptop_pid" ]; then
	kill -TERM "$ptop_pid"
	expect_eq "SIGTERM: ptop exits with the command's 128+15" "$(ui_rc)" 143
else
	fail "cannot find ptop's pid"
fi
expect_terminal_restored
expect_no_leftovers "sleep 304.$MARK"

# 7. A terminal curses does not know: batch mode, said so, nothing forked first.
rm -f "$TMP/rc"
ui_run "TERM=nosuchterm timeout 30 '$PTOP' -- echo hello-$MARK; echo \$? >'$TMP/rc'"
expect_screen "unknown TERM: told" "unknown terminal type 'nosuchterm': no interactive view"
expect_screen "unknown TERM: the batch tree" "^ +[0-9]+ ok .* echo hello-$MARK$"
expect_eq "unknown TERM: the command's status" "$(ui_rc)" 0

done_testing
