#!/bin/sh
# build.sh: set up, build and (with "check") test ptop.  POSIX sh, idempotent.
#
#   ./build.sh          install missing packages, configure once, build
#   ./build.sh check    the same, then run every test; the last line is
#                       "N passed, N failed" (", N skipped" may follow);
#                       installs the npm package one test uses (see
#                       consumer_deps) when npm is there
#   ./build.sh distcheck  the same, then make distcheck
#   ./build.sh deb [DIR]  build the Debian package from a clean copy of the
#                       tree (dpkg-buildpackage -us -uc -b), check it with
#                       lintian, and leave the .deb in DIR (default build-deb/);
#                       the tree itself is not configured nor built.  The
#                       package's own run of the tests is off unless
#                       DEB_BUILD_OPTIONS is set (./build.sh check runs them).
#   ./build.sh fuzz [SECONDS]  the same, then build the fuzz harness and fuzz
#                       every reader for SECONDS each (default 1800; see
#                       doc/fuzzing.md)
#
# Packages are installed with apt-get when running as root on Debian/Ubuntu;
# otherwise the exact command to run is printed and the build goes on
# (PTOP_NO_INSTALL=1: neither).
set -eu

cd "$(dirname "$0")"

# Build and test dependencies, as Debian packages.  The packaging tools and
# the shells are here too, not only for "deb": without them the package and
# completion tests skip, and CI (a fresh machine) would never run them.
PACKAGES="autoconf autoconf-archive automake make gcc pkg-config libncurses-dev libev-dev
libvterm-dev libcjson-dev libcmocka-dev jq tmux strace procps mandoc
build-essential dpkg-dev debhelper lintian bash-completion zsh clang libclang-rt-14-dev"

# What is missing among $PACKAGES (dpkg-query knows; no network needed).
missing_packages() {
	for p in $PACKAGES; do
		status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
		case "$status" in
		*"install ok installed"*) ;;
		*) printf '%s ' "$p" ;;
		esac
	done
}

install_deps() {
	command -v dpkg-query >/dev/null 2>&1 || {
		echo "build.sh: not a Debian-like system; install the equivalents of: $PACKAGES" >&2
		return 0
	}
	missing=$(missing_packages)
	[ -n "$missing" ] || return 0
	if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
		echo "build.sh: installing $missing" >&2
		# The package lists may be stale or absent on a fresh machine.
		DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null 2>&1 || {
			apt-get update -q >/dev/null
			DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null
		}
	else
		echo "build.sh: missing packages; run: sudo apt-get install -y $missing" >&2
	fi
}

configure_once() {
	if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt configure ] ||
	   [ tests/Makefile.inc -nt configure ]; then
		autoreconf -fi
	fi
	if [ ! -f Makefile ] || [ configure -nt config.status ]; then
		./configure ${PTOP_CONFIGURE_FLAGS:-}
	fi
}

