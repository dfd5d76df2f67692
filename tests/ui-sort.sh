#!/bin/sh
# Sorting siblings on the real binary: > < I and F6 as in htop, the sort
# column marked in the header, the cursor staying on its process, x and
# search walking the rows as shown, a click on a column's name, < > no
# longer scrolling; live, a process whose time grows moves to its place
# when the view is left alone; --no-highlight.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui_lib.sh"
need_ptrace
need ps

# A copy of its own: tests that run at once must not see each other's ptop -r.
TRACE="$TMP/basic.jsonl"
cp "$TESTDATA/basic.jsonl" "$TRACE"
MARK=$$

# ui_order WHAT A B: a line matching A comes before one matching B (soon).
ui_order() {
	_end=$(( $(date +%s) + 20 ))
	while :; do
		ui_screen >"$TMP/screen" 2>/dev/null
		_a=$(grep -n -E -- "$2" "$TMP/screen" | head -n 1 | cut -d: -f1)
		_b=$(grep -n -E -- "$3" "$TMP/screen" | head -n 1 | cut -d: -f1)
		if [ -n "$_a" ] && [ -n "$_b" ] && [ "$_a" -lt "$_b" ]; then
			ok "$1"
			return 0
		fi
		if [ "$(date +%s)" -ge "$_end" ]; then
			fail "$1: /$2/ (line ${_a:-none}) not before /$3/ (line ${_b:-none})"
			ui_dump
			return 1
		fi
		sleep 0.1
	done
}

# 1. A replay.
ui_session 120 30
ui_ptop "--no-config -r '$TRACE'"
expect_screen "creation order: nothing marked" "^ +PID STATE +START +TIME +CPU MAXRSS COMMAND$"
ui_keys / ; ui_type "alpha"; ui_keys Enter
expect_selected "the cursor on alpha" "cc -c alpha\.c"

ui_keys '>'
expect_screen "> sorts by the next column: TIME, biggest first" "START +↓TIME +CPU"
expect_screen "the footer says so" "Sorted by TIME↓, descending \(I inverts\)"
ui_order "the longest child of make all first" "make -C sub$" "cc -c gamma\.c$"
expect_selected "the cursor stays on its process" "cc -c alpha\.c"
expect_no_screen "> does not scroll any more" "scrolled"

# PID, descending, from the menu: F6, Home, I.
ui_keys F6
expect_screen "F6 opens the sort menu" "Sort siblings by:"
expect_screen "the sort in force is marked there" " v TIME +how long it ran"
ui_keys Home I
expect_screen "I in the menu: PID, the other way" "↓PID STATE"
ui_order "newest first: sleep before gcc" "└── sleep 1000$|sleep 1000$" "gcc -I"
ui_order "... make all last of the root's children" "crash --now" "make all$"
ui_order "... its children too" "make -C sub$" "cc -c alpha\.c$"
expect_selected "the cursor is still there" "cc -c alpha\.c"
# x walks the rows as shown: from the root, the crash comes before make all.
ui_keys g x
expect_selected "x: the next failed row as shown" "^ +108 SIGSEGV "
ui_keys x
expect_selected "x again: make all" "^ +101 exit 2 "
# n as well.
ui_keys / ; ui_type "cc -c"; ui_keys Enter
expect_selected "search: the first match as shown" "cc -c sub/y\.c"
# (Esc: the matches are no longer in reverse video, only the selection.)
ui_keys n Escape
expect_selected "n: the next as shown" "cc -c sub/x\.c"

# I inverts; a click on a column's name sorts by it, again the other way.
ui_keys I
expect_screen "I inverts" "↑PID STATE"
ui_click 13 3
expect_screen "a click on STATE sorts by it, failures first" "STATE↓"
ui_order "... the killed one before the ok ones" "SIGSEGV" "ok .*printf"
ui_click 13 3
expect_screen "a click again: the other way" "STATE↑"
ui_keys '<'
expect_screen "< sorts by the column to the left" "↑PID STATE"

# Back to creation order from the menu.
ui_keys F6 Home Down Down Down Enter
expect_screen "START, ascending: creation order, unmarked" "^ +PID STATE +START +TIME +CPU MAXRSS COMMAND$"
ui_order "make all first again" "make all$" "crash --now"
ui_keys '?'
expect_screen "help" "ptop help: every key"
# ui_page_to REGEX: page down the help until a line matches.
_i=0
while ! ui_wait "F6 +choose the sort column" 1 && [ $_i -lt 6 ]; do
	ui_keys NPage
	_i=$((_i + 1))
done
expect_screen "the help lists the sort keys" "F6 +choose the sort column"
_i=0
while ! ui_wait "Sort menu \(F6\)" 1 && [ $_i -lt 6 ]; do
	ui_keys NPage
	_i=$((_i + 1))
done
expect_screen "... and the sort menu's" "Sort menu \(F6\)"
ui_keys Escape q
expect_eq "q leaves the replay" "$(ui_rc)" 0

# 2. Live: sorted by TIME, a running process overtakes one that ended, once
# the view is left alone.  --no-highlight: no row changes colour.
ui_ptop "--no-config --no-highlight --no-pty -- sh -c 'sleep 1 & sleep 300.$MARK & wait'"
expect_screen "live" "^running "
expect_screen "both sleeps" "sleep 300\.$MARK$"
ui_keys F6 Home Down Down Down Down Enter
expect_screen "sorted by TIME" "↓TIME"
expect_screen "the short sleep ends" " ok .*sleep 1$"
ui_order "the running one moves up past it" "sleep 300\.$MARK$" "sleep 1$"
# (The column header is black on green: rows are from line 4.)
ESC=$(printf '\033')
if ui_screen_e | sed -n '4,$p' | grep -q "$ESC\[[0-9;]*4[12]m"; then
	fail "--no-highlight: a row is highlighted"
	ui_screen_e | cat -v | sed -n '4,8p'
else
	ok "--no-highlight: no row highlighted"
fi
ui_keys q
expect_screen "quit asks" "Still running"
ui_keys k
expect_eq "killed: ptop leaves" "$(ui_rc)" 137
expect_no_leftovers "sleep 300.$MARK"
expect_no_leftovers "$TRACE"

done_testing
