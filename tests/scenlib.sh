# tests/scenlib.sh: helpers for the scenario tests, sourced after lib.sh.
#
# A scenario is run with run_traced, which records a trace in $TRACE; the
# trace is then checked for its structure (trace_valid) and for the exact
# tree (tree_expect).

TRACE=$TMP/trace.jsonl

# run_traced SECONDS CMD [ARG]...: ptop -b -o $TRACE -- CMD..., with a timeout;
# the tree goes to $TMP/tree, so that $TMP/err holds what the command said.
run_traced() {
	_secs=$1
	shift
	rm -f "$TRACE"
	run_ptop "$_secs" -b -o "$TRACE" --tree-file "$TMP/tree" -- "$@"
}

# What is wrong with the trace's structure, one problem per element: the
# header first, the end line last, ids 1..N spawned once each, a single root,
# each parent spawned before its child, every exec and exit naming a spawned
# id and its pid, every process ending exactly once.
TRACE_PROBLEMS='
. as $all
| $all[1:-1] as $ev
| ($ev | map(select(.ev == "spawn"))) as $spawns
| ($spawns | map({key: (.id | tostring), value: .}) | from_entries) as $sp
| ($ev | map(select(.ev == "exit") | {key: (.id | tostring), value: true}) | from_entries) as $ex
| [
	(if ($all[0].ptop != "trace" or $all[0].version != 1) then "bad header" else empty end),
	(if $all[-1].ev != "end" then "last line is not the end line" else empty end),
	($ev[] | select(.ev != "spawn" and .ev != "exec" and .ev != "exit" and .ev != "execfail")
	    | "unexpected event \(.ev)"),
	(if ($spawns | map(.id)) != [range(1; ($spawns | length) + 1)]
	    then "spawn ids are not 1..N in order" else empty end),
	($ev[] | select(.ev == "exec" or .ev == "exit" or .ev == "execfail")
	    | select($sp[.id | tostring] == null or $sp[.id | tostring].pid != .pid)
	    | "\(.ev) of id \(.id) pid \(.pid) matches no spawn"),
	($spawns[] | select(.parent != null)
	    | select(.parent >= .id or $sp[.parent | tostring] == null)
	    | "spawn \(.id) has bad parent \(.parent)"),
	($spawns | map(select(.parent == null)) | length | select(. != 1) | "\(.) roots"),
	($ev | map(select(.ev == "exit")) | group_by(.id) | map(select(length > 1))
	    | .[] | "id \(.[0].id) exits \(length) times"),
	($spawns[] | select($ex[.id | tostring] == null) | "id \(.id) never exits")
]'

# trace_valid [TRACE]: the trace is complete and consistent.
trace_valid() {
	_t=${1:-$TRACE}
	if [ ! -s "$_t" ]; then
		fail "no trace written ($_t)"
		return
	fi
	jq_expect "$_t" "trace is consistent" "$TRACE_PROBLEMS" "[]"
}

# The trace as a list of processes in id order:
#   [id, parent, [argv of each exec, ...], exit code or signal name]
# with $PROGDIR written "P" and $TMP written "T" inside argv strings.
TREE_JQ='
def short: if type == "string" then split($P) | join("P") | split($T) | join("T") else . end;
reduce (.[] | select(.ev == "spawn" or .ev == "exec" or .ev == "exit")) as $e ({};
	($e.id | tostring) as $k
	| if $e.ev == "spawn" then .[$k] = {id: $e.id, p: $e.parent, x: [], e: null}
	elif $e.ev == "exec" then .[$k].x += [$e.argv | map(short)]
	else .[$k].e = ($e.signal // $e.code) end)
| [.[]] | sort_by(.id) | map([.id, .p, .x, .e])'

# tree_expect WHAT WANT [TRACE]: the trace's tree (TREE_JQ) is exactly WANT.
tree_expect() {
	_got=$(jq -s -c --arg P "$PROGDIR" --arg T "$TMP" "$TREE_JQ" "${3:-$TRACE}" 2>&1) ||
	    _got="jq error: $_got"
	expect_eq "$1" "$_got" "$2"
}

# jq_arg TRACE WHAT FILTER WANT: jq_expect with $P and $T bound as in TREE_JQ.
jq_arg() {
	_got=$(jq -s -c --arg P "$PROGDIR" --arg T "$TMP" "$3" "$1" 2>&1) || _got="jq error: $_got"
	expect_eq "$2" "$_got" "$4"
}

# wait_until SECONDS CMD...: poll CMD every 20 ms; 1 if it never succeeds.
wait_until() {
	_n=$(($1 * 50))
	shift
	while [ "$_n" -gt 0 ]; do
		"$@" && return 0
		sleep 0.02
		_n=$((_n - 1))
	done
	return 1
}
