#!/bin/sh
# Screen handling: resizing (down to the "too small" notice and back),
# colours and --no-color/NO_COLOR, ASCII glyphs outside UTF-8 locales.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui_lib.sh"

TRACE="$TESTDATA/basic.jsonl"
ESC=$(printf '\033')

ui_session 100 30
ui_ptop "-r '$TRACE'"
expect_screen "the tree at 100x30" "│     └── cc -c sub/y\.c$"
expect_screen "all columns fit" "MAXRSS COMMAND"

tmux_ resize-window -t t -x 30 -y 8
expect_screen "30x8: too small" "terminal too small"
expect_screen "... with the sizes" "30x8, need 40x10"
tmux_ resize-window -t t -x 60 -y 12
expect_no_screen "60x12: the notice is gone" "too small"
expect_screen "60x12: the tree is back" "├─- make all"
expect_no_screen "60x12: MAXRSS gives way to COMMAND" "MAXRSS"
expect_screen "60x12: the footer is on the last line" "^F1Help"
ui_keys G
expect_selected "keys work after a resize" " 111 "
tmux_ resize-window -t t -x 100 -y 30
expect_screen "back to 100x30" "MAXRSS COMMAND"
expect_screen "every row is back" "└── sleep 1000$"
expect_screen "the footer is on the last line" "^F1Help"
if [ "$(ui_screen | sed -n '30p' | cut -c1-6)" = "F1Help" ]; then
	ok "footer on line 30"
else
	fail "footer not on line 30"
	ui_dump
fi

# Colours: failed red, killed magenta.
if ui_screen_e | grep '103 exit 1' | grep -q "$ESC\[31m"; then
	ok "a failed process is red"
else
	fail "no red on the failed row"
fi
if ui_screen_e | grep 'SIGSEGV' | grep -q "$ESC\[35m"; then
	ok "a killed process is magenta"
else
	fail "no magenta on the killed row"
fi
ui_keys q
expect_eq "quit" "$(ui_rc)" 0

for how in "--no-color" "NO_COLOR=1"; do
	case $how in
	--*) ui_ptop "$how -r '$TRACE'" ;;
	*) rm -f "$TMP/rc"; ui_run "$how timeout 60 '$PTOP' -r '$TRACE'; echo \$? >'$TMP/rc'" ;;
	esac
	expect_screen "$how: the tree" "├─- make all"
	if ui_screen_e | grep -E "$ESC\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7])[;m]" >/dev/null; then
		fail "$how: colours on the screen"
		ui_screen_e | grep -E "$ESC\[([0-9;]*;)?(3[0-7]|4[0-7]|9[0-7])[;m]" | head -3 | cat -v
	else
		ok "$how: no colours"
	fi
	if ui_screen_e | grep -q "$ESC\[7m"; then
		ok "$how: the selection is still reversed"
	else
		fail "$how: no reverse video"
	fi
	ui_keys q
	expect_eq "$how: quit" "$(ui_rc)" 0
done

# A non-UTF-8 locale: ASCII glyphs, non-ASCII escaped.
UI_ENV="LANG=C LC_ALL=C" ui_session 120 30
ui_ptop "-r '$TRACE'"
expect_screen "C locale: ASCII branches" "\|-- make all$"
expect_screen "C locale: ASCII verticals and corners" "\|     \`-  cc -c sub/y\.c$"
expect_screen_fixed "C locale: UTF-8 text escaped" "\\xe6\\x97\\xa5"
if ui_screen | LC_ALL=C grep -q "$(printf '[\200-\377]')"; then
	fail "C locale: non-ASCII bytes on the screen"
else
	ok "C locale: only ASCII on the screen"
fi
ui_keys q
expect_eq "quit" "$(ui_rc)" 0
expect_terminal_restored

done_testing
