#!/bin/sh
# Launch mode: ptop's exit status (the command's code, 128+signal, 127 not
# found, 126 not executable, 1 when ptrace is refused), the trace file's
# mode, a trace that stays valid when ptop is killed -9 (and PTRACE_O_EXITKILL
# leaves nothing running), SIGTERM passed on to the command, SIGINT not
# doubled, and a command that inherits from ptop exactly what it would
# inherit without it (signal mask, ignored signals, open fds).
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/scenlib.sh"
need jq
need_ptrace

# Exit status and the end line.
run_traced 20 sh -c 'exit 3' "$TMP"
expect_eq "exit code passed on" "$RC" 3
trace_valid
jq_expect "$TRACE" "exit code in the exit and end lines" \
    '[(.[] | select(.ev == "exit") | .code), .[-1].status]' '[3,3]'
run_traced 20 sh -c 'kill -USR1 $$' "$TMP"
expect_eq "killed by SIGUSR1: 128+10" "$RC" 138
trace_valid
jq_expect "$TRACE" "killed by SIGUSR1: signal, core and end status" \
    '[(.[] | select(.ev == "exit") | .signal, .core, has("code")), .[-1].status]' '["SIGUSR1",false,false,138]'
run_traced 20 sh -c 'ulimit -c 0; kill -SEGV $$' "$TMP"
expect_eq "killed by SIGSEGV (no core allowed): 128+11" "$RC" 139
jq_expect "$TRACE" "killed by SIGSEGV: signal and core flag" \
    '[.[] | select(.ev == "exit") | .signal, .core]' '["SIGSEGV",false]'

# Commands that cannot run.
cd "$TMP" || hard_error "cd $TMP"
run_ptop 20 -b -- ./missing
expect_eq "./missing: exit 127" "$RC" 127
expect_eq "./missing: message" "$(cat "$TMP/err")" "ptop: cannot run './missing': No such file or directory"
printf 'echo not run\n' >"$TMP/noexec"
chmod 644 "$TMP/noexec"
run_ptop 20 -b -- "$TMP/noexec"
expect_eq "not executable: exit 126" "$RC" 126
expect_eq "not executable: message" "$(cat "$TMP/err")" "ptop: cannot run '$TMP/noexec': Permission denied"
expect_eq "not executable: nothing ran" "$(cat "$TMP/out")" ""
cd / || hard_error "cd /"

# ptrace refused: under strace -f, ptop's child is strace's tracee already.
if command -v strace >/dev/null 2>&1; then
	RC=0
	# (LeakSanitizer, in a debug build, cannot work under a tracer.)
	ASAN_OPTIONS=detect_leaks=0 timeout -k 5 20 strace -f -o /dev/null "$PTOP" -b -- true "$TMP" \
	    >"$TMP/out" 2>"$TMP/err" || RC=$?
	expect_eq "ptrace refused: exit 1" "$RC" 1
	case "$(cat "$TMP/err")" in
	"ptop: cannot trace 'true': ptop itself runs under a tracer"*"run ptop outside it")
		ok "ptrace refused: the message says why and what to do" ;;
	*)
		fail "ptrace refused: unclear message: $(cat "$TMP/err")" ;;
	esac
else
	echo "# strace is not installed: ptrace refusal not tested"
fi

# The trace file: created 0600 whatever the umask; an old trace loses its
# looser mode and its content; /dev/null stays what it is.
rm -f "$TMP/new.jsonl"
(umask 000 && timeout -k 5 20 "$PTOP" -b -o "$TMP/new.jsonl" -- true "$TMP" 2>/dev/null)
expect_eq "new trace file: mode 0600 (umask 000)" "$(stat -c %a "$TMP/new.jsonl")" 600
printf 'old content that is much longer than a short trace would ever be...\n%4000s\n' x >"$TMP/old.jsonl"
chmod 644 "$TMP/old.jsonl"
timeout -k 5 20 "$PTOP" -b -o "$TMP/old.jsonl" -- true "$TMP" 2>/dev/null
expect_eq "existing trace file: made 0600" "$(stat -c %a "$TMP/old.jsonl")" 600
trace_valid "$TMP/old.jsonl"
before=$(stat -c '%a %F %t,%T' /dev/null)
RC=0
timeout -k 5 20 "$PTOP" -b -o /dev/null -- true "$TMP" 2>"$TMP/err" || RC=$?
expect_eq "-o /dev/null: exit 0" "$RC $(cat "$TMP/err")" "0     PID STATUS             WALL      CPU  COMMAND
$(sed -n 2p "$TMP/err")"
after=$(stat -c '%a %F %t,%T' /dev/null)
if [ "$before" = "$after" ]; then
	ok "-o /dev/null: left as it was ($after)"
