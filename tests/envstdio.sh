#!/bin/sh
# The environment and stdio of each exec, against what the process really
# got: tests/prog/imgdump writes back the argv, environment and cwd it
# received, tests/execdump writes what the trace recorded of it in the same
# format, and the two must be the same bytes, live and after a round trip
# through the trace writer (execdump -w: ptop's -r and -o do not combine).
# Hostile environments (no '=', empty names, duplicates, invalid UTF-8,
# escape sequences, 10,000 and 40,000 variables, a value at the kernel's
# limit and over it), bad pointers, inheritance and change across fork and
# exec chains with the detail's diff against the parent, and where fds 0-2
# pointed (files, /dev/null, pipes between traced processes, 2>&1, closed).
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/scenlib.sh"
need jq cmp
need_ptrace

T=$PROGDIR/tryexec
I=$PROGDIR/imgdump
X=$PROGDIR/../execdump
RT=$TMP/roundtrip.jsonl
[ -x "$X" ] || hard_error "no $X (make check builds it)"

# id_of DUMP: the id of the process that exec'd imgdump to write DUMP.
id_of() {
	jq -r --arg d "$1" 'select(.ev == "exec" and .argv[1] == $d) | .id' "$TRACE"
}

# recorded WHAT DUMP: what the process got (DUMP, from imgdump) is what the
# trace says it got, read live and after the round trip.
recorded() {
	_id=$(id_of "$2")
	if [ -z "$_id" ] || [ ! -s "$2" ]; then
		fail "$1: no exec of imgdump for $2 in the trace, or no dump"
		return
	fi
	if ! "$X" "$TRACE" "$_id" >"$TMP/got" 2>"$TMP/xerr"; then
		fail "$1: execdump: $(cat "$TMP/xerr")"
	elif cmp -s "$2" "$TMP/got"; then
		ok "$1: argv, environment and cwd recorded exactly"
	else
		fail "$1: the trace differs from what the process got: $(cmp "$2" "$TMP/got" 2>&1)"
	fi
	if ! "$X" "$RT" "$_id" >"$TMP/got" 2>"$TMP/xerr"; then
		fail "$1: execdump after the round trip: $(cat "$TMP/xerr")"
	elif cmp -s "$2" "$TMP/got"; then
		ok "$1: ... and after a round trip through the writer"
	else
		fail "$1: the round trip changed it: $(cmp "$2" "$TMP/got" 2>&1)"
	fi
}

# roundtrip: the trace, read and written again (each env against the base
# the reader rebuilt), to $RT.
roundtrip() {
	rm -f "$RT"
	"$X" -w "$RT" "$TRACE" 2>"$TMP/xerr" || fail "execdump -w: $(cat "$TMP/xerr")"
}

# no_raw WHAT FILE...: no control byte but newline in what ptop printed.
no_raw() {
	_what=$1
	shift
	if cat "$@" | LC_ALL=C tr -d '\n' | LC_ALL=C grep -q "$(printf '[\001-\037\177]')"; then
		fail "$_what: a raw control byte reached the terminal: $(cat "$@" |
		    LC_ALL=C grep -n "$(printf '[\001-\011\013-\037\177]')" | head -n 3 | od -c | head -n 5)"
	else
		ok "$_what: nothing raw on the terminal"
	fi
}

# show ID: ptop -r TRACE --show ID into $TMP/show (exit 0 expected).
show() {
	run_ptop 20 -r "$TRACE" --show "$1"
	expect_eq "--show $1 exits 0" "$RC" 0
	cp "$TMP/out" "$TMP/show"
}

# env_lines: the lines of the environment section of $TMP/show, after its title.
env_lines() {
	sed -n '/^environment/,/^$/p' "$TMP/show" | sed '1d;/^$/d'
}

# ---- hostile environments -----------------------------------------------------

# Entries without '=', an empty name, an empty value, an empty entry,
# duplicates, invalid UTF-8 in names and values, escape sequences, bidi.
printf 'PATH=/usr/bin:/bin\0JUSTWORDS\0=x\0E=\0\0D=1\0D=2\0D=1\0N\377\376=v\200\0V=\303(\0' >"$TMP/env1"
printf 'ESC=\033[31mred\033]0;title\007\0\033[2Jname=v\0NL=a\nb\r\0BIDI=\342\200\256abc\0' >>"$TMP/env1"
run_traced 20 "$T" -e "$TMP/env1" path "$I" imgdump "$TMP/d1"
expect_eq "a hostile environment: the program runs" "$RC" 0
trace_valid
roundtrip
recorded "a hostile environment" "$TMP/d1"
jq_expect "$TRACE" "... the trace keeps the invalid UTF-8 as base64" \
	'[.[] | select(.ev == "exec") | .env[] | objects | has("b64")] | length' 2
