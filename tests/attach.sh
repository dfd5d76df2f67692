#!/bin/sh
# -p: attach to a running process tree and its existing descendants, follow
# what they start, detach cleanly (group-stopped, mid-vfork, in nanosleep),
# and refuse bad pids with one line and exit 1.
. "${SRCDIR:-.}/tests/lib.sh"
need jq
need_ptrace


# wait_for FILE PATTERN: up to 10 s.
wait_for() {
	_n=0
	until grep -q "$2" "$1" 2>/dev/null; do
		_n=$((_n + 1))
		[ $_n -gt 100 ] && return 1
		sleep 0.1
	done
}

# --- a looping script with children, attached and detached ---------------
cat >"$TMP/loop.sh" <<'SH'
#!/bin/sh
# $1: marker file; children exist before the attach, more come after it.
sleep 3 &
( sleep 3; exit 7 ) &
echo started >"$1"
i=0
while [ ! -e "$1.stop" ] && [ $i -lt 100 ]; do
	/bin/echo "tick $i" >/dev/null
	sleep 0.1
	i=$((i + 1))
done
wait $!
exit $?
SH
chmod +x "$TMP/loop.sh"
"$TMP/loop.sh" "$TMP/mark" &
LOOP=$!
wait_for "$TMP/mark" started || hard_error "loop script did not start"
timeout -k 5 30 "$PTOP" -b -o "$TMP/a.jsonl" -p "$LOOP" >"$TMP/out" 2>"$TMP/err" &
PT=$!
# Two exec lines: the first may be an echo forked before the attach (an
# attach line, then its exec); the loop forks the second after it (a spawn).
_n=0
until [ "$(grep -c '"ev":"exec".*"tick ' "$TMP/a.jsonl" 2>/dev/null)" -ge 2 ]; do
	_n=$((_n + 1)); [ $_n -gt 100 ] && { fail "no exec seen after attach"; break; }; sleep 0.1
done
kill_child INT $PT
wait $PT
RC=$?
expect_eq "ptop -p exits 0 after Ctrl-C" "$RC" 0
jq_expect "$TMP/a.jsonl" "header says attach" '.[0].mode' '"attach"'
jq_expect "$TMP/a.jsonl" "header lists the pid" ".[0].argv" "[\"$LOOP\"]"
jq_expect "$TMP/a.jsonl" "the root is attached with no parent" \
	"[.[] | select(.ev==\"attach\" and .pid==$LOOP) | .parent]" '[null]'
jq_expect "$TMP/a.jsonl" "the root's argv comes from /proc" \
	"[.[] | select(.ev==\"attach\" and .pid==$LOOP) | .argv[1]]" "[\"$TMP/loop.sh\"]"
# Before the attach: root -> sleep 3, root -> subshell -> sleep 3.
jq_expect "$TMP/a.jsonl" "pre-existing children attach under the right parents" \
	'(map(select(.ev=="attach")) | INDEX(.id)) as $a |
	 [.[] | select(.ev=="attach" and .argv==["sleep","3"]) | $a[.parent|tostring] | [.argv[0], .parent]] | sort' \
	'[["/bin/sh",null],["/bin/sh",1]]'
jq_expect "$TMP/a.jsonl" "attach events carry a start time" \
	'[.[] | select(.ev=="attach") | (.started > 1000000000)] | all' 'true'
jq_expect "$TMP/a.jsonl" "new children appear with full argv and the root as parent" \
	'[.[] | select(.ev=="exec" and .argv[0]=="/bin/echo") | .argv[1] | startswith("tick ")] | (length > 0 and all)' 'true'
jq_expect "$TMP/a.jsonl" "the echo spawns have the root as parent" \
	'(map(select(.ev=="exec" and .argv[0]=="/bin/echo") | .id)) as $e | [.[] | select(.ev=="spawn" and (.id as $i | $e | index($i))) | .parent] | unique' '[1]'
jq_expect "$TMP/a.jsonl" "every live process gets a detach line" \
	"[.[] | select(.ev==\"detach\") | .pid] | index($LOOP) != null" 'true'
jq_expect "$TMP/a.jsonl" "the trace ends with end" '.[-1].ev' '"end"'
grep -q "detached" "$TMP/err" && ok "the tree shows detached processes" || fail "tree: $(cat "$TMP/err")"
# After the detach: nothing in a trace stop, and the script finishes normally.
for p in $LOOP $(pgrep -P $LOOP); do
	s=$(proc_state $p)
	case "$s" in
	t) fail "pid $p left in a trace stop after detach" ;;
	*) ;;
	esac
done
ok "no process left in a trace stop"
touch "$TMP/mark.stop"
wait $LOOP
expect_eq "the script ends with its usual status (its last job's 7)" "$?" 7

# --- detach while group-stopped, in nanosleep, and mid-vfork ---------------
sleep 2 &
NAP=$!
sleep 30 &
STOPPED=$!
kill -STOP $STOPPED
"$PROGDIR/attach_vfork" 2 /bin/sh -c 'exit 5' >"$TMP/vf" &
VF=$!
wait_for "$TMP/vf" ready || hard_error "attach_vfork did not start"
# "ready" comes just before the vfork: wait for the child it makes.
_n=0
until pgrep -P "$VF" >/dev/null; do
	_n=$((_n + 1)); [ $_n -gt 100 ] && hard_error "attach_vfork did not vfork"; sleep 0.1
