#!/bin/sh
# The manual page is lint-clean and documents every option --help lists.
. "${SRCDIR:-.}/tests/lib.sh"
need mandoc

MAN="$SRCDIR/doc/ptop.1"
if out=$(mandoc -Tlint -Wwarning "$MAN" 2>&1); then
	ok "mandoc -Tlint finds no warnings"
else
	fail "mandoc -Tlint: $out"
fi
"$PTOP" --help >"$TMP/help" || fail "--help failed"
for opt in $(grep -o -- '--[a-z][a-z-]*' "$TMP/help" | sort -u); do
	name=${opt#--}
	# mdoc writes long options as "Fl -name".
	if grep -q -- "Fl -$name\\b" "$MAN"; then
		ok "ptop.1 documents $opt"
	else
		fail "ptop.1 does not document $opt"
	fi
done
done_testing
