#!/bin/sh
# The Debian package: ./build.sh deb builds it from a clean copy of the
# tree (dpkg-buildpackage -us -uc -b, with dh autoreconf) and lintian finds
# no error in it; it holds the binary, the manual page and both shells'
# completions, depends on the libraries ptop links (from shlibs), carries
# the version ptop reports, and its binary runs.  Skipped where the Debian
# tools are missing, and in a release tarball (which ships no debian/).
. "${SRCDIR:-.}/tests/lib.sh"

[ -f "$SRCDIR/debian/control" ] || skip "no debian/ in $SRCDIR (release tarballs ship none)"
# build.sh deb copies a clean tree: what git tracks, or an unconfigured tree.
if [ "$(git -C "$SRCDIR" rev-parse --show-toplevel 2>/dev/null)" != "$(cd "$SRCDIR" && pwd -P)" ] &&
   [ -f "$SRCDIR/config.status" ]; then
	skip "$SRCDIR is configured in place and not a git checkout (the package's own build?): no clean tree to package"
fi
for t in dpkg-buildpackage dpkg-checkbuilddeps dh dpkg-deb lintian; do
	command -v "$t" >/dev/null 2>&1 ||
	    skip "'$t' is not installed: the package is not built (./build.sh installs dpkg-dev, debhelper, lintian)"
done
if ! out=$(cd "$SRCDIR" && dpkg-checkbuilddeps -Pnocheck 2>&1); then
	case $out in
	*"nmet build dependencies"*) skip "the package's build dependencies are missing: $out" ;;
	esac
	fail "dpkg-checkbuilddeps: $out"
	done_testing
fi

# The build proper: 10 minutes at most (it takes about 20 s here).
RC=0
PTOP_NO_INSTALL=1 timeout -k 5 600 "$SRCDIR/build.sh" deb "$TMP/out" >"$TMP/build.log" 2>&1 || RC=$?
sed -n '/^build.sh: lintian/,$p' "$TMP/build.log"
if [ "$RC" != 0 ]; then
	tail -n 30 "$TMP/build.log"
	fail "./build.sh deb failed (exit $RC)"
	done_testing
fi
ok "./build.sh deb built the package"

arch=$(dpkg --print-architecture)
version=$(cd "$SRCDIR" && dpkg-parsechangelog -S Version)
DEB="$TMP/out/ptop_${version}_$arch.deb"
[ -f "$DEB" ] || hard_error "no $DEB after the build: $(ls "$TMP/out")"

# lintian ran in the build (errors fail it); no error may hide in its output.
errors=$(grep '^E: ' "$TMP/build.log" || true)
expect_eq "lintian: no errors" "$errors" ""
grep -q '^build.sh: lintian ' "$TMP/build.log" && ok "lintian ran" || fail "lintian did not run"

dpkg -c "$DEB" >"$TMP/contents" || fail "dpkg -c $DEB"
for f in ./usr/bin/ptop ./usr/share/man/man1/ptop.1.gz \
    ./usr/share/bash-completion/completions/ptop ./usr/share/zsh/vendor-completions/_ptop \
    ./usr/share/doc/ptop/copyright; do
	if grep -q " $f\$" "$TMP/contents"; then
		ok "dpkg -c lists $f"
	else
		fail "dpkg -c does not list $f: $(cat "$TMP/contents")"
	fi
done
grep -q -- '-rwxr-xr-x root/root .* ./usr/bin/ptop$' "$TMP/contents" &&
    ok "ptop is installed 0755 root:root" || fail "ptop's mode or owner: $(grep bin/ptop "$TMP/contents")"

# Depends come from shlibs: every library ptop links, and libc.
depends=$(dpkg-deb -f "$DEB" Depends)
for lib in libc libcjson libev libncursesw libvterm; do
	case ", $depends" in
	*", $lib"[0-9]*) ok "Depends names $lib" ;;
	*) fail "Depends lacks $lib: $depends" ;;
	esac
done

# The packaged files are the tree's, and the binary runs.
mkdir "$TMP/root"
dpkg-deb -x "$DEB" "$TMP/root"
want=$("$PTOP" --version)
expect_eq "the packaged ptop's version" "$("$TMP/root/usr/bin/ptop" --version 2>&1)" "$want"
expect_eq "the package's version is ptop's" "ptop ${version%-*}" "$want"
cmp -s "$TMP/root/usr/share/bash-completion/completions/ptop" "$SRCDIR/completions/ptop.bash" &&
    ok "the bash completion is completions/ptop.bash" || fail "the packaged bash completion differs"
cmp -s "$TMP/root/usr/share/zsh/vendor-completions/_ptop" "$SRCDIR/completions/_ptop" &&
    ok "the zsh completion is completions/_ptop" || fail "the packaged zsh completion differs"
if command -v man >/dev/null 2>&1; then
	man -l "$TMP/root/usr/share/man/man1/ptop.1.gz" 2>/dev/null | grep -q 'ptop' &&
	    ok "the packaged manual page renders" || fail "man -l cannot render the packaged page"
fi

done_testing
