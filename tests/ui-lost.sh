#!/bin/sh
# A lost terminal, whatever happened before: the keeper (the process the
# shell started) killed, the tracer killed, the window closed after a stop
# and a continue of either; and TERM=dumb.  Nothing may stay running on a
# terminal nobody has, and the terminal must come back usable.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui_lib.sh"
need_ptrace
need pgrep

MARK=lost-$$
# The command ignores SIGHUP (so only ptop can end it), and so does its sleep.
CMD="sh -c 'trap \"\" HUP; sleep 1000; : $MARK'"

# start_view: ptop with CMD in a fresh pane (under timeout, see ui_ptop);
# sets KEEPER, TRACER, SLEEP.
start_view() {
	ui_session 100 30
	ui_ptop "-- $CMD"
	ui_wait "^running " 20 || { fail "the view did not start"; ui_dump; }
	SH=$(tmux_ list-panes -t t -F '#{pane_pid}')
	_n=0
	while :; do
		TO=$(pgrep -P "$SH" -x timeout | head -n 1)
		KEEPER=$(pgrep -P "${TO:-0}" | head -n 1)
		TRACER=$(pgrep -P "${KEEPER:-0}" | head -n 1)
		CMDSH=$(pgrep -P "${TRACER:-0}" | head -n 1)
		SLEEP=$(pgrep -P "${CMDSH:-0}" -x sleep | head -n 1)
		[ -n "$SLEEP" ] && break
		_n=$((_n + 1))
		[ $_n -gt 100 ] && hard_error "cannot find ptop's processes"
		sleep 0.1
	done
}

# gone_within SECONDS PID...: every PID exits (or is a zombie) in time.
gone_within() {
	_end=$(( $(date +%s) + $1 ))
	shift
	for _p in "$@"; do
		while :; do
			_s=$(proc_state "$_p")
			[ "$_s" = gone ] || [ "$_s" = Z ] && break
			[ "$(date +%s)" -ge "$_end" ] && return 1
			sleep 0.1
		done
	done
}

# The pane's terminal flags as tmux sees them: alternate screen, mouse, cursor.
term_flags() {
	tmux_ display -p -t t '#{alternate_on} #{mouse_any_flag} #{cursor_flag}'
}

# 1. The keeper is killed: the tracer gives the terminal back and ends.
start_view
kill -9 "$KEEPER"
gone_within 15 "$TRACER" "$SLEEP" && ok "keeper killed: the tracer and the command end" ||
	fail "keeper killed: still there: $(ps -o pid=,stat=,args= -p "$TRACER,$SLEEP")"
ui_wait_gone "^running " 10 || true
expect_eq "keeper killed: the terminal is back (main screen, no mouse, cursor on)" \
	"$(term_flags)" "0 0 1"
expect_terminal_restored

# 2. The tracer is killed: the keeper gives the terminal back.
start_view
kill -9 "$TRACER"
gone_within 15 "$KEEPER" "$SLEEP" && ok "tracer killed: the keeper and the command end" ||
	fail "tracer killed: still there: $(ps -o pid=,stat=,args= -p "$KEEPER,$SLEEP")"
expect_eq "tracer killed: ptop's status is 128+9" "$(ui_rc 10)" 137
expect_eq "tracer killed: the terminal is back (main screen, no mouse, cursor on)" \
	"$(term_flags)" "0 0 1"
expect_terminal_restored

# 3. Stopped and continued, then the window closes: nothing stays behind.
for who in keeper tracer; do
	start_view
	[ $who = keeper ] && victim=$KEEPER || victim=$TRACER
	kill -STOP "$victim"
	wait_state "$victim" T 10 >/dev/null || fail "$who did not stop"
	kill -CONT "$victim"
	wait_state "$victim" SR 10 >/dev/null || fail "$who did not continue"
	tmux_ kill-server
	gone_within 15 "$KEEPER" "$TRACER" "$SLEEP" &&
		ok "$who stopped and continued, window closed: everything ends" ||
		fail "$who stop/continue, window closed: left: $(ps -o pid=,stat=,args= -p "$KEEPER,$TRACER,$SLEEP")"
done

# 4. The window closes on a view that was never stopped.
start_view
tmux_ kill-server
gone_within 15 "$KEEPER" "$TRACER" "$SLEEP" && ok "window closed: everything ends" ||
	fail "window closed: left: $(ps -o pid=,stat=,args= -p "$KEEPER,$TRACER,$SLEEP")"

# 5. TERM=dumb cannot show a full screen: batch mode, with a note.
ui_session 100 30
ui_run "TERM=dumb '$PTOP' -- echo dumb-\$((40+2)) 2>'$TMP/dumb.err'; echo rc=\$?"
ui_wait "^rc=" 20 || fail "ptop under TERM=dumb did not return"
expect_screen "TERM=dumb: exit status 0" "^rc=0"
grep -q "cannot move the cursor 'dumb': no interactive view" "$TMP/dumb.err" &&
	ok "TERM=dumb: a one-line note says why" || fail "TERM=dumb: $(cat "$TMP/dumb.err")"
grep -q "echo dumb-42" "$TMP/dumb.err" && ok "TERM=dumb: the batch tree is printed" ||
	fail "TERM=dumb: no tree: $(cat "$TMP/dumb.err")"
expect_screen "TERM=dumb: the command's output on the terminal" "^dumb-42$"

expect_no_leftovers "$MARK"
done_testing
