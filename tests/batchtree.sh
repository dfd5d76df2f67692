#!/bin/sh
# The batch tree (-b, on stderr): box-drawing glyphs in a UTF-8 locale,
# --ascii, plain ASCII in the C locale, and arguments with control
# characters escaped so that no raw ESC (or C1 control, or newline) reaches
# the terminal.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/scenlib.sh"
need jq
need_ptrace

# The COMMAND column: everything after "PID STATUS WALL CPU  ".
commands() {
	sed -n '2,$s/^.\{42\}//p' "$TMP/err"
}

script='/bin/true a; sh -c "/bin/true b; /bin/true c; exit 0"; /bin/true d; exit 0'

if locale -a 2>/dev/null | grep -q -i -x -e 'C.UTF-8' -e 'C.utf8'; then
	LC_ALL=C.UTF-8 run_ptop 20 -b -- sh -c "$script" "$TMP"
	expect_eq "UTF-8 tree: exit 0" "$RC" 0
	expect_eq "UTF-8 tree: header" "$(sed -n 1p "$TMP/err")" \
	    "    PID STATUS             WALL      CPU  COMMAND"
	expect_eq "UTF-8 tree: glyphs" "$(commands)" "sh -c '$script' $TMP
├─ /bin/true a
├─ sh -c '/bin/true b; /bin/true c; exit 0'
│  ├─ /bin/true b
│  └─ /bin/true c
└─ /bin/true d"

	LC_ALL=C.UTF-8 run_ptop 20 -b --ascii -- sh -c "$script" "$TMP"
	expect_eq "--ascii tree: glyphs" "$(commands)" "sh -c '$script' $TMP
|- /bin/true a
|- sh -c '/bin/true b; /bin/true c; exit 0'
|  |- /bin/true b
|  \`- /bin/true c
\`- /bin/true d"

	# Control characters, C1 controls and invalid UTF-8 are escaped.
	LC_ALL=C.UTF-8 run_ptop 20 -b -- /bin/true "$(printf 'red\033[31mX')" \
	    "$(printf 'a\nb')" "$(printf '\302\233')" "$(printf 'caf\303\251')" "$(printf '\377')" "$TMP"
	expect_eq "escaping: one line per process, escapes as in \$'...'" "$(commands)" \
	    "/bin/true \$'red\\e[31mX' \$'a\\nb' \$'\\xc2\\x9b' café \$'\\xff' $TMP"
else
	echo "# no C.UTF-8 locale: UTF-8 glyphs not tested"
fi
esc=$(printf '\033')
c1=$(printf '\302\233')
grep -q -e "$esc" -e "$c1" "$TMP/err" && fail "escaping: a raw ESC or C1 control reached stderr" ||
    ok "escaping: no raw ESC or C1 control on stderr"

LC_ALL=C run_ptop 20 -b -- sh -c "$script" "$TMP"
expect_eq "C locale: ASCII glyphs" "$(commands | sed -n '2p;4p')" "|- /bin/true a
|  |- /bin/true b"
LC_ALL=C run_ptop 20 -b -- /bin/true "$(printf '\033[1m')" "$(printf 'caf\303\251')" "$TMP"
expect_eq "C locale: non-ASCII escaped too" "$(commands)" "/bin/true \$'\\e[1m' \$'caf\\xc3\\xa9' $TMP"
LC_ALL=C grep -q '[^ -~]' "$TMP/err" && fail "C locale: a byte outside printable ASCII on stderr" ||
    ok "C locale: stderr is printable ASCII"

# A child that never exec'd shows what its parent ran when it forked, not
# what the parent exec'd afterwards.
fork_then_exec='{ read x; } </dev/null & wait; exec /bin/true later'
LC_ALL=C run_ptop 20 -b -- sh -c "$fork_then_exec"
expect_eq "forked before the parent's exec: shows the parent's argv at the fork" "$(commands)" \
    "/bin/true later
\`- sh -c '$fork_then_exec'"

expect_no_leftovers "$TMP"
done_testing
