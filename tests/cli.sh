#!/bin/sh
# Command line: --help, --version, bad options and bad commands.
. "${SRCDIR:-.}/tests/lib.sh"

run_ptop 10 --version
expect_eq "--version exits 0" "$RC" 0
expect_eq "--version prints the configured version" "$(cat "$TMP/out")" "ptop $(sed -n 's/^AC_INIT(\[ptop\], \[\([^]]*\)\].*/\1/p' "$SRCDIR/configure.ac")"

run_ptop 10 --help
expect_eq "--help exits 0" "$RC" 0
grep -q '^Usage: ptop ' "$TMP/out" && ok "--help prints usage" || fail "--help: no usage line"
for opt in --batch --output --replay --tree-file --ascii; do
	grep -q -- "$opt" "$TMP/out" && ok "--help documents $opt" || fail "--help lacks $opt"
done

run_ptop 10 --no-such-option -- true
expect_eq "unknown long option exits 2" "$RC" 2
expect_eq "unknown option: one line plus the hint" "$(cat "$TMP/err")" "ptop: unknown option '--no-such-option'
Try 'ptop --help' for more information."

run_ptop 10 -Z -- true
expect_eq "unknown short option exits 2" "$RC" 2
grep -q "unknown option '-Z'" "$TMP/err" && ok "unknown short option named" || fail "short option: $(cat "$TMP/err")"

run_ptop 10 -o
expect_eq "missing argument exits 2" "$RC" 2
grep -q "needs an argument" "$TMP/err" && ok "missing argument explained" || fail "missing arg: $(cat "$TMP/err")"

run_ptop 10
expect_eq "no command exits 2" "$RC" 2
grep -q "no command given" "$TMP/err" && ok "no command explained" || fail "no command: $(cat "$TMP/err")"

run_ptop 10 -r "$TMP/x" -- true
expect_eq "-r with a command exits 2" "$RC" 2

done_testing
