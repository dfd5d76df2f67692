#!/bin/sh
# The diff view (ptop --diff) in tmux: two recorded traces (basic.jsonl and
# a copy with a job that now succeeds, a renamed file and a command
# replaced): the header, the marked rows, d (only differences), n/N (next,
# previous), folding, Enter, the help, q and diff(1)'s exit status; then a
# command traced live against a trace of itself.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui_lib.sh"

sed -e '/"id":4,.*"ev":"exit"\|"ev":"exit","id":4,/s/"code":1,/"code":0,/' \
    -e 's/alpha\.c/alpha2.c/' -e 's/"sleep","1000"/"wget","x"/' \
    "$TESTDATA/basic.jsonl" >"$TMP/b.jsonl"

ui_session 120 30
ui_ptop "--diff '$TESTDATA/basic.jsonl' '$TMP/b.jsonl'"
expect_screen "the header names both runs" "^ptop --diff: A .*basic\.jsonl  B .*b\.jsonl"
expect_screen "... and counts the differences" "^4 differences  only in A 1  only in B 1  matched 11"
expect_screen "column header" "A STATE +B STATE +A TIME +B TIME +COMMAND"
expect_screen "unchanged rows are plain" "^  exit 2 +exit 2 +0\.135s +0\.135s - sh -c 'make all'$"
expect_screen "a status change is marked !" "^! exit 1 +ok .*├── cc -c beta\.c  \[exit 1 -> ok\]$"
expect_screen "a changed argv is marked !" "^! ok +ok .*├── cc -c alpha2\.c  \[argv differs\]$"
expect_screen "a process only in A is marked -" "^- lost +- .*sleep 1000  \[only in A\]$"
expect_screen "a process only in B is marked +" "^\+ - +lost .*wget x  \[only in B\]$"

# d: only the differences and their ancestors.
ui_keys d
expect_screen "d says so in the header" "\[only differences\]"
expect_no_screen "d hides what did not change" "gamma|sub/x|crash"
expect_screen "d keeps the ancestors" "└─- make all$|├─- make all$"
ui_keys d
expect_screen "d again shows every row" "cc -c gamma\.c"

# n / N: from one difference to the next, in tree order.
ui_keys g n
expect_selected "n: the first difference" "cc -c alpha2\.c"
ui_keys n
expect_selected "n: the next one" "cc -c beta\.c"
ui_keys n n
expect_selected "n: the last one" "wget x"
ui_keys n
expect_selected "n wraps around" "cc -c alpha2\.c"
ui_keys N
expect_selected "N goes back" "wget x"

# Folding: Left on make all hides its children and marks it +.
ui_keys g Down Left
expect_screen "Left folds" "├─\+ make all$"
expect_no_screen "... its children" "alpha2"
ui_keys n
expect_selected "n opens the fold on the way" "cc -c alpha2\.c"

# Enter: the details of B's process.
ui_keys Enter
expect_screen "Enter shows B's process" "^command +cc -c alpha2\.c"
ui_keys Escape
expect_screen "Esc comes back" "^ptop --diff: "
ui_keys F1
expect_screen "the help lists the diff's keys" "show only the differences and their ancestors"
ui_keys Escape
ui_keys q
expect_eq "q: exit 1 (the runs differ)" "$(ui_rc)" 1
expect_terminal_restored

# Live: a command against a trace of itself.
if timeout -k 5 30 "$PTOP" -b -o "$TMP/a.jsonl" --tree-file /dev/null -- sh -c 'sleep 0.1; true' 2>/dev/null; then
	ui_ptop "--diff '$TMP/a.jsonl' -- sh -c 'sleep 1.5; true'"
	expect_screen "live: B is running" "\(B is running\)"
	expect_screen "live: the sleep is there while it runs" "running .*sleep 1\.5"
	expect_screen "live: when it ends, both are much slower" "^2 differences  only in A 0  only in B 0  matched 2$"
	ui_keys q
	expect_eq "live: q: exit 1" "$(ui_rc)" 1
else
	skip "cannot trace here (ptrace)"
fi

done_testing
