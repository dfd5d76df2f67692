#!/bin/sh
# The UI on a recorded trace (tests/data/basic.jsonl): glyphs, escaping,
# folding, filter, x, search, detail, horizontal scroll, help, quit.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui_lib.sh"

ui_session 120 30
# A copy of its own: tests that run at once must not see each other's ptop -r.
cp "$TESTDATA/basic.jsonl" "$TMP/basic.jsonl"
ui_ptop "-r '$TMP/basic.jsonl'"

# The tree, with its glyphs and states.
expect_screen "header names the command and the mode" "^ptop: sh -c 'make all'"
expect_screen "replay mode with the root's status" "^replay: exit 2 .*procs 12  running 0  failed 3  killed 1"
expect_screen "column header" "PID STATE +START +TIME +CPU MAXRSS COMMAND"
expect_screen "root with its fold marker" "^ +100 exit 2 .* - sh -c 'make all'$"
expect_screen "child with a branch glyph" " 101 exit 2 .* ├─- make all$"
expect_screen "grandchild under a vertical line" " 102 ok .* │  ├── cc -c alpha\.c$"
expect_screen "last child of the last child" " 107 ok .* │     └── cc -c sub/y\.c$"
expect_screen "last root child" " 111 lost .* └── sleep 1000$"
expect_screen "signal name as the state" " 108 SIGSEGV "
expect_screen "exec chain: the last argv shows" " 104 ok .* ├── cc -c gamma\.c$"
expect_screen_fixed "escape sequences drawn escaped" "printf \$'\\e[31mred\\e[0m\\n' \$'caf\\xc3 \\x9b2J' 日本語テキ"
expect_screen "wide characters keep the columns" "^ +109 ok +0\.101s +0\.011s +0\.012s +2\.0M ├── printf"
# gcc ended last of the children sh waited for (sleep outlived sh): critical.
expect_screen "... and the next row too" "^ +110 ok +0\.113s +0\.011s +0\.012s +2\.0M ┣━━ gcc"

# Folding: Down to "make all", Left folds, Right unfolds.
ui_keys Down
expect_selected "Down selects the next row" " 101 exit 2 "
ui_keys Left
expect_no_screen "Left hides the children" "cc -c alpha"
expect_screen "a folded node shows + and a summary" "├─\+ make all  \[6 procs, 1 failed, 0\.085s, cpu 0\.[0-9]+s, max 2\.0M\]$"
ui_keys Right
expect_screen "Right shows them again" "│  ├── cc -c alpha\.c$"
ui_keys Space
expect_no_screen "Space folds" "cc -c alpha"
ui_keys Space
expect_screen "Space unfolds" "cc -c alpha"

# The mouse: a click selects, a click on a fold marker folds.  The
# COMMAND column starts at 53 (all columns fit in 120), "make all" is on
# line 5 and its marker 3 columns in.
ui_click 10 6
expect_selected "a click selects a row" " 102 ok "
ui_click 55 5
expect_no_screen "a click on the marker folds" "cc -c alpha"
expect_selected "... and selects" " 101 exit 2 "
ui_click 55 5
expect_screen "another click unfolds" "cc -c alpha"

# Filter: matches and their ancestors only.
ui_keys '\'
ui_type "sub/y"
ui_keys Enter
expect_screen "filter shown in the header" "\[filter: sub/y\]"
expect_no_screen "filter hides what does not match" "cc -c alpha|crash|gcc"
expect_screen "the match stays" "└── cc -c sub/y\.c$"
expect_screen "its parent stays" "└─- make -C sub$"
expect_screen "its grandparent stays" "├─- make all$|└─- make all$"
expect_screen "the root stays" " - sh -c 'make all'$"
ui_keys '\' Escape
expect_screen "Esc clears the filter" "crash --now"
ui_keys '\'
ui_type ":failed"
ui_keys Enter
expect_no_screen "state filter hides processes that did not fail" "alpha|gamma|sub/x"
expect_screen "state filter keeps failed ones" "cc -c beta\.c"
ui_keys F4 C-u Enter
expect_screen "an empty filter shows everything" "cc -c alpha"

