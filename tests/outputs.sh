#!/bin/sh
# The files ptop writes (-o, --tree-file, --log) on hostile ground: links
# planted in a shared sticky directory, other users' files, hard links,
# umask 000, FIFOs with no reader, and devices that fail to write.
. "${SRCDIR:-.}/tests/lib.sh"
need_ptrace

SHARED=$TMP/shared
mkdir "$SHARED" && chmod 1777 "$SHARED"
echo "keep me" >"$TMP/important"
chmod 644 "$TMP/important"

# sum_of FILE: its content and mode, to see that nothing touched it.
sum_of() {
	printf '%s %s' "$(stat -c %a "$1")" "$(cat "$1")"
}
IMPORTANT=$(sum_of "$TMP/important")

for opt in -o --tree-file --log; do
	name=$(echo "$opt" | tr -d -)
	ln -s "$TMP/important" "$SHARED/$name.link"
	run_ptop 20 -b "$opt" "$SHARED/$name.link" -- true
	expect_eq "$opt through a planted symlink exits 1" "$RC" 1
	grep -q "symbolic link" "$TMP/err" && ok "$opt: the refusal names the link" ||
		fail "$opt: message: $(cat "$TMP/err")"
	[ "$(wc -l <"$TMP/err")" = 1 ] && ok "$opt: a one-line error" || fail "$opt: $(cat "$TMP/err")"
	expect_eq "$opt: the link's target is untouched" "$(sum_of "$TMP/important")" "$IMPORTANT"
done

# A dangling link: nothing is created where it points.
ln -s "$TMP/created-through-link" "$SHARED/dangling"
run_ptop 20 -b -o "$SHARED/dangling" -- true
expect_eq "-o through a dangling link exits 1" "$RC" 1
[ ! -e "$TMP/created-through-link" ] && ok "nothing created through a dangling link" ||
	fail "a file was created through the dangling link"

# Another user's file in the shared directory: refused, untouched.
if [ "$(id -u)" = 0 ]; then
	echo "their data" >"$SHARED/theirs"
	chmod 666 "$SHARED/theirs"
	chown 65534:65534 "$SHARED/theirs"
	THEIRS=$(sum_of "$SHARED/theirs")
	run_ptop 20 -b -o "$SHARED/theirs" -- true
	expect_eq "-o onto another user's file exits 1" "$RC" 1
	grep -q "another user" "$TMP/err" && ok "the refusal says whose file it is" ||
		fail "message: $(cat "$TMP/err")"
	expect_eq "another user's file is untouched" "$(sum_of "$SHARED/theirs")" "$THEIRS"
else
	ok "(not root: cannot make a file of another user to test)"
fi

# A hard link to a file elsewhere: refused (it would be overwritten too).
cp "$TMP/important" "$TMP/linked"
ln "$TMP/linked" "$SHARED/hard"
run_ptop 20 -b -o "$SHARED/hard" -- true
expect_eq "-o onto a file with another hard link exits 1" "$RC" 1
expect_eq "the hard-linked file is untouched" "$(cat "$TMP/linked")" "keep me"

# umask 000: every output is still created 0600.
( umask 000 && timeout -k 5 20 "$PTOP" -b -o "$TMP/t.jsonl" --tree-file "$TMP/tree.txt" \
	--log "$TMP/log.txt" -- sh -c 'echo out; echo err >&2' </dev/null >/dev/null 2>&1 )
for f in t.jsonl tree.txt log.txt; do
	expect_eq "$f is created 0600 under umask 000" "$(stat -c %a "$TMP/$f" 2>&1)" 600
done
grep -q '"ev":"end"' "$TMP/t.jsonl" && ok "the trace was written" || fail "no trace"
grep -q "sh -c" "$TMP/tree.txt" && ok "the tree was written" || fail "tree: $(cat "$TMP/tree.txt")"
expect_eq "the log holds the command's output" "$(sort "$TMP/log.txt" | tr '\n' ' ')" "err out "

# An existing own file with a loose mode: reused, truncated, 0600.
echo "old old old old old" >"$TMP/old.jsonl"
chmod 644 "$TMP/old.jsonl"
run_ptop 20 -b -o "$TMP/old.jsonl" -- true
expect_eq "an own trace file is reused" "$RC" 0
expect_eq "... set to 0600" "$(stat -c %a "$TMP/old.jsonl")" 600
grep -q "old old" "$TMP/old.jsonl" && fail "old content kept" || ok "... and truncated"

# A FIFO with no reader: a signal ends the wait, with nothing left behind.
mkfifo "$TMP/fifo"
for sig in INT TERM HUP; do
	RC=0
	timeout --preserve-status -k 5 -s "$sig" 1 "$PTOP" -b -o "$TMP/new-$sig.jsonl" --tree-file "$TMP/fifo" \
		-- sh -c "echo ran-$$ >$TMP/ran-$sig" </dev/null >"$TMP/out" 2>"$TMP/err" || RC=$?
	case $sig in INT) want=130 ;; TERM) want=143 ;; HUP) want=129 ;; esac
	expect_eq "a FIFO with no reader: SIG$sig ends ptop with $want" "$RC" "$want"
	[ ! -e "$TMP/new-$sig.jsonl" ] && ok "SIG$sig: the new trace file is removed" ||
		fail "SIG$sig: $TMP/new-$sig.jsonl left behind"
	[ ! -e "$TMP/ran-$sig" ] && ok "SIG$sig: the command never ran" || fail "SIG$sig: the command ran"
	grep -q "waiting for a reader" "$TMP/err" && ok "SIG$sig: ptop said what it waits for" ||
		fail "SIG$sig: $(cat "$TMP/err")"
done

# A FIFO with a reader: the trace goes through it.
cat "$TMP/fifo" >"$TMP/from-fifo" &
READER=$!
run_ptop 20 -b -o "$TMP/fifo" -- true
wait $READER
expect_eq "a trace through a FIFO with a reader" "$RC" 0
grep -q '"ev":"end"' "$TMP/from-fifo" && ok "the reader got the whole trace" ||
	fail "from the FIFO: $(cat "$TMP/from-fifo")"

# An output that cannot be written is an error in the exit status.
if [ -w /dev/full ]; then
	run_ptop 20 -b --tree-file /dev/full -- true
	expect_eq "--tree-file /dev/full exits 1" "$RC" 1
	grep -q "/dev/full" "$TMP/err" && ok "the error names the tree file" || fail "$(cat "$TMP/err")"
	run_ptop 20 -b -o /dev/full -- true
	expect_eq "-o /dev/full exits 1" "$RC" 1
	run_ptop 20 -b --tree-file /dev/full -- sh -c 'exit 3'
	expect_eq "a failed command's status wins over an output error" "$RC" 3
else
	ok "(no writable /dev/full here)"
fi
run_ptop 20 -b --tree-file "$TMP/no/such/dir/tree" -- sh -c "echo ran-$$ >$TMP/ran-nodir"
expect_eq "--tree-file in a missing directory exits 1 before running anything" "$RC" 1
[ ! -e "$TMP/ran-nodir" ] && ok "... and the command never ran" || fail "the command ran"

done_testing
