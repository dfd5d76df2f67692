#!/bin/sh
# Where the time went, in the view: the timeline (t) with its ruler, bars,
# marks, gutter and sparkline, zoom and pan (w s a d), fit (=); the
# critical path's heavy branches, c and C, :critical; the profile (u), its
# sorting (> < I) and Enter's :prog filter; --ascii; on a replayed trace,
# then live, then --summary after an interactive run.
. "${SRCDIR:-.}/tests/lib.sh"
. "$SRCDIR/tests/ui_lib.sh"

# The ruler's line (the tree's column header), from its first tick.
ruler() {
	ui_screen | sed -n 3p | sed 's/^.*COMMAND *//'
}

# expect_ruler WHAT REGEX: the ruler matches (soon).
expect_ruler() {
	_end=$(( $(date +%s) + 20 ))
	while :; do
		_r=$(ruler)
		if printf '%s\n' "$_r" | grep -qE -- "$2"; then
			ok "$1"
			return 0
		fi
		if [ "$(date +%s)" -ge "$_end" ]; then
			fail "$1: the ruler is '$_r', want /$2/"
			ui_dump
			return 1
		fi
		sleep 0.1
	done
}

# The selected row: the one that starts in reverse video (in the timeline,
# bars have reversed cells on every row: ui_selected would find those).
ESC=$(printf '\033')
ui_selected() {
	ui_screen_e | sed -n '4,$p' | grep -E "^($ESC\[[0-9;]*m)*$ESC\[([0-9;]*;)?7[;m]" |
	    head -n 1 | sed 's/\x1b\[[0-9;]*m//g'
}

# 1. A replayed trace (tests/data/basic.jsonl: 136 ms, 12 processes).
ui_session 120 30
ui_ptop "-r '$TESTDATA/basic.jsonl'"
expect_screen "the tree" "PID STATE +START +TIME +CPU MAXRSS COMMAND"
expect_screen "the critical path in heavy lines: sh, then gcc" "^ +110 ok .* ┣━━ gcc "
ui_keys t
expect_screen "t: the tree keeps its left part" "PID STATE +TIME COMMAND +│0 "
expect_ruler "t: a ruler of times" "^│0 +│20ms +│40ms +│60ms +│80ms +│100ms +│120ms$"
expect_screen "t: the header's sparkline" "^ptop: sh -c 'make all' +parallel, max 4 [▁▂▃▄▅▆▇█]+$"
expect_screen "t: the root's bar, on the critical path" "^ +100 exit 2 .*┃▌█{70}$"
expect_screen "t: a bar where its process ran" "^ +102 ok .*│ +▌█{5}▍$"
expect_screen "t: the later execs of a chain marked" "^ +104 ok .*│ +▏┃█{5}$"
expect_screen "t: the gutter of a step of the path" "^ +110 ok .*┃ +▉█{5}▊$"
expect_screen "t: the footer's keys" "w/sZoom +a/dPan +=Fit +tTree"
ui_keys w
expect_screen "w: both later execs of the chain, a cell apart" "^ +104 ok .*│ +▊█┃┃█{10}▍$"
expect_ruler "w: zoomed in around the selected process's start" "^│10ms +│20ms +│30ms +│40ms +│50ms +│60ms$"
ui_keys d
expect_ruler "d: later" "^│20ms +│30ms +│40ms +│50ms +│60ms +│70ms +│80ms$"
ui_keys a
expect_ruler "a: earlier" "^│10ms +│20ms +│30ms"
ui_keys s
expect_ruler "s: zoomed out to all of it" "^│0 +│20ms +│40ms"
ui_keys w w =
expect_ruler "=: fit the whole run" "^│0 +│20ms +│40ms +│60ms +│80ms +│100ms +│120ms$"

# The tree's keys work in the timeline: moving, folding, the critical path.
ui_keys Down
expect_selected "Down moves the tree's cursor" " 101 exit 2 "
ui_keys Left
expect_screen "Left folds: the bar shows the subtree" "^ +101 exit 2 .*├─\+ make all"
ui_keys Right g c
expect_selected "c: the next step of the critical path" " 110 ok "
expect_screen "c: says which step" "Critical path: step 2 of 2, 0\.011s"
ui_keys c
expect_screen "c at the end: says so" "The critical path ends here"
ui_keys C
expect_selected "C: the step before" " 100 exit 2 "
ui_keys '\'
ui_type ":critical"
ui_keys Enter
expect_screen "the filter :critical in the header" "\[filter: :critical\]"
expect_no_screen ":critical hides what is off the path" "─. make all|cc -c|crash|sleep 1000"
expect_screen ":critical keeps the path" "┗━━ gcc "
ui_keys '\' Escape
expect_screen "Esc clears the filter" "cc -c alpha"