else
	fail "-o /dev/null: changed from '$before' to '$after'"
	chmod 666 /dev/null 2>/dev/null
fi

# kill -9 of ptop mid-run: the trace is valid JSON up to its last complete
# line, and PTRACE_O_EXITKILL took every tracee with it.
"$PTOP" -b -o "$TMP/killed.jsonl" -- sh -c 'while :; do /bin/true "$0"; done' "$TMP" \
    >/dev/null 2>&1 </dev/null &
ptop_pid=$!
lines_over() {
	[ -f "$TMP/killed.jsonl" ] && [ "$(wc -l <"$TMP/killed.jsonl")" -gt "$1" ]
}
wait_until 20 lines_over 300 || fail "kill -9: the trace did not grow"
kill -9 "$ptop_pid"
wait "$ptop_pid" 2>/dev/null
# Drop a partial last line, if the kill cut one.
if [ -n "$(tail -c 1 "$TMP/killed.jsonl")" ]; then
	sed '$d' "$TMP/killed.jsonl" >"$TMP/killed.complete"
else
	cp "$TMP/killed.jsonl" "$TMP/killed.complete"
fi
if jq -c . "$TMP/killed.complete" >/dev/null 2>"$TMP/jqerr"; then
	ok "kill -9: every complete line is valid JSON ($(wc -l <"$TMP/killed.complete") lines)"
else
	fail "kill -9: invalid JSON: $(head -c 300 "$TMP/jqerr")"
fi
jq_expect "$TMP/killed.complete" "kill -9: starts with the header, no end line" \
    '[.[0].ptop, (map(select(.ev == "end")) | length)]' '["trace",0]'
expect_no_leftovers "$TMP"

# SIGTERM to ptop goes to the command; ptop still writes exit and end.
"$PTOP" -b -o "$TMP/term.jsonl" -- "$PROGDIR/sigcount" "$TMP/term.ready" "$TMP" \
    >/dev/null 2>&1 </dev/null &
ptop_pid=$!
wait_until 20 test -f "$TMP/term.ready" || fail "SIGTERM: the command never got ready"
kill -TERM "$ptop_pid"
RC=0
wait "$ptop_pid" || RC=$?
expect_eq "SIGTERM: ptop exits 128+15, the command's status" "$RC" 143
trace_valid "$TMP/term.jsonl"
jq_expect "$TMP/term.jsonl" "SIGTERM: the command died of it; exit and end lines written" \
    '[(.[] | select(.ev == "exit") | .signal), .[-1].status]' '["SIGTERM",143]'

# SIGINT to ptop alone: not passed on (the terminal sends the command its
# own).  The command counts SIGINTs: one sent to it directly must be the
# only one it gets.
"$PTOP" -b -v "$TMP/int.debug" -o "$TMP/int.jsonl" -- "$PROGDIR/sigcount" "$TMP/int.ready" "$TMP" \
    >/dev/null 2>&1 </dev/null &
ptop_pid=$!
wait_until 20 test -f "$TMP/int.ready" || fail "SIGINT: the command never got ready"
kill -INT "$ptop_pid"
# ptop has handled it once its debug log says so; a copy passed on would be
# counted by the command, whose exit status below is the count.
wait_until 20 grep -q "SIGINT: the command gets its own" "$TMP/int.debug" &&
    ok "SIGINT to ptop alone: handled" || fail "SIGINT to ptop alone: not handled"
cmd_pid=$(jq -s '.[] | select(.ev == "spawn" and .id == 1) | .pid' "$TMP/int.jsonl")
kill -INT "$cmd_pid"
RC=0
wait "$ptop_pid" || RC=$?
expect_eq "SIGINT to ptop alone: not passed on, ptop keeps going (1 SIGINT counted)" "$RC" 1
trace_valid "$TMP/int.jsonl"

