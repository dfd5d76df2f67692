#!/bin/sh
# Differential test against strace: a real shell script spawning a few
# hundred processes (loops, pipelines, command substitution, env, nested
# shells, background jobs, failed PATH lookups, odd bytes in arguments) is
# traced by strace and by ptop; the multisets of successful execs' argv
# must be equal, byte for byte, and so must the multisets of failed execve
# attempts' path and errno.  (strace -xx prints every byte as \xNN; ptop's
# argv and path strings are turned into the same hex by jq.)
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/scenlib.sh"
need jq strace awk
need_ptrace

cat >"$TMP/script.sh" <<'SCRIPT'
i=0
while [ $i -lt 60 ]; do
	/bin/true "$i" "$1"
	x=$(/bin/echo "v$i" | tr v w)
	env A="$x" /bin/sh -c ':' "sub $i"
	i=$((i + 1))
done
for f in 'a b' "$(printf 'nl\nx')" "$(printf 'esc\033[1m')" "$(printf 'bad\377')" \
    "$(printf 'caf\303\251')" "" "quote\"'\\"; do
	/bin/echo "$f" >/dev/null
done
no-such-command-anywhere 2>/dev/null
/no/such/dir/command 2>/dev/null
chmod 644 "$1/script.sh"; "$1/script.sh" 2>/dev/null
env no-such-program-anywhere 2>/dev/null
env "$1/script.sh" 2>/dev/null
printf '\177ELF, not really\n' >"$1/junk"; chmod 755 "$1/junk"; env "$1/junk" 2>/dev/null
PATH="$1/no/such/dir:$1/script.sh:$PATH" env true "path search"
env "$(printf 'bad\377name\033[1m')" 2>/dev/null
(/bin/true sub1; /bin/true sub2)
/bin/true bg1 & /bin/true bg2 & wait
exit 0
SCRIPT

# strace: every execve that returned 0, as ":hex :hex ..." per line, and
# every one that failed as ":hex ERRNO" (its path) in strace.fail;
# "<unfinished ...>" and "<... execve resumed>" halves are joined per pid.
RC=0
timeout -k 5 60 strace -f -qq -s 1000000 -xx -e trace=execve -o "$TMP/strace.out" \
    /bin/sh "$TMP/script.sh" "$TMP" >/dev/null 2>"$TMP/err" </dev/null || RC=$?
expect_eq "strace run exits 0" "$RC $(cat "$TMP/err")" "0 "
awk -v fail="$TMP/strace.fail" '
function emit(line, res) {
	if (res ~ /= -1 E[A-Z0-9]+ /) {
		sub(/^.* = -1 /, "", res)
		sub(/ .*$/, "", res)
		sub(/^[^"]*"/, "", line)
		sub(/".*$/, "", line)
		gsub(/\\x/, "", line)
		print ":" line " " res | ("sort >" fail)
		return
	}
	if (res !~ /= 0$/)
		return
	sub(/^[^[]*\[/, "", line)
	sub(/\].*$/, "", line)
	gsub(/\\x/, "", line)
	gsub(/"/, "", line)
	n = split(line, a, ", ")
	out = ""
	for (k = 1; k <= n; k++)
		out = out (k > 1 ? " " : "") ":" a[k]
	print out
}
$2 ~ /^execve\(/ && /<unfinished \.\.\.>$/ { pending[$1] = $0; next }
$2 == "<..." && $3 == "execve" { emit(pending[$1], $0); delete pending[$1]; next }
$2 ~ /^execve\(/ { emit($0, $0) }
' "$TMP/strace.out" | sort >"$TMP/strace.argv"

# /bin/sh, not sh: ptop and strace look a command up differently (ptop
# records the attempts of its own PATH search).
run_traced 60 /bin/sh "$TMP/script.sh" "$TMP"
expect_eq "ptop run exits 0" "$RC $(cat "$TMP/err")" "0 "
trace_valid
HEX='
def hex2: [(. / 16 | floor), (. % 16)] | map("0123456789abcdef"[.:. + 1]) | add;
def utf8:
	explode | map(
	    if . < 128 then [.]
	    elif . < 2048 then [192 + (. / 64 | floor), 128 + (. % 64)]
	    elif . < 65536 then [224 + (. / 4096 | floor), 128 + ((. / 64 | floor) % 64), 128 + (. % 64)]
	    else [240 + (. / 262144 | floor), 128 + ((. / 4096 | floor) % 64),
		128 + ((. / 64 | floor) % 64), 128 + (. % 64)] end) | add // [];
def b64bytes:
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/" as $abc
	| [gsub("="; "") | explode[] | [.] | implode | . as $c | $abc | index($c)] as $v
	| [range(0; $v | length; 4) as $i | $v[$i:$i + 4] as $g
	    | ($g[0] * 262144 + ($g[1] // 0) * 4096 + ($g[2] // 0) * 64 + ($g[3] // 0)) as $n
	    | [($n / 65536 | floor), (($n / 256 | floor) % 256), ($n % 256)][0:($g | length) - 1]]
	| add // [];
def hexbytes: (if type == "string" then utf8 else (.b64 | b64bytes) end) | map(hex2) | add // "";
'
jq -r -s "$HEX"'
.[] | select(.ev == "exec") | .argv | map(":" + hexbytes) | join(" ")' "$TRACE" | sort >"$TMP/ptop.argv"

jq -r -s "$HEX"'
.[] | select(.ev == "execfail") | ":" + (.path | hexbytes) + " " + .errno' "$TRACE" | sort >"$TMP/ptop.fail"

n=$(wc -l <"$TMP/strace.argv")
[ "$n" -ge 200 ] && ok "strace saw $n successful execs" || fail "strace saw only $n successful execs"
if cmp -s "$TMP/strace.argv" "$TMP/ptop.argv"; then
	ok "the same $n exec argv, as multisets, byte for byte"
else
	fail "exec argv differ (< strace, > ptop): $(diff "$TMP/strace.argv" "$TMP/ptop.argv" | grep '^[<>]' | head -6)"
fi
n=$(wc -l <"$TMP/strace.fail")
errnos=$(sed 's/.* //' "$TMP/strace.fail" | sort -u | tr '\n' ' ')
case $errnos in
*EACCES*ENOENT*ENOEXEC*) ok "strace saw $n failed execs: $errnos" ;;
*) fail "strace saw $n failed execs, not the errnos the script makes: $errnos" ;;
esac
if cmp -s "$TMP/strace.fail" "$TMP/ptop.fail"; then
	ok "the same $n failed execs, path and errno, as multisets"
else
	fail "failed execs differ (< strace, > ptop): $(diff "$TMP/strace.fail" "$TMP/ptop.fail" | grep '^[<>]' | head -6)"
fi
# The odd ones really were there, as b64 and as strings.
jq_expect "$TRACE" "odd bytes reached the comparison (2 b64, 1 with ESC, 1 with a newline)" \
    '[([.[] | select(.ev == "exec") | .argv[] | objects] | length),
      ([.[] | select(.ev == "exec") | .argv[] | strings | select(test("\u001b"))] | length),
      ([.[] | select(.ev == "exec") | .argv[] | strings | select(test("\n"))] | length)]' '[2,1,1]'
jq_expect "$TRACE" "a failed exec's path in invalid UTF-8 reached it too" \
    '[.[] | select(.ev == "execfail") | .path | objects] | length > 0' true

expect_no_leftovers "$TMP"
done_testing
