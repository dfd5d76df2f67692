/*
 * gentrace.c: write a synthetic, build-shaped ptop trace of N processes to
 * stdout, for bench/scale.sh and bench/ui.sh.
 *
 *   gentrace N [SEED]
 *
 * Shape: make -> (sh -c -> cc1 / as / ld ...) over nested directories, like
 * a recursive build: about 370 bytes of JSON per process, 1% of the
 * compilations fail, a few are killed, argv lengths and cwds vary.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

static uint64_t rng = 88172645463325252ull;

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (uint32_t)rng;
}

static double t;

static void
spawn(unsigned id, unsigned parent, unsigned pid)
{
	t += (rnd() % 300) / 1e6;
	if (parent)
		printf("{\"t\":%.6f,\"ev\":\"spawn\",\"id\":%u,\"pid\":%u,\"parent\":%u}\n", t, id, pid, parent);
	else
		printf("{\"t\":%.6f,\"ev\":\"spawn\",\"id\":%u,\"pid\":%u,\"parent\":null}\n", t, id, pid);
}

static void
exec_line(unsigned id, unsigned pid, const char *argv, const char *exe, unsigned dir)
{
	t += (rnd() % 100) / 1e6;
	printf("{\"t\":%.6f,\"ev\":\"exec\",\"id\":%u,\"pid\":%u,\"argv\":[%s],\"exe\":\"%s\","
	    "\"cwd\":\"/home/user/src/project/lib/module%u\"}\n", t, id, pid, argv, exe, dir);
}

static void
exit_line(unsigned id, unsigned pid, int code, int killed)
{
	t += (rnd() % 2000) / 1e6;
	if (killed)
		printf("{\"t\":%.6f,\"ev\":\"exit\",\"id\":%u,\"pid\":%u,\"signal\":\"SIGKILL\","
		    "\"core\":false,\"utime\":0.%06u,\"stime\":0.%06u,\"maxrss\":%u,\"threads\":1}\n",
		    t, id, pid, rnd() % 1000000, rnd() % 100000, 2000 + rnd() % 60000);
	else
		printf("{\"t\":%.6f,\"ev\":\"exit\",\"id\":%u,\"pid\":%u,\"code\":%d,"
		    "\"utime\":0.%06u,\"stime\":0.%06u,\"maxrss\":%u,\"threads\":1}\n",
		    t, id, pid, code, rnd() % 1000000, rnd() % 100000, 2000 + rnd() % 60000);
}

int
main(int argc, char **argv)
{
	unsigned n, id = 0, pid = 1000, make_id, make_pid, dir = 0, sh, cc, k;
	char args[512];

	if (argc < 2 || (n = (unsigned)strtoul(argv[1], NULL, 10)) < 2) {
		fprintf(stderr, "usage: gentrace N [SEED]\n");
		return 2;
	}
	if (argc > 2)
		rng += strtoull(argv[2], NULL, 10);
	printf("{\"ptop\":\"trace\",\"version\":1,\"mode\":\"launch\",\"argv\":[\"make\",\"-j8\"],"
	    "\"cwd\":\"/home/user/src/project\",\"start\":1764222040.123456}\n");
	make_id = ++id;
	make_pid = pid++;
	spawn(make_id, 0, make_pid);
	exec_line(make_id, make_pid, "\"make\",\"-j8\"", "/usr/bin/make", 0);
	while (id + 3 <= n) {
		if (rnd() % 64 == 0)
			dir++;
		/* make -> sh -c "cc ..." -> cc -> cc1 */
		sh = ++id;
		spawn(sh, make_id, pid);
		k = rnd() % 1000;
		snprintf(args, sizeof args, "\"/bin/sh\",\"-c\",\"gcc -DHAVE_CONFIG_H -I. -I../include -O2 -g "
		    "-Wall -Wextra -MT file%u.o -MD -MP -MF .deps/file%u.Tpo -c -o file%u.o file%u.c\"",
		    k, k, k, k);
		exec_line(sh, pid, args, "/usr/bin/dash", dir);
		cc = ++id;
		spawn(cc, sh, pid + 1);
		snprintf(args, sizeof args, "\"gcc\",\"-DHAVE_CONFIG_H\",\"-I.\",\"-I../include\",\"-O2\","
		    "\"-g\",\"-Wall\",\"-Wextra\",\"-c\",\"-o\",\"file%u.o\",\"file%u.c\"", k, k);
		exec_line(cc, pid + 1, args, "/usr/bin/x86_64-linux-gnu-gcc-12", dir);
		++id;
		spawn(id, cc, pid + 2);
		snprintf(args, sizeof args, "\"/usr/libexec/gcc/x86_64-linux-gnu/12/cc1\",\"-quiet\","
		    "\"-I.\",\"file%u.c\",\"-O2\",\"-o\",\"/tmp/ccX%u.s\"", k, rnd() % 100000);
		exec_line(id, pid + 2, args, "/usr/libexec/gcc/x86_64-linux-gnu/12/cc1", dir);
		exit_line(id, pid + 2, rnd() % 100 == 0, rnd() % 500 == 0);
		exit_line(cc, pid + 1, 0, 0);
		exit_line(sh, pid, 0, 0);
		pid += 3;
		if (pid > 4000000)
			pid = 1000;
	}
	while (id < n) {
		++id;
		spawn(id, make_id, pid);
		exec_line(id, pid, "\"true\"", "/usr/bin/true", dir);
		exit_line(id, pid++, 0, 0);
	}
	exit_line(make_id, make_pid, 0, 0);
	printf("{\"t\":%.6f,\"ev\":\"end\",\"status\":0}\n", t);
	return 0;
}
