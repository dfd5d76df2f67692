#!/bin/sh
# bench/in-tmux.sh ui|plain SCRIPT: run the shell script SCRIPT in a new
# detached tmux session (160x50), under ptop's interactive view (ui) or
# alone (plain), and return when SCRIPT has finished; then kill the session
# (ptop's view gets SIGHUP and leaves).  The finish is signalled from
# inside, so the time measured is the work's, not ptop's exit.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
ptop=${PTOP:-$here/../src/ptop}
s=ptop-bench-$$
case $1 in
ui) run="env TERM=xterm-256color LANG=C.UTF-8 $ptop --" ;;
plain) run="" ;;
*) echo "usage: $0 ui|plain SCRIPT" >&2; exit 2 ;;
esac
tmux -L "$s" -f /dev/null new-session -d -x 160 -y 50 \
	"$run sh -c 'sh \"\$0\"; tmux -L $s wait-for -S done' '$2'; sleep 60"
tmux -L "$s" wait-for done
tmux -L "$s" kill-server
