#!/bin/sh
# The launched command's terminal pane: output shows in it, keys typed while
# it has focus reach the command (Ctrl-C, Ctrl-Z, Ctrl-D as bytes; Ctrl-]
# comes back), its size follows the window (stty size), layout keys, a
# flood of 100,000 lines arrives whole while the tree keeps up, the pane
# says how the command ended, and nothing is left behind: no process in
# the command's session, no terminal modes changed.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui_lib.sh"
need_ptrace
need ps

MARK=$$
ui_session 100 30

# The pane's rows: the last line of the screen is the footer; the pane is
# the lower half of the body, under its title bar.
pane_text() {
	ui_screen | sed -n '17,29p'
}

# expect_pty_gone SID PTS: after ptop exits nothing is left in the command's
# session, and no process of it holds the pty's slave (a parallel test may
# get the same pts number for a new pty: only holders in SID count).
expect_pty_gone() {
	_left=""
	for _i in 1 2 3 4 5 6 7 8 9 10; do
		_left=$(ps -eo pid=,sid=,args= | awk -v s="$1" '$2 == s')
		for _fd in /proc/[0-9]*/fd/[0-2]; do
			[ "$(readlink "$_fd" 2>/dev/null)" = "$2" ] || continue
			_p=${_fd#/proc/}
			_p=${_p%%/*}
			[ "$(ps -o sid= -p "$_p" 2>/dev/null | tr -d ' ')" = "$1" ] &&
			    _left="$_left holder:$_p"
		done
		[ -z "$_left" ] && break
		sleep 0.2
	done
	if [ -z "$_left" ]; then
		ok "no process left in the command's session, none on $2"
	else
		fail "left in session $1: $_left"
	fi
}

# 1. Output shows in the pane; when it ends, the pane says so and keeps it;
# --log gets a copy of all of it.
ui_ptop "--log '$TMP/log1' -- sh -c 'printf \"hello from child\\n\"; tty; echo sid=\$\$; sleep 1 & wait'"
expect_screen "the output is in the pane" "^hello from child$"
expect_screen "the footer names the focus key" "^F1Help  TabPane  F2Setup F3Search"
expect_screen "the pane's title bar shows the command" "^ sh -c 'printf"
pts=$(ui_screen | grep -m 1 -o '^/dev/pts/[0-9]*$')
case "$pts" in
/dev/pts/*) ok "the command's stdin is a pty ($pts)" ;;
*) fail "tty printed '$pts'"; ui_dump ;;
esac
expect_screen "the pane says how the command ended" "\[command ended: ok\] *$"
expect_screen "... and keeps its last screen" "^hello from child$"
sid=$(ui_screen | sed -n 's/^sid=//p')
ui_keys q
expect_eq "q exits with the command's status" "$(ui_rc)" 0
expect_pty_gone "$sid" "$pts"
if tr -d '\r' <"$TMP/log1" | grep -q '^hello from child$'; then
	ok "--log has a copy of the pane's output"
else
	fail "--log: '$(cat "$TMP/log1")'"
fi
expect_terminal_restored

# 2. What the command gets: a session apart from the shell's (shared with
# ptop, which leads it: one scheduling group, see keeper.h), the pty as its
# controlling terminal with the command's own process group in the
# foreground, on 0, 1 and 2, TERM for libvterm, and nothing else of ptop's
# (the same signal state and fds as run from the shell itself).
ui_run "'$PROGDIR/sigstate' run '$TMP/bare' $MARK; echo bare-done"
ui_wait "^bare-done" 15 || hard_error "sigstate did not run in the shell"
shell_sid=$(ps -o sid= -p "$(tmux_ list-panes -t t -F '#{pane_pid}')" | tr -d ' ')
ui_ptop "-- sh -c 'echo term=\$TERM; echo ids=\$(ps -o sid=,pgid=,tpgid=,tty= -p \$\$); echo leader=\$(ps -o comm= -p \$(ps -o sid= -p \$\$)); echo pid=\$\$; exec \"$PROGDIR/sigstate\" run \"$TMP/pty\" $MARK'"
expect_screen "TERM is one libvterm renders" "^term=xterm-256color$"
expect_screen "the command ended" "\[command ended: ok\]"
pid=$(ui_screen | sed -n 's/^pid=//p')
set -- $(ui_screen | sed -n 's/^ids=//p')
if [ "$#" = 4 ] && [ "$1" != "$shell_sid" ] && [ "$2" = "$pid" ] && [ "$3" = "$pid" ] &&
    expr "$4" : 'pts/[0-9]*$' >/dev/null; then
	ok "a session apart, its own foreground job on a pty ($*)"
else
	fail "session, group or tty: '$*' (pid $pid, shell's session $shell_sid)"
fi
expect_screen "ptop leads that session" "^leader=ptop$"
ui_keys q
expect_eq "exit 0" "$(ui_rc)" 0
# (tmux opens its ptys without O_LARGEFILE: only the access mode of a tty fd counts.)
norm_pts='s|flags 0x[0-9a-f]*\([0-9a-f]\) cloexec \([01]\) /dev/pts/[0-9]*$|mode \1 cloexec \2 /dev/pts/N|'
for who in root child exec; do
	without_filter "$TMP/bare.$who" 2>/dev/null | sed "$norm_pts" >"$TMP/bare.n"
	without_filter "$TMP/pty.$who" 2>/dev/null | sed "$norm_pts" >"$TMP/pty.n"
	if [ -s "$TMP/pty.n" ] && cmp -s "$TMP/bare.n" "$TMP/pty.n"; then
		ok "the $who inherits only its terminal (same signals, fds 0-2 on a pty)"
	else
		fail "the $who differs: $(diff "$TMP/bare.n" "$TMP/pty.n" | grep '^[<>]' | tr '\n' ' ')"
	fi
done

# 3. Keys reach the command while the pane has focus.
ui_ptop "-- sh -c 'read x; echo got:\$x; sleep 300.$MARK'"
expect_screen "read waits" "^ +[0-9]+ running .* sh -c 'read x"
ui_keys Tab
expect_screen "Tab gives the pane the focus; the footer says how back" "^Ctrl-\]Back to the tree"
ui_type "typed words"
ui_keys Enter
expect_screen "the command got the line" "^got:typed words$"
ui_keys C-]
expect_screen "Ctrl-] gives the focus back" "^F1Help  TabPane"
ui_keys G
expect_selected "... and keys are ptop's again (G selects the last process)" "sleep 300\.$MARK"
ui_keys Tab
ui_keys C-c
expect_screen "Ctrl-C in the pane interrupts the command" "\[command ended: SIGINT\] *$"
expect_screen "... which the tree shows too" "^finished: SIGINT "
expect_screen "the focus came back when its terminal closed" "^The command's terminal closed: keys are ptop's again"
ui_keys Down
expect_screen "... the footer says so after the next key" "^F1Help  TabPane"
ui_keys q
expect_eq "exit 128+SIGINT" "$(ui_rc)" 130
expect_no_leftovers "300.$MARK"

# 4. Every key as the bytes a terminal sends: control keys are not signals
# or end of file in raw mode, and ptop keeps none of them but Ctrl-].
ui_ptop "-- '$PROGDIR/keyecho' $MARK"
expect_screen "keyecho runs" "^keyecho ready"
ui_keys Tab
for k in "C-c 03" "C-z 1a" "C-d 04" 'C-\ 1c' "Escape 1b" "Up 1b 5b 41" "Home 1b 5b 48" \
    "PPage 1b 5b 35 7e" "F5 1b 5b 31 35 7e" "BSpace 7f" "Tab 09" "C-Up 1b 5b 31 3b 35 41" \
    "BTab 1b 5b 5a" "M-x 1b 78"; do
	key=${k%% *}
	want=${k#* }
	ui_keys "$key"
	if ui_wait "^got: $want$" 10; then
		ok "$key reaches the command as $want"
	else
		fail "$key: no 'got: $want' in the pane"
		ui_dump
	fi
done
ui_type "é"
expect_screen "a UTF-8 character arrives as UTF-8" "^got: c3 a9$"
ui_type q
expect_screen "keyecho ended on q" "\[command ended: ok\]"
ui_keys q
expect_eq "exit 0" "$(ui_rc)" 0
expect_terminal_restored

# expect_size WHAT "ROWS COLS": the newest "stty size" line on the screen.
expect_size() {
	_end=$(( $(date +%s) + 20 ))
	while :; do
		_got=$(ui_screen | sed -n 's/^.*[^0-9]\([0-9][0-9]* [0-9][0-9]*\)$/\1/p; t
		    s/^\([0-9][0-9]* [0-9][0-9]*\)$/\1/p' | tail -n 1)
		if [ "$_got" = "$2" ]; then
			ok "$1"
			return 0
		fi
		if [ "$(date +%s)" -ge "$_end" ]; then
			fail "$1: stty size says '$_got', want '$2'"
			ui_dump
			return 1
		fi
		sleep 0.1
	done
}

# 5. The pty follows the window's size; layout keys.
ui_ptop "-- sh -c 'trap \"stty size\" WINCH; stty size; sleep 300.$MARK & p=\$!; while kill -0 \$p 2>/dev/null; do wait \$p; done'"
expect_size "the pty has the pane's size (13 rows under a 100x30 window)" "13 100"
tmux_ resize-window -t t -x 120 -y 40
expect_size "resizing the window resizes the pty (SIGWINCH)" "18 120"
ui_keys z
expect_size "z maximises the pane" "36 120"
expect_no_screen "... the tree is gone" "PID STATE"
ui_keys z
expect_screen "z again: the tree alone" "PID STATE"
expect_no_screen "... no pane" "^36 120$"
ui_keys z
expect_size "z again: both" "18 120"
ui_keys o
expect_size "o puts the pane beside the tree" "36 59"
expect_screen "... after a separator" "│36 59$"
ui_keys p
expect_no_screen "p hides the pane" "│36 59"
ui_keys p
expect_screen "p shows it again, same size" "│36 59$"
ui_keys o
tmux_ resize-window -t t -x 100 -y 30
expect_size "back to 100x30" "13 100"
ui_keys q
expect_screen "q asks first" "Still running"
expect_screen "... and says what detaching does to a command in the pane" "its terminal closes: SIGHUP"
ui_keys k
expect_eq "killed" "$(ui_rc)" 137
expect_no_leftovers "300.$MARK"

# 6. A flood of output arrives whole while the tree keeps growing.
ui_ptop "-v '$TMP/debug.log' -- sh -c 'seq 100000 & i=0; while [ \$i -lt 100 ]; do /bin/true; i=\$((i+1)); done; wait; echo END-$MARK'"
start=$(date +%s)
expect_screen "the last line arrives" "^END-$MARK$"
expect_screen "... right after the last number" "^100000$"
expect_screen "every process is in the tree" "^finished: ok .* procs 102  running 0 "
echo "# 100,000 lines received in about $(( $(date +%s) - start )) s;" \
    "$(grep -o 'terminal closed after .*' "$TMP/debug.log")"
top=$(pane_text | grep -m 1 -E '^[0-9]+$')
ui_keys '['
expect_screen "[ pages back into the history" "\[history -12/10000\]"
if [ -n "$top" ] && ui_wait "^$((top - 1))$" 5 && ! pane_text | grep -q '^100000$'; then
	ok "the history holds the lines above the screen ($((top - 1)) above $top)"
else
	fail "history: top line was '$top'"
	ui_dump
fi
ui_keys z
ui_keys Home
expect_screen "Home (maximised pane) goes to the oldest line kept" "\[history -[0-9]+/[0-9]+\]"
if [ -n "$top" ] && ui_wait "^$((top - 10000))$" 5 && ! ui_screen | grep -q "^$((top - 10001))$"; then
	ok "10,000 lines of history: line $((top - 10000)) is the oldest kept"
else
	fail "the oldest line kept is not $((top - 10000))"
	ui_dump
fi
ui_keys End
expect_no_screen "End: the live screen again" "\[history -"
ui_keys q
expect_eq "exit 0" "$(ui_rc)" 0
frames=$(grep -c 'ui: frame' "$TMP/debug.log")
echo "# $frames frames drawn"
expect_terminal_restored

# 7. A full-screen program: the alternate screen, colours and a scroll
# region, then back to the primary screen as it was.
cat >"$TMP/alt.sh" <<EOS
printf 'primary-text\n'
printf '\033[?1049h\033[H\033[44malt-screen-\033[1mtext\033[m\033[3;5r\033[5;1H'
printf 'r1\nr2\nr3\nr4\nregion-$MARK'
while [ ! -e '$TMP/alt.go' ]; do sleep 0.1; done
printf '\033[r\033[?1049l'
echo back-$MARK
sleep 300.$MARK
EOS
ui_ptop "-- sh '$TMP/alt.sh'"
expect_screen "the alternate screen shows" "^alt-screen-text"
expect_screen "lines scroll inside the region" "^region-$MARK"
expect_no_screen "... only inside it: r1 scrolled out of the region" "^r1$"
expect_no_screen "the primary screen is hidden" "^primary-text$"
touch "$TMP/alt.go"
expect_screen "leaving it shows the primary screen again" "^back-$MARK$"
expect_screen "... as it was" "^primary-text$"
expect_no_screen "... with nothing of the alternate one" "alt-screen-text|region-$MARK"
ui_keys q
expect_screen "q asks" "Still running"
ui_keys k
expect_eq "k kills it" "$(ui_rc)" 137
expect_no_leftovers "300.$MARK"
expect_terminal_restored

# 8. Detaching leaves a command in the pane without a terminal: SIGHUP.
ui_ptop "-- sleep 305.$MARK"
expect_screen "the sleep runs" "sleep 305\.$MARK$"
ui_keys q
expect_screen "q asks" "Still running"
ui_keys d
expect_eq "detach exits 0" "$(ui_rc)" 0
expect_no_leftovers "305.$MARK"
expect_terminal_restored

# 9. The process the shell started is ptop's keeper (keeper.h): it stops
# with ptop and continues it, and if it is killed ptop leaves too.
ui_ptop "-- sleep 306.$MARK"
expect_screen "the sleep runs" "sleep 306\.$MARK$"
keeper=$(pgrep -f "^$PTOP -- sleep 306\.$MARK" | head -n 1)
inner=$(pgrep -P "$keeper" -f "^$PTOP -- sleep 306\.$MARK")
if [ -n "$keeper" ] && [ -n "$inner" ]; then
	expect_eq "ptop leads a session of its own" "$(ps -o sid= -p "$inner" | tr -d ' ')" "$inner"
	kill -TSTP "$keeper"
	_n=0
	until [ "$(proc_state "$keeper")" = T ] && [ "$(proc_state "$inner")" = T ]; do
		_n=$((_n + 1)); [ $_n -gt 100 ] && break; sleep 0.1
	done
	expect_eq "SIGTSTP to the keeper stops ptop, then the keeper" "$(proc_state "$inner")$(proc_state "$keeper")" TT
	kill -CONT "$keeper"
	expect_screen "SIGCONT continues ptop: the view is back" "sleep 306\.$MARK$"
	kill -KILL "$keeper"
	_n=0
	while kill -0 "$inner" 2>/dev/null; do
		_n=$((_n + 1)); [ $_n -gt 100 ] && break; sleep 0.1
	done
	if kill -0 "$inner" 2>/dev/null; then
		fail "ptop still runs after its keeper was killed"
	else
		ok "ptop leaves when its keeper is killed (SIGHUP)"
	fi
else
	fail "cannot find the keeper ($keeper) and ptop ($inner)"
fi
expect_no_leftovers "306.$MARK"
ui_keys Enter
expect_terminal_restored

done_testing