# x / X: failed and killed processes, in tree order (100 and 101 failed too).
ui_keys g x
expect_selected "x lands on the next failed process" "^ +101 exit 2 "
ui_keys x
expect_selected "x again: the failed leaf" "^ +103 exit 1 "
ui_keys x
expect_selected "x again: the killed one" "^ +108 SIGSEGV "
ui_keys x
expect_selected "x wraps around" "^ +100 exit 2 "
ui_keys X X
expect_selected "X goes back" "^ +103 exit 1 "
ui_keys Enter
expect_screen "Enter shows the detail view" "^ Process 103 \(trace id 4\)"
expect_screen "exit status in words" "state +exited with status 1 \(failure\)"
ui_keys Escape
expect_screen "Esc returns to the tree" "PID STATE"

# x opens folds on the way.
ui_keys g '*'
expect_no_screen "* folds everything" "─. make all"
ui_keys x x
expect_selected "x opens the folds to the failed process" "^ +103 exit 1 "

# Search, then the detail view of a long argv.
ui_keys /
ui_type "gcc"
expect_screen "the search prompt" "^Search: gcc"
ui_keys Enter
expect_selected "search lands on the match" "^ +110 ok "
ui_keys Enter
expect_screen "detail: the whole command, wrapped" "^ +HE-END-OF-ARGV$"
ui_keys PageDown
expect_screen "detail: one element per line" "^  \[1\] -I/very/long/include/path/number/0$"
ui_keys k k
expect_screen "detail: argv count" "^argv: 35 arguments"
# Page on until the last element shows (the exec chain and more come after it).
for _i in 1 2 3 4 5; do
	ui_wait "^  \[34\] THE-END-OF-ARGV$" 2 && break
	ui_keys PageDown
done
expect_screen "detail: the last element, complete" "^  \[34\] THE-END-OF-ARGV$"
ui_keys Escape
ui_keys / ; ui_type "gamma"; ui_keys Enter Enter
expect_screen "detail: the exec chain" "^exec chain: 3 execs, oldest first"
expect_screen "detail: the first exec of the chain" "1\. \+0\.[0-9]+s  env FOO=1 nice cc -c gamma\.c"
ui_keys Escape

# Horizontal scroll of the command column.
ui_keys g
expect_no_screen "the end of a long argv is off screen" "THE-END-OF-ARGV"
ui_keys -N 140 '}'
expect_screen "} scrolls to it" "THE-END-OF-ARGV"
expect_screen "the header says so" "COMMAND \(scrolled [0-9]+\)"
expect_screen "the table columns stay" "^ +110 ok "
ui_keys -N 200 S-Left
expect_screen "Shift-Left scrolls back" "COMMAND$"
ui_keys -N 3 S-Right
expect_screen "Shift-Right scrolls too" "COMMAND \(scrolled 24\)"
ui_keys -N 3 '{'
expect_screen "{ scrolls back" "COMMAND$"
# A search whose match is past the edge scrolls to it; one that fits, back.
ui_keys / ; ui_type "end-of-argv"; ui_keys Enter
expect_screen "a search scrolls to a match past the edge" "THE-END-OF-ARGV"
expect_screen "... and the header says so" "COMMAND \(scrolled [0-9]+\)"
ui_keys / ; ui_type "alpha"; ui_keys Enter
expect_screen "a match that fits scrolls back to the left edge" "COMMAND$"
expect_screen "... where the tree shows again" "│  ├── cc -c alpha\.c$"

# Help lists the keys.
ui_keys '?'
expect_screen "help screen" "ptop help: every key"
expect_screen "help names the filter key" "F4 +filter"
ui_keys Escape
expect_screen "back from help" "PID STATE"

# q quits at once in a replay; the terminal is the shell's again.
ui_keys q
rc=$(ui_rc)
expect_eq "q quits a replay with status 0" "$rc" 0
expect_terminal_restored
expect_no_leftovers "$TMP/basic.jsonl"

done_testing
