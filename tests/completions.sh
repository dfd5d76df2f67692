#!/bin/sh
# Shell completions: completions/ptop.bash loads alone without errors and
# knows every option `ptop --help` lists; with bash-completion, _ptop gives
# the right COMPREPLY for options, files, pids (by number and by name, never
# the shell's own) and the command (after "--" or the options, completed
# with its own completion); completions/_ptop parses in zsh, compinit
# registers it, and it completes in a real zsh driven in tmux.
. "${SRCDIR:-.}/tests/lib.sh"

BASHCOMP="$SRCDIR/completions/ptop.bash"
ZSHCOMP="$SRCDIR/completions/_ptop"

need bash

# --- loads alone --------------------------------------------------------
out=$(bash --norc --noprofile -c ". '$BASHCOMP' && complete -p ptop" 2>&1)
expect_eq "bash: sourcing defines the completion, silently" "$out" "complete -F _ptop ptop"

# --- the option lists match --help --------------------------------------
run_ptop 10 --help
# Options from lines like "  -o, --output FILE   ..." and "      --ascii   ...".
sed -n 's/^ \{2,6\}\(-[-a-zA-Z, ]*\).*/\1/p' "$TMP/out" | tr ',' '\n' |
    sed 's/^ *//; s/ .*//' | grep -- '^-' | sort -u >"$TMP/help-opts"
grep -E '^ {2,6}-' "$TMP/out" | grep -E -- '(--?[a-zA-Z-]+) [A-Z][A-Z,.[]' |
    sed 's/^ *//; s/ [A-Z].*//' | tr ',' '\n' | sed 's/^ *//' | sort -u >"$TMP/help-args"
bash --norc --noprofile -c ". '$BASHCOMP'; printf '%s\n' \$_ptop_opts" | sort -u >"$TMP/bash-opts"
bash --norc --noprofile -c ". '$BASHCOMP'; printf '%s\n' \$_ptop_opts_arg" | sort -u >"$TMP/bash-args"
[ "$(wc -l <"$TMP/help-opts")" -ge 18 ] || hard_error "cannot read the options of --help"
if diff "$TMP/help-opts" "$TMP/bash-opts" >"$TMP/diff"; then
	ok "bash: the options are those of --help"
else
	fail "bash: options differ from --help (< help, > completion): $(cat "$TMP/diff")"
fi
if diff "$TMP/help-args" "$TMP/bash-args" >"$TMP/diff"; then
	ok "bash: the options that take an argument are those of --help"
else
	fail "bash: argument options differ from --help: $(cat "$TMP/diff")"
fi
for o in $(cat "$TMP/help-opts"); do
	grep -q -- "[{'(),]$o[]+=,}[]" "$ZSHCOMP" || fail "zsh: $o is not completed"
done
ok "zsh: every option of --help is there"

# --- exercise _ptop with bash-completion ---------------------------------
BC=""
for f in /usr/share/bash-completion/bash_completion /etc/bash_completion; do
	[ -f "$f" ] && { BC=$f; break; }
done

mkdir "$TMP/work" "$TMP/bin"
touch "$TMP/work/a.trace" "$TMP/work/b.trace" "$TMP/work/c.log"
printf '#!/bin/sh\n' >"$TMP/bin/ptopfakecmd"
chmod +x "$TMP/bin/ptopfakecmd"
# Two processes of ours with names no other has, even another copy of this
# test running at the same time (comm pcNNNNNsleep, pcNNNNNsnooze).
P=pc$(printf '%05d' $(($$ % 100000)) | tr 0-9 a-j)
cp "$(command -v sleep)" "$TMP/bin/${P}sleep"
cp "$(command -v sleep)" "$TMP/bin/${P}snooze"
"$TMP/bin/${P}sleep" 60 &
SLEEPER=$!
"$TMP/bin/${P}snooze" 61 &
SNOOZER=$!
trap 'kill $SLEEPER $SNOOZER 2>/dev/null; cleanup' EXIT

