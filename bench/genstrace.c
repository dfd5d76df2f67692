/*
 * genstrace.c: write a synthetic strace log of a parallel build to stdout,
 * as `strace -f -ttt -o FILE make -j4` would, for bench/stracelog.sh.
 *
 *   genstrace PROCS [NOISE] [SEED]
 *
 * make runs jobs four at a time; a job is sh -c "gcc ..." -> gcc -> cc1,
 * as: four processes.  Their lines interleave as strace prints them: a
 * vfork or wait4 cut by "<unfinished ...>" and finished by "<... resumed>",
 * a child's first lines before its parent's vfork returns.  Pids wrap at
 * 32768, so they are reused.  NOISE lines of other calls per process
 * (openat, read, mmap, fstat, close, write: what an unfiltered strace adds)
 * make the log as big as wanted without more processes: about 100 bytes
 * each.  1% of the compilations fail, 0.2% are killed.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define JOBS	4
#define PID_MAX	32768
#define LINE	512

static uint64_t rng = 88172645463325252ull, noise_rng = 2463534242ull, sched_rng = 977ull;

static uint32_t
xorshift(uint64_t *r)
{
	*r ^= *r << 13;
	*r ^= *r >> 7;
	*r ^= *r << 17;
	return (uint32_t)*r;
}

static uint32_t
rnd(void)
{
	return xorshift(&rng);
}

/* The noise and the order of lines have their own: the same processes with or without noise. */
static uint32_t
rnd_noise(void)
{
	return xorshift(&noise_rng);
}

static uint32_t
rnd_sched(void)
{
	return xorshift(&sched_rng);
}

/* One job's lines, in its own order: pid and text, time added when printed. */
struct job {
	int *pids;
	char (*text)[LINE];
	size_t n, next, alloc;
};

static struct job jobs[JOBS];
static long long now_us = 1700000000LL * 1000000;
static int next_pid = 1000, make_pid;
static unsigned long noise;

static int
new_pid(void)
{
	if (++next_pid >= PID_MAX)
		next_pid = 300;
	if (next_pid == make_pid)
		next_pid++;
	return next_pid;
}

