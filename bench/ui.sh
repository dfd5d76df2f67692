#!/bin/sh
# bench/ui.sh [N]: how fast the tree UI answers on a trace of about N
# processes (default 100000).  Run by hand from the top of a built tree.
#
# 1. bench/gentrace writes a build-shaped trace (make, sh -c, gcc, cc1;
#    some failures and kills).
# 2. bench/uibench loads it as ptop -r does and times, key by key, the work
#    up to a finished frame (no terminal), plus memory per process.
# 3. The real ptop -r runs in tmux (200x60) with a debug log; keys are sent
#    one at a time and the log's "key to frame" times (from reading the key
#    to the end of doupdate()) are summarised, with ptop's resident memory.
set -eu
cd "$(dirname "$0")/.."
n=${1:-100000}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/ptop-uibench.XXXXXX")
sock="ptop-bench-$$"
trap 'tmux -L "$sock" kill-server 2>/dev/null; rm -rf "$tmp"' EXIT

[ -x src/ptop ] || { echo "bench/ui.sh: build first (./build.sh)" >&2; exit 1; }
make -s bench/uibench bench/gentrace >/dev/null
echo "== generating a trace of about $n processes"
bench/gentrace "$n" >"$tmp/trace.jsonl"
echo "$(wc -c <"$tmp/trace.jsonl") bytes, $(grep -c '"ev":"spawn"' "$tmp/trace.jsonl") processes"

echo "== bench/uibench (no terminal)"
bench/uibench "$tmp/trace.jsonl" 200 60

command -v tmux >/dev/null 2>&1 || { echo "tmux not installed: skipping the end-to-end part"; exit 0; }
echo "== ptop -r in tmux 200x60, one key at a time"
log="$tmp/debug.log"
tmux -L "$sock" -f /dev/null new-session -d -s b -x 200 -y 60 \
    "env TERM=xterm-256color LANG=C.UTF-8 LC_ALL=C.UTF-8 src/ptop --no-config -v '$log' -r '$tmp/trace.jsonl'; sleep 30"

frames() {
	_c=$(grep -c 'ui: frame' "$log" 2>/dev/null) || true
	echo "${_c:-0}"
}

# Wait for the frame after a key (the log grows), at most 10 s.
wait_frame() {
	_i=0
	while [ "$(frames)" -le "$1" ] && [ $_i -lt 1000 ]; do
		sleep 0.01
		_i=$((_i + 1))
	done
}

wait_frame 0
pid=$(pgrep -f "src/ptop --no-config -v $log" | head -n 1)
rss=$(sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\) kB/\1/p' "/proc/$pid/status")
procs=$(grep -c '"ev":"spawn"' "$tmp/trace.jsonl")
echo "ptop resident memory after loading: $((rss / 1024)) MB, $((rss * 1024 / procs)) bytes a process (argv text included)"

send() {
	_before=$(frames)
	tmux -L "$sock" send-keys -t b "$@"
	wait_frame "$_before"
}

: >"$tmp/marks"
mark() {
	echo "$(frames) $1" >>"$tmp/marks"
}

mark "Down x100"
for i in $(seq 100); do send Down; done
mark "PgDn x30"
for i in $(seq 30); do send PageDown; done
mark "End, Home"
send End; send Home
mark "Left/Right on the root (fold/unfold 100k)"
send Left; send Right
mark "* twice (fold all, unfold all)"
send '*'; send '*'
mark "x x20"
for i in $(seq 20); do send x; done
mark "filter: typing file0042, Enter"
send '\'; for c in f i l e 0 0 4 2; do send "$c"; done; send Enter
mark "filter: \\ (open the prompt)"
send '\'
mark "Esc (clears the filter; Esc waits ESCDELAY, 25 ms)"
send Escape
mark "search: typing file0200.c, Enter"
send /; for c in f i l e 0 2 0 0 . c; do send "$c"; done; send Enter
mark "n x10, N x5"
for i in $(seq 10); do send n; done
for i in $(seq 5); do send N; done
mark "Enter (detail view)"
send Enter
mark "Esc (back; waits ESCDELAY, 25 ms)"
send Escape
mark "t (timeline), w s a d =, t"
send Home; send t; send w; send s; send w; send a; send d; send =; send t
mark "c x3, C x3 (the critical path)"
for i in 1 2 3; do send c; done
for i in 1 2 3; do send C; done
mark "u (profile), > x3, I, Down x3"
send u; for i in 1 2 3; do send '>'; done; send I; for i in 1 2 3; do send Down; done
mark "Enter (filter to the program)"
send Enter
mark "filter: :critical"
send '\'; send C-u; for c in : c r; do send "$c"; done; send Enter
mark "sort: > (TIME), I, > (CPU), < (TIME)"
send '>'; send I; send '>'; send '<'
mark "Down x50 while sorted"
for i in $(seq 50); do send Down; done
mark "F6, Home, Down x3, Enter (creation order again)"
send F6; send Home; send Down; send Down; send Down; send Enter
mark "end"
tmux -L "$sock" send-keys -t b q

awk -v marks="$tmp/marks" '
BEGIN {
	while ((getline line < marks) > 0) {
		split(line, f, " ")
		nm++
		at[nm] = f[1]
		name[nm] = substr(line, length(f[1]) + 2)
	}
}
/ui: frame/ {
	n++
	if (!/key to frame/) next
	v = $(NF - 1) + 0
	for (m = nm; m >= 1; m--)
		if (n > at[m]) break
	if (m < 1 || m == nm) next
	cnt[m]++; sum[m] += v
	if (v > max[m]) max[m] = v
	if (name[m] !~ /^Esc/)
		all[++na] = v
}
END {
	for (m = 1; m < nm; m++)
		if (cnt[m] > 0)
			printf "  %-44s mean %6.2f ms   max %6.2f ms   (%d frames)\n", name[m], sum[m] / cnt[m], max[m], cnt[m]
	for (i = 1; i <= na; i++)
		for (j = i + 1; j <= na; j++)
			if (all[j] < all[i]) { t = all[i]; all[i] = all[j]; all[j] = t }
	p99 = int(na * 0.99) + 1
	if (p99 > na)
		p99 = na
	if (na > 0)
		printf "  all %d key presses but Esc: median %.2f ms, 99th %.2f ms, max %.2f ms\n", na, all[int(na / 2) + 1], all[p99], all[na]
}' "$log"