show '#1'
no_raw "a hostile environment: -b, --show" "$TMP/tree" "$TMP/err" "$TMP/show"
for e in '    JUSTWORDS' '    =x' '    E=' '    D=2' '    ESC=\e[31mred\e]0;title\a' \
    '    \e[2Jname=v' '    NL=a\nb\r' '    N\xff\xfe=v\x80'; do
	grep -qxF -- "$e" "$TMP/show" || fail "--show lacks the entry '$e': $(env_lines | head -n 20)"
done
expect_eq "--show lists every entry, the empty one too" "$(env_lines | wc -l)" 14
grep -q "environment has entries env(1) cannot set" "$TMP/show" &&
	ok "--show: the rerun command says what it cannot set" ||
	fail "--show does not say the rerun loses entries: $(cat "$TMP/show")"

# No environment at all (envp NULL: the kernel gives an empty one).
run_traced 20 "$T" -E path "$I" imgdump "$TMP/d2"
roundtrip
recorded "an empty environment (envp NULL)" "$TMP/d2"
jq_expect "$TRACE" "... recorded as an empty list, not as missing" \
	'[.[] | select(.ev == "exec") | .env] | .[-1]' '[]'

# 10,000 variables (the stack read), 40,000 (past what ptop reads from the
# stack: /proc/PID/environ).
for n in 10000 40000; do
	awk -v n="$n" 'BEGIN { print "PATH=/usr/bin:/bin"; for (i = 1; i <= n; i++)
	    printf "VAR%05d=value of %d\n", i, i }' | tr '\n' '\0' >"$TMP/env$n"
	run_traced 30 "$T" -e "$TMP/env$n" path "$I" imgdump "$TMP/d$n"
	expect_eq "$n variables: the program runs" "$RC" 0
	roundtrip
	recorded "$n variables" "$TMP/d$n"
done

# One value at the kernel's limit (MAX_ARG_STRLEN: 128 KiB with the NUL),
# then one byte over it, then 1 MiB: E2BIG, a failed attempt with its errno.
big_env() {	# FILE ENTRY-LENGTH
	{ printf 'PATH=/usr/bin:/bin\0BIG='; head -c $(($2 - 4)) /dev/zero | tr '\0' v;
	    printf '\0AFTER=1\0'; } >"$1"
}
big_env "$TMP/envmax" 131071
run_traced 20 "$T" -e "$TMP/envmax" path "$I" imgdump "$TMP/dmax"
expect_eq "a value of 128 KiB - 1: accepted" "$RC" 0
roundtrip
recorded "a value of 128 KiB - 1" "$TMP/dmax"
for size in 131072 1048576; do
	big_env "$TMP/envbig" "$size"
	printf '\033]0;gotcha\007\0' >>"$TMP/envbig"
	run_traced 20 "$T" -e "$TMP/envbig" path "$I" imgdump "$TMP/dbig"
	expect_eq "an entry of $size bytes: refused, the process goes on" "$RC" $((100 + 7))
	trace_valid
	jq_arg "$TRACE" "... a failed attempt with its path and errno, no exec" \
		'[.[] | select(.ev == "execfail" or .ev == "exec") | [.ev, (.path // .argv[0] | split($P) | join("P")), .errno]]' \
		'[["exec","P/tryexec",null],["execfail","P/imgdump","E2BIG"]]'
	show '#1'
	grep -q "imgdump: E2BIG" "$TMP/show" && ok "... --show names it with its errno" ||
		fail "--show: $(cat "$TMP/show")"
	no_raw "... -b, --show" "$TMP/tree" "$TMP/err" "$TMP/show"
done

# All of argv and the environment together: under the kernel's total
# (ARG_MAX: a quarter of the stack limit), read whole; over it, E2BIG.
argmax=$(getconf ARG_MAX)
head -c 120000 /dev/zero | tr '\0' w >"$TMP/value"
many_env() {	# FILE COUNT: COUNT entries of 120,000 bytes
	printf 'PATH=/usr/bin:/bin\0' >"$1"
	for _i in $(seq "$2"); do
		printf 'BIG%d=' "$_i"
		cat "$TMP/value"
		printf '\0'
	done >>"$1"
}
many_env "$TMP/envtotal" $(((argmax - 100000) / 120006))
run_traced 20 "$T" -e "$TMP/envtotal" path "$I" imgdump "$TMP/dtotal"
expect_eq "$(wc -c <"$TMP/envtotal") bytes of environment (ARG_MAX $argmax): accepted" "$RC" 0
roundtrip
recorded "an environment near ARG_MAX" "$TMP/dtotal"
many_env "$TMP/envtotal" $((argmax / 120006 + 2))
run_traced 20 "$T" -e "$TMP/envtotal" path "$I" imgdump "$TMP/dtotal2"
expect_eq "$(wc -c <"$TMP/envtotal") bytes: refused, the process goes on" "$RC" $((100 + 7))
jq_expect "$TRACE" "... the attempt and its errno" \
	'[.[] | select(.ev == "execfail") | .errno]' '["E2BIG"]'

