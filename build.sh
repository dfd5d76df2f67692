#!/bin/sh
# build.sh: set up, build and (with "check") test ptop.  POSIX sh, idempotent.
#
#   ./build.sh          install missing packages, configure once, build
#   ./build.sh check    the same, then run every test; the last line is
#                       "N passed, N failed" (", N skipped" may follow)
#   ./build.sh distcheck  the same, then make distcheck
#
# Packages are installed with apt-get when running as root on Debian/Ubuntu;
# otherwise the exact command to run is printed and the build goes on.
set -eu

cd "$(dirname "$0")"

# Build and test dependencies, as Debian packages.
PACKAGES="autoconf autoconf-archive automake make gcc pkg-config libncurses-dev libev-dev
libvterm-dev libcjson-dev libcmocka-dev jq tmux strace procps mandoc"

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

jobs=$(nproc 2>/dev/null || echo 2)

install_deps
configure_once
make -j"$jobs"

case "${1:-}" in
"")
	;;
check)
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
*)
	echo "usage: ./build.sh [check|distcheck]" >&2
	exit 2
	;;
esac
