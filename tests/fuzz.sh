#!/bin/sh
# The fuzz target stays: build it (make fuzz, with clang) and fuzz every
# reader of fuzz/readers for 60 seconds in all (FUZZ_SECONDS overrides),
# from its seeds and every input that ever failed.  Anything found (a crash,
# a hang, a leak, undefined behaviour, a trace that does not survive being
# re-written) fails the test; the input is kept in the test's log directory.
. "${SRCDIR:-.}/tests/lib.sh"

need clang
printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n) { return 0; }\n' >"$TMP/probe.c"
clang -fsanitize=fuzzer,address,undefined -o "$TMP/probe" "$TMP/probe.c" >/dev/null 2>&1 ||
    skip "clang cannot link -fsanitize=fuzzer (./build.sh installs libclang-rt-14-dev)"

BUILDDIR=$(cd "$(dirname "$PTOP")/.." && pwd)
if ! make -C "$BUILDDIR" fuzz/fuzz >"$TMP/build" 2>&1; then
	cat "$TMP/build" >&2
	fail "make fuzz: the harness does not build"
	done_testing
fi
ok "make fuzz builds fuzz/fuzz"

readers=$(sed -e '/^#/d' -e 's/:.*//' "$SRCDIR/fuzz/readers")
n=$(echo $readers | wc -w)
secs=$(( ${FUZZ_SECONDS:-60} / n ))
[ "$secs" -ge 1 ] || secs=1
# Findings are kept where the harness's log is: make check keeps it.
found=$BUILDDIR/tests/fuzz-found
rm -rf "$found"
if (cd "$BUILDDIR" && FUZZ=fuzz/fuzz "$SRCDIR/fuzz/run.sh" -t "$secs" -c "$TMP/corpus" -o "$found" \
    $readers) >"$TMP/run" 2>&1; then
	ok "no crash, hang, leak or round-trip failure in ${secs}s per reader ($readers)"
	rm -rf "$found"
else
	grep -v -e '^#[0-9]* *\(NEW\|REDUCE\|pulse\)' -e '# Uses:' "$TMP/run" | tail -n 60 >&2
	if [ -n "$(ls -A "$found" 2>/dev/null)" ]; then
		fail "the fuzzer found something: the inputs are in $found"
	else
		fail "fuzz/run.sh failed and kept no input: its output is above"
	fi
fi
grep -h '^stat::\(number_of_executed_units\|average_exec_per_sec\)' "$TMP/run" | sed 's/^/# /'

done_testing