# ---- bad pointers -----------------------------------------------------------------

# execfail.sh has a NULL path and an unreadable argv; here the environment.
for kind in badenvp badenvstr; do
	run_traced 20 "$T" "$kind" "$I" imgdump "$TMP/dx"
	expect_eq "$kind: EFAULT, the process goes on" "$RC" $((100 + 14))
	trace_valid
	jq_arg "$TRACE" "$kind: the attempt, with its path and argv" \
		'[.[] | select(.ev == "execfail") | [(.path | split($P) | join("P")), .argv[1:], .errno]]' \
		"[[\"P/imgdump\",[\"$TMP/dx\"],\"EFAULT\"]]"
done
# A NULL argv: the kernel gives the program one empty argument.
ARGDUMP=$TMP/nullargv
export ARGDUMP
run_traced 20 "$T" nullargv "$PROGDIR/argdump"
unset ARGDUMP
expect_eq "a NULL argv: the program gets one argument" "$RC" 1
jq_expect "$TRACE" "... the trace says it was empty" \
	'[.[] | select(.ev == "exec") | .argv] | .[-1]' '[""]'
expect_eq "... which is what it got" "$(od -An -c "$TMP/nullargv" | tr -d ' ')" '\0'

# ---- inheritance and change across fork and exec --------------------------------

mkdir "$TMP/k"
printf 'PATH=/usr/bin:/bin\0REMOVED=1\0CHANGED=old\033[31m\0KEEP=\377x\0' >"$TMP/envk"
run_traced 30 "$T" -e "$TMP/envk" path "$PROGDIR/envkids" envkids "$I" "$TMP/k"
expect_eq "fork and exec chains: all went well" "$RC" 0
trace_valid
roundtrip
for d in same plus minus changed grand chain-a chain-b middle early late self; do
	recorded "env of '$d'" "$TMP/k/$d"
done
jq_expect "$TRACE" "an inherited environment is one run in the trace" \
	"[.[] | select(.ev == \"exec\" and (.argv[1] // \"\" | endswith(\"/same\"))) | .env]" '[[[0,3]]]'
jq_expect "$TRACE" "a changed one: runs and the new entry" \
	"[.[] | select(.ev == \"exec\" and (.argv[1] // \"\" | endswith(\"/changed\"))) | .env]" \
	'[[[0,1],"CHANGED=new",3]]'
# diff_is NAME WANT: the environment section of --show '#ID' of that dump.
diff_is() {
	show "#$(id_of "$TMP/k/$1")"
	expect_eq "--show of '$1': its environment against its parent's" \
		"$(env_lines | tr '\n' '|')" "$2"
}
diff_is same '  the same as its parent'"'"'s|'
diff_is plus '  + ADDED=new|'
diff_is minus '  - REMOVED|'
diff_is changed '  ~ CHANGED: old\e[31m -> new|'
diff_is grand '  + GRAND=1|'
diff_is middle '  + MIDDLE=1|'
diff_is early '  the same as its parent'"'"'s|'
diff_is late '  the same as its parent'"'"'s|'
no_raw "env diffs in --show" "$TMP/show"
# The same, crafted: a parent that execs after a fork in the same
# millisecond (where the live one can fall), and before its first exec.
TRACE=$TESTDATA/env-parent.jsonl
for want in '2 + X=1
  + \e[2JE=\e]0;t\a
  - B' '3 the same as its parent'"'"'s' '4 the same as its parent'"'"'s'; do
	show "#${want%% *}"
	expect_eq "a crafted trace: #${want%% *} against what its parent ran when it forked" \
		"$(env_lines)" "  ${want#* }"
	no_raw "... --show #${want%% *}" "$TMP/show"
done
TRACE=$TMP/trace.jsonl
# env -> sh -> imgdump in one process; sh puts its PWD in what it passes on.
show "#$(id_of "$TMP/k/chain-b")"
env_lines | sort >"$TMP/diff"
pwd_line=$(grep '^  + PWD=' "$TMP/diff")
expect_eq "--show of an exec chain: against the parent's, all its changes" \
	"$(grep -v '^  + PWD=' "$TMP/diff" | tr '\n' '|')" '  + CHAIN=1|  - REMOVED|'
[ -n "$pwd_line" ] && ok "... and the PWD sh added" || fail "no PWD in $(cat "$TMP/diff")"
diff_is chain-a "$pwd_line|"

# ---- stdio --------------------------------------------------------------------

