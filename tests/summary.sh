#!/bin/sh
# --summary: after the batch tree (live, and -r FILE -b), to --tree-file
# when given, in ASCII with escapes in the C locale; the critical path and
# the programs of a command whose shape is known; refused with --show.
# (tests/ui-time.sh checks the summary after an interactive run.)
. "${SRCDIR:-.}/tests/lib.sh"
need_ptrace

# 1. A replayed trace: the whole summary, exactly.
LC_ALL=C.UTF-8 run_ptop 20 -b --summary -r "$TESTDATA/basic.jsonl"
expect_eq "replay: exit 0" "$RC" 0
expect_eq "replay: the tree comes first" "$(sed -n 1p "$TMP/err")" \
    "    PID STATUS             WALL      CPU  COMMAND"
sed -n '/^Summary:/,$p' "$TMP/err" >"$TMP/got"
cat >"$TMP/want" <<'EOF'
Summary: sh -c 'make all'
  processes  12: 3 failed, 1 killed, 1 lost (the trace ended first)
  wall       0.136s
  CPU        0.096s, 0.7 processes busy on average
  parallel   at most 4 processes at once

Critical path: 2 steps, 0.135s
      START      TIME      SELF  COMMAND
     0.001s    0.135s    0.124s  sh -c 'make all'
     0.113s    0.011s    0.011s   gcc -I/very/long/include/path/number/0 -I/very/long/include/path/number/1 -I/very/long/include/path/number/2 -I/very/long/include/path/number/3 -I/very/long/include/path/number/4 -I/very/long/include/ …

Longest processes:
       TIME     START     PID  COMMAND
     0.135s     0.001s     100  sh -c 'make all'
     0.085s     0.003s     101  make all
     0.035s     0.043s     105  make -C sub
     0.013s     0.029s     104  cc -c gamma.c
     0.011s     0.005s     102  cc -c alpha.c
     0.011s     0.017s     103  cc -c beta.c
     0.011s     0.045s     106  cc -c sub/x.c
     0.011s     0.057s     107  cc -c sub/y.c
     0.011s     0.089s     108  ./crash --now
     0.011s     0.101s     109  printf $'\e[31mred\e[0m\n' $'caf\xc3 \x9b2J' 日本語テキスト done

Programs, by wall time:
    COUNT FAILED      WALL   COVERED       CPU  MAXRSS  PROGRAM
        1      1    0.135s    0.135s    0.000s       -  dash
        2      1    0.120s    0.085s    0.000s       -  make
        5      1    0.057s    0.057s    0.060s    2.0M  cc
        1      1    0.011s    0.011s    0.012s    2.0M  crash
        1      0    0.011s    0.011s    0.012s    2.0M  gcc
        1      0    0.011s    0.011s    0.012s    2.0M  printf
        1      0    0.011s    0.011s    0.000s       -  sleep
EOF
if cmp -s "$TMP/want" "$TMP/got"; then
	ok "replay: the summary, line for line"
else
	fail "replay: the summary differs: $(diff "$TMP/want" "$TMP/got")"
fi
if grep -q "$(printf '\033')" "$TMP/err"; then
	fail "replay: a raw ESC reached the output"
else
	ok "replay: escapes stay escaped"
fi

# 2. Not UTF-8: ASCII only, non-ASCII escaped, "..." for a cut command.
LC_ALL=C run_ptop 20 -b --summary -r "$TESTDATA/basic.jsonl"
sed -n '/^Summary:/,$p' "$TMP/err" >"$TMP/got"
if LC_ALL=C grep -q '[^ -~]' "$TMP/got"; then
	fail "C locale: non-ASCII bytes in the summary: $(LC_ALL=C grep -n '[^ -~]' "$TMP/got")"
else
	ok "C locale: the summary is ASCII"
fi
grep -q '^     0\.113s .* -I/very/long/include/ \.\.\.$' "$TMP/got" &&
    ok "C locale: a long command is cut with ..." || fail "no cut command: $(cat "$TMP/got")"
grep -q "printf \$'\\\\e\[31mred" "$TMP/got" && ok "C locale: the escape sequence escaped" ||
    fail "no escaped printf: $(grep printf "$TMP/got")"

# 3. Without --summary: the tree alone.
run_ptop 20 -b -r "$TESTDATA/basic.jsonl"
grep -q -e '^Summary:' -e '^Critical path' "$TMP/err" && fail "a summary without --summary" ||
    ok "no summary unless asked for"

# 4. Live: a shell that waits for the longer of two jobs.  The critical
# path is the shell, then the job it waited for last; the programs count
# both sleeps and the shell.
LC_ALL=C.UTF-8 run_ptop 30 -b --summary -- sh -c 'sleep 0.6 & sleep 0.2; wait'
expect_eq "live: exit 0" "$RC" 0
sed -n '/^Critical path/,/^$/p' "$TMP/err" >"$TMP/crit"
grep -q '^Critical path: 2 steps, 0\.[6-9][0-9]*s$' "$TMP/crit" &&
    ok "live: two steps, as long as the run" || fail "live: $(cat "$TMP/crit")"
sed -n 4p "$TMP/crit" | grep -q ' 0\.[6-9][0-9]*s  *0\.[6-9][0-9]*s   sleep 0\.6$' &&
    ok "live: the step is the job the shell waited for last" ||
    fail "live: second step: $(sed -n 4p "$TMP/crit")"
grep -q '^        2      0 .* sleep$' "$TMP/err" && ok "live: two sleeps in the programs" ||
    fail "live: programs: $(sed -n '/^Programs/,$p' "$TMP/err")"
grep -q '^  parallel   at most 3 processes at once$' "$TMP/err" &&
    ok "live: at most 3 at once" || fail "live: $(grep parallel "$TMP/err")"
grep -q '^  processes  3: 0 failed, 0 killed$' "$TMP/err" && ok "live: the totals" ||
    fail "live: totals: $(grep processes "$TMP/err")"

# 5. With --tree-file: the summary follows the tree there, stderr stays quiet.
run_ptop 20 -b --summary --tree-file "$TMP/tree" -r "$TESTDATA/basic.jsonl"
expect_eq "--tree-file: exit 0" "$RC" 0
grep -q '^Critical path: 2 steps' "$TMP/tree" && ok "--tree-file: the summary is in the file" ||
    fail "--tree-file: $(cat "$TMP/tree")"
expect_eq "--tree-file: nothing on stderr" "$(cat "$TMP/err")" ""

# 6. A failed write is an error (a full disk), as for the tree.
if [ -w /dev/full ]; then
	run_ptop 20 -b --summary --tree-file /dev/full -r "$TESTDATA/basic.jsonl"
	expect_eq "/dev/full: exit 1" "$RC" 1
fi

# 7. --show and --summary: one process or the whole run.
run_ptop 10 --show 100 --summary -r "$TESTDATA/basic.jsonl"
expect_eq "--show with --summary: usage error" "$RC" 2
grep -q -- '--summary' "$TMP/err" && ok "--show with --summary: says why" ||
    fail "--show with --summary: $(cat "$TMP/err")"

done_testing