done
timeout -k 5 30 "$PTOP" -b -o "$TMP/d.jsonl" -p "$NAP,$STOPPED,$VF" >"$TMP/out" 2>"$TMP/err" &
PT=$!
# Three roots and the vfork child: every attach line is written.
_n=0
until [ "$(grep -c '"ev":"attach"' "$TMP/d.jsonl" 2>/dev/null)" = 4 ]; do
	_n=$((_n + 1)); [ $_n -gt 100 ] && { fail "ptop did not attach all four"; break; }; sleep 0.1
done
kill_child INT $PT
wait $PT
expect_eq "ptop detaches from all three and exits 0" "$?" 0
jq_expect "$TMP/d.jsonl" "all three roots were attached" '[.[] | select(.ev=="attach" and .parent==null)] | length' 3
expect_eq "the group-stopped process stays stopped" "$(proc_state $STOPPED)" T
kill -CONT $STOPPED
s=$(wait_state $STOPPED SR 5)
[ "$s" = S ] || [ "$s" = R ] && ok "it resumes on SIGCONT" || fail "after SIGCONT state is $s"
kill $STOPPED
wait $NAP
expect_eq "the sleep interrupted by the detach finishes normally" "$?" 0
wait $VF
expect_eq "the vfork parent and child finish normally" "$?" 5

# --- bad pids: one line, exit 1, nothing attached --------------------------
check_bad() {
	_what=$1 _pat=$2
	shift 2
	run_ptop 10 -b "$@"
	expect_eq "$_what: exit 1" "$RC" 1
	if [ "$(wc -l <"$TMP/err")" = 1 ] && grep -q -- "$_pat" "$TMP/err"; then
		ok "$_what: one line naming the problem"
	else
		fail "$_what: stderr is: $(cat "$TMP/err")"
	fi
}
check_bad "not a number" "'abc' is not a process id" -p abc
check_bad "no such process" "no such process" -p 999999999
check_bad "an ancestor" "ancestor of ptop" -p $$
check_bad "init, an ancestor of everything" "ancestor of ptop" -p 1
RC=0
sh -c 'exec "$1" -b -p $$' sh "$PTOP" >"$TMP/out" 2>"$TMP/err" || RC=$?
expect_eq "ptop itself: exit 1" "$RC" 1
grep -q "that is ptop itself" "$TMP/err" && ok "ptop itself: explained" || fail "self: $(cat "$TMP/err")"
check_bad "a kernel thread" "kernel thread" -p 2
if command -v strace >/dev/null 2>&1; then
	sleep 5 &
	VICTIM=$!
	strace -qq -o /dev/null -p $VICTIM &
	ST=$!
	_n=0
	until grep -q "TracerPid:[[:space:]]*[1-9]" /proc/$VICTIM/status; do
		_n=$((_n + 1)); [ $_n -gt 50 ] && break; sleep 0.1
	done
	check_bad "already traced" "already traced by $ST (strace)" -p $VICTIM
	kill $ST; wait $ST 2>/dev/null
	kill $VICTIM; wait $VICTIM 2>/dev/null
fi
if [ "$(id -u)" = 0 ] && command -v runuser >/dev/null 2>&1 && runuser -u nobody -- test -x "$PTOP"; then
	sleep 5 &
	VICTIM=$!
	RC=0
	runuser -u nobody -- "$PTOP" -b -p $VICTIM >"$TMP/out" 2>"$TMP/err" || RC=$?
	expect_eq "another user's process: exit 1" "$RC" 1
	grep -q "runs as uid 0 and ptop as uid" "$TMP/err" && ok "another user: explained" || fail "other user: $(cat "$TMP/err")"
	kill $VICTIM; wait $VICTIM 2>/dev/null
else
	echo "# another user's process: not checked (needs root and a world-executable ptop)"
fi
# A thread id attaches to the whole process, all its threads.
"$PROGDIR/attach_threads" 3 2 >"$TMP/thr" &
THRP=$!
wait_for "$TMP/thr" ready || hard_error "attach_threads did not start"
TID=$(cut -d' ' -f3 "$TMP/thr")
[ "$TID" != "$THRP" ] || hard_error "attach_threads printed its pid as a thread id"
run_ptop 20 -b -o "$TMP/t.jsonl" -p "$TID"
expect_eq "attach by thread id follows the process to its end" "$RC" 0
jq_expect "$TMP/t.jsonl" "the process is attached by its pid" \
	'[.[] | select(.ev=="attach") | .pid]' "[$THRP]"
jq_expect "$TMP/t.jsonl" "its exit is recorded with its 4 threads" \
	'[.[] | select(.ev=="exit") | [.pid, .code, .threads]]' "[[$THRP,0,4]]"
wait $THRP
expect_eq "the threaded process exits normally" "$?" 0

expect_no_leftovers "$TMP"
done_testing