# The profile: u, from the timeline or the tree.
ui_keys u
expect_screen "u: the profile's header" "^ +COUNT FAILED +WALL▼ +COVERED +CPU +MAXRSS PROGRAM"
expect_screen "u: one row a program" "^ +5 +1 +0\.057s +0\.057s +0\.060s +2\.0M cc$"
expect_screen "u: the shell" "^ +1 +1 +0\.135s +0\.135s +0\.000s +- dash$"
expect_selected "u: the longest first, selected" "dash$"
ui_keys '>'
expect_screen "> sorts by the next column" "COVERED▼"
ui_keys I
expect_screen "I inverts" "COVERED▲"
ui_keys '<' '<' '<'
expect_screen "< sorts by the previous column" "COUNT▼"
expect_selected "the cursor stays on its program" "dash$"
ui_keys g
expect_selected "g: the first (the most processes)" " cc$"
ui_keys Enter
expect_screen "Enter: the tree, filtered to the program" "\[filter: :prog cc\]"
expect_no_screen ":prog cc hides the others" "gcc|crash|sleep"
expect_screen ":prog cc keeps its processes" "├── cc -c alpha"
expect_ruler "... in the timeline it came from" "^│0 +│20ms"
ui_keys '\' Escape t
expect_screen "t: back to the tree's columns" "PID STATE +START +TIME +CPU MAXRSS COMMAND"
ui_keys u Escape
expect_screen "Esc leaves the profile" "PID STATE +START +TIME +CPU MAXRSS COMMAND"
ui_keys F1
for _i in 1 2 3 4 5 6; do
	ui_wait "zoom in, zoom out" 2 && break
	ui_keys PageDown
done
expect_screen "the help lists the timeline's keys" "^  w s +zoom in, zoom out"
ui_keys Escape q
expect_eq "replay: q leaves" "$(ui_rc)" 0

# 2. --ascii: the same in ASCII, the path in '='.
ui_ptop "--ascii -r '$TESTDATA/basic.jsonl'"
expect_screen "--ascii: the critical path's branch" "^ +110 ok .* \|== gcc "
ui_keys t
expect_ruler "--ascii: the ruler" "^\|0 +\|20ms +\|40ms"
expect_screen "--ascii: bars and the gutter" "^ +100 exit 2 .*#=+$"
expect_screen "--ascii: the sparkline" "parallel, max 4 [.:=+*#@-]+$"
ui_keys q
expect_eq "--ascii: q leaves" "$(ui_rc)" 0

# 3. Live, with --summary: a running process's bar grows to now; the
# critical path walks to it; the profile counts it as running.
need_ptrace
MARK=$$
cat >"$TMP/cmd.sh" <<EOS
sleep 0.3
env nosuchprogram$MARK 2>/dev/null
sh -c 'exit 4'
sleep 300.$MARK
EOS
ui_ptop "--no-pty --summary -- sh '$TMP/cmd.sh'"
expect_screen "live: the sleep runs" " running .* ┗━━ sleep 300\.$MARK$"
ui_keys t
expect_screen "live: its bar reaches now, the right edge" "^ +[0-9]+ running .*┃ +[▏▎▍▌▋▊▉]?█+$"
expect_screen "live: the sparkline" "parallel, max [1-3] [▁▂▃▄▅▆▇█ ]+$"
expect_screen "live: the exec that failed for good, marked on its bar" " exit 127 .*│ *[▏▎▍▌▋▊▉█]*✗"
ui_keys g c
expect_selected "live: c walks to the running step" "sleep 300\.$MARK"
expect_screen "live: so far" "Critical path: step 2 of 2, [0-9.]+s so far"
ui_keys C
expect_selected "live: C walks back" " running .* - sh "
expect_ruler "live: the whole run, from 0" "^│0 "
ui_keys End w w w
expect_ruler "live: w zooms in around the sleep's start" "^│[1-9][0-9.]*m?s "
ui_keys a d =
expect_ruler "live: = fits the run again" "^│0 "
ui_keys u
expect_screen "live: the profile counts it running" " sleep  \(1 running\)$"
ui_keys '>' I
expect_screen "live: > and I sort it" "COVERED▲"
expect_screen "live: the shells, one failed" "^ +2 +1 .* (dash|sh|bash)  \(1 running\)$"
expect_screen "live: env, which could not run its program" "^ +1 +1 .* env$"
ui_keys Escape q
expect_screen "live: quitting asks" "Still running"
ui_keys k
expect_eq "live: killed: the shell's status" "$(ui_rc 20)" 137
expect_screen "live: --summary after the view" "^Critical path: 2 steps"
expect_screen "live: the programs too" "^Programs, by wall time:"
expect_no_leftovers "300.$MARK"
expect_terminal_restored

done_testing