# comp WORD... : complete the last word (COMP_WORDS as given, "=" a word of
# its own as bash makes it); prints COMPREPLY, one per line, sorted.
cat >"$TMP/driver.bash" <<'EOF'
. "$BC"
. "$BASHCOMP"
compopt() { return 0; }	# works only inside a real completion
_fakecmd() { COMPREPLY=("fake:$2:$COMP_CWORD:${COMP_WORDS[0]}"); }
complete -F _fakecmd ptopfakecmd
comp() {
	local w line=
	COMP_WORDS=("$@")
	COMP_CWORD=$(($# - 1))
	for w in "$@"; do
		if [[ -z $line || $w == = || ${line: -1} == = ]]; then
			line+=$w
		else
			line+=" $w"
		fi
	done
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMPREPLY=()
	_ptop ptop "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	printf '%s\n' "${COMPREPLY[@]}" | sort
}
EOF

# bcomp WORD...: the completions, on one line.
bcomp() {
	(cd "$TMP/work" && PATH="$TMP/bin:$PATH" BC="$BC" BASHCOMP="$BASHCOMP" \
	    timeout 20 bash --norc --noprofile -c '. "$1"; shift; comp "$@"' bash \
	    "$TMP/driver.bash" "$@" 2>&1) | tr '\n' ' ' | sed 's/ $//'
}

# expect_comp WANT WORD...
expect_comp() {
	_want=$1
	shift
	expect_eq "bash: ptop $*" "$(bcomp "$@")" "$_want"
}

if [ -z "$BC" ]; then
	echo "SKIP: bash-completion is not installed: _ptop not exercised (./build.sh installs it)"
else
	expect_comp "--no-color --no-config --no-env --no-execfail --no-highlight --no-pty" ptop --no-
	expect_comp "--debug" ptop --deb
	expect_comp "--tree-file" ptop -b --tr
	expect_comp "-- --ascii --batch --chrome-trace --debug --diff --help --log --no-color --no-config --no-env --no-execfail --no-highlight --no-pty --output --pid --replay --show --summary --tree-file --version -V -b -h -o -p -r -v" ptop -
	# Files after the options that take one, in every spelling.
	expect_comp "a.trace b.trace c.log" ptop -o ""
	expect_comp "a.trace b.trace c.log" ptop -r ""
	expect_comp "c.log" ptop --log c
	expect_comp "c.log" ptop --log = c
	expect_comp "a.trace b.trace c.log" ptop --tree-file ""
	expect_comp "a.trace b.trace c.log" ptop --chrome-trace ""
	expect_comp "a.trace" ptop --diff a
	expect_comp "b.trace" ptop --diff a.trace b	# trace B
	expect_comp "a.trace b.trace c.log" ptop -bo ""
	expect_comp "c.log" ptop -b -v c
	expect_comp "a.trace" ptop --debug a
	# Pids: by number, by name, in a list; never this shell's.
	expect_comp "$SLEEPER" ptop -p "$SLEEPER"
	expect_comp "$SLEEPER" ptop -p ${P}sl
	expect_comp "$SLEEPER" ptop --pid = ${P}sl
	expect_comp "1,$SLEEPER" ptop -p "1,${P}sl"
	expect_comp "$SLEEPER" ptop -bp ${P}sl
	expect_comp "$(printf '%s\n' $SLEEPER $SNOOZER | sort | tr '\n' ' ' | sed 's/ $//')" \
	    ptop -p ${P}s
	expect_comp "" ptop -p nosuchprocessname
	out=$(cd "$TMP" && BC="$BC" BASHCOMP="$BASHCOMP" timeout 20 bash --norc --noprofile -c \
	    '. "$1"; comp ptop -p "$$" | grep -qx "$$" && echo listed; comp ptop -p "$PPID" | grep -qx "$PPID" && echo parent; true' \
	    bash "$TMP/driver.bash")
	expect_eq "bash: -p leaves out the shell and its parent" "$out" ""
	# The command: named, then completed by its own completion.
	expect_comp "ptopfakecmd" ptop ptopfakec
	expect_comp "ptopfakecmd" ptop -b ptopfakec
	expect_comp "ptopfakecmd" ptop -- ptopfakec
	expect_comp "fake:x:1:ptopfakecmd" ptop -- ptopfakecmd x
	expect_comp "fake:x:1:ptopfakecmd" ptop ptopfakecmd x
	expect_comp "fake:y:2:ptopfakecmd" ptop -b -o t.json --no-pty ptopfakecmd x y
	expect_comp "fake:x:1:ptopfakecmd" ptop --log = f.log ptopfakecmd x
	expect_comp "fake:x:1:ptopfakecmd" ptop -bo t.json ptopfakecmd x
	expect_comp "fake:x:1:ptopfakecmd" ptop -ot.json ptopfakecmd x
	# After "--", options are the command's.
	expect_comp "fake:--no-:1:ptopfakecmd" ptop -- ptopfakecmd --no-
	# -p and -r run no command: nothing to complete there.
	expect_comp "" ptop -p 1 ptopfakec
	expect_comp "" ptop -r a.trace ptopfakec
fi

# --- zsh ------------------------------------------------------------------
if ! command -v zsh >/dev/null 2>&1; then
	echo "SKIP: zsh is not installed: _ptop (zsh) not checked (./build.sh installs it)"
	done_testing
fi
if out=$(zsh -n "$ZSHCOMP" 2>&1); then
	ok "zsh -n: _ptop parses"
else
	fail "zsh -n: $out"
fi
out=$(zsh -f -c "fpath=('$SRCDIR/completions' \$fpath); autoload -Uz compinit;
    compinit -u -d '$TMP/zcompdump'; print -r -- \$_comps[ptop]" 2>&1)
expect_eq "zsh: compinit registers _ptop for ptop" "$out" "_ptop"

# A real zsh in tmux: what a person sees on Tab.
command -v tmux >/dev/null 2>&1 || { echo "SKIP: tmux not installed: zsh completion not driven"; done_testing; }
tmx new-session -d -x 200 -y 50 -s s \
    "cd '$TMP/work' && env -i HOME='$TMP' TERM=xterm PATH='$TMP/bin:/usr/bin:/bin' zsh -f"
tmx send-keys -t s "fpath=('$SRCDIR/completions' \$fpath); autoload -Uz compinit; compinit -u -d '$TMP/zcd'; PS1='zsh%% '; clear" Enter
tmx_has '^zsh%' 10 || hard_error "zsh did not start in tmux: $(tmx capture-pane -p -t s | grep -v '^$')"

# zcomp KEYS WANT WHAT [TABS]: type KEYS then Tab (or TABS Tabs); the screen
# must show WANT.
zcomp() {
	tmx send-keys -t s C-u "$1" Tab
	[ "${4:-1}" = 2 ] && tmx send-keys -t s Tab
	if tmx_has "$2" 10; then
		ok "zsh: $3"
	else
		fail "zsh: $3: '$2' not on screen: $(tmx capture-pane -p -t s | grep -v '^$' | tail -5)"
	fi
	tmx send-keys -t s C-u C-l
	sleep 0.2
}
zcomp "ptop --no-" "--no-pty .*-- no terminal pane" "options with their descriptions"
zcomp "ptop --tree-f" "^zsh% ptop --tree-file=" "a long option that takes a file"
zcomp "ptop -o " "a.trace  *b.trace" "files after -o"
zcomp "ptop -p ${P}sl" "^zsh% ptop -p $SLEEPER" "a name after -p becomes its pid"
zcomp "ptop -p $SLEEPER" "^zsh% ptop -p $SLEEPER" "a pid after -p"
# A name two processes have: a menu of both pids, the name not lost to
# the pids' common digits (which may be none: 999 and 1000).
zcomp "ptop -p ${P}s" "^$SNOOZER .*${P}snooze 61" "pids listed with their command lines"
zcomp "ptop -p ${P}s" "^zsh% ptop -p \($SLEEPER\|$SNOOZER\),\{0,1\}$" "... and one of them inserted whole (menu)"
zcomp "ptop -b ptopfakec" "^zsh% ptop -b ptopfakecmd" "the command after the options"
zcomp "ptop -- ptopfakec" "^zsh% ptop -- ptopfakecmd" "the command after --"
zcomp "ptop -- ls --colo" "^zsh% ptop -- ls --color" "the command's own options after --"
zcomp "ptop -b ls --colo" "^zsh% ptop -b ls --color" "the command's own options after ptop's"
zcomp "ptop -bo t.json -- ls --colo" "^zsh% ptop -bo t.json -- ls --color" \
    "the command's own options after an option's argument and --"

done_testing
