#!/bin/sh
# ptop -b --diff: two recorded runs of a script with parallel jobs, temp
# files and pids in its arguments match; a changed run shows what changed
# as a tree; exit 0, 1, 2 as diff(1); a run traced live against a trace;
# unrelated runs, a run with itself, damaged and missing traces, bad usage.
. "${SRCDIR:-.}/tests/lib.sh"
need jq
need_ptrace

# A build-like script: three parallel jobs finishing in random order, a
# temp file from mktemp, its own pid in arguments.  $MODE changes it: the
# script's argv stays the same, its environment differs (traces record it).
cat >"$TMP/job.sh" <<'EOF'
#!/bin/sh
mode=${MODE:-same}
for f in alpha beta gamma; do
	( sleep "0.0$(( $(od -An -N1 -tu1 /dev/urandom) % 9 + 1 ))"; cat /dev/null "$f.c" 2>/dev/null
	  [ "$mode" = fail ] && [ "$f" = beta ] && exit 3; exit 0 ) &
done
tmp=$(mktemp)
cp /dev/null "$tmp"
sh -c "kill -0 $$"
[ "$mode" != removed ] && /bin/echo "pid $$" >/dev/null
[ "$mode" = added ] && /bin/true extra
wait
rm -f "$tmp"
exit 0
EOF
chmod +x "$TMP/job.sh"
record() {
	MODE=${2:-same} timeout -k 5 30 "$PTOP" -b -o "$1" --tree-file /dev/null -- "$TMP/job.sh" ||
	    hard_error "recording $1 failed"
}
record "$TMP/a.jsonl"
record "$TMP/b.jsonl"
record "$TMP/fail.jsonl" fail
record "$TMP/removed.jsonl" removed
record "$TMP/added.jsonl" added

# Two runs of the same script: no differences, whatever the order and names.
run_ptop 30 -b --diff "$TMP/a.jsonl" "$TMP/b.jsonl"
expect_eq "same script: exit 0" "$RC" 0
expect_eq "same script: says so" "$(sed -n 3p "$TMP/out")" \
    "no differences: $(jq -s '[.[] | select(.ev == "spawn")] | length' "$TMP/a.jsonl") processes match"
expect_eq "same script: nothing on stderr" "$(cat "$TMP/err")" ""

run_ptop 30 -b --diff "$TMP/a.jsonl" "$TMP/a.jsonl"
expect_eq "a trace with itself: exit 0" "$RC" 0
grep -q "^no differences" "$TMP/out" && ok "a trace with itself: no differences" ||
    fail "a trace with itself: $(cat "$TMP/out")"

# What changed, as a tree under the script.
run_ptop 30 -b --ascii --diff "$TMP/a.jsonl" "$TMP/fail.jsonl"
expect_eq "a job fails: exit 1" "$RC" 1
grep -q "^! ok  *exit 3 .*\`- /bin/sh $TMP/job.sh  \[ok -> exit 3\]$" "$TMP/out" &&
    ok "a job fails: its row says ok -> exit 3" || fail "a job fails: $(cat "$TMP/out")"
if jq -e 'select(.ptop) | .env == false' "$TMP/a.jsonl" >/dev/null; then
	grep -q "^  ok  *ok  .* $TMP/job.sh$" "$TMP/out" && ok "a job fails: its ancestor is shown" ||
	    fail "a job fails: no ancestor row: $(cat "$TMP/out")"
else
	grep -q "^! ok  *ok  .* $TMP/job.sh  \[environment differs (~MODE)\]$" "$TMP/out" &&
	    ok "a job fails: its ancestor is shown, MODE changed in its environment" ||
	    fail "a job fails: no ancestor row: $(cat "$TMP/out")"
fi
expect_eq "a job fails: only that row and its ancestor" "$(sed -n '5,$p' "$TMP/out" | wc -l | tr -d ' ')" 2

run_ptop 30 -b --ascii --diff "$TMP/a.jsonl" "$TMP/removed.jsonl"
expect_eq "a step removed: exit 1" "$RC" 1
grep -q "^- ok  *-  .* /bin/echo 'pid .*'  \[only in A\]$" "$TMP/out" &&
    ok "a step removed: only in A" || fail "a step removed: $(cat "$TMP/out")"

run_ptop 30 -b --ascii --diff "$TMP/a.jsonl" "$TMP/added.jsonl"
expect_eq "a step added: exit 1" "$RC" 1
grep -q "^+ -  *ok  .* /bin/true extra  \[only in B\]$" "$TMP/out" &&
    ok "a step added: only in B" || fail "a step added: $(cat "$TMP/out")"
grep -q "[12] differences\{0,1\}: 0 only in A, 1 only in B, [01] changed" "$TMP/out" &&
    ok "a step added: counted" || fail "a step added: $(sed -n 3p "$TMP/out")"

# --tree-file takes the text instead of stdout.
run_ptop 30 -b --tree-file "$TMP/diff.txt" --diff "$TMP/a.jsonl" "$TMP/added.jsonl"
expect_eq "--tree-file: exit 1" "$RC" 1
expect_eq "--tree-file: nothing on stdout" "$(cat "$TMP/out")" ""
grep -q "only in B" "$TMP/diff.txt" && ok "--tree-file: the differences are there" ||
    fail "--tree-file: $(cat "$TMP/diff.txt")"

