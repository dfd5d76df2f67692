#!/bin/sh
# Documentation: the manual page lints clean and documents every option and
# every key of the interactive view (the terminal pane's too); --help lists
# the UI options.
. "${SRCDIR:-.}/tests/lib.sh"

MAN="$SRCDIR/doc/ptop.1"

if command -v mandoc >/dev/null 2>&1; then
	# -Wwarning: style notes about this machine's manual database do not count.
	if out=$(mandoc -Tlint -Wwarning "$MAN" 2>&1); then
		ok "mandoc -Tlint: no warnings"
	else
		fail "mandoc -Tlint: $out"
	fi
else
	echo "mandoc not installed: lint not checked"
fi

# Every option --help lists is documented (mdoc writes long options as "Fl \\-name").
run_ptop 10 --help
for opt in $(grep -o -- '--[a-z][a-z-]*' "$TMP/out" | sort -u); do
	grep -q -- "^\.It Fl .*\\\\-${opt#--}\\b" "$MAN" && ok "ptop.1 documents $opt" ||
	    fail "ptop.1 lacks $opt"
done
for opt in --no-color --no-pty --log --pid; do
	grep -q -- "$opt" "$TMP/out" && ok "--help documents $opt" || fail "--help lacks $opt"
done

# Every key of the interactive view, as the manual writes it (.Ic KEY).
for key in Up k Down j PgUp Ctrl-B PgDn Ctrl-F Home g End G '<' '>' Right + l Left - h \
    Space '\*' / F3 n N '\\e' F4 x X f F Enter F9 K F1 '\\&?' Ctrl-L q F10 Ctrl-C \
    Esc Backspace Ctrl-W Ctrl-U d c \
    Tab 'Ctrl-]' o z p '\\&\[' '\\&\]' Shift-PgUp Shift-PgDn Shift-End Ctrl-Z Ctrl-D \
    t w s a d = C u I F2 S F6 Shift-Left Shift-Right '{' '}' F7 F8; do
	grep -q -- "Ic $key\( \|$\)" "$MAN" && ok "ptop.1 documents the key $key" ||
	    fail "ptop.1 lacks the key $key"
done
for word in :failed :running :killed :ok :critical :prog :execfail :env NO_COLOR "terminal too small" \
    "command ended" SIGHUP SIGWINCH xterm-256color 10,000; do
	grep -q -- "$word" "$MAN" && ok "ptop.1 mentions $word" || fail "ptop.1 lacks $word"
done

done_testing
