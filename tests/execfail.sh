#!/bin/sh
# Failed exec attempts (the seccomp filter of a launched command): every
# errno a real program meets, PATH searches compared with strace, execveat
# and fexecve, scripts without the execute bit or with a missing
# interpreter, bad pointers; the row's note, the batch tree, the detail
# (--show), and the trace's round trip through -r.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/scenlib.sh"
need jq
need_ptrace

T=$PROGDIR/tryexec

# attempts ID: "path errno" of each failed attempt of process ID, in order.
attempts() {
	jq -r --argjson id "$1" 'select(.ev == "execfail" and .id == $id) | "\(.path) \(.errno)"' "$TRACE"
}

# One attempt of each kind, each process exiting 100 + errno.
printf 'not a program\n' >"$TMP/noexec"			# no x bit
printf '\177ELF garbage\n' >"$TMP/garbage"; chmod +x "$TMP/garbage"
printf '#!/nonexistent/interpreter\n' >"$TMP/badshebang"; chmod +x "$TMP/badshebang"
ln -s loop2 "$TMP/loop1"; ln -s loop1 "$TMP/loop2"
mkdir "$TMP/dir"
check() {	# WHAT WANT-ERRNO WANT-PATH CMD...
	_what=$1 _errno=$2 _path=$3
	shift 3
	run_traced 20 "$@"
	trace_valid
	expect_eq "$_what: the attempt, its path and errno" "$(attempts 1 | tail -n 1)" "$_path $_errno"
}
check "a file without the execute bit" EACCES "$TMP/noexec" "$T" path "$TMP/noexec" x
check "a directory" EACCES "$TMP/dir" "$T" path "$TMP/dir" x
check "an executable that is no program" ENOEXEC "$TMP/garbage" "$T" path "$TMP/garbage" x
check "a script whose interpreter is missing" ENOENT "$TMP/badshebang" "$T" path "$TMP/badshebang" x
check "a path through a file" ENOTDIR "$TMP/noexec/x" "$T" path "$TMP/noexec/x" x
check "a symbolic link loop" ELOOP "$TMP/loop1" "$T" path "$TMP/loop1" x
check "execveat relative to a directory" ENOENT "$TMP/dir/missing" "$T" at "$TMP/dir" missing x
check "fexecve of a file without the execute bit" EACCES "$TMP/noexec" "$T" fd "$TMP/noexec" x
check "a NULL path" EFAULT "null" "$T" nullpath
check "an unreadable argv" EFAULT "/bin/true" "$T" badargv /bin/true
expect_eq "the process goes on after its attempt fails" "$RC" $((100 + 14))

# E2BIG: an argv the kernel refuses; what ptop keeps of it says it is cut.
run_traced 30 "$T" big /bin/true 3000 1000
expect_eq "an argv too big: E2BIG" "$(attempts 1 | tail -n 1)" "/bin/true E2BIG"
jq_expect "$TRACE" "an argv too big: the attempt's argv is cut, and says so" \
	'[.[] | select(.ev == "execfail" and .errno == "E2BIG") | [.cut, (.argv | length) < 3001]]' \
	'[[true,true]]'

# A PATH search: the same attempts, in the same order, as strace sees.
if command -v strace >/dev/null 2>&1; then
	cmd="env nosuch-$$ arg"
	strace -f -qq -e trace=execve,execveat -o "$TMP/strace.log" sh -c "$cmd" 2>/dev/null
	sed -n 's/^[0-9]* *execve("\([^"]*\)", .* = -1 \(E[A-Z0-9]*\) .*/\1 \2/p' "$TMP/strace.log" \
		>"$TMP/strace.att"
	run_traced 20 sh -c "$cmd"
	trace_valid
	jq -r 'select(.ev == "execfail" and .id > 1) | "\(.path) \(.errno)"' "$TRACE" >"$TMP/ptop.att"
	if [ -s "$TMP/strace.att" ] && cmp -s "$TMP/strace.att" "$TMP/ptop.att"; then
		ok "PATH search: $(wc -l <"$TMP/ptop.att") attempts, as strace saw them"
	else
		fail "PATH search: strace and ptop differ: $(diff "$TMP/strace.att" "$TMP/ptop.att" | head -n 5 | tr '\n' ' ')"
	fi
	grep -q "env nosuch-$$ arg  ✗ nosuch-$$: not found" "$TMP/tree" &&
		ok "the batch tree says what it tried and why it failed" ||
		fail "no note in the batch tree: $(cat "$TMP/tree")"
	# The same from the trace: -r replays the attempts.
	LC_ALL=C.UTF-8 run_ptop 20 -b -r "$TRACE" --tree-file "$TMP/tree2"
	grep -q "✗ nosuch-$$: not found" "$TMP/tree2" && ok "-r replays the attempts" ||
		fail "replayed tree: $(cat "$TMP/tree2")"
	pid=$(jq -r 'select(.ev == "exec" and .argv[0] == "env") | .pid' "$TRACE")
	run_ptop 20 -r "$TRACE" --show "$pid"
	expect_eq "--show exits 0" "$RC" 0
	grep -q "^exec attempts that failed: $(wc -l <"$TMP/ptop.att"), oldest first" "$TMP/out" &&
		grep -q "nosuch-$$: ENOENT (not found)" "$TMP/out" &&
		ok "--show lists every attempt with its errno" || fail "--show: $(head -n 40 "$TMP/out")"
else
	ok "(no strace here: PATH search not compared)"
fi

