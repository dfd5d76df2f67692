#!/bin/sh
# bench/storm.sh [N [P]]: an xargs storm for bench/overhead.sh: N (1500)
# short shell pipelines, P (8) at a time, so both CPUs are busy and each
# pipeline is three processes (sh, its subshell, tr).
seq "${1:-1500}" | xargs -P"${2:-8}" -n1 sh -c 'echo $0 | tr 1 x >/dev/null'
