#!/bin/sh
# -p on an interactive bash in tmux: commands typed into it appear in the
# trace; Ctrl-Z stops the foreground job and fg resumes it while traced;
# after ptop detaches, the shell still runs commands.
. "${SRCDIR:-.}/tests/lib.sh"
need jq tmux bash
need_ptrace

# screen_has PATTERN: poll the pane for up to 10 s.
screen_has() { tmx_has "$1" 10; }

tmx -f /dev/null new-session -d -s s -x 120 -y 30 \
	"env -i PATH=$PATH TERM=xterm HOME=$TMP PS1='ready\$ ' bash --norc --noprofile -i"
screen_has 'ready\$' || hard_error "bash did not start in tmux"
BASH_PID=$(tmx list-panes -t s -F '#{pane_pid}')

timeout -k 5 60 "$PTOP" -b -o "$TMP/s.jsonl" -p "$BASH_PID" >"$TMP/out" 2>"$TMP/err" &
PT=$!
# Wait until the attach line is written.
_n=0
until grep -q '"attach"' "$TMP/s.jsonl" 2>/dev/null; do
	_n=$((_n + 1)); [ $_n -gt 100 ] && hard_error "ptop did not attach"; sleep 0.1
done

tmx send-keys -t s "/bin/echo typed-$$ one" Enter
screen_has "typed-$$ one" && ok "a command typed in the traced shell runs" || fail "echo did not run"

tmx send-keys -t s "sleep 30" Enter
_n=0
until SLEEP=$(pgrep -P "$BASH_PID" -x sleep) && [ -n "$SLEEP" ]; do
	_n=$((_n + 1)); [ $_n -gt 100 ] && hard_error "the typed sleep did not start"; sleep 0.1
done
tmx send-keys -t s C-z
screen_has "Stopped" && ok "Ctrl-Z stops the foreground job" || fail "no 'Stopped' after Ctrl-Z"
[ "$(proc_state "$SLEEP")" != gone ] || fail "the sleep is gone after Ctrl-Z"
tmx send-keys -t s "fg" Enter
s=$(wait_state "$SLEEP" SR 5)
[ "$s" = S ] || [ "$s" = R ] && ok "fg resumes it (state $s)" || fail "after fg the sleep is in state $s"
tmx send-keys -t s C-c
screen_has 'ready\$ $' || true
tmx send-keys -t s "/bin/echo typed-$$ two" Enter
screen_has "typed-$$ two" && ok "the shell takes commands after the job" || fail "second echo did not run"
# Its output shows before it exits: wait for its exit in the trace, or the
# detach would find it still alive and list it.
_n=0
until jq -s -e "[.[] | select(.ev==\"exec\" and .argv[1]==\"typed-$$\" and .argv[2]==\"two\") | .id] as \$i |
    [.[] | select(.ev==\"exit\" and (.id as \$x | \$i | index(\$x)))] | length == 1" \
    "$TMP/s.jsonl" >/dev/null 2>&1; do
	_n=$((_n + 1)); [ $_n -gt 100 ] && { fail "the second echo's exit is not in the trace"; break; }
	sleep 0.1
done

kill_child INT $PT
wait $PT
expect_eq "ptop detaches on SIGINT and exits 0" "$?" 0
s=$(proc_state "$BASH_PID")
[ "$s" = S ] || [ "$s" = R ] && ok "the shell is running, not in a trace stop" || fail "shell state after detach: $s"
tmx send-keys -t s "/bin/echo typed-$$ after-detach" Enter
screen_has "typed-$$ after-detach" && ok "the shell runs commands after the detach" || fail "shell dead after detach"

[ -f "$TMP/s.jsonl" ] || { ls -la "$TMP" >&2; cat "$TMP/err" >&2; }
jq_expect "$TMP/s.jsonl" "the typed commands are in the trace with their argv" \
	"[.[] | select(.ev==\"exec\" and .argv[0]==\"/bin/echo\") | .argv[1:] | join(\" \")]" \
	"[\"typed-$$ one\",\"typed-$$ two\"]"
jq_expect "$TMP/s.jsonl" "the interrupted sleep ended by SIGINT" \
	'[.[] | select(.ev=="exec" and .argv==["sleep","30"]) | .id] as $i | [.[] | select(.ev=="exit" and (.id as $x | $i | index($x))) | .signal]' \
	'["SIGINT"]'
jq_expect "$TMP/s.jsonl" "the shell is detached at the end" \
	"[.[] | select(.ev==\"detach\") | .pid]" "[$BASH_PID]"

tmx kill-server
expect_no_leftovers "typed-$$"
done_testing