# SIGINT to the whole process group, as a terminal sends it: ptop must not
# add a second copy.
if command -v setsid >/dev/null 2>&1; then
	setsid "$PTOP" -b -o "$TMP/pgrp.jsonl" -- "$PROGDIR/sigcount" "$TMP/pgrp.ready" "$TMP" \
	    >/dev/null 2>&1 </dev/null &
	ptop_pid=$!
	wait_until 20 test -f "$TMP/pgrp.ready" || fail "SIGINT to the group: the command never got ready"
	pgid=$(ps -o pgid= -p "$ptop_pid" | tr -d ' ')
	if [ "$pgid" = "$ptop_pid" ]; then
		kill -INT "-$pgid"
		RC=0
		wait "$ptop_pid" || RC=$?
		expect_eq "SIGINT to the group: the command got exactly one" "$RC" 1
		trace_valid "$TMP/pgrp.jsonl"
	else
		kill -TERM "$ptop_pid"
		wait "$ptop_pid"
		echo "# setsid forked: process group SIGINT not tested"
	fi
fi

# What the command inherits: signal mask, ignored and caught signals, fds,
# umask, capabilities must be exactly as without ptop, for the command, a
# child it forks and a program that child execs.  ptop blocks SIGINT,
# SIGTERM, SIGCHLD... for itself and holds a signalfd, /proc and the trace
# open: none of it may leak.  "sigstate wrap" sets a non-default state
# first (blocked SIGUSR1, ignored SIGHUP as under nohup).
for wrap in plain wrapped; do
	if [ $wrap = wrapped ]; then
		set -- "$PROGDIR/sigstate" wrap --
	else
		set --
	fi
	timeout -k 5 20 "$@" "$PROGDIR/sigstate" run "$TMP/bare" "$TMP" \
	    </dev/null >"$TMP/out" 2>"$TMP/err" || hard_error "sigstate failed: $(cat "$TMP/err")"
	RC=0
	timeout -k 5 20 "$@" "$PTOP" -b -o "$TRACE" -v "$TMP/debug.log" --tree-file "$TMP/tree" -- \
	    "$PROGDIR/sigstate" run "$TMP/traced" "$TMP" </dev/null >"$TMP/out" 2>"$TMP/err" || RC=$?
	expect_eq "$wrap: sigstate under ptop exits 0" "$RC $(cat "$TMP/err")" "0 "
	for who in root child exec; do
		without_filter "$TMP/bare.$who" >"$TMP/bare.nf"
		without_filter "$TMP/traced.$who" >"$TMP/traced.nf"
		if cmp -s "$TMP/bare.nf" "$TMP/traced.nf"; then
			ok "$wrap: the $who sees the same signals, fds, umask as without ptop"
		else
			fail "$wrap: the $who differs under ptop: $(diff "$TMP/bare.nf" "$TMP/traced.nf" | grep '^[<>]' | tr '\n' ' ')"
		fi
		expect_eq "$wrap: the $who has the exec attempt filter (seccomp), and only under ptop" \
		    "$(sed -n 's/^Seccomp:[[:space:]]*//p' "$TMP/bare.$who") $(sed -n 's/^Seccomp:[[:space:]]*//p' "$TMP/traced.$who")" "0 2"
	done
	trace_valid
done
grep -q '^SigBlk:.*[1-9a-f]' "$TMP/bare.root" && grep -q '^SigIgn:.*[1-9a-f]' "$TMP/bare.root" &&
    ok "wrapped: the command starts with signals blocked and ignored" ||
    fail "wrapped: sigstate wrap did not set anything: $(cat "$TMP/bare.root")"

# A command that uses ptrace itself (here strace) cannot: a process has one
# tracer.  It must fail as under strace -f, and ptop record it all and end.
if command -v strace >/dev/null 2>&1; then
	run_ptop 20 -b -o "$TMP/nested.jsonl" -- strace -f -o /dev/null /bin/true
	expect_eq "strace under ptop: fails with its own status" "$RC" 1
	grep -q "Operation not permitted" "$TMP/err" && ok "strace under ptop: says EPERM" ||
	    fail "strace under ptop: $(head -n 3 "$TMP/err")"
	trace_valid "$TMP/nested.jsonl"	# every process in it ended
fi

expect_no_leftovers "$TMP"
done_testing