# A successful PATH search leaves its attempts in the detail, not in the row.
mkdir "$TMP/bin"
cp /bin/true "$TMP/bin/mytrue-$$"
run_traced 20 env PATH="$TMP/nothere:$TMP/bin" "mytrue-$$"
expect_eq "a PATH search that succeeds: the command's status" "$RC" 0
expect_eq "... its attempts are recorded" "$(attempts 1 | grep nothere)" "$TMP/nothere/mytrue-$$ ENOENT"
if grep -q "✗" "$TMP/tree"; then fail "a note on a process that did exec: $(cat "$TMP/tree")"
else ok "... and its row has no note: the exec succeeded"; fi

# Predicted failures (predict.h): after a task's first failed attempt, the
# next ones are walked by ptop and their errno taken without the exit stop,
# only where ptop sees the files as the task does.  Each case below gives a
# wrong errno if a condition is not checked; the debug log says what was
# predicted, so a case cannot pass by never predicting.
predicted() { grep -c "attempt predicted to fail" "$TMP/debug" || true; }
kernel=$(uname -r)
if [ "$(printf '%s\n6.8\n' "${kernel%%-*}" | sort -V | head -n 1)" != 6.8 ]; then
	ok "(Linux $kernel: before 6.8 nothing is predicted)"
else
	rm -f "$TMP/debug"
	run_ptop 20 -v "$TMP/debug" -b -o "$TRACE" -- \
		/usr/bin/env PATH="/nonexistent-$$/a:$TMP/nothere:/nonexistent-$$/c:$TMP/bin" "mytrue-$$"
	expect_eq "predicted: a PATH search's attempts after the first, without an exit stop" \
		"$(predicted)" 2
	expect_eq "... with the errno strace would show" \
		"$(attempts 1 | tr '\n' ' ')" \
		"/nonexistent-$$/a/mytrue-$$ ENOENT $TMP/nothere/mytrue-$$ ENOENT /nonexistent-$$/c/mytrue-$$ ENOENT "
	rm -f "$TMP/debug"
	PTOP_NO_PREDICT=1 run_ptop 20 -v "$TMP/debug" -b -o "$TRACE" -- \
		/usr/bin/env PATH="/nonexistent-$$/a:$TMP/nothere:/nonexistent-$$/c:$TMP/bin" "mytrue-$$"
	expect_eq "PTOP_NO_PREDICT=1: every errno read at the exit stop, the same attempts" \
		"$(predicted) $(attempts 1 | tr '\n' ' ')" \
		"0 /nonexistent-$$/a/mytrue-$$ ENOENT $TMP/nothere/mytrue-$$ ENOENT /nonexistent-$$/c/mytrue-$$ ENOENT "
	if [ "$(id -u)" = 0 ]; then
		# A directory only root can search: nobody gets EACCES where ptop
		# (root) finds nothing (ENOENT).
		chmod 711 "$TMP"
		mkdir -m 755 "$TMP/pub"
		mkdir -m 700 "$TMP/priv"
		cp "$T" "$TMP/pub/tryexec"
		rm -f "$TMP/debug"
		run_ptop 20 -v "$TMP/debug" -b -o "$TRACE" -- "$TMP/pub/tryexec" seq \
			"x:$TMP/pub/n1" "x:$TMP/pub/n2" u:65534 "x:$TMP/priv/x"
		expect_eq "a task that becomes nobody after a prediction: its next errno is read, not predicted" \
			"$(predicted) $(attempts 1 | tr '\n' ' ')" \
			"1 $TMP/pub/n1 ENOENT $TMP/pub/n2 ENOENT $TMP/priv/x EACCES "
		rm -f "$TMP/debug"
		run_ptop 20 -v "$TMP/debug" -b -o "$TRACE" -- "$TMP/pub/tryexec" seq u:65534 \
			"X:$TMP/pub/tryexec" seq "x:$TMP/pub/n1" "x:$TMP/priv/x"
		expect_eq "a task that runs as nobody: not predicted (other credentials than ptop's)" \
			"$(predicted) $(attempts 1 | tr '\n' ' ')" \
			"0 $TMP/pub/n1 ENOENT $TMP/priv/x EACCES "
		chmod 700 "$TMP"
	else
		ok "(not root: the cases that change credentials need root)"
	fi
fi

# --no-execfail: no filter, no attempts, and the trace and --show say so.
run_ptop 20 -b --no-execfail -o "$TRACE" -- /usr/bin/env PATH="$TMP/nothere:$TMP/bin" "mytrue-$$"
expect_eq "--no-execfail: the command runs" "$RC" 0
jq_expect "$TRACE" "--no-execfail: no execfail event, and the header says they are not recorded" \
	'[(.[0].execfail), ([.[] | select(.ev == "execfail")] | length)]' '[false,0]'
run_ptop 20 -r "$TRACE" --show "$(jq -r 'select(.ev == "spawn") | .pid' "$TRACE")"
grep -q "Failed exec attempts are not recorded: the run was traced with --no-execfail" "$TMP/out" &&
	ok "--no-execfail: --show says why there are no attempts" || fail "--show: $(head -n 30 "$TMP/out")"

# Bad pids and ids for --show.
run_ptop 20 -r "$TRACE" --show 999999999
expect_eq "--show of a pid the trace lacks exits 1" "$RC" 1
run_ptop 20 -r "$TRACE" --show x1
expect_eq "--show of no number exits 2" "$RC" 2
run_ptop 20 --show 1 -- true
expect_eq "--show without -r exits 2" "$RC" 2

done_testing
