# tests/lib.sh: shared helpers for the shell tests (sourced, POSIX sh).
#
# Environment (set by the harness, see tests/Makefile.inc): PTOP (the binary),
# PROGDIR (built scenario programs), SRCDIR, TESTDATA.  A test exits 0 when
# it passes, 1 when it fails, 77 to skip (always saying why), 99 on a broken
# set-up.  Every run of ptop goes through a timeout: a hang is a failure.

set -u

: "${PTOP:?run through make check}"
: "${PROGDIR:=$(dirname "$PTOP")/../tests/prog}"
TEST_NAME=$(basename "$0" .sh)
TMP=$(mktemp -d "${TMPDIR:-/tmp}/ptop-test.XXXXXX")
NFAIL=0

# A private tmux server for tests that need a terminal of their own (the
# view's tests use ui_lib.sh instead): tmx runs tmux on it; it goes at exit.
TMX_SOCK="ptop-test-$$"
tmx() {
	tmux -L "$TMX_SOCK" "$@"
}

cleanup() {
	command -v tmux >/dev/null 2>&1 && tmx kill-server 2>/dev/null
	rm -rf "$TMP"
}
trap cleanup EXIT

# tmx_has PATTERN SECONDS: poll pane s until a line matches; 1 on timeout.
tmx_has() {
	_n=0
	until tmx capture-pane -p -t s | grep -q -- "$1"; do
		_n=$((_n + 1))
		[ $_n -gt $(($2 * 10)) ] && return 1
		sleep 0.1
	done
}

# proc_state PID: its one-letter state from /proc (R S D T t Z), or "gone".
proc_state() {
	sed -n 's/^State:[[:space:]]*\([A-Za-z]\).*/\1/p' "/proc/$1/status" 2>/dev/null || echo gone
}

# wait_state PID LETTERS SECONDS: poll until PID's state is one of LETTERS
# (e.g. "tT"); prints the last state seen, 1 if it never got there.
wait_state() {
	_n=0
	while :; do
		_s=$(proc_state "$1")
		[ -n "$_s" ] && case "$2" in *"$_s"*) echo "$_s"; return 0 ;; esac
		_n=$((_n + 1))
		[ $_n -gt $(($3 * 20)) ] && { echo "$_s"; return 1; }
		sleep 0.05
	done
}

fail() {
	echo "FAIL: $TEST_NAME: $*" >&2
	NFAIL=$((NFAIL + 1))
}

ok() {
	echo "ok - $*"
}

skip() {
	echo "SKIP: $TEST_NAME: $*" >&2
	exit 77
}

hard_error() {
	echo "ERROR: $TEST_NAME: $*" >&2
	exit 99
}

need() {
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 || skip "'$c' is not installed (./build.sh installs it)"
	done
}

# Finish: exit 1 if anything failed.
done_testing() {
	[ "$NFAIL" = 0 ] || exit 1
	exit 0
}

# ptop must be able to ptrace here, or every tracing test is meaningless.
need_ptrace() {
	if ! out=$(timeout -k 2 20 "$PTOP" -b -- true 2>&1); then
		case "$out" in
		*"not permitted"*|*"runs under a tracer"*) skip "ptrace is not available here: $out" ;;
		esac
		hard_error "ptop -b -- true failed: $out"
	fi
}

# run_ptop SECONDS ARGS...: ptop with a hard timeout; sets RC, output in
# $TMP/out and $TMP/err.
run_ptop() {
	_t=$1
	shift
	RC=0
	timeout -k 5 "$_t" "$PTOP" "$@" >"$TMP/out" 2>"$TMP/err" </dev/null || RC=$?
	if [ "$RC" = 124 ] || [ "$RC" = 137 ]; then
		fail "ptop $* timed out after ${_t}s (a hang)"
	fi
}

# expect_eq WHAT GOT WANT
expect_eq() {
	if [ "$2" = "$3" ]; then
		ok "$1"
	else
		fail "$1: got '$2', want '$3'"
	fi
}

# jq_expect TRACE WHAT FILTER WANT: the jq -s filter over the trace's lines.
jq_expect() {
	_got=$(jq -s -c "$3" "$1" 2>&1) || _got="jq error: $_got"
	expect_eq "$2" "$_got" "$4"
}

# Processes whose command line contains MARK, other than this test's own.
procs_matching() {
	ps -eo pid=,stat=,args= | grep -F -- "$1" | grep -v -e "grep -F" -e "$TEST_NAME" || true
}

# kill_child SIG PID: send SIG to the ptop that `timeout` (PID) runs, not to
# timeout: timeout follows every signal it forwards with SIGCONT, and a
# SIGCONT cancels the SIGSTOP that LeakSanitizer's own tracer waits for at
# ptop's exit (the --enable-debug build then hung until timeout's -k).
kill_child() {
	_c=$(pgrep -P "$2" | head -n 1)
	kill "-$1" "${_c:-$2}"
}

# No process may be left behind: none running, none stopped, none traced.
expect_no_leftovers() {
	_mark=$1
	_left=""
	for _i in 1 2 3 4 5 6 7 8 9 10; do
		_left=$(procs_matching "$_mark")
		[ -z "$_left" ] && break
		sleep 0.2
	done
	if [ -z "$_left" ]; then
		ok "nothing left running or stopped ($_mark)"
	else
		fail "processes left behind: $_left"
	fi
}

# without_filter FILE: a sigstate dump without its Seccomp line.  The one
# thing ptop gives a launched command is its seccomp filter, which stops
# exec attempts (tracee.h); everything else must be as without ptop.
without_filter() {
	sed '/^Seccomp:/d' "$1"
}
