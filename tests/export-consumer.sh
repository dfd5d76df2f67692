#!/bin/sh
# --chrome-trace in a real consumer: the trace engine of Chrome DevTools'
# Performance panel (npm package @paulirish/trace_engine, pinned in
# tests/consumer/package.json; ./build.sh check installs it) loads the
# export and must find every process and exec slice ptop wrote, nested as
# ptop meant (tests/consumer/check-chrome.mjs).  Skips when Node.js or the
# package is missing.
. "${SRCDIR:-.}/tests/lib.sh"
need jq node
# Node finds the package next to the script, in tests/consumer/node_modules.
CHECK="$SRCDIR/tests/consumer/check-chrome.mjs"
[ -d "$SRCDIR/tests/consumer/node_modules/@paulirish/trace_engine" ] ||
	skip "the trace engine is not installed: run ./build.sh check, or npm ci --prefix tests/consumer"

# Slices the trace calls for: one per process, one per exec of a chain.
want_slices() {
	jq -s '([.[] | select(.ev == "spawn" or .ev == "attach")] | length) +
	    ([.[] | select(.ev == "exec")] | group_by(.id) | map(length | select(. > 1)) | add // 0)' "$1"
}

consume() {
	if out=$(timeout 120 node "$CHECK" "$2" "$(want_slices "$1")" 2>&1); then
		ok "$3: $out"
	else
		fail "$3: $out"
	fi
}

run_ptop 30 -r "$TESTDATA/basic.jsonl" --chrome-trace "$TMP/basic.json"
expect_eq "basic.jsonl converted" "$RC" 0
consume "$TESTDATA/basic.jsonl" "$TMP/basic.json" "basic.jsonl (exec chain, escapes, a lost process)"

need_ptrace
run_ptop 30 -b -o "$TMP/t.jsonl" --chrome-trace "$TMP/live.json" -- \
    sh -c 'for i in 1 2 3 4 5 6; do sh -c "sleep 0.0$i" & done; env nice true; wait'
expect_eq "live run" "$RC" 0
consume "$TMP/t.jsonl" "$TMP/live.json" "a live run with six parallel jobs"

done_testing
