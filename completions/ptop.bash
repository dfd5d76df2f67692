# bash completion for ptop                                 -*- shell-script -*-
#
# Installed as "ptop" in bash-completion's completions directory, which
# loads it the first time ptop is completed.  It needs bash-completion's
# helpers (_init_completion, _filedir, _command_offset).
#
# Options as `ptop --help` lists them (tests/completions.sh checks that the
# lists below match it); files after -o, -r, --tree-file, --chrome-trace,
# --diff, --log and -v; pids
# after -p (a comma-separated list; a name completes to the pids of the
# processes of that name, since bash cannot show a name beside a pid); and
# the command, after the options or after "--", with its own completion.

# Options that take an argument in the next word (or after "=").
_ptop_opts_arg='-o --output -r --replay -p --pid --tree-file --chrome-trace --diff --log -v --debug --show'
_ptop_opts='-b --batch -o --output -r --replay -p --pid --tree-file --chrome-trace --diff
	--ascii --no-color --no-highlight --no-config --no-pty --log --no-env --no-execfail --show --summary
	-v --debug -h --help -V --version'

# _ptop_pids CUR: the pids ptop may attach to (the user's own processes, or
# all for root; never this shell or its ancestors, which ptop refuses) that
# start with the last comma-separated element of CUR, or whose command name
# does; appended to COMPREPLY with the elements before it.
_ptop_pids()
{
	local cur=$1 head= last p key val comm skip=" "
	case $cur in
	*,*) head=${cur%,*}, last=${cur##*,} ;;
	*) last=$cur ;;
	esac
	p=$$
	while [[ $p && $p != 0 ]]; do
		skip+="$p "
		val=
		while read -r key val; do
			[[ $key == PPid: ]] && break
			val=
		done 2>/dev/null <"/proc/$p/status"
		p=$val
	done
	for p in /proc/[0-9]*; do
		p=${p#/proc/}
		[[ $skip == *" $p "* ]] && continue
		((EUID == 0)) || [[ -O /proc/$p ]] || continue
		[[ ",$head" == *",$p,"* ]] && continue
		if [[ $p == "$last"* ]]; then
			COMPREPLY+=("$head$p")
		elif [[ $last && $last != [0-9]* ]] &&
			read -r comm 2>/dev/null <"/proc/$p/comm" && [[ $comm == "$last"* ]]; then
			COMPREPLY+=("$head$p")
		fi
	done
}

_ptop()
{
	local cur prev words cword split
	_init_completion -s || return

	# Where the command starts: after "--", or at the first word that is
	# not an option nor an option's argument (ptop stops parsing there).
	# COMP_WORDS, not words: _command_offset counts in COMP_WORDS, where
	# "--log=FILE" is three words.
	local i j c w arg cmd=0 noattach=0 diff=0 argopt=
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		arg=
		case $w in
		--)
			cmd=$((i + 1))
			break
			;;
		--*)
			case $w in
			--pid | --replay) noattach=1 ;;
			--diff) diff=1 ;;
			esac
			if [[ ${COMP_WORDS[i + 1]-} == = ]]; then
				((i += 2))	# --log=FILE
			elif [[ " $_ptop_opts_arg " == *" $w "* ]]; then
				arg=$w
			fi
			;;
		-?*)
			# A cluster like -bo FILE or -ofile: the first letter that
			# takes an argument takes the rest, or else the next word.
			for ((j = 1; j < ${#w}; j++)); do
				c=${w:j:1}
				[[ $c == [pr] ]] && noattach=1
				if [[ $c == [orpv] ]]; then
					((j == ${#w} - 1)) && arg=-$c
					break
				fi
			done
			;;
		*)
			cmd=$i
			break
			;;
		esac
		if [[ $arg ]]; then
			((i + 1 == COMP_CWORD)) && argopt=$arg
			((i++))
		fi
	done
	if ((cmd > 0 && COMP_CWORD >= cmd)); then
		_command_offset $cmd
		return
	fi

	# "--log=FI": _init_completion -s split it into prev and cur.
	$split && argopt=$prev
	case $argopt in
	-o | --output | -r | --replay | --tree-file | --chrome-trace | --diff | --log | -v | --debug)
		_filedir
		return
		;;
	-p | --pid)
		_ptop_pids "$cur"
		return
		;;
	--show)
		return	# a pid or #ID of the trace: nothing to offer
		;;
	esac
	$split && return

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$_ptop_opts --" -- "$cur"))
	elif ((diff == 1 && noattach == 0)); then
		# --diff A B: trace B (a command goes after --).
		_filedir
	elif ((noattach == 0)); then
		# With -p or -r there is no command; otherwise this word is it.
		_command_offset $COMP_CWORD
	fi
} &&
	complete -F _ptop ptop

# ex: filetype=sh
