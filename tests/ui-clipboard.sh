#!/bin/sh
# The detail page's c and C keys put a command that reruns the exec on the
# terminal's clipboard (OSC 52; tmux with set-clipboard on makes it a paste
# buffer).  Each command, run by a POSIX shell, must give the program the
# same argv, environment and cwd as the recorded exec: imgdump writes what
# it received, before and after, and the two must be the same bytes.
#   c: cd, the environment's difference from ptop's own, argv (run in the
#      shell ptop ran in, whose environment ptop had);
#   C: cd, env -i with the whole environment, argv (run from anywhere).
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui_lib.sh"
need_ptrace

[ -x "$PROGDIR/imgdump" ] || hard_error "no $PROGDIR/imgdump"
IMGDUMP=$(cd "$PROGDIR" && pwd)/imgdump

# The exec to reproduce: words and values a careless quoter gets wrong.
mkdir "$TMP/work dir"
cd "$TMP/work dir" || hard_error "cd"
nl='
'
timeout -k 5 30 env -i "A=two words" "Q=it's \"quoted\" \$HOME \`x\`" "NL=a${nl}b" \
    "BAD=$(printf 'caf\377')" "EQ=a=b" "E=" "-X=dash" PATH=/usr/bin:/bin \
    "$PTOP" -b -o "$TMP/t.jsonl" -- "$IMGDUMP" "$TMP/first" '-n' "a${nl}b" "'" '$(id)' '' \
    "$(printf 'bad\377')" 2>"$TMP/err"
[ -s "$TMP/first" ] || hard_error "imgdump did not run under ptop: $(cat "$TMP/err")"
cd "$TMP" || hard_error "cd"

ui_session 120 30
tmux_ set-option -g set-clipboard on
tmux_ set-option -g -s set-clipboard on 2>/dev/null

# copy KEY: open the root's detail page, press KEY, quit; the buffer in $TMP/cmd.
copy() {
	tmux_ delete-buffer 2>/dev/null
	ui_ptop "-r '$TMP/t.jsonl'"
	expect_screen "the replay is up ($1)" "imgdump"
	ui_keys Enter
	expect_screen "the detail page ($1)" "^ Process [0-9]+ \\(trace id 1\\)"
	ui_keys "$1"
	expect_screen "$1: a message says it was copied" "Copied to the clipboard"
	ui_keys q
	ui_keys q
	[ "$(ui_rc)" = 0 ] || fail "$1: ptop's exit status is $(cat "$TMP/rc" 2>/dev/null)"
	if tmux_ show-buffer >"$TMP/cmd" 2>/dev/null && [ -s "$TMP/cmd" ]; then
		ok "$1: the terminal got the command ($(wc -c <"$TMP/cmd") bytes)"
	else
		fail "$1: nothing reached the clipboard"
		return 1
	fi
	if grep -q "$(printf '\033')" "$TMP/cmd"; then
		fail "$1: a raw escape in the command"
	fi
}

# same WHAT [sorted]: the rerun dump equals the first one (with "sorted",
# as a set of strings: env(1) keeps a variable where the environment it
# changes had it, so a difference from another environment keeps the
# variables, not their order).
same() {
	if [ -n "${2:-}" ]; then
		tr '\0' '\n' <"$TMP/first" | LC_ALL=C sort >"$TMP/first.s"
		tr '\0' '\n' <"$TMP/again" | LC_ALL=C sort >"$TMP/again.s"
		if [ -s "$TMP/first" ] && cmp -s "$TMP/first.s" "$TMP/again.s"; then
			ok "$1: the program got the same argv, environment (in another order) and cwd"
		else
			fail "$1: the rerun differs: $(diff "$TMP/first.s" "$TMP/again.s" | head -n 6 | tr '\n' ' ')"
			sed 's/^/# /' "$TMP/cmd"
		fi
	elif [ -s "$TMP/first" ] && cmp -s "$TMP/first" "$TMP/again"; then
		ok "$1: the program got the same argv, environment and cwd"
	else
		fail "$1: the rerun differs: $(cmp "$TMP/first" "$TMP/again" 2>&1)"
		sed 's/^/# /' "$TMP/cmd"
	fi
}

# C: from the test's own shell, with another environment and cwd.
if copy C; then
	rm -f "$TMP/again"
	# The command writes to argv[1], the first dump's name: move it aside.
	mv "$TMP/first" "$TMP/first.orig"
	timeout 10 env FOO=unrelated sh "$TMP/cmd" >"$TMP/run.out" 2>&1
	mv "$TMP/first" "$TMP/again" 2>/dev/null
	mv "$TMP/first.orig" "$TMP/first"
	same "C"
fi

# c: in the tmux shell, the environment ptop had.
if copy c; then
	mv "$TMP/first" "$TMP/first.orig"
	ui_run "clear; sh '$TMP/cmd'; echo ran-\$?"
	ui_wait '^ran-[0-9]' 15 || fail "c: the command did not finish"
	mv "$TMP/first" "$TMP/again" 2>/dev/null
	mv "$TMP/first.orig" "$TMP/first"
	same "c" sorted
fi

done_testing
