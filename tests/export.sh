#!/bin/sh
# --chrome-trace: the Chrome trace-event JSON of a live run and of a saved
# trace, checked with jq against the JSON Lines trace of the same run:
# every process once, its times, argv, status, the exec chain as nested
# slices, the nesting on each lane, children under their parents, lanes
# reused; -r converts and does nothing else; damaged input and unsafe
# output paths are refused with one line.
. "${SRCDIR:-.}/tests/lib.sh"
need jq
need_ptrace

# The checks every export must pass, given the trace it came from:
# prints "ok" or what is wrong.
check_export() {
	jq -n -r --slurpfile t "$1" --slurpfile c "$2" '
	($c[0]) as $c | ($c.otherData.ts_offset_us) as $off |
	[$t[] | select(.ev == "spawn" or .ev == "attach")] as $procs |
	[$c.traceEvents[] | select(.ph == "X" and .cat == "process")] as $ps |
	[$c.traceEvents[] | select(.ph == "X" and .cat == "exec")] as $xs |
	($ps | map({key: (.args.id | tostring), value: .}) | from_entries) as $byid |
	def us: . * 1000000 | round;
	def last_exec($id): [$t[] | select(.ev == "exec" and .id == $id)] | last;
	def ended($id): [$t[] | select((.ev == "exit" or .ev == "detach") and .id == $id)] | first;
	[
	  (if ($ps | length) != ($procs | length) then
	    "\($ps | length) process slices for \($procs | length) processes" else empty end),
	  ($procs[] | . as $p | $byid[$p.id | tostring] as $s |
	    if $s == null then "process \($p.id) has no slice"
	    elif $s.ts != ($p.t | us) + $off then "process \($p.id): ts \($s.ts), spawn at \($p.t | us)"
	    elif (ended($p.id)) as $e | $e != null and $s.ts + $s.dur != ($e.t | us) + $off then
	      "process \($p.id): ends at \($s.ts + $s.dur), exit at \(ended($p.id).t | us)"
	    elif (last_exec($p.id)) as $x | $x != null and $s.args.argv != $x.argv then
	      "process \($p.id): argv \($s.args.argv), last exec \(last_exec($p.id).argv)"
	    elif (ended($p.id)) as $e | $e.code != null and $s.args.exit_code != $e.code then
	      "process \($p.id): exit_code \($s.args.exit_code), trace \(ended($p.id).code)"
	    elif (ended($p.id)) as $e | $e.signal != null and $s.args.signal != $e.signal then
	      "process \($p.id): signal \($s.args.signal), trace \(ended($p.id).signal)"
	    elif ($p.parent // 0) != ($s.args.parent // 0) then "process \($p.id): parent"
	    else empty end),
	  # An exec chain: one slice per exec, in order, inside its process.
	  ($procs[] | .id as $id | [$t[] | select(.ev == "exec" and .id == $id)] as $ex |
	    [$xs[] | select(.args.id == $id)] as $sl | $byid[$id | tostring] as $s |
	    if ($ex | length) > 1 and ($sl | length) != ($ex | length) then
	      "process \($id): \($ex | length) execs, \($sl | length) exec slices"
	    elif ($ex | length) > 1 and ($sl | map(.args.argv)) != ($ex | map(.argv)) then
	      "process \($id): exec slices out of order"
	    elif ($sl | map(select(.tid != $s.tid or .ts < $s.ts or .ts + .dur > $s.ts + $s.dur))
	      | length) > 0 then "process \($id): an exec slice outside it"
	    else empty end),
	  # Each lane: slices nest; a process slice sits right under its
	  # parent (or one of its exec slices) when it is on the parent lane.
	  ([$ps[], $xs[]] | group_by(.tid)[] | sort_by([.ts, -.dur, (if .cat == "process" then 0 else 1 end)]) |
	    reduce .[] as $e ({stack: [], bad: []};
	      .stack |= map(select(.ts + .dur > $e.ts)) |
	      if (.stack | length) > 0 and $e.ts + $e.dur > (.stack[-1].ts + .stack[-1].dur) then
	        .bad += ["misnested: \($e.name) id \($e.args.id) in \(.stack[-1].args.id)"]
	      elif $e.cat == "process" and (.stack | length) > 0 and
	        .stack[-1].args.id != $e.args.parent then
	        .bad += ["process \($e.args.id) nested under \(.stack[-1].args.id), parent \($e.args.parent)"]
	      elif $e.cat == "exec" and (.stack[-1].args.id // -1) != $e.args.id then
	        .bad += ["exec slice of \($e.args.id) under \(.stack[-1].args.id)"]
	      else . end | .stack += [$e]) | .bad[])
	] | if length == 0 then "ok" else .[:5] | join("; ") end' 2>&1
}

script='env FOO=1 nice sh -c "sleep 0.3 & sleep 0.2 & (sleep 0.1; exit 3) & wait; exit 0";
(exec sleep 0.05) & sh -c "kill -KILL \$\$"; wait; /bin/false; exit 0'

# A live run, the trace and the export at once.
run_ptop 30 -b -o "$TMP/t.jsonl" --chrome-trace "$TMP/live.json" -- sh -c "$script"
expect_eq "live: ptop exits with the command's status" "$RC" 0
if jq -e . "$TMP/live.json" >/dev/null 2>&1; then
	ok "live: the export is valid JSON"
else
	fail "live: the export is not valid JSON: $(head -c 300 "$TMP/live.json")"
fi
expect_eq "live: the export matches the trace" "$(check_export "$TMP/t.jsonl" "$TMP/live.json")" ok
expect_eq "live: the file is created 0600" "$(stat -c %a "$TMP/live.json")" 600
jq_expect "$TMP/live.json" "the exec chain env -> nice -> sh is three exec slices" \
    '[.[0].traceEvents[] | select(.cat == "exec") | .name]' '["env","nice","sh"]'
jq_expect "$TMP/live.json" "the killed shell has a SIGKILL instant event" \
    '[.[0].traceEvents[] | select(.ph == "i" and .cat == "signal") | .name]' '["SIGKILL"]'
jq_expect "$TMP/live.json" "the failing child says exit 3" \
    '[.[0].traceEvents[] | select(.cat == "process" and .args.exit_code == 3) | .args.status]' \
    '["exit 3"]'
jq_expect "$TMP/live.json" "CPU and peak RSS are there" \
    '[.[0].traceEvents[] | select(.cat == "process") | has("args") and (.args | has("cpu_user_ms") and has("peak_rss_kb"))] | all' \
    true
jq_expect "$TMP/live.json" "the three sleeps in parallel take other lanes" \
    '[.[0].traceEvents[] | select(.cat == "process" and .name == "sleep") | .tid] | unique | length > 1' true
jq_expect "$TMP/live.json" "the environment that env gave sh is its difference" \
    '[.[0].traceEvents[] | select(.cat == "process" and .args.execs == 3) | .args.env.added]' \
    '[["FOO=1"]]'
jq_expect "$TMP/live.json" "nice's exec in the chain: no difference from env's, no env member" \
    '[.[0].traceEvents[] | select(.cat == "exec" and .name == "nice") | has("env")]' '[false]'
# Failed exec attempts (a PATH search), one instant each, in the trace's order.
if jq -e 'select(.ptop) | .execfail == false' "$TMP/t.jsonl" >/dev/null; then
	echo "failed exec attempts are not recorded here: not checked"
else
	expect_eq "every failed exec attempt is an instant event, in order" \
	    "$(jq -c -s 'map(select(.ev == "execfail") | [.id, .path, .errno, .argv])' "$TMP/t.jsonl")" \
	    "$(jq -c '[.traceEvents[] | select(.cat == "execfail") | [.args.id, .args.path, .args.errno, .args.argv]]' "$TMP/live.json")"
	jq_expect "$TMP/live.json" "... within their process's slice, named with the error" \
	    '.[0].traceEvents as $ev | [$ev[] | select(.cat == "execfail") | . as $i | ($ev[] | select(.cat == "process" and .args.id == $i.args.id)) as $p | $i.ts >= $p.ts and $i.ts <= $p.ts + $p.dur and ($i.name | test(": not found$|: "))] | all' \
	    true
fi
jq_expect "$TMP/live.json" "lanes are named and ordered" \
    '[.[0].traceEvents[] | select(.ph == "M" and .name == "thread_name")] | length > 0' true

# The same trace, converted: the same bytes, nothing on stderr, no tree.
run_ptop 30 -r "$TMP/t.jsonl" --chrome-trace "$TMP/replay.json"
expect_eq "-r: exit 0" "$RC" 0
expect_eq "-r: converts and prints nothing" "$(cat "$TMP/out" "$TMP/err")" ""
if cmp -s "$TMP/live.json" "$TMP/replay.json"; then
	ok "-r: the same export as the live run"
else
	fail "-r: the export differs from the live run's"
fi
run_ptop 30 -b -r "$TMP/t.jsonl" --chrome-trace "$TMP/replay2.json" --tree-file "$TMP/tree"
expect_eq "-r --tree-file: the tree is written too" "$(sed -n 2p "$TMP/tree" | grep -c 'env FOO=1')" 1

# Parallel jobs in waves of four (make -j4), each with a child: four lanes.
gen_jobs() {
	awk 'BEGIN {
	print "{\"ptop\":\"trace\",\"version\":1,\"mode\":\"launch\",\"argv\":[\"make\",\"-j4\"],\"cwd\":\"/b\",\"start\":1700000000}"
	print "{\"t\":0.000000,\"ev\":\"spawn\",\"id\":1,\"pid\":100,\"parent\":null}"
	print "{\"t\":0.000001,\"ev\":\"exec\",\"id\":1,\"pid\":100,\"argv\":[\"make\",\"-j4\"],\"exe\":\"/usr/bin/make\",\"cwd\":\"/b\"}"
	id = 1
	# Jobs start in waves of four; each wave ends before the next starts.
	for (w = 0; w < 100; w++) {
		for (k = 0; k < 4; k++) {
			s[k] = 0.001 + w * 0.01 + k * 0.0001
			job[k] = ++id; cc[k] = ++id
			printf "{\"t\":%.6f,\"ev\":\"spawn\",\"id\":%d,\"pid\":%d,\"parent\":1}\n", s[k], job[k], 100 + job[k]
			printf "{\"t\":%.6f,\"ev\":\"exec\",\"id\":%d,\"pid\":%d,\"argv\":[\"sh\",\"-c\",\"cc -c f%d.c\"],\"exe\":\"/bin/sh\",\"cwd\":\"/b\"}\n", s[k] + 0.00001, job[k], 100 + job[k], w * 4 + k
			printf "{\"t\":%.6f,\"ev\":\"spawn\",\"id\":%d,\"pid\":%d,\"parent\":%d}\n", s[k] + 0.00002, cc[k], 100 + cc[k], job[k]
		}
		for (k = 0; k < 4; k++)
			printf "{\"t\":%.6f,\"ev\":\"exit\",\"id\":%d,\"pid\":%d,\"code\":0,\"utime\":0.001,\"stime\":0,\"maxrss\":1000,\"threads\":1}\n", s[k] + 0.008, cc[k], 100 + cc[k]
		for (k = 0; k < 4; k++)
			printf "{\"t\":%.6f,\"ev\":\"exit\",\"id\":%d,\"pid\":%d,\"code\":0,\"utime\":0.001,\"stime\":0,\"maxrss\":1000,\"threads\":1}\n", s[k] + 0.009, job[k], 100 + job[k]
	}
	print "{\"t\":1.100000,\"ev\":\"exit\",\"id\":1,\"pid\":100,\"code\":0,\"utime\":0.5,\"stime\":0,\"maxrss\":1000,\"threads\":1}"
	print "{\"t\":1.100000,\"ev\":\"end\",\"status\":0}"
	}'
}
gen_jobs >"$TMP/jobs.jsonl"
run_ptop 30 -r "$TMP/jobs.jsonl" --chrome-trace "$TMP/jobs.json"
expect_eq "jobs: exit 0" "$RC" 0
expect_eq "jobs: the export matches the trace" "$(check_export "$TMP/jobs.jsonl" "$TMP/jobs.json")" ok
jq_expect "$TMP/jobs.json" "jobs: 801 processes on 4 lanes, reused wave after wave" \
    '[.[0].traceEvents[] | select(.cat == "process") | .tid] | [length, (unique | length)]' '[801,4]'
jq_expect "$TMP/jobs.json" "jobs: each compiler under its job, on its lane" \
    '[.[0].traceEvents[] | select(.cat == "process")] | (map({key: (.args.id | tostring), value: .tid}) | from_entries) as $lane | map(select(.args.parent != null and .args.parent != 1) | $lane[.args.id | tostring] == $lane[.args.parent | tostring]) | all' true

# Attached processes (-p) started before the trace: every time is shifted
# so that none is negative, and otherData says by how much.
cat >"$TMP/attach.jsonl" <<'EOF'
{"ptop":"trace","version":1,"mode":"attach","argv":["812"],"cwd":"/root","start":1700000100.5}
{"t":0.000301,"ev":"attach","id":1,"pid":812,"parent":null,"argv":["bash"],"exe":"/usr/bin/bash","cwd":"/root","started":1700000090.25}
{"t":0.000302,"ev":"attach","id":2,"pid":813,"parent":1,"argv":["sleep","100"],"exe":"/usr/bin/sleep","cwd":"/root","started":1700000095.5}
{"t":1.5,"ev":"spawn","id":3,"pid":900,"parent":1}
{"t":1.6,"ev":"exec","id":3,"pid":900,"argv":["ls"],"exe":"/usr/bin/ls","cwd":"/root"}
{"t":1.7,"ev":"exit","id":3,"pid":900,"code":0,"utime":0,"stime":0,"maxrss":100,"threads":1}
{"t":2.5,"ev":"detach","id":2,"pid":813}
{"t":2.5,"ev":"detach","id":1,"pid":812}
{"t":2.5,"ev":"end","status":0}
EOF
run_ptop 30 -r "$TMP/attach.jsonl" --chrome-trace "$TMP/attach.json"
expect_eq "attach: exit 0" "$RC" 0
jq_expect "$TMP/attach.json" "attach: shifted by the earliest start, nothing negative" \
    '[.[0].otherData.ts_offset_us, ([.[0].traceEvents[] | .ts] | min)]' '[10250000,0]'
jq_expect "$TMP/attach.json" "attach: the attached processes say so, and end detached" \
    '[.[0].traceEvents[] | select(.cat == "process") | [.args.attached, .args.status, .ts + .dur]]' \
    '[[true,"detached",12750000],[true,"detached",12750000],[null,"ok",11950000]]'

# Damaged input: one line naming the file and line, no export left behind.
head -n 3 "$TMP/t.jsonl" >"$TMP/bad.jsonl"
echo '{"t":1,"ev":"exit","id":999}' >>"$TMP/bad.jsonl"
run_ptop 30 -r "$TMP/bad.jsonl" --chrome-trace "$TMP/bad.json"
expect_eq "damaged trace: exit 1" "$RC" 1
expect_eq "damaged trace: one line of error" "$(wc -l <"$TMP/err" | tr -d ' ')" 1
grep -q "bad.jsonl:4" "$TMP/err" && ok "damaged trace: the error names the file and line" ||
    fail "damaged trace: error was: $(cat "$TMP/err")"
[ ! -e "$TMP/bad.json" ] && ok "damaged trace: no export left behind" ||
    fail "damaged trace: an export was left behind"

# A trace cut in the middle of a line (ptop was killed): the export has what is there.
head -c 2000 "$TMP/t.jsonl" >"$TMP/cut.jsonl"
run_ptop 30 -r "$TMP/cut.jsonl" --chrome-trace "$TMP/cut.json"
expect_eq "cut trace: exit 0" "$RC" 0
jq_expect "$TMP/cut.json" "cut trace: processes that never ended last until the trace's end" \
    '[.[0].traceEvents[] | select(.cat == "process" and .args.status == "lost")] | length > 0' true

# The output is opened safely, before anything runs.
ln -s "$TMP/target" "$TMP/link"
run_ptop 30 -b --chrome-trace "$TMP/link" -- sh -c "touch '$TMP/ran'"
expect_eq "a symbolic link: exit 1" "$RC" 1
grep -q "cannot write the Chrome trace '$TMP/link'" "$TMP/err" && ok "a symbolic link: refused" ||
    fail "a symbolic link: error was: $(cat "$TMP/err")"
[ ! -e "$TMP/ran" ] && [ ! -e "$TMP/target" ] && ok "a symbolic link: nothing ran, nothing written" ||
    fail "a symbolic link: the command ran or the target was written"
run_ptop 30 -r "$TMP/t.jsonl" --chrome-trace /dev/full
expect_eq "a full disk: exit 1" "$RC" 1
grep -q "cannot write the Chrome trace '/dev/full'" "$TMP/err" && ok "a full disk: said so" ||
    fail "a full disk: error was: $(cat "$TMP/err")"

done_testing
