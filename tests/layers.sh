#!/bin/sh
# No link cycles between the modules of libptop.a: module A uses module B
# when A's object has an undefined symbol B's defines; following those
# edges must never lead back.  Layers keep a module testable with what is
# below it, and a new screen or reader from tangling with the rest.
. "${SRCDIR:-.}/tests/lib.sh"
need nm

LIB=$(dirname "$PTOP")/libptop.a
[ -f "$LIB" ] || hard_error "no $LIB (build first)"

# "module symbol" lines: what each defines (D) and what it uses (U).
nm "$LIB" 2>/dev/null | awk '
	/^$/ { next }
	/:$/ { mod = $1; sub(/\.o:$/, "", mod); next }
	NF == 3 && $2 ~ /^[TDRBC]$/ { print "D", mod, $3; next }
	NF == 2 && $1 == "U" { print "U", mod, $2 }
' >"$TMP/syms"
[ -s "$TMP/syms" ] || hard_error "nm found no symbols in $LIB"

# cycles SYMS: every module that reaches itself, with the modules on the way.
cycles() {
	awk '
		$1 == "D" { def[$3] = $2; mods[$2] = 1 }
		$1 == "U" { use[++n] = $2 " " $3 }
		END {
			for (i = 1; i <= n; i++) {
				split(use[i], f, " ")
				b = def[f[2]]
				if (b != "" && b != f[1])
					edge[f[1], b] = 1
			}
			k = 0
			for (m in mods)
				name[++k] = m
			for (x = 1; x <= k; x++)
				for (i = 1; i <= k; i++)
					if (edge[name[i], name[x]])
						for (j = 1; j <= k; j++)
							if (edge[name[x], name[j]])
								edge[name[i], name[j]] = 1
			for (i = 1; i <= k; i++)
				if (edge[name[i], name[i]]) {
					line = name[i] " reaches itself through:"
					for (j = 1; j <= k; j++)
						if (j != i && edge[name[i], name[j]] && edge[name[j], name[i]])
							line = line " " name[j]
					print line
				}
		}
	' "$1"
}

# The check itself sees a cycle of three.
printf 'D a fa\nD b fb\nD c fc\nU a fb\nU b fc\nU c fa\n' >"$TMP/fake"
[ "$(cycles "$TMP/fake" | wc -l)" = 3 ] && ok "the check finds a made-up cycle of three" ||
	fail "the check misses a made-up cycle: $(cycles "$TMP/fake")"

nmods=$(awk '$1 == "D" { m[$2] = 1 } END { print length(m) }' "$TMP/syms")
cycles "$TMP/syms" >"$TMP/cycles"
if [ -s "$TMP/cycles" ]; then
	fail "link cycles between modules:"
	sed 's/^/    /' "$TMP/cycles" >&2
else
	ok "no link cycles among the $nmods modules of libptop.a"
fi
done_testing