# Copy the tree's source files (what git tracks or would track, as they
# are now; or everything, in an unconfigured tree without git) into $1.
copy_clean_tree() {
	if command -v git >/dev/null 2>&1 &&
	   [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$(pwd -P)" ]; then
		git ls-files -z --cached --others --exclude-standard |
		    tar --null -T - --ignore-failed-read -cf - 2>/dev/null | tar -xf - -C "$1"
	elif [ ! -f config.status ]; then
		tar --exclude=./build-deb -cf - . | tar -xf - -C "$1"
	else
		echo "build.sh: deb needs a git checkout or an unconfigured tree (run make distclean)" >&2
		return 1
	fi
}

# Build the .deb from a clean copy of the tree, so that the package proves
# it builds from the sources alone; put it, with its .buildinfo and .changes,
# in $1; run lintian, whose errors fail the build.
build_deb() {
	out=$1
	mkdir -p "$out"
	out=$(cd "$out" && pwd -P)
	for tool in dpkg-buildpackage dh dpkg-parsechangelog; do
		command -v "$tool" >/dev/null 2>&1 || {
			echo "build.sh: $tool not found; install dpkg-dev and debhelper" >&2
			return 1
		}
	done
	version=$(dpkg-parsechangelog -S Version)
	work=$(mktemp -d "${TMPDIR:-/tmp}/ptop-deb.XXXXXX")
	trap 'rm -rf "$work"' EXIT
	mkdir "$work/ptop-${version%-*}"
	copy_clean_tree "$work/ptop-${version%-*}"
	profiles=""
	if [ -z "${DEB_BUILD_OPTIONS+set}" ]; then
		DEB_BUILD_OPTIONS=nocheck
		profiles=-Pnocheck
	fi
	export DEB_BUILD_OPTIONS
	(cd "$work/ptop-${version%-*}" && dpkg-buildpackage -us -uc -b -j"$jobs" $profiles)
	arch=$(dpkg --print-architecture)
	for f in "$work"/ptop*_"$version"_"$arch".*; do
		mv "$f" "$out/"
	done
	echo "build.sh: built $out/ptop_${version}_$arch.deb"
	if command -v lintian >/dev/null 2>&1; then
		echo "build.sh: lintian $out/ptop_${version}_$arch.changes"
		lintian --fail-on error "$out/ptop_${version}_$arch.changes"
	else
		echo "build.sh: lintian not installed: package not checked" >&2
	fi
}

# tests/export-consumer.sh loads a --chrome-trace export in the trace
# engine of Chrome DevTools, an npm package pinned by
# tests/consumer/package-lock.json.  Install it for "check" when npm is
# here (Node.js is not in $PACKAGES: Debian's npm brings hundreds of
# packages and clashes with the Node.js many machines have); offline or
# without npm, that one test skips and says why.
consumer_deps() {
	[ ! -d tests/consumer/node_modules/@paulirish/trace_engine ] || return 0
	command -v npm >/dev/null 2>&1 || {
		echo "build.sh: npm not found: tests/export-consumer.sh will skip" >&2
		return 0
	}
	npm ci --prefix tests/consumer --no-audit --no-fund >/dev/null 2>&1 ||
	    echo "build.sh: npm ci in tests/consumer failed (offline?): tests/export-consumer.sh will skip" >&2
}

jobs=$(nproc 2>/dev/null || echo 2)

# PTOP_NO_INSTALL=1: leave the system alone (tests/deb.sh sets it).
[ -n "${PTOP_NO_INSTALL:-}" ] || install_deps
if [ "${1:-}" = deb ]; then
	build_deb "${2:-build-deb}"
	exit
fi
configure_once
make -j"$jobs"

case "${1:-}" in
"")
	;;
check)
	[ -n "${PTOP_NO_INSTALL:-}" ] || consumer_deps
	# The harness prints its own summary; we end with the one-line count.
	set +e
	make -j"$jobs" check
	rc=$?
	set -e
	pass=0 fail=0 skip=0
	if [ -f test-suite.log ]; then
		pass=$(sed -n 's/^# PASS: *//p' test-suite.log | head -n 1)
		fail=$(sed -n 's/^# FAIL: *//p' test-suite.log | head -n 1)
		xpass=$(sed -n 's/^# XPASS: *//p' test-suite.log | head -n 1)
		error=$(sed -n 's/^# ERROR: *//p' test-suite.log | head -n 1)
		skip=$(sed -n 's/^# SKIP: *//p' test-suite.log | head -n 1)
		fail=$(( ${fail:-0} + ${xpass:-0} + ${error:-0} ))
	fi
	[ "$rc" = 0 ] || [ "${fail:-0}" != 0 ] || fail=1
	# CI keeps only this output: show why each failed test failed.
	if [ "$rc" != 0 ]; then
		for trs in $(find . -name '*.trs' | sort); do
			grep -qE '^:test-result: (FAIL|XPASS|ERROR)' "$trs" || continue
			log=${trs%.trs}.log
			echo "---- ${log#./} (last 40 lines) ----"
			tail -n 40 "$log"
		done
	fi
	if [ "${skip:-0}" != 0 ]; then
		echo "${pass:-0} passed, ${fail:-0} failed, ${skip} skipped"
	else
		echo "${pass:-0} passed, ${fail:-0} failed"
	fi
	[ "$rc" = 0 ] && [ "${fail:-0}" = 0 ]
	;;
distcheck)
	make distcheck
	;;
fuzz)
	make fuzz
	fuzz/run.sh -t "${2:-1800}"
	;;
*)
	echo "usage: ./build.sh [check|distcheck|deb [DIR]|fuzz [SECONDS]]" >&2
	exit 2
	;;
esac
