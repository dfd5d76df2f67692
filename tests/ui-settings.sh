#!/bin/sh
# The settings file on the real binary (HOME is $TMP, so it is
# $TMP/.config/ptop/ptoprc): columns chosen in the file show in the view;
# F2 changes apply at once, are saved, and are there at the next start
# (comments and unknown keys kept); a sort chosen with a key is kept too;
# XDG_CONFIG_HOME; --no-config; options win over the file; a damaged or
# unreadable file gives one line of warning and ptop starts all the same.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui_lib.sh"

# A copy of its own: tests that run at once must not see each other's ptop -r.
TRACE="$TMP/basic.jsonl"
cp "$TESTDATA/basic.jsonl" "$TRACE"
ESC=$(printf '\033')
RC="$TMP/.config/ptop/ptoprc"
mkdir -p "$TMP/.config/ptop"

# quit: q, then the exit status.
quit() {
	ui_keys q
	expect_eq "$1" "$(ui_rc)" 0
}

# 1. Columns from the file, with a comment and a key this ptop does not know.
cat >"$RC" <<'EOF'
# my settings
columns = PID, PPID, EXE, COMMAND
frobnicate = 3
EOF
ui_session 120 30
ui_ptop "-r '$TRACE'"
expect_screen "the file's columns, in its order" "^ +PID +PPID EXE +COMMAND$"
expect_screen "their cells" "^ +101 +100 make +├─- make all$"
expect_no_screen "the other columns are gone" "STATE|MAXRSS"

# 2. F2: show MAXRSS (in the list of hidden columns), move it before EXE.
ui_keys F2
expect_screen "F2 opens the setup screen" "Setup: saved to .*ptoprc as it changes"
expect_screen "shown columns are ticked" "\[x\] PPID"
expect_screen "hidden ones are not" "\[ \] MAXRSS"
# PID PPID EXE COMMAND, then STATE START TIME CPU UTIME STIME MAXRSS: 10 down.
ui_keys -N 10 Down
ui_keys Space
expect_screen "Space shows it" "\[x\] MAXRSS"
expect_screen "... and says where it went" "Saved to .*ptoprc"
ui_keys F7
# Saved at once: the file says the new order before the view is seen.
_i=0
while ! grep -q '^columns = PID,PPID,MAXRSS,EXE,COMMAND$' "$RC" && [ $_i -lt 100 ]; do
	sleep 0.1
	_i=$((_i + 1))
done
ui_keys Escape
expect_screen "the view has it at once, where it was put" "^ +PID +PPID MAXRSS EXE +COMMAND$"
grep -q '^columns = PID,PPID,MAXRSS,EXE,COMMAND$' "$RC" &&
    ok "saved, keeping the line's spacing" || fail "file: $(cat "$RC")"
grep -q '^# my settings$' "$RC" && grep -q '^frobnicate = 3$' "$RC" &&
    ok "comments and unknown keys kept" || fail "file: $(cat "$RC")"
ls -l "$RC" | grep -q '^-rw-------' && ok "the file is 0600" || fail "mode: $(ls -l "$RC")"

# 3. A sort chosen with a key is kept for the next start.
ui_keys '>'
expect_screen "> sorts by the first column, marked" "^ +↑PID +PPID"
quit "q leaves"
grep -q '^sort=PID$' "$RC" && grep -q '^sort_order=ascending$' "$RC" &&
    ok "the sort was saved on leaving" || fail "file: $(cat "$RC")"
ui_ptop "-r '$TRACE'"
expect_screen "at the next start: the columns and the sort" "^ +↑PID +PPID MAXRSS EXE +COMMAND"
quit "q leaves again"

# 4. --no-config: the defaults; changes apply but are not saved.
cp "$RC" "$TMP/rc.before"
ui_ptop "--no-config -r '$TRACE'"
expect_screen "--no-config: the default columns" "PID STATE +START +TIME +CPU MAXRSS COMMAND"
ui_keys F2
expect_screen "--no-config: the setup screen says so" "Setup: not saved \(--no-config\)"
ui_keys Space
expect_screen "... a change is not saved" "Not saved: no settings file"
ui_keys Escape
expect_screen "... but applies" "^STATE +START +TIME"
quit "q leaves --no-config"
cmp -s "$RC" "$TMP/rc.before" && ok "--no-config leaves the file alone" ||
    fail "the file changed: $(cat "$RC")"

