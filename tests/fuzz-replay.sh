#!/bin/sh
# Every input of the fuzz corpus in tests/fuzz/READER/ (the seeds, and every
# input that ever failed) through the real binary, as a user would give it
# (`ptop -b -r FILE` for a trace): a clean one-line error naming the file
# (exit 1) or a tree (exit 0, warnings allowed), never a crash, a hang or a
# sanitizer report (under --enable-debug this is a sanitized run).  What ptop
# makes of each input must be what tests/fuzz/READER.expected says: each
# result is printed in that file's format, to add a new input.
. "${SRCDIR:-.}/tests/lib.sh"

# summary FILE ARGS...: one line for what ptop made of FILE, or "" after fail.
summary() {
	_f=$1
	shift
	run_ptop 20 "$@" "$_f"
	if grep -q -e 'runtime error' -e 'Sanitizer' -e 'Segmentation' "$TMP/err"; then
		fail "$_f: a sanitizer report or crash: $(head -n 5 "$TMP/err")"
		return
	fi
	case $RC in
	0)
		# Warnings, then the tree; the file is named in every warning.
		_hdr=$(grep -n '^ *PID STATUS ' "$TMP/err" | head -n 1 | cut -d: -f1)
		if [ -z "$_hdr" ]; then
			fail "$_f: exit 0 without a tree: $(head -n 3 "$TMP/err")"
			return
		fi
		_w=$(head -n $((_hdr - 1)) "$TMP/err")
		if [ -n "$_w" ] && printf '%s\n' "$_w" | grep -v -q -F "ptop: $_f:"; then
			fail "$_f: a warning that does not name the file: $_w"
			return
		fi
		# The number of processes and the state of each, in tree order
		# (a state is words with single spaces; two end it).
		printf 'tree %d (%s)' $(($(wc -l <"$TMP/err") - _hdr)) \
		    "$(sed -n "$((_hdr + 1)),\$p" "$TMP/err" | cut -c9- | sed 's/  .*//' | paste -s -d, -)"
		printf '%s\n' "$_w" | sed -n "s|^ptop: $_f|; warning|p" | tr -d '\n'
		echo
		;;
	1)
		if [ "$(wc -l <"$TMP/err")" -ne 1 ] || ! grep -q -F "ptop: $_f:" "$TMP/err"; then
			fail "$_f: exit 1 without one line naming the file: $(head -n 5 "$TMP/err")"
			return
		fi
		sed "s|^ptop: $_f|error|" "$TMP/err"
		;;
	*)
		fail "$_f: exit $RC: $(head -n 5 "$TMP/err")"
		;;
	esac
}

sed -e '/^#/d' "$SRCDIR/fuzz/readers" | while IFS=: read -r reader args dirs; do
	expected=$SRCDIR/tests/fuzz/$reader.expected
	n=0
	for f in "$SRCDIR/tests/fuzz/$reader"/*; do
		[ -f "$f" ] || continue
		n=$((n + 1))
		name=$(basename "$f")
		# shellcheck disable=SC2086
		got=$(summary "$f" $args)
		[ -n "$got" ] || continue
		echo "# $name	$got"
		want=$(grep "^$name	" "$expected" 2>/dev/null | cut -f2-)
		if [ -z "$want" ]; then
			fail "$reader/$name: not in $reader.expected (add the line above)"
		else
			expect_eq "$reader/$name" "$got" "$want"
		fi
	done
	[ "$n" -gt 0 ] || fail "no inputs in tests/fuzz/$reader/"
	# The subshell's failures count: NFAIL does not cross the pipe.
	[ "$NFAIL" = 0 ] || exit 1
done || NFAIL=$((NFAIL + 1))

done_testing
