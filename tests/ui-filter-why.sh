#!/bin/sh
# The filter words about why things failed, on a live command and on its
# replayed trace: :execfail keeps the processes whose exec attempts all
# failed, :env NAME=VALUE those whose environment holds that entry, :env
# NAME those that have the variable.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui_lib.sh"
need_ptrace

M=$$
cat >"$TMP/run.sh" <<EOS
env nosuch-$M 2>/dev/null
CFLAGS=-O0 /bin/echo with-O0-$M >/dev/null
CFLAGS=-O2 /bin/echo with-O2-$M >/dev/null
/bin/echo plain-$M >/dev/null
read line <"$TMP/go"
EOS
mkfifo "$TMP/go"

# filter TEXT: type it as the filter.
filter() {
	ui_keys '\' C-u
	ui_type "$1"
	ui_keys Enter
}

check() {
	filter ":execfail"
	expect_screen "$1: :execfail keeps the exec that was not found" "env nosuch-$M"
	expect_no_screen "$1: ... and nothing that ran" "with-O0|with-O2|plain-"
	filter ":env CFLAGS=-O0"
	expect_screen "$1: :env CFLAGS=-O0 keeps that process" "echo with-O0-$M"
	expect_no_screen "$1: ... and not the others" "with-O2|plain-|nosuch"
	filter ":env CFLAGS"
	expect_screen "$1: :env CFLAGS keeps both that have it" "echo with-O2-$M"
	expect_screen "$1: ... both" "echo with-O0-$M"
	expect_no_screen "$1: ... and not the others" "plain-|nosuch"
	filter ":env CFLAGS echo plain"
	expect_no_screen "$1: :env and text must both match" "bin/echo (plain|with)"
	ui_keys '\' C-u Enter
	expect_screen "$1: an empty filter shows everything" "plain-$M"
}

ui_session 120 30
ui_ptop "-o '$TMP/t.jsonl' -- sh '$TMP/run.sh'"
expect_screen "live: the last echo ran" "plain-$M"
check live
(echo go >"$TMP/go") &
ui_wait "^finished" 20 || fail "the command did not finish"
ui_keys q
[ "$(ui_rc)" = 0 ] || fail "ptop's exit status: $(cat "$TMP/rc")"

ui_ptop "-r '$TMP/t.jsonl'"
expect_screen "replay: up" "plain-$M"
check replay
ui_keys q
[ "$(ui_rc)" = 0 ] || fail "ptop -r exit status: $(cat "$TMP/rc")"
done_testing
