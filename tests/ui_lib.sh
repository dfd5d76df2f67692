# tests/ui_lib.sh: drive the real ptop UI inside tmux (sourced after lib.sh).
#
# Each test gets its own tmux server (-L ptop-test-PID, no config file), a
# pane running a plain sh with TERM=xterm-256color and a UTF-8 locale, and
# a watchdog: past UI_TIMEOUT seconds the test fails and everything it
# started is killed.  Nothing sleeps for a fixed time to "let things
# settle": ui_wait polls the screen until what is expected shows up, with a
# deadline, so a loaded machine only makes tests slower, not flaky.

need tmux
UI_NSESSION=0
UI_SOCK="ptop-test-$$-0"
UI_TIMEOUT=${UI_TIMEOUT:-120}
UI_W=100
UI_H=30

tmux_() {
	tmux -L "$UI_SOCK" -f /dev/null "$@"
}

ui_cleanup() {
	[ -n "${UI_WATCHDOG:-}" ] && kill "$UI_WATCHDOG" 2>/dev/null
	tmux_ kill-server 2>/dev/null
	rm -rf "$TMP"
}
trap ui_cleanup EXIT
trap 'echo "FAIL: $TEST_NAME: timed out after ${UI_TIMEOUT}s"; ui_dump; exit 1' USR1

# The watchdog signals the test, which then dumps the screen and exits;
# cleanup stops it (and its sleep) when the test ends first.
(
	sleep "$UI_TIMEOUT" &
	_s=$!
	trap 'kill $_s 2>/dev/null; exit 0' TERM
	wait $_s && kill -USR1 $$ 2>/dev/null
) >/dev/null 2>&1 &
UI_WATCHDOG=$!

# ui_session [W H]: a new pane with a shell whose prompt is "PROMPT$ ".
ui_session() {
	_w=${1:-$UI_W}
	_h=${2:-$UI_H}
	# A fresh server each time: a dying one may still hold the old socket.
	tmux_ kill-server 2>/dev/null
	UI_NSESSION=$((UI_NSESSION + 1))
	UI_SOCK="ptop-test-$$-$UI_NSESSION"
	tmux_ new-session -d -s t -x "$_w" -y "$_h" \
	    "env -i PATH='$PATH' HOME='$TMP' TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 PS1='PROMPT\$ ' ${UI_ENV:-} sh" ||
	    hard_error "cannot start tmux"
	ui_wait 'PROMPT\$' 15 || hard_error "no shell prompt in tmux"
}

ui_screen() {
	tmux_ capture-pane -p -t t
}

# The screen with attributes (SGR sequences).
ui_screen_e() {
	tmux_ capture-pane -p -e -t t
}

ui_dump() {
	echo "--- screen of $TEST_NAME ---"
	ui_screen 2>/dev/null
	echo "---"
}

# ui_keys KEY...: tmux key names (Enter, Down, F4, C-c) or literal words.
ui_keys() {
	tmux_ send-keys -t t "$@"
}

# ui_type TEXT: exactly these characters.
ui_type() {
	tmux_ send-keys -t t -l -- "$1"
}

# ui_wait REGEX [SECONDS]: poll until a screen line matches; 1 on timeout.
# UI_GREP=-F makes REGEX a fixed string.
ui_wait() {
	_pat=$1
	_end=$(( $(date +%s) + ${2:-20} ))
	while :; do
		ui_screen >"$TMP/screen" 2>/dev/null
		grep -q ${UI_GREP:--E} -- "$_pat" "$TMP/screen" && return 0
		[ "$(date +%s)" -ge "$_end" ] && return 1
		sleep 0.1
	done
}

# ui_wait_gone REGEX [SECONDS]: poll until no screen line matches.
ui_wait_gone() {
	_pat=$1
	_end=$(( $(date +%s) + ${2:-20} ))
	while :; do
		ui_screen >"$TMP/screen" 2>/dev/null
		grep -q ${UI_GREP:--E} -- "$_pat" "$TMP/screen" || return 0
		[ "$(date +%s)" -ge "$_end" ] && return 1
		sleep 0.1
	done
}

# expect_screen WHAT REGEX: the screen shows it (soon); else fail with a dump.
expect_screen() {
	if ui_wait "$2"; then
		ok "$1"
	else
		fail "$1: no line matches /$2/"
		ui_dump
	fi
}

# expect_screen_fixed WHAT STRING: same, for a fixed string.
expect_screen_fixed() {
	UI_GREP=-F expect_screen "$1" "$2"
}

expect_no_screen() {
	if ui_wait_gone "$2"; then
		ok "$1"
	else
		fail "$1: a line still matches /$2/"
		ui_dump
	fi
}

# The selected tree row (reverse video), without attributes.
ui_selected() {
	ui_screen_e | sed -n '4,$p' | grep -E '\[7m|;7m' | head -n 1 |
	    sed 's/\x1b\[[0-9;]*m//g'
}

# expect_selected WHAT REGEX: the selected row matches (soon).
expect_selected() {
	_end=$(( $(date +%s) + 20 ))
	while :; do
		_sel=$(ui_selected)
		if printf '%s\n' "$_sel" | grep -qE -- "$2"; then
			ok "$1"
			return 0
		fi
		if [ "$(date +%s)" -ge "$_end" ]; then
			fail "$1: selected row is '$_sel', want /$2/"
			ui_dump
			return 1
		fi
		sleep 0.1
	done
}

# ui_click X Y: a left click at screen cell (X, Y), counted from 1, as an
# xterm in SGR mouse mode sends it (press, then release).
ui_click() {
	ui_type "$(printf '\033[<0;%d;%dM' "$1" "$2")"
	ui_type "$(printf '\033[<0;%d;%dm' "$1" "$2")"
}

# ui_run CMD: type a command line into the pane's shell and run it.
ui_run() {
	ui_type "$1"
	ui_keys Enter
}

# After ptop exits: the terminal is back to the shell, in the state it was.
expect_terminal_restored() {
	ui_run "stty -g >'$TMP/stty.after'; echo back-\$((40+2))"
	if ui_wait '^back-42' 15; then
		ok "the shell prompt works after ptop exits"
	else
		fail "no working shell after ptop exited"
		ui_dump
	fi
	if [ -s "$TMP/stty.before" ] && cmp -s "$TMP/stty.before" "$TMP/stty.after"; then
		ok "terminal modes restored (stty -g unchanged)"
	else
		fail "terminal modes differ: $(cat "$TMP/stty.before" 2>/dev/null) -> $(cat "$TMP/stty.after" 2>/dev/null)"
	fi
}

# ui_ptop ARGS: run ptop in the pane (with a hard timeout), remembering the
# terminal modes first and the exit status in $TMP/rc.
ui_ptop() {
	rm -f "$TMP/rc"
	ui_run "stty -g >'$TMP/stty.before'; clear; timeout -k 5 $((UI_TIMEOUT + 60)) '$PTOP' $1; echo \$? >'$TMP/rc'"
}

# ui_rc: wait for ptop to exit; prints its status.
ui_rc() {
	_end=$(( $(date +%s) + ${1:-20} ))
	while [ ! -s "$TMP/rc" ]; do
		[ "$(date +%s)" -ge "$_end" ] && { echo "none"; return; }
		sleep 0.1
	done
	cat "$TMP/rc"
}
