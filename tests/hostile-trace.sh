#!/bin/sh
# Hostile traces: numbers out of their field's range are refused with the
# file and line (never cast out of range or let through to overflow the time
# arithmetic: under --enable-debug that would abort), and bidirectional
# overrides ("Trojan Source") are escaped in the batch tree and in traces.
. "${SRCDIR:-.}/tests/lib.sh"

# range-FIELD.jsonl LINE: one line of stderr, naming the file, line and field.
while read -r name line field; do
	f=$TESTDATA/range-$name.jsonl
	run_ptop 10 -b -r "$f"
	expect_eq "$name: refused with exit 1" "$RC" 1
	expect_eq "$name: one line of error" "$(wc -l <"$TMP/err" | tr -d ' ')" 1
	case $(cat "$TMP/err") in
	"ptop: $f:$line: \"$field\" "*" is out of range ("*")")
		ok "$name: the message names the file, line $line and \"$field\"" ;;
	*)
		fail "$name: message: $(cat "$TMP/err")" ;;
	esac
	[ -s "$TMP/out" ] && fail "$name: something on stdout: $(cat "$TMP/out")"
done <<EOF
t 4 t
start 1 start
started 2 started
code 4 code
code-big 4 code
pid 2 pid
maxrss 4 maxrss
threads 4 threads
EOF

# The bidi trace has the overrides raw in a JSON string and as \u escapes:
# the tree shows them as escapes, and no raw one reaches the terminal.
bidi_raw=$(printf '\342\200\256')
iso_raw=$(printf '\342\201\246')
LC_ALL=C.UTF-8 run_ptop 10 -b -r "$TESTDATA/bidi.jsonl"
expect_eq "bidi replay: exit 0" "$RC" 0
expect_eq "bidi replay: the command column escapes every override and isolate" \
    "$(sed -n '2s/^.\{42\}//p' "$TMP/err")" \
    "echo \$'if (isAdmin) \\xe2\\x80\\xae \\xe2\\x81\\xa6// ok\\xe2\\x81\\xa9 \\xe2\\x81\\xa6{' \$'raw\\xe2\\x80\\xae\\xe2\\x81\\xa6mixed\\xe2\\x81\\xa9' \$'\\xe2\\x80\\xaa\\xe2\\x80\\xab\\xe2\\x80\\xac\\xe2\\x80\\xad\\xe2\\x81\\xa7\\xe2\\x81\\xa8'"
grep -q -e "$bidi_raw" -e "$iso_raw" "$TMP/err" && fail "bidi replay: a raw override on stderr" ||
    ok "bidi replay: no raw override on stderr"

# Recording one: the trace has \u202e, never the raw bytes.
if out=$(timeout -k 2 20 "$PTOP" -b -- true 2>&1); then
	LC_ALL=C.UTF-8 run_ptop 20 -b -o "$TMP/b.jsonl" -- /bin/true "$(printf 'a\342\200\256b\342\201\246c')"
	expect_eq "bidi recording: exit 0" "$RC" 0
	grep -q -e "$bidi_raw" -e "$iso_raw" "$TMP/b.jsonl" && fail "bidi recording: a raw override in the trace" ||
	    ok "bidi recording: no raw override in the trace"
	grep -q '"argv":\["/bin/true","a\\u202eb\\u2066c"\]' "$TMP/b.jsonl" &&
	    ok "bidi recording: the argument is written with \\u escapes" ||
	    fail "bidi recording: $(grep '"exec"' "$TMP/b.jsonl")"
	# ... and reads back to the same bytes.
	run_ptop 10 -b -r "$TMP/b.jsonl"
	expect_eq "bidi recording: replayed, the same escapes as live" \
	    "$(sed -n '2s/^.\{42\}//p' "$TMP/err")" "/bin/true \$'a\\xe2\\x80\\xaeb\\xe2\\x81\\xa6c'"
else
	echo "# ptrace unavailable ($out): recording not tested"
fi

done_testing