printf 'input\n' >"$TMP/in"
cat >"$TMP/stdio.sh" <<'EOF'
t=$1
/bin/cat - <"$t/in" >"$t/file"
/bin/cat -u </dev/null >/dev/null
/bin/echo piped | /bin/cat -s >"$t/piped"
/bin/ls "$t/nothing-here" >"$t/both" 2>&1
/bin/true closed <&- >&- 2>&-
/bin/sh -c 'exec >&-; /bin/true stdout-gone' >"$t/closing"
EOF
run_traced 30 sh "$TMP/stdio.sh" "$TMP"
expect_eq "stdio scenarios: the script's status" "$RC" 0
trace_valid
fds_of() {	# ARGV...: the fds of the exec with that argv, $TMP written T
	jq -c --arg T "$TMP" --arg a "$*" 'select(.ev == "exec" and (.argv | join(" ")) == $a) |
	    .fds | map(if . == null then . else split($T) | join("T") end)' "$TRACE"
}
expect_eq "stdin and stdout from and to files" "$(fds_of /bin/cat -)" "[\"T/in\",\"T/file\",\"T/err\"]"
expect_eq "stdin and stdout /dev/null" "$(fds_of /bin/cat -u)" "[\"/dev/null\",\"/dev/null\",\"T/err\"]"
expect_eq "2>&1" "$(fds_of /bin/ls "$TMP/nothing-here")" "[\"/dev/null\",\"T/both\",\"T/both\"]"
expect_eq "fds 0-2 closed at exec" "$(fds_of /bin/true closed)" "[null,null,null]"
expect_eq "a shell that closes its stdout after exec: what it had at the exec" \
	"$(fds_of /bin/sh -c 'exec >&-; /bin/true stdout-gone')" "[\"/dev/null\",\"T/closing\",\"T/err\"]"
expect_eq "... its child, with stdout and stderr as it left them" \
	"$(fds_of /bin/true stdout-gone)" "[\"/dev/null\",null,\"T/err\"]"
wpipe=$(fds_of /bin/echo piped | jq -r '.[1]')
rpipe=$(fds_of /bin/cat -s | jq -r '.[0]')
case $wpipe in
pipe:*) expect_eq "a | b: the two ends of one pipe" "$rpipe" "$wpipe" ;;
*) fail "echo's stdout is no pipe: $wpipe" ;;
esac
pid_of() {	# ARGV...: the pid of the exec with that argv
	jq -r --arg a "$*" 'select(.ev == "exec" and (.argv | join(" ")) == $a) | .pid' "$TRACE"
}
show "$(pid_of /bin/echo piped)"
grep -qxF "  stdout pipe -> $(pid_of /bin/cat -s) /bin/cat -s" "$TMP/show" &&
	ok "--show: the writer's stdout names the reader" || fail "--show: $(cat "$TMP/show")"
show "$(pid_of /bin/cat -s)"
grep -qxF "  stdin  pipe -> $(pid_of /bin/echo piped) /bin/echo piped" "$TMP/show" &&
	ok "--show: the reader's stdin names the writer" || fail "--show: $(cat "$TMP/show")"
show "$(pid_of /bin/true closed)"
expect_eq "--show: fds closed at exec" "$(sed -n '/^stdio at its exec/,/^$/p' "$TMP/show" | tr '\n' '|')" \
	'stdio at its exec|  stdin  closed|  stdout closed|  stderr closed||'
show "$(pid_of /bin/sh -c 'exec >&-; /bin/true stdout-gone')"
grep -qxF "  stdout $TMP/closing" "$TMP/show" &&
	ok "--show: the stdout it closed right after its exec" || fail "--show: $(cat "$TMP/show")"
show "$(pid_of /bin/ls "$TMP/nothing-here")"
grep -qxF "  stderr $TMP/both" "$TMP/show" && grep -qxF "  stdout $TMP/both" "$TMP/show" &&
	ok "--show: 2>&1" || fail "--show: $(cat "$TMP/show")"

# ptop's own stdout, which the processes share (known by kcmp, its name
# read once): renamed, then deleted, while they run.
run_ptop 20 -b -o "$TRACE" -- /bin/sh -c \
	'/bin/true before; mv "$1/out" "$1/out2"; /bin/true renamed; rm "$1/out2"; /bin/true deleted' \
	sh "$TMP"
expect_eq "ptop's stdout, shared: its name" "$(fds_of /bin/true before | jq -r '.[1]')" "T/out"
expect_eq "... renamed while the command runs: the new name" \
	"$(fds_of /bin/true renamed | jq -r '.[1]')" "T/out2"
expect_eq "... deleted: as /proc says it" \
	"$(fds_of /bin/true deleted | jq -r '.[1]')" "T/out2 (deleted)"

done_testing