static void
add(struct job *j, int pid, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void
add(struct job *j, int pid, const char *fmt, ...)
{
	va_list ap;

	if (j->n == j->alloc) {
		j->alloc = j->alloc ? j->alloc * 2 : 256;
		j->pids = realloc(j->pids, j->alloc * sizeof *j->pids);
		j->text = realloc(j->text, j->alloc * sizeof *j->text);
		if (j->pids == NULL || j->text == NULL)
			abort();
	}
	j->pids[j->n] = pid;
	va_start(ap, fmt);
	vsnprintf(j->text[j->n], LINE, fmt, ap);
	va_end(ap);
	j->n++;
}

static void
add_noise(struct job *j, int pid)
{
	static const char *files[] = { "/usr/lib/x86_64-linux-gnu/libc.so.6",
		"/usr/include/stdio.h", "/home/user/src/project/include/config.h",
		"/usr/lib/gcc/x86_64-linux-gnu/12/include/stddef.h" };
	unsigned long i;

	for (i = 0; i < noise; i++) {
		switch (rnd_noise() % 6) {
		case 0:
			add(j, pid, "openat(AT_FDCWD, \"%s\", O_RDONLY|O_CLOEXEC) = 3",
			    files[rnd_noise() % 4]);
			break;
		case 1:
			add(j, pid, "read(3, \"\\177ELF\\2\\1\\1\\0\\0\\0\\0\\0\\0\\0\\0\\0\\3\\0>\\0\\1\\0"
			    "\\0\\0P\\237\\2\\0\\0\\0\\0\\0\"..., 832) = 832");
			break;
		case 2:
			add(j, pid, "mmap(NULL, %u, PROT_READ|PROT_WRITE, MAP_PRIVATE|MAP_ANONYMOUS, "
			    "-1, 0) = 0x7f%08x000", 4096 * (1 + rnd_noise() % 64), rnd_noise());
			break;
		case 3:
			add(j, pid, "fstat(3, {st_mode=S_IFREG|0644, st_size=%u, ...}) = 0",
			    rnd_noise() % 1000000);
			break;
		case 4:
			add(j, pid, "close(3)                                = 0");
			break;
		default:
			add(j, pid, "write(1, \"compiling module %u\\n\", 20) = 20", rnd_noise() % 1000);
			break;
		}
	}
}

/* A child of pid made by vfork: its lines may come before the vfork returns. */
static void
add_tool(struct job *j, int parent, const char *exe, const char *argv, int fail, int killed)
{
	int pid = new_pid();

	add(j, parent, "vfork( <unfinished ...>");
	add(j, pid, "execve(\"%s\", [%s], 0x7ffd%08x /* 42 vars */ <unfinished ...>", exe, argv,
	    rnd());
	add(j, parent, "<... vfork resumed>)                     = %d", pid);
	add(j, parent, "wait4(%d,  <unfinished ...>", pid);
	add(j, pid, "<... execve resumed>)                    = 0");
	add_noise(j, pid);
	if (killed) {
		add(j, pid, "+++ killed by SIGKILL +++");
	} else {
		add(j, pid, "exit_group(%d)                           = ?", fail);
		add(j, pid, "+++ exited with %d +++", fail);
	}
	add(j, parent, "<... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == %d}], 0, NULL) = %d",
	    fail, pid);
	add(j, parent, "--- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=%d, si_uid=1000, "
	    "si_status=%d, si_utime=0, si_stime=0} ---", pid, fail);
}

/* make clones sh -c "gcc ...", which runs gcc, which runs cc1 then as. */
static void
make_job(struct job *j, unsigned n)
{
	unsigned dir = rnd() % 50;
	int sh = new_pid(), gcc = new_pid(), fail = rnd() % 100 == 0, killed = rnd() % 500 == 0;
	char argv[LINE];

	j->n = j->next = 0;
	add(j, make_pid, "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|"
	    "SIGCHLD, child_tidptr=0x7f3e2a1b4a10) = %d", sh);
	add(j, sh, "execve(\"/bin/sh\", [\"/bin/sh\", \"-c\", \"gcc -O2 -Wall -c -o lib/m%u/f%u.o "
	    "lib/m%u/f%u.c\"], 0x55d0%08x /* 42 vars */) = 0", dir, n, dir, n, rnd());
	add_noise(j, sh);
	add(j, sh, "clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|CLONE_CHILD_SETTID|SIGCHLD, "
	    "child_tidptr=0x7f3e2a1b4a10) = %d", gcc);
	add(j, gcc, "execve(\"/usr/bin/gcc\", [\"gcc\", \"-O2\", \"-Wall\", \"-c\", \"-o\", "
	    "\"lib/m%u/f%u.o\", \"lib/m%u/f%u.c\"], 0x55d0%08x /* 42 vars */) = 0", dir, n, dir, n,
	    rnd());
	add(j, gcc, "execve(\"/usr/local/bin/cc1\", [\"cc1\"], 0x1) = -1 ENOENT (No such file or "
	    "directory)");
	add_noise(j, gcc);
	snprintf(argv, sizeof argv, "\"/usr/lib/gcc/x86_64-linux-gnu/12/cc1\", \"-quiet\", "
	    "\"lib/m%u/f%u.c\", \"-O2\", \"-Wall\", \"-o\", \"/tmp/cc%06u.s\"", dir, n, rnd() % 1000000);
	add_tool(j, gcc, "/usr/lib/gcc/x86_64-linux-gnu/12/cc1", argv, fail, killed);
	if (!fail && !killed) {
		snprintf(argv, sizeof argv, "\"as\", \"--64\", \"-o\", \"lib/m%u/f%u.o\", "
		    "\"/tmp/cc%06u.s\"", dir, n, rnd() % 1000000);
		add_tool(j, gcc, "/usr/bin/as", argv, 0, 0);
	}
	add(j, gcc, "exit_group(%d)                           = ?", fail || killed);
	add(j, gcc, "+++ exited with %d +++", fail || killed);
	add(j, sh, "wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == %d}], 0, NULL) = %d",
	    fail || killed, gcc);
	add(j, sh, "exit_group(%d)                           = ?", fail || killed);
	add(j, sh, "+++ exited with %d +++", fail || killed);
	add(j, make_pid, "wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == %d}], 0, NULL) = %d",
	    fail || killed, sh);
}

static void
print_line(int pid, const char *text)
{
	now_us += 1 + rnd_sched() % 40;
	printf("%-5d %lld.%06lld %s\n", pid, now_us / 1000000, now_us % 1000000, text);
}

int
main(int argc, char **argv)
{
	unsigned long procs, njobs, started = 0, k;
	int live = 0, i;

	if (argc < 2 || argc > 4) {
		fprintf(stderr, "usage: genstrace PROCS [NOISE] [SEED]\n");
		return 2;
	}
	procs = strtoul(argv[1], NULL, 10);
	noise = argc > 2 ? strtoul(argv[2], NULL, 10) : 0;
	if (argc > 3)
		rng ^= strtoull(argv[3], NULL, 10) * 0x9e3779b97f4a7c15ull;
	njobs = procs > 1 ? (procs - 1 + 3) / 4 : 0;
	make_pid = 999;
	print_line(make_pid, "execve(\"/usr/bin/make\", [\"make\", \"-j4\"], 0x7ffd2a3b4c50 "
	    "/* 42 vars */) = 0");
	for (;;) {
		/* Keep JOBS jobs going; print a line of one of them at random. */
		for (i = 0; i < JOBS; i++)
			if (jobs[i].next == jobs[i].n && started < njobs) {
				make_job(&jobs[i], (unsigned)started++);
				live++;
			}
		for (live = 0, i = 0; i < JOBS; i++)
			live += jobs[i].next < jobs[i].n;
		if (live == 0)
			break;
		k = rnd_sched() % JOBS;
		while (jobs[k].next == jobs[k].n)
			k = (k + 1) % JOBS;
		/* A few lines of it at once, as a process runs for a while. */
		for (i = 1 + rnd_sched() % 4; i > 0 && jobs[k].next < jobs[k].n; i--, jobs[k].next++)
			print_line(jobs[k].pids[jobs[k].next], jobs[k].text[jobs[k].next]);
	}
	print_line(make_pid, "exit_group(0)                           = ?");
	print_line(make_pid, "+++ exited with 0 +++");
	return 0;
}