# Live: the script traced now, compared as it runs, then the text.
export MODE=same
run_ptop 30 -b --diff "$TMP/a.jsonl" -- "$TMP/job.sh"
unset MODE
expect_eq "live, same script: exit 0" "$RC" 0
grep -q "^no differences" "$TMP/out" && ok "live, same script: no differences" ||
    fail "live, same script: $(cat "$TMP/out")"
export MODE=fail
run_ptop 30 -b --diff "$TMP/a.jsonl" -o "$TMP/live.jsonl" -- "$TMP/job.sh"
unset MODE
expect_eq "live, a job fails: exit 1" "$RC" 1
grep -q "\[ok -> exit 3\]" "$TMP/out" && ok "live, a job fails: shown" ||
    fail "live, a job fails: $(cat "$TMP/out")"
run_ptop 30 -b --diff "$TMP/live.jsonl" "$TMP/fail.jsonl"
expect_eq "live with -o: the recorded trace matches the run like it" "$RC" 0

# Unrelated commands: a clear result.
timeout -k 5 30 "$PTOP" -b -o "$TMP/true.jsonl" --tree-file /dev/null -- /bin/true
run_ptop 30 -b --ascii --diff "$TMP/a.jsonl" "$TMP/true.jsonl"
expect_eq "unrelated runs: exit 1" "$RC" 1
grep -q "the runs have no process in common" "$TMP/out" && ok "unrelated runs: said so" ||
    fail "unrelated runs: $(cat "$TMP/out")"
grep -q "^+ -  *ok .* /bin/true  \[only in B\]$" "$TMP/out" && ok "unrelated runs: B's root only in B" ||
    fail "unrelated runs: $(cat "$TMP/out")"

# Bad input: one line, exit 2; a cut trace is read up to its last line.
head -n 4 "$TMP/a.jsonl" >"$TMP/bad.jsonl"
echo '{"t":1,"ev":"exit","id":"x"}' >>"$TMP/bad.jsonl"
run_ptop 30 -b --diff "$TMP/bad.jsonl" "$TMP/b.jsonl"
expect_eq "damaged A: exit 2" "$RC" 2
expect_eq "damaged A: one line" "$(wc -l <"$TMP/err" | tr -d ' ')" 1
grep -q "bad.jsonl:5" "$TMP/err" && ok "damaged A: names the file and line" ||
    fail "damaged A: $(cat "$TMP/err")"
run_ptop 30 -b --diff "$TMP/a.jsonl" "$TMP/bad.jsonl"
expect_eq "damaged B: exit 2" "$RC" 2
run_ptop 30 -b --diff "$TMP/bad.jsonl" -- /bin/true
expect_eq "damaged A, live: exit 2 before anything runs" "$RC" 2
run_ptop 30 -b --diff "$TMP/missing.jsonl" "$TMP/b.jsonl"
expect_eq "missing A: exit 2" "$RC" 2
grep -q "missing.jsonl" "$TMP/err" && ok "missing A: named" || fail "missing A: $(cat "$TMP/err")"
printf 'not json at all\n' >"$TMP/garbage"
run_ptop 30 -b --diff "$TMP/garbage" "$TMP/b.jsonl"
expect_eq "not a trace: exit 2" "$RC" 2
head -c 700 "$TMP/a.jsonl" >"$TMP/cut.jsonl"
run_ptop 30 -b --diff "$TMP/cut.jsonl" "$TMP/b.jsonl"
expect_eq "a cut trace: compared (it differs)" "$RC" 1
: >"$TMP/empty.jsonl"
run_ptop 30 -b --diff "$TMP/empty.jsonl" "$TMP/b.jsonl"
expect_eq "an empty file: exit 2" "$RC" 2

# Usage.
run_ptop 10 -b --diff "$TMP/a.jsonl"
expect_eq "--diff A alone: exit 2" "$RC" 2
grep -q "needs a second trace or a command" "$TMP/err" && ok "--diff A alone: says what it needs" ||
    fail "--diff A alone: $(cat "$TMP/err")"
run_ptop 10 -b --diff "$TMP/a.jsonl" -p 1
expect_eq "--diff with -p: exit 2" "$RC" 2
run_ptop 10 -b --diff "$TMP/a.jsonl" --chrome-trace "$TMP/x.json" "$TMP/b.jsonl"
expect_eq "--diff with --chrome-trace: exit 2" "$RC" 2
run_ptop 10 -b --diff "$TMP/a.jsonl" "$TMP/b.jsonl" -b
expect_eq "--diff A B then more words: exit 2" "$RC" 2
grep -q "takes one trace B; a command goes after --" "$TMP/err" && ok "--diff A B ...: says how" ||
    fail "--diff A B ...: $(cat "$TMP/err")"
[ ! -e "$TMP/x.json" ] && ok "bad usage leaves no file" || fail "bad usage left a file"

done_testing
