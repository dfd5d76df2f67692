#!/bin/sh
# Ctrl-Z on "ptop -b -- COMMAND" in an interactive shell stops ptop and the
# command together, and fg continues both: the job is really stopped while
# the shell says so, and it finishes normally after fg.
. "${SRCDIR:-.}/tests/lib.sh"
need tmux bash
need_ptrace

screen_has() { tmx_has "$1" 15; }

tmx -f /dev/null new-session -d -s s -x 150 -y 30 \
	"env -i PATH=$PATH TERM=xterm HOME=$TMP PS1='ready\$ ' bash --norc --noprofile -i"
screen_has 'ready\$' || hard_error "bash did not start in tmux"
tmx send-keys -t s "timeout 60 $PTOP -b -- sh -c 'sleep 1.5; echo finished-$$'" Enter
_n=0
until SL=$(pgrep -f "^sleep 1.5" | head -n 1) && [ -n "$SL" ]; do
	_n=$((_n + 1)); [ $_n -gt 100 ] && hard_error "the traced sleep did not start"; sleep 0.1
done
tmx send-keys -t s C-z
screen_has "Stopped" && ok "the shell reports the job stopped" || fail "no 'Stopped' after Ctrl-Z"
# The shell's job is timeout(1), which stops at once on the terminal's
# SIGTSTP; ptop stops itself only once its command is stopped (at most
# ~0.3 s later), so its own state is polled.
PT=$(pgrep -f "^$PTOP -b -- sh -c" | head -n 1)
expect_eq "ptop itself is stopped" "$(wait_state "$PT" T 5)" T
s=$(wait_state "$SL" tT 5)
[ "$s" = t ] || [ "$s" = T ] && ok "the traced sleep is stopped too ($s)" || fail "traced sleep state $s while the job is stopped"
# The job stays stopped, past the time its sleep would have ended.
_held=yes
for _i in $(seq 20); do
	case "$(proc_state "$SL")$(proc_state "$PT")" in
	[tT]T) ;;
	*) _held=no ;;
	esac
	sleep 0.1
done
expect_eq "the job stays stopped until fg" "$_held" yes
tmx capture-pane -p -t s | grep -q "^finished-$$" && fail "the job finished while stopped" ||
	ok "the job did not finish while stopped"
tmx send-keys -t s "fg" Enter
screen_has "finished-$$" && ok "fg continues the job to its end" || fail "the job did not finish after fg"
screen_has "ok .*sleep 1.5" && ok "the tree is printed after the job ends" || fail "no tree after fg"
tmx kill-server
expect_no_leftovers "finished-$$"
done_testing
