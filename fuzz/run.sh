#!/bin/sh
# fuzz/run.sh: run the fuzz harness (make fuzz) on every reader of
# fuzz/readers, or on those named.  See doc/fuzzing.md.
#
#   fuzz/run.sh [-t SECONDS] [-j JOBS] [-c CORPUS] [-o FOUND] [READER]...
#
#   -t  seconds per reader (default 600)
#   -j  fuzzing processes per reader (default 1; libFuzzer's -fork=JOBS)
#   -c  the growing corpus, one directory per reader (default fuzz/corpus,
#       kept between runs, not committed)
#   -o  where inputs that crash, hang, leak or break the round trip are
#       written, one directory per reader (default fuzz/found)
#
# Run from the build directory (FUZZ=path/to/fuzz overrides the harness).
# The seeds come from the source tree: tests/fuzz/READER/ and the
# directories fuzz/readers lists.  Exits 1 when anything was found.
set -eu

srcdir=$(cd "$(dirname "$0")/.." && pwd)
FUZZ=${FUZZ:-fuzz/fuzz}
secs=600 jobs=1 corpus=fuzz/corpus found=fuzz/found
while getopts t:j:c:o: opt; do
	case $opt in
	t) secs=$OPTARG ;;
	j) jobs=$OPTARG ;;
	c) corpus=$OPTARG ;;
	o) found=$OPTARG ;;
	*) sed -n '5,6s/^# *//p' "$0" >&2; exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ -x "$FUZZ" ] || { echo "fuzz/run.sh: no $FUZZ: run 'make fuzz' first" >&2; exit 2; }

readers=$*
[ -n "$readers" ] || readers=$(sed -e '/^#/d' -e 's/:.*//' "$srcdir/fuzz/readers")
rc=0
for r in $readers; do
	line=$(grep "^$r:" "$srcdir/fuzz/readers") || { echo "fuzz/run.sh: no reader '$r'" >&2; exit 2; }
	seeds="$srcdir/tests/fuzz/$r"
	for d in $(echo "$line" | cut -d: -f3); do
		seeds="$seeds $srcdir/$d"
	done
	dict=
	[ -f "$srcdir/fuzz/$r.dict" ] && dict="-dict=$srcdir/fuzz/$r.dict"
	fork=
	[ "$jobs" -gt 1 ] && fork="-fork=$jobs"
	mkdir -p "$corpus/$r" "$found/$r"
	echo "fuzz/run.sh: $r for ${secs}s ($FUZZ, corpus $corpus/$r)"
	# -close_fd_mask=2: the readers' error lines are expected; libFuzzer's
	# and the sanitizers' reports still show.  A run that takes more than
	# 10 s on an input counts as a hang.
	# shellcheck disable=SC2086
	if ! PTOP_FUZZ_READER=$r "$FUZZ" -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 \
	    -close_fd_mask=2 -print_final_stats=1 -artifact_prefix="$found/$r/" $dict $fork \
	    "$corpus/$r" $seeds; then
		rc=1
	fi
	if [ -n "$(ls "$found/$r")" ]; then
		rc=1
		echo "fuzz/run.sh: $r: found (reproduce with '$FUZZ FILE' and 'src/ptop $(echo "$line" | cut -d: -f2) FILE';" \
		    "once fixed, save each as tests/fuzz/$r/crash-WHAT):"
		ls -l "$found/$r"
	fi
done
exit $rc
