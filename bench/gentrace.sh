#!/bin/sh
# bench/gentrace.sh N: write a build-shaped ptop trace of about N processes
# to stdout: make -> 100 sub-makes -> for each source file sh -c -> gcc ->
# cc1 and as.  About 1% of compilations fail, 0.1% are killed by a signal,
# so x, filters and fold summaries have something to find.
set -eu
n=${1:-100000}
awk -v N="$n" '
function q(s) { return "\"" s "\"" }
function argv(a, k,   s, i) {
	s = "["
	for (i = 1; i <= k; i++) s = s (i > 1 ? "," : "") q(a[i])
	return s "]"
}
function spawn(par,   id) {
	id = ++nid
	t += 0.0003
	printf "{\"t\":%.6f,\"ev\":\"spawn\",\"id\":%d,\"pid\":%d,\"parent\":%s}\n", t, id, 1000 + id, par ? par : "null"
	return id
}
function exec(id, a, k, exe, cwd) {
	t += 0.0001
	printf "{\"t\":%.6f,\"ev\":\"exec\",\"id\":%d,\"pid\":%d,\"argv\":%s,\"exe\":\"%s\",\"cwd\":\"%s\"}\n", t, id, 1000 + id, argv(a, k), exe, cwd
}
function done(id, code, sig) {
	t += 0.002
	if (sig != "")
		printf "{\"t\":%.6f,\"ev\":\"exit\",\"id\":%d,\"pid\":%d,\"signal\":\"%s\",\"core\":false,\"utime\":0.05,\"stime\":0.01,\"maxrss\":40000,\"threads\":1}\n", t, id, 1000 + id, sig
	else
		printf "{\"t\":%.6f,\"ev\":\"exit\",\"id\":%d,\"pid\":%d,\"code\":%d,\"utime\":0.05,\"stime\":0.01,\"maxrss\":40000,\"threads\":1}\n", t, id, 1000 + id, code
}
BEGIN {
	srand(42)
	printf "{\"ptop\":\"trace\",\"version\":1,\"mode\":\"launch\",\"argv\":[\"make\",\"-j2\",\"all\"],\"cwd\":\"/src/big\",\"start\":1795000000.0}\n"
	root = spawn(0)
	a[1] = "make"; a[2] = "-j2"; a[3] = "all"
	exec(root, a, 3, "/usr/bin/make", "/src/big")
	per = int((N - 101) / 400 + 0.999)
	for (d = 1; d <= 100; d++) {
		dir = sprintf("lib%03d", d)
		m = spawn(root)
		a[1] = "make"; a[2] = "-C"; a[3] = dir; a[4] = "all"
		exec(m, a, 4, "/usr/bin/make", "/src/big")
		for (f = 1; f <= per; f++) {
			src = sprintf("%s/file%04d.c", dir, f)
			obj = sprintf("%s/file%04d.o", dir, f)
			cmd = "gcc -O2 -g -Wall -Wextra -I../include -I. -DHAVE_CONFIG_H -c -o " obj " " src
			s = spawn(m)
			a[1] = "/bin/sh"; a[2] = "-c"; a[3] = cmd
			exec(s, a, 3, "/usr/bin/dash", "/src/big/" dir)
			g = spawn(s)
			k = split(cmd, a, " ")
			exec(g, a, k, "/usr/bin/x86_64-linux-gnu-gcc-12", "/src/big/" dir)
			c = spawn(g)
			a[1] = "/usr/libexec/gcc/x86_64-linux-gnu/12/cc1"; a[2] = "-quiet"; a[3] = "-I"; a[4] = "../include"
			a[5] = "-I"; a[6] = "."; a[7] = "-D"; a[8] = "HAVE_CONFIG_H"; a[9] = src; a[10] = "-quiet"
			a[11] = "-dumpbase"; a[12] = "file.c"; a[13] = "-O2"; a[14] = "-Wall"; a[15] = "-Wextra"
			a[16] = "-o"; a[17] = "/tmp/ccXXXX.s"
			exec(c, a, 17, "/usr/libexec/gcc/x86_64-linux-gnu/12/cc1", "/src/big/" dir)
			r = rand()
			bad = r < 0.01; killed = r >= 0.01 && r < 0.011
			done(c, bad ? 1 : 0, killed ? "SIGSEGV" : "")
			if (!bad && !killed) {
				x = spawn(g)
				a[1] = "as"; a[2] = "--64"; a[3] = "-o"; a[4] = obj; a[5] = "/tmp/ccXXXX.s"
				exec(x, a, 5, "/usr/bin/x86_64-linux-gnu-as", "/src/big/" dir)
				done(x, 0, "")
			}
			done(g, bad || killed ? 1 : 0, "")
			done(s, bad || killed ? 1 : 0, "")
		}
		done(m, 2 * (d % 17 == 0), "")
	}
	done(root, 2, "")
	printf "{\"t\":%.6f,\"ev\":\"end\",\"status\":2}\n", t
}'
