#!/bin/sh
# Exec under ptop: a failed exec (not an exec event; the child's exit code
# tells), a script with a shebang (exe is the interpreter), an empty argv,
# an argv of more than 1 MiB, and arguments with newlines, escape sequences
# and invalid UTF-8 (JSON strings when valid UTF-8, else {"b64":...}; the
# bytes must come back exactly).
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/scenlib.sh"
need jq base64 cmp
need_ptrace

# Exec of a missing file: the child exits 127 and never execs.
run_traced 20 "$PROGDIR/xexec" "$TMP/missing" missing "$TMP"
expect_eq "missing file: the child's exit code" "$RC" 127
expect_eq "missing file: the child says why" "$(cat "$TMP/err")" \
    "xexec: $TMP/missing: No such file or directory"
trace_valid
tree_expect "missing file: no exec event for the failed exec" \
    '[[1,null,[["P/xexec","T/missing","missing","T"]],127],[2,1,[],127]]'

# Scripts: argv becomes interpreter [optional arg] script args...; exe is
# the interpreter.
printf '#!/bin/sh\nexit 6\n' >"$TMP/script"
printf '#!/bin/sh -e\nfalse\nexit 9\n' >"$TMP/script-e"
chmod +x "$TMP/script" "$TMP/script-e"
interp=$(readlink -f /bin/sh)
run_traced 20 "$PROGDIR/xexec" "$TMP/script" script a "$TMP"
expect_eq "shebang: the script's exit code" "$RC" 6
trace_valid
tree_expect "shebang: argv is interpreter, script path, arguments" \
    '[[1,null,[["P/xexec","T/script","script","a","T"]],6],[2,1,[["/bin/sh","T/script","a","T"]],6]]'
jq_expect "$TRACE" "shebang: exe is the interpreter" \
    '[.[] | select(.ev == "exec" and .id == 2) | .exe]' "[\"$interp\"]"
run_traced 20 "$PROGDIR/xexec" "$TMP/script-e" script-e "$TMP"
expect_eq "shebang with an argument: sh -e stops at false" "$RC" 1
trace_valid
tree_expect "shebang with an argument: it comes between interpreter and script" \
    '[[1,null,[["P/xexec","T/script-e","script-e","T"]],1],[2,1,[["/bin/sh","-e","T/script-e","T"]],1]]'

# Empty argv: execve(path, {NULL}).  Since Linux 5.18 the kernel gives the
# program argv[0] = "" (argc 1); before, argc 0.  The trace must say what
# the program really got, which argdump reports.
ARGDUMP=$TMP/empty.args
export ARGDUMP
run_traced 20 "$PROGDIR/xexec" -0 "$PROGDIR/argdump" "$TMP"
unset ARGDUMP
case "$RC" in
0) want='[]' ;;
1) want='[""]' ;;
*) want="argc $RC?" ;;
esac
kmaj=$(uname -r | cut -d. -f1)
kmin=$(uname -r | cut -d. -f2)
if [ "$kmaj" -gt 5 ] || { [ "$kmaj" = 5 ] && [ "$kmin" -ge 18 ]; }; then
	expect_eq "empty argv: this kernel gives the program argv [\"\"]" "$want" '[""]'
fi
trace_valid
tree_expect "empty argv: the exec event's argv is what the program got" \
    "[[1,null,[[\"P/xexec\",\"-0\",\"P/argdump\",\"T\"]],$RC],[2,1,[$want],$RC]]"

# argv of 1.5 MiB: 12 arguments of 131,071 bytes (the most one may have).
ARGDUMP=$TMP/big.args
export ARGDUMP
run_traced 30 "$PROGDIR/xexec" -b 12 131071 "$PROGDIR/argdump" argdump "$TMP"
unset ARGDUMP
expect_eq "1.5 MiB argv: the program got 14 arguments" "$RC" 14
trace_valid
jq -j -s '.[] | select(.ev == "exec" and .id == 2) | .argv[] | (., "\u0000")' "$TRACE" >"$TMP/big.trace"
size=$(wc -c <"$TMP/big.args")
[ "$size" -gt 1048576 ] && ok "1.5 MiB argv: $size bytes" || fail "1.5 MiB argv: only $size bytes"
cmp -s "$TMP/big.args" "$TMP/big.trace" && ok "1.5 MiB argv: the trace has it byte for byte" ||
    fail "1.5 MiB argv: the trace differs ($(wc -c <"$TMP/big.trace") bytes)"

# Odd bytes.  Each argument below is one of: valid UTF-8 (a JSON string)
# or not (b64).
set -- \
    "$(printf 'line1\nline2')" \
    "$(printf 'tab\there, cr\r, bell\a, del\177')" \
    "$(printf '\033[31mred\033[0m \033]0;title\007')" \
    "$(printf 'C1 csi \302\233 nel \302\205')" \
    "quotes \" ' and \\ backslash" \
    "$(printf 'caf\303\251 \346\227\245\346\234\254 \360\237\231\202')" \
    "" \
    "$(printf 'bad \377 byte')" \
    "$(printf 'truncated \346\227')" \
    "$(printf 'overlong \300\257')" \
    "$(printf 'surrogate \355\240\200')" \
    "$(printf 'past U+10FFFF \364\220\200\200')" \
    "$(printf '\303(')"
ARGDUMP=$TMP/odd.args
export ARGDUMP
run_traced 20 "$PROGDIR/argdump" "$@"
unset ARGDUMP
expect_eq "odd bytes: argdump got all 14 arguments" "$RC" 14
trace_valid
jq_expect "$TRACE" "odd bytes: valid UTF-8 as strings, the rest as b64" \
    '[.[] | select(.ev == "exec") | .argv[1:][] | type]' \
    '["string","string","string","string","string","string","string","object","object","object","object","object","object"]'
jq_expect "$TRACE" "odd bytes: header and exec event agree" \
    '(.[0].argv == (.[] | select(.ev == "exec") | .argv))' true
jq_expect "$TRACE" "odd bytes: newline, escape and C1 arguments decode to the same text" \
    '[.[] | select(.ev == "exec") | .argv[1], .argv[3], .argv[4]] ==
    ["line1\nline2", "\u001b[31mred\u001b[0m \u001b]0;title\u0007", "C1 csi \u009b nel \u0085"]' true
# Decode every argument from the trace back to bytes; compare with argdump's.
: >"$TMP/odd.trace"
jq -r -s '.[] | select(.ev == "exec") | .argv[] | if type == "string" then @base64 else .b64 end' \
    "$TRACE" | while IFS= read -r b; do
	printf '%s' "$b" | base64 -d >>"$TMP/odd.trace"
	printf '\000' >>"$TMP/odd.trace"
done
cmp -s "$TMP/odd.args" "$TMP/odd.trace" && ok "odd bytes: every argument round-trips exactly" ||
    fail "odd bytes: arguments differ after the round trip: $(cmp "$TMP/odd.args" "$TMP/odd.trace" 2>&1)"
esc=$(printf '\033')
c1=$(printf '\302\233')
if grep -q -e "$esc" -e "$c1" "$TRACE"; then
	fail "odd bytes: the trace holds a raw ESC or C1 control"
else
	ok "odd bytes: no raw ESC or C1 control in the trace"
fi

expect_no_leftovers "$TMP"
done_testing