# 5. Options win: tree glyphs and colours from the file, --ascii and --no-color over them.
printf 'tree_glyphs = unicode\ncolor = on\ncolor_scheme = light\n' >"$RC"
ui_ptop "-r '$TRACE'"
expect_screen "unicode glyphs from the file" "├─- make all$"
if ui_screen_e | grep -q "$ESC\[[0-9;]*34m"; then
	ok "the light scheme: the lost process is blue, not yellow"
else
	fail "no blue in the light scheme"
	ui_screen_e | cat -v | sed -n '3,16p'
fi
quit "q leaves (light)"
ui_ptop "--ascii --no-color -r '$TRACE'"
expect_screen "--ascii wins over the file" "\|-- make all$"
if ui_screen_e | grep -q -e "$ESC\[[0-9;]*3[1-6]m" -e "$ESC\[[0-9;]*4[1-6]m"; then
	fail "--no-color: colours on the screen"
else
	ok "--no-color wins over the file"
fi
quit "q leaves (options)"
printf 'tree_glyphs = ascii\n' >"$RC"
ui_ptop "-r '$TRACE'"
expect_screen "ascii glyphs from the file" "\|-- make all$"
quit "q leaves (ascii)"

# 6. XDG_CONFIG_HOME, when absolute, is where the file is.
mkdir -p "$TMP/xdg/ptop"
printf 'columns = PID,THREADS\n' >"$TMP/xdg/ptop/ptoprc"
UI_ENV="XDG_CONFIG_HOME='$TMP/xdg'" ui_session 120 30
ui_ptop "-r '$TRACE'"
expect_screen "\$XDG_CONFIG_HOME/ptop/ptoprc is read" "^ +PID THREADS COMMAND$"
quit "q leaves (XDG)"

# 7. A damaged file: one line of warning, the defaults for what it breaks, a start.
ui_session 120 30
printf 'columns = PID,NOPE\ncolor = maybe\n' >"$RC"
ui_ptop "-r '$TRACE'"
expect_screen "a damaged file still starts" "^replay: exit 2"
expect_screen "the warning in the footer" "ptoprc:1: columns: unknown or repeated column 'NOPE'"
expect_screen "what could be used is" "^ +PID COMMAND$"
quit "q leaves (damaged)"
expect_screen "the warning on the terminal" "^ptop: .*ptoprc:1: columns: unknown or repeated column 'NOPE'; left out"
# Unreadable: a directory in its place.
rm -f "$RC"
mkdir "$RC"
ui_run "clear"
ui_ptop "-r '$TRACE'"
expect_screen "an unreadable file still starts" "^replay: exit 2"
expect_screen "... with the defaults" "PID STATE +START +TIME +CPU MAXRSS COMMAND"
expect_screen "... and says why" "ptoprc: not a regular file; using the defaults"
ui_keys F2 Space
expect_screen "... and is never replaced" "Cannot save .*ptoprc"
ui_keys Escape
quit "q leaves (unreadable)"
[ -d "$RC" ] && ok "the directory is still there" || fail "the directory was replaced"
rmdir "$RC"

# 8. Batch output ignores the file: its columns are fixed.
printf 'columns = PID,EXE\nsort = PID\nsort_order = descending\n' >"$RC"
HOME="$TMP" "$PTOP" -b -r "$TRACE" 2>"$TMP/batch" >/dev/null
head -n 1 "$TMP/batch" | grep -q '^ *PID STATUS *WALL *CPU  COMMAND$' &&
    ok "batch: the fixed columns, whatever the file says" || fail "batch: $(head -n 2 "$TMP/batch")"
sed -n 2p "$TMP/batch" | grep -q '^ *100 ' && ok "batch: creation order" ||
    fail "batch: $(head -n 3 "$TMP/batch")"

expect_no_leftovers "$TRACE"
done_testing
