#!/bin/sh
# Processes under ptop: vfork then exec, vfork then _exit, 10,000 children
# SIGKILLed right after fork, a chain 1,000 processes deep, a parent with
# 10,000 children.  The programs write down the truth (pids, codes); the
# trace must match it exactly.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/scenlib.sh"
need jq
need_ptrace

run_traced 20 "$PROGDIR/vfork" exec /bin/sh sh -c 'exit 5' "$TMP"
expect_eq "vfork then exec: exits with the child's code" "$RC" 5
trace_valid
tree_expect "vfork then exec: tree" \
    '[[1,null,[["P/vfork","exec","/bin/sh","sh","-c","exit 5","T"]],5],[2,1,[["sh","-c","exit 5","T"]],5]]'

run_traced 20 "$PROGDIR/vfork" exit 6 "$TMP"
expect_eq "vfork then _exit: exits with the child's code" "$RC" 6
trace_valid
tree_expect "vfork then _exit: tree (no exec)" '[[1,null,[["P/vfork","exit","6","T"]],6],[2,1,[],6]]'

# fork + immediate SIGKILL: the child's death races its first stop and
# its parent's fork event.
run_traced 60 "$PROGDIR/forkkill" 10000 "$TMP/forkkill.pids" "$TMP"
expect_eq "10,000 fork+SIGKILL: every child reported killed by SIGKILL" "$RC $(cat "$TMP/err")" "0 "
trace_valid
jq_expect "$TRACE" "10,000 fork+SIGKILL: 10,001 processes" '[.[] | select(.ev == "spawn")] | length' 10001
jq_expect "$TRACE" "10,000 fork+SIGKILL: every child's parent is the command" \
    '[.[] | select(.ev == "spawn" and .id > 1) | .parent] | unique' '[1]'
jq_expect "$TRACE" "10,000 fork+SIGKILL: every child ended by SIGKILL, no core" \
    '[.[] | select(.ev == "exit" and .id > 1) | [.signal, .core]] | group_by(.) | map([.[0], length])' \
    '[[["SIGKILL",false],10000]]'
jq_expect "$TRACE" "10,000 fork+SIGKILL: only the command execs" '[.[] | select(.ev == "exec") | .id]' '[1]'
jq -r '.[] | select(.ev == "spawn" and .id > 1) | .pid' -s "$TRACE" | sort -n >"$TMP/got.pids"
sort -n "$TMP/forkkill.pids" >"$TMP/want.pids"
cmp -s "$TMP/got.pids" "$TMP/want.pids" && ok "10,000 fork+SIGKILL: the children's pids are the forked ones" ||
    fail "10,000 fork+SIGKILL: pids differ: $(diff "$TMP/want.pids" "$TMP/got.pids" | head -5)"

# 1,000 levels: process k+1 forked by process k, each execs "deep N".
run_traced 60 "$PROGDIR/deep" 1000 "$TMP"
expect_eq "1,000 levels: the leaf's code comes back up" "$RC" 42
trace_valid
jq_expect "$TRACE" "1,000 levels: 1,001 processes" '[.[] | select(.ev == "spawn")] | length' 1001
jq_expect "$TRACE" "1,000 levels: each process is the child of the one before" \
    '[.[] | select(.ev == "spawn" and .id > 1 and .parent != .id - 1)] | length' 0
jq_arg "$TRACE" "1,000 levels: process k execs \"deep 1001-k\"" \
    '[.[] | select(.ev == "exec" and .id > 1 and .argv != ["deep", (1001 - .id | tostring), $T])] | length' 0
jq_expect "$TRACE" "1,000 levels: one exec each, all exit 42" \
    '[([.[] | select(.ev == "exec")] | length), ([.[] | select(.ev == "exit") | .code] | unique)]' '[1001,[42]]'
expect_eq "1,000 levels: the printed tree has a line per process" "$(wc -l <"$TMP/tree")" 1002

# 10,000 children of one parent, all zombies before the first is reaped.
run_traced 60 "$PROGDIR/wide" 10000 "$TMP/wide.codes" "$TMP"
expect_eq "10,000 children: all ended with the right code" "$RC $(cat "$TMP/err")" "0 "
trace_valid
jq_expect "$TRACE" "10,000 children: 10,001 processes, children of the command" \
    '[.[] | select(.ev == "spawn") | .parent] | group_by(.) | map([.[0], length])' '[[null,1],[1,10000]]'
jq -r '.[] | select(.ev == "exit" and .id > 1) | "\(.pid) \(.code)"' -s "$TRACE" | sort >"$TMP/got.codes"
sort "$TMP/wide.codes" >"$TMP/want.codes"
cmp -s "$TMP/got.codes" "$TMP/want.codes" && ok "10,000 children: each pid ended with its code" ||
    fail "10,000 children: pid/code differ: $(diff "$TMP/want.codes" "$TMP/got.codes" | head -5)"

expect_no_leftovers "$TMP"
done_testing
