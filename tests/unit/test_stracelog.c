/*
 * test_stracelog.c: the strace log reader, line by line.  Each test feeds
 * a log (as strace 6 writes it) and compares every event it emits, in
 * order and field by field, or the one-line error it prints.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "event.h"
#include "ptree.h"
#include "stracelog.h"
#include "xmalloc.h"

/* ---- a sink that writes events as text ------------------------------------------------- */

static struct buf out;

static void
put_bytes(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c < 0x20 || c >= 0x7f || c == '|' || c == '\\')
			buf_printf(&out, "\\x%02x", c);
		else
			buf_addc(&out, (char)c);
	}
}

static void
put_argv(const struct argv_buf *a)
{
	const char *arg;
	size_t pos = 0, len;
	int first = 1;

	buf_adds(&out, "[");
	while ((arg = argv_next(a, &pos, &len)) != NULL) {
		if (!first)
			buf_adds(&out, "|");
		put_bytes(arg, len);
		first = 0;
	}
	buf_adds(&out, "]");
}

static void
rec_begin(void *ctx, const struct trace_info *info)
{
	buf_printf(&out, "begin %s ", info->mode == TRACE_LAUNCH ? "launch" : "attach");
	put_argv(&info->argv);
	buf_printf(&out, " start=%.6f strace=%d env=%d cwd=%s\n", info->start,
	    info->from_strace, !info->no_env, info->cwd ? info->cwd : "-");
}

static void
rec_event(void *ctx, const struct event *ev)
{
	static const char *names[] = { "spawn", "exec", "exit", "attach", "detach", "threads",
		"execfail" };

	buf_printf(&out, "%s %u pid=%d t=%lld", names[ev->kind], ev->id, (int)ev->pid,
	    (long long)ev->t_us);
	switch (ev->kind) {
	case EV_SPAWN:
		buf_printf(&out, " parent=%u", ev->parent);
		break;
	case EV_EXEC:
	case EV_ATTACH:
		buf_adds(&out, " ");
		put_argv(&ev->argv);
		buf_adds(&out, " exe=");
		if (ev->exe != NULL)
			put_bytes(ev->exe, strlen(ev->exe));
		else
			buf_adds(&out, "-");
		buf_printf(&out, " cwd=%s", ev->cwd ? ev->cwd : "-");
		if (ev->cut)
			buf_adds(&out, " cut");
		break;
	case EV_EXECFAIL:
		buf_adds(&out, " ");
		put_argv(&ev->argv);
		buf_adds(&out, " path=");
		if (ev->path != NULL)
			put_bytes(ev->path, strlen(ev->path));
		else
			buf_adds(&out, "-");
		buf_printf(&out, " err=%d", ev->err);
		if (ev->cut)
			buf_adds(&out, " cut");
		break;
	case EV_EXIT:
		if (ev->signal)
			buf_printf(&out, " sig=%d%s", ev->signal, ev->core ? " core" : "");
		else
			buf_printf(&out, " code=%d", ev->code);
		buf_printf(&out, " threads=%d cpu=%lld rss=%ld", ev->nthreads,
		    (long long)(ev->utime_us + ev->stime_us), ev->maxrss_kb);
		break;
	default:
		break;
	}
	buf_adds(&out, "\n");
}

static void
rec_end(void *ctx)
{
	buf_adds(&out, "end\n");
}

/* Parse log; its events as text, its messages in *err (if not NULL). */
static const char *
parse(const char *log, int *rc, char **err)
{
	struct sink s = { rec_begin, rec_event, rec_end, NULL };
	char path[] = "/tmp/ptop-unit-stderr-XXXXXX";
	struct bus bus;
	int fd, saved;
	FILE *fp;
	long n;

	buf_clear(&out);
	buf_adds(&out, "");
	bus_init(&bus);
	bus_add(&bus, &s);
	fflush(stderr);
	saved = dup(2);
	fd = mkstemp(path);
	assert_true(fd >= 0 && saved >= 0);
	dup2(fd, 2);
	*rc = stracelog_parse_mem("L", log, strlen(log), &bus);
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	fp = fdopen(fd, "r");
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	rewind(fp);
	if (err != NULL) {
		*err = calloc(1, (size_t)n + 1);
		if (fread(*err, 1, (size_t)n, fp) != (size_t)n)
			fail();
	}
	fclose(fp);
	unlink(path);
	return out.p;
}

/* The log must parse, emitting exactly want; no message. */
static void
expect_events(const char *log, const char *want)
{
	char *err;
	int rc;
	const char *got = parse(log, &rc, &err);

	if (rc != 0 || strcmp(got, want) != 0 || err[0] != '\0')
		print_error("rc %d, stderr: %s\ngot:\n%s\nwant:\n%s", rc, err, got, want);
	assert_int_equal(rc, 0);
	assert_string_equal(err, "");
	assert_string_equal(got, want);
	free(err);
}

/* The log must be refused with exactly this message. */
static void
expect_error(const char *log, const char *msg)
{
	char *err;
	int rc;

	parse(log, &rc, &err);
	assert_int_equal(rc, -1);
	assert_string_equal(err, msg);
	free(err);
}

#define T0 "1700000000"

/* ---- tests ------------------------------------------------------------------------------- */

static void
test_basic_tree(void **state)
{
	expect_events(
	    "100   " T0 ".000000 execve(\"/bin/sh\", [\"sh\", \"-c\", \"ls\"], 0x7ffd0 /* 3 vars */) = 0\n"
	    "100   " T0 ".000100 clone(child_stack=NULL, flags=CLONE_CHILD_CLEARTID|"
	    "CLONE_CHILD_SETTID|SIGCHLD, child_tidptr=0x7f) = 101\n"
	    "101   " T0 ".000200 execve(\"/bin/ls\", [\"ls\"], 0x55 /* 3 vars */) = 0\n"
	    "100   " T0 ".000250 wait4(-1,  <unfinished ...>\n"
	    "101   " T0 ".000300 exit_group(0)           = ?\n"
	    "101   " T0 ".000400 +++ exited with 0 +++\n"
	    "100   " T0 ".000410 <... wait4 resumed>[{WIFEXITED(s) && WEXITSTATUS(s) == 0}], 0, "
	    "NULL) = 101\n"
	    "100   " T0 ".000420 --- SIGCHLD {si_signo=SIGCHLD, si_code=CLD_EXITED, si_pid=101} ---\n"
	    "100   " T0 ".000500 exit_group(2)           = ?\n"
	    "100   " T0 ".000600 +++ exited with 2 +++\n",
	    "begin launch [sh|-c|ls] start=1700000000.000000 strace=1 env=0 cwd=-\n"
	    "spawn 1 pid=100 t=0 parent=0\n"
	    "exec 1 pid=100 t=0 [sh|-c|ls] exe=/bin/sh cwd=-\n"
	    "spawn 2 pid=101 t=100 parent=1\n"
	    "exec 2 pid=101 t=200 [ls] exe=/bin/ls cwd=-\n"
	    "exit 2 pid=101 t=400 code=0 threads=1 cpu=0 rss=0\n"
	    "exit 1 pid=100 t=600 code=2 threads=1 cpu=0 rss=0\n"
	    "end\n");
}

/* The child's lines before its parent's clone returns wait for it. */
static void
test_child_before_clone_returns(void **state)
{
	expect_events(
	    "10 " T0 ".000000 execve(\"/bin/sh\", [\"sh\"], 0x1 /* 1 var */) = 0\n"
	    "10 " T0 ".000010 vfork( <unfinished ...>\n"
	    "11 " T0 ".000020 execve(\"/bin/true\", [\"true\"], 0x2 /* 1 var */ <unfinished ...>\n"
	    "10 " T0 ".000030 <... vfork resumed>) = 11\n"
	    "10 " T0 ".000040 wait4(-1,  <unfinished ...>\n"
	    "11 " T0 ".000050 <... execve resumed>) = 0\n"
	    "11 " T0 ".000060 exit_group(0)   = ?\n"
	    "11 " T0 ".000070 +++ exited with 0 +++\n"
	    "10 " T0 ".000080 clone3({flags=0, exit_signal=SIGCHLD, stack=NULL, stack_size=0}, 88 "
	    "<unfinished ...>\n"
	    "12 " T0 ".000090 exit_group(10 <unfinished ...>\n"
	    "10 " T0 ".000100 <... clone3 resumed>) = 12\n"
	    "12 " T0 ".000110 <... exit_group resumed>) = ?\n"
	    "12 " T0 ".000120 +++ exited with 10 +++\n"
	    "10 " T0 ".000130 +++ exited with 0 +++\n",
	    "begin launch [sh] start=1700000000.000000 strace=1 env=0 cwd=-\n"
	    "spawn 1 pid=10 t=0 parent=0\n"
	    "exec 1 pid=10 t=0 [sh] exe=/bin/sh cwd=-\n"
	    "spawn 2 pid=11 t=10 parent=1\n"
	    "exec 2 pid=11 t=50 [true] exe=/bin/true cwd=-\n"
	    "exit 2 pid=11 t=70 code=0 threads=1 cpu=0 rss=0\n"
	    "spawn 3 pid=12 t=80 parent=1\n"
	    "exit 3 pid=12 t=120 code=10 threads=1 cpu=0 rss=0\n"
	    "exit 1 pid=10 t=130 code=0 threads=1 cpu=0 rss=0\n"
	    "end\n");
}

/* A grandchild's lines held with its parent's: all in order once both are known. */
static void
test_nested_held(void **state)
{
	expect_events(
	    "10 " T0 ".000000 execve(\"/a\", [\"a\"], 0x1) = 0\n"
	    "10 " T0 ".000001 clone(child_stack=NULL, flags=SIGCHLD <unfinished ...>\n"
	    "11 " T0 ".000002 clone(child_stack=NULL, flags=SIGCHLD) = 12\n"
	    "12 " T0 ".000003 execve(\"/c\", [\"c\"], 0x1) = 0\n"
	    "11 " T0 ".000004 execve(\"/b\", [\"b\"], 0x1) = 0\n"
	    "10 " T0 ".000005 <... clone resumed>, child_tidptr=0x7f) = 11\n",
	    "begin launch [a] start=1700000000.000000 strace=1 env=0 cwd=-\n"
	    "spawn 1 pid=10 t=0 parent=0\n"
	    "exec 1 pid=10 t=0 [a] exe=/a cwd=-\n"
	    "spawn 2 pid=11 t=1 parent=1\n"
	    "spawn 3 pid=12 t=2 parent=2\n"
	    "exec 3 pid=12 t=3 [c] exe=/c cwd=-\n"
	    "exec 2 pid=11 t=4 [b] exe=/b cwd=-\n"
	    "end\n");
}

static void
test_threads(void **state)
{
	expect_events(
	    "20 " T0 ".000000 execve(\"/t\", [\"t\"], 0x1) = 0\n"
	    "20 " T0 ".000001 clone3({flags=CLONE_VM|CLONE_FS|CLONE_FILES|CLONE_SIGHAND|CLONE_THREAD"
	    "|CLONE_SYSVSEM, child_tid=0x7f, exit_signal=0} => {parent_tid=[21]}, 88) = 21\n"
	    "21 " T0 ".000002 clone(child_stack=0x7f, flags=0x3d0f00) = 22\n"
	    "22 " T0 ".000003 exit(0)         = ?\n"
	    "22 " T0 ".000004 +++ exited with 0 +++\n"
	    "21 " T0 ".000005 exit(0)         = ?\n"
	    "21 " T0 ".000006 +++ exited with 0 +++\n"
	    "20 " T0 ".000007 exit_group(0)   = ?\n"
	    "20 " T0 ".000008 +++ exited with 0 +++\n",
	    "begin launch [t] start=1700000000.000000 strace=1 env=0 cwd=-\n"
	    "spawn 1 pid=20 t=0 parent=0\n"
	    "exec 1 pid=20 t=0 [t] exe=/t cwd=-\n"
	    "exit 1 pid=20 t=8 code=0 threads=3 cpu=0 rss=0\n"
	    "end\n");
}

/* A thread execs: strace says the leader was superseded; the exec is the leader's pid's. */
static void
test_thread_exec(void **state)
{
	expect_events(
	    "30 " T0 ".000000 execve(\"/t\", [\"t\"], 0x1) = 0\n"
	    "30 " T0 ".000001 clone3({flags=CLONE_VM|CLONE_THREAD, exit_signal=0}, 88) = 31\n"
	    "30 " T0 ".000002 clone3({flags=CLONE_VM|CLONE_THREAD, exit_signal=0}, 88) = 32\n"
	    "30 " T0 ".000003 exit(0)         = ?\n"
	    "32 " T0 ".000004 execve(\"/bin/true\", [\"x\"], 0x1 <unfinished ...>\n"
	    "31 " T0 ".000005 +++ exited with 0 +++\n"
	    "30 " T0 ".000006 +++ superseded by execve in pid 32 +++\n"
	    "30 " T0 ".000007 <... execve resumed>) = 0\n"
	    "30 " T0 ".000008 exit_group(0)   = ?\n"
	    "30 " T0 ".000009 +++ exited with 0 +++\n",
	    "begin launch [t] start=1700000000.000000 strace=1 env=0 cwd=-\n"
	    "spawn 1 pid=30 t=0 parent=0\n"
	    "exec 1 pid=30 t=0 [t] exe=/t cwd=-\n"
	    "exec 1 pid=30 t=7 [x] exe=/bin/true cwd=-\n"
	    "exit 1 pid=30 t=9 code=0 threads=3 cpu=0 rss=0\n"
	    "end\n");
}

static void
test_signals(void **state)
{
	expect_events(
	    "40 " T0 ".000000 execve(\"/s\", [\"s\"], 0x1) = 0\n"
	    "40 " T0 ".000001 fork()                  = 41\n"
	    "40 " T0 ".000002 fork()                  = 42\n"
	    "40 " T0 ".000003 fork()                  = 43\n"
	    "41 " T0 ".000004 --- SIGSEGV {si_signo=SIGSEGV, si_code=SEGV_MAPERR, si_addr=NULL} ---\n"
	    "41 " T0 ".000005 +++ killed by SIGSEGV (core dumped) +++\n"
	    "42 " T0 ".000006 +++ killed by SIGRT_2 +++\n"
	    "43 " T0 ".000007 --- stopped by SIGSTOP ---\n"
	    "43 " T0 ".000008 +++ killed by SIGKILL +++\n"
	    "40 " T0 ".000009 kill(40, SIGTERM)       = ?\n"
	    "40 " T0 ".000010 +++ killed by SIGTERM +++\n",
	    "begin launch [s] start=1700000000.000000 strace=1 env=0 cwd=-\n"
	    "spawn 1 pid=40 t=0 parent=0\n"
	    "exec 1 pid=40 t=0 [s] exe=/s cwd=-\n"
	    "spawn 2 pid=41 t=1 parent=1\n"
	    "spawn 3 pid=42 t=2 parent=1\n"
	    "spawn 4 pid=43 t=3 parent=1\n"
	    "exit 2 pid=41 t=5 sig=11 core threads=1 cpu=0 rss=0\n"
	    "exit 3 pid=42 t=6 sig=34 threads=1 cpu=0 rss=0\n"
	    "exit 4 pid=43 t=8 sig=9 threads=1 cpu=0 rss=0\n"
	    "exit 1 pid=40 t=10 sig=15 threads=1 cpu=0 rss=0\n"
	    "end\n");
}

static void
test_pid_reuse(void **state)
{
	expect_events(
	    "50 " T0 ".000000 execve(\"/p\", [\"p\"], 0x1) = 0\n"
	    "50 " T0 ".000001 fork()                  = 51\n"
	    "51 " T0 ".000002 +++ exited with 1 +++\n"
	    "50 " T0 ".000003 fork()                  = 51\n"
	    "51 " T0 ".000004 exit_group(2)           = ?\n"
	    /* its "+++" line is missing: the exit_group said how it ended */
	    "50 " T0 ".000005 fork()                  = 51\n"
	    /* nor this one: it is left unended (lost) */
	    "50 " T0 ".000006 fork()                  = 51\n"
	    "51 " T0 ".000007 +++ exited with 4 +++\n",
	    "begin launch [p] start=1700000000.000000 strace=1 env=0 cwd=-\n"
	    "spawn 1 pid=50 t=0 parent=0\n"
	    "exec 1 pid=50 t=0 [p] exe=/p cwd=-\n"
	    "spawn 2 pid=51 t=1 parent=1\n"
	    "exit 2 pid=51 t=2 code=1 threads=1 cpu=0 rss=0\n"
	    "spawn 3 pid=51 t=3 parent=1\n"
	    "exit 3 pid=51 t=4 code=2 threads=1 cpu=0 rss=0\n"
	    "spawn 4 pid=51 t=5 parent=1\n"
	    "spawn 5 pid=51 t=6 parent=1\n"
	    "exit 5 pid=51 t=7 code=4 threads=1 cpu=0 rss=0\n"
	    "end\n");
}

/* No clone made them: roots.  One that starts by exec'ing is a spawn, else an attach. */
static void
test_missing_parents(void **state)
{
	expect_events(
	    "60 " T0 ".000000 wait4(-1,  <unfinished ...>\n"
	    "61 " T0 ".000001 execve(\"/x\", [\"x\"], 0x1 <unfinished ...>\n"
	    "60 " T0 ".000002 <... wait4 resumed>0x7ff, 0, NULL) = 62\n"
	    "61 " T0 ".000003 <... execve resumed>) = 0\n"
	    "63 " T0 ".000004 +++ exited with 3 +++\n",
	    "begin attach [60] start=1700000000.000000 strace=1 env=0 cwd=-\n"
	    "attach 1 pid=60 t=0 [] exe=- cwd=-\n"
	    "spawn 2 pid=61 t=1 parent=0\n"
	    "exec 2 pid=61 t=3 [x] exe=/x cwd=-\n"
	    "attach 3 pid=63 t=4 [] exe=- cwd=-\n"
	    "exit 3 pid=63 t=4 code=3 threads=1 cpu=0 rss=0\n"
	    "end\n");
}

/* strace -qq: no "+++ exited" lines; exit_group says how each ended. */
static void
test_quiet_exits(void **state)
{
	expect_events(
	    "70 " T0 ".000000 execve(\"/q\", [\"q\"], 0x1) = 0\n"
	    "70 " T0 ".000001 clone(child_stack=NULL, flags=SIGCHLD) = 71\n"
	    "71 " T0 ".000002 exit_group(256)         = ?\n"
	    "70 " T0 ".000003 exit_group(-1)          = ?\n",
	    "begin launch [q] start=1700000000.000000 strace=1 env=0 cwd=-\n"
	    "spawn 1 pid=70 t=0 parent=0\n"
	    "exec 1 pid=70 t=0 [q] exe=/q cwd=-\n"
	    "spawn 2 pid=71 t=1 parent=1\n"
	    "exit 1 pid=70 t=3 code=255 threads=1 cpu=0 rss=0\n"
	    "exit 2 pid=71 t=2 code=0 threads=1 cpu=0 rss=0\n"
	    "end\n");
}

static void
test_escapes(void **state)
{
	expect_events(
	    "80 " T0 ".000000 execve(\"/e\", [\"a\\nb\\tc\", \"q\\\"b\\\\s\", \"\\x41\\x1b\", "
	    "\"\\101\\0331\\33[\", \"\\303\\251\", \"\\a\\b\\f\\v\\r\", \"\"], 0x1) = 0\n",
	    "begin launch [a\\x0ab\\x09c|q\"b\\x5cs|A\\x1b|A\\x1b1\\x1b[|\\xc3\\xa9|"
	    "\\x07\\x08\\x0c\\x0b\\x0d|] start=1700000000.000000 strace=1 env=0 cwd=-\n"
	    "spawn 1 pid=80 t=0 parent=0\n"
	    "exec 1 pid=80 t=0 [a\\x0ab\\x09c|q\"b\\x5cs|A\\x1b|A\\x1b1\\x1b[|\\xc3\\xa9|"
	    "\\x07\\x08\\x0c\\x0b\\x0d|] exe=/e cwd=-\n"
	    "end\n");
	/* -xx: every byte in hex. */
	expect_events(
	    "81 " T0 ".000000 execve(\"\\x2f\\x62\", [\"\\x61\\x62\"], 0x1) = 0\n",
	    "begin launch [ab] start=1700000000.000000 strace=1 env=0 cwd=-\n"
	    "spawn 1 pid=81 t=0 parent=0\n"
	    "exec 1 pid=81 t=0 [ab] exe=/b cwd=-\n"
	    "end\n");
}

/* Strings and argv cut at strace's -s limit end in U+2026, and say so. */
static void
test_truncated(void **state)
{
	expect_events(
	    "90 " T0 ".000000 execve(\"/usr/bin/long\"..., [\"long\", \"abcdefgh\"..., \"1\", "
	    "...], 0x1 /* 5 vars */) = 0\n"
	    "90 " T0 ".000001 execve(\"/nope\", [\"x\"...], 0x1) = -1 ENOENT (No such file or "
	    "directory)\n"
	    "90 " T0 ".000002 execve(\"/y\", 0x7ffd0000, 0x1) = 0\n"
	    "90 " T0 ".000003 execve(NULL, NULL, NULL) = -1 EFAULT (Bad address)\n",
	    "begin launch [long|abcdefgh\\xe2\\x80\\xa6|1|\\xe2\\x80\\xa6] start=1700000000.000000 "
	    "strace=1 env=0 cwd=-\n"
	    "spawn 1 pid=90 t=0 parent=0\n"
	    "exec 1 pid=90 t=0 [long|abcdefgh\\xe2\\x80\\xa6|1|\\xe2\\x80\\xa6] "
	    "exe=/usr/bin/long\\xe2\\x80\\xa6 cwd=- cut\n"
	    "execfail 1 pid=90 t=1 [x\\xe2\\x80\\xa6] path=/nope err=2 cut\n"
	    "exec 1 pid=90 t=2 [\\xe2\\x80\\xa6] exe=/y cwd=- cut\n"
	    "execfail 1 pid=90 t=3 [] path=- err=14\n"
	    "end\n");
}

/* -tt: time of day; a log that runs past midnight goes on counting. */
static void
test_wall_clock(void **state)
{
	expect_events(
	    "5 23:59:59.900000 execve(\"/m\", [\"m\"], 0x1) = 0\n"
	    "5 23:59:59.950000 fork()                  = 6\n"
	    "6 00:00:00.100000 +++ exited with 0 +++\n"
	    "5 00:00:01.000001 +++ exited with 0 +++\n",
	    "begin launch [m] start=0.000000 strace=1 env=0 cwd=-\n"
	    "spawn 1 pid=5 t=0 parent=0\n"
	    "exec 1 pid=5 t=0 [m] exe=/m cwd=-\n"
	    "spawn 2 pid=6 t=50000 parent=1\n"
	    "exit 2 pid=6 t=200000 code=0 threads=1 cpu=0 rss=0\n"
	    "exit 1 pid=5 t=1100001 code=0 threads=1 cpu=0 rss=0\n"
	    "end\n");
	/* Nanoseconds (--timestamps=unix,ns): cut to microseconds. */
	expect_events(
	    "5 " T0 ".123456789 execve(\"/m\", [\"m\"], 0x1) = 0\n"
	    "5 " T0 ".123458999 +++ exited with 0 +++\n",
	    "begin launch [m] start=1700000000.123456 strace=1 env=0 cwd=-\n"
	    "spawn 1 pid=5 t=0 parent=0\n"
	    "exec 1 pid=5 t=0 [m] exe=/m cwd=-\n"
	    "exit 1 pid=5 t=2 code=0 threads=1 cpu=0 rss=0\n"
	    "end\n");
}

/* execveat with -y: the file is the dirfd's path joined to the name. */
static void
test_execveat(void **state)
{
	expect_events(
	    "7 " T0 ".000000 execve(\"./ea\", [\"./ea\"], 0x1 /* 37 vars */) = 0\n"
	    "7 " T0 ".000001 execveat(3</tmp/we\\74i\\76rd dir>, \"nope\", [\"true\", \"x\"], "
	    "0x7ffe /* 0 vars */, 0) = -1 ENOENT (No such file or directory)\n"
	    "7 " T0 ".000002 execveat(AT_FDCWD, \"/bin/a\", [\"a\"], [\"X=1\", \"Y=2\"], 0) = -1 "
	    "EACCES (Permission denied)\n"
	    "7 " T0 ".000003 execveat(5, \"rel\", [\"r\"], NULL, 0) = -1 ENOEXEC (Exec format error)\n"
	    "7 " T0 ".000004 execveat(4</usr/bin/true>, \"\", [\"true\", \"x\"], 0x7ffe /* 0 vars */, "
	    "AT_EMPTY_PATH) = 0\n",
	    "begin launch [./ea] start=1700000000.000000 strace=1 env=0 cwd=-\n"
	    "spawn 1 pid=7 t=0 parent=0\n"
	    "exec 1 pid=7 t=0 [./ea] exe=./ea cwd=-\n"
	    "execfail 1 pid=7 t=1 [true|x] path=/tmp/we<i>rd dir/nope err=2\n"
	    "execfail 1 pid=7 t=2 [a] path=/bin/a err=13\n"
	    "execfail 1 pid=7 t=3 [r] path=rel err=8\n"
	    "exec 1 pid=7 t=4 [true|x] exe=/usr/bin/true cwd=-\n"
	    "end\n");
}

/* -T durations, -i addresses, unknown calls, notices: all passed over. */
static void
test_decorations(void **state)
{
	expect_events(
	    "[ Process PID=8 runs in 32 bit mode. ]\n"
	    "8 " T0 ".000000 [00007f2a5b8e4d0b] execve(\"/d\", [\"d\"], 0x1) = 0 <0.000452>\n"
	    "8 " T0 ".000001 [00007f2a5b8e4d0b] syscall_0x1c7(0x1, 0x2) = -1 ENOSYS (Function not "
	    "implemented) <0.000003>\n"
	    "8 " T0 ".000002 \?\?\?\?( <unfinished ...>\n"
	    "8 " T0 ".000003 restart_syscall(<... resuming interrupted wait4 ...>) = 9\n"
	    "8 " T0 ".000004 something strace 9 might print\n"
	    "\n"
	    "8 " T0 ".000005 [ 59] clone(child_stack=NULL, flags=SIGCHLD) = 9 <0.000100>\n"
	    "9 " T0 ".000006 execve(\"/e\", [\"e\"], 0x1) = 0\n"
	    "9 " T0 ".000007 exit_group(0 <unfinished ...>) = ?\n"
	    "9 " T0 ".000008 +++ exited with 0 +++\n"
	    "% time     seconds  usecs/call     calls    errors syscall\n"
	    "------ ----------- ----------- --------- --------- ----------------\n",
	    "begin launch [d] start=1700000000.000000 strace=1 env=0 cwd=-\n"
	    "spawn 1 pid=8 t=0 parent=0\n"
	    "exec 1 pid=8 t=0 [d] exe=/d cwd=-\n"
	    "spawn 2 pid=9 t=5 parent=1\n"
	    "exec 2 pid=9 t=6 [e] exe=/e cwd=-\n"
	    "exit 2 pid=9 t=8 code=0 threads=1 cpu=0 rss=0\n"
	    "end\n");
}

/* strace was stopped: what it was tracing was let go. */
static void
test_detached(void **state)
{
	expect_events(
	    "1 " T0 ".000000 execve(\"/a\", [\"a\"], 0x1) = 0\n"
	    "1 " T0 ".000001 fork()                  = 2\n"
	    "2 " T0 ".000002 execve(\"/b\", [\"b\"], 0x1 <unfinished ...>\n"
	    "1 " T0 ".000003 wait4(-1,  <detached ...>\n",
	    "begin launch [a] start=1700000000.000000 strace=1 env=0 cwd=-\n"
	    "spawn 1 pid=1 t=0 parent=0\n"
	    "exec 1 pid=1 t=0 [a] exe=/a cwd=-\n"
	    "spawn 2 pid=2 t=1 parent=1\n"
	    "detach 1 pid=1 t=3\n"
	    "detach 2 pid=2 t=3\n"
	    "end\n");
}

/* A log cut short: no exits for the living, an exec in progress dropped. */
static void
test_cut_short(void **state)
{
	char *err;
	int rc;
	const char *got = parse(
	    "1 " T0 ".000000 execve(\"/a\", [\"a\"], 0x1) = 0\n"
	    "1 " T0 ".000001 fork()                  = 2\n"
	    "2 " T0 ".000002 execve(\"/b\", [\"b\"], 0x1 <unfinished ...>\n"
	    "1 " T0 ".000003 wait4(-1, ", &rc, &err);

	assert_int_equal(rc, 0);
	assert_string_equal(err, "ptop: L:4: incomplete last line ignored\n");
	assert_string_equal(got,
	    "begin launch [a] start=1700000000.000000 strace=1 env=0 cwd=-\n"
	    "spawn 1 pid=1 t=0 parent=0\n"
	    "exec 1 pid=1 t=0 [a] exe=/a cwd=-\n"
	    "spawn 2 pid=2 t=1 parent=1\n"
	    "end\n");
	free(err);
}

static void
test_refused(void **state)
{
	expect_error("1  execve(\"/a\", [\"a\"], 0x1) = 0\n",
	    "ptop: L:1: no timestamps; record with strace -ttt (or -tt)\n");
	expect_error("1  12:00:01 execve(\"/a\", [\"a\"], 0x1) = 0\n",
	    "ptop: L:1: timestamps in whole seconds (strace -t); record with strace -ttt "
	    "(or -tt)\n");
	expect_error("1       0.000000 execve(\"/a\", [\"a\"], 0x1) = 0\n",
	    "ptop: L:1: relative timestamps (strace -r); record with strace -ttt (or -tt)\n");
	expect_error("[pid  12] " T0 ".1 execve(\"/a\", [\"a\"], 0x1) = 0\n",
	    "ptop: L:1: strace wrote this to its stderr (\"[pid N]\" prefixes); record with "
	    "strace -f -o FILE\n");
	expect_error(T0 ".000001 execve(\"/a\", [\"a\"], 0x1) = 0\n",
	    "ptop: L:1: no pid at the start of the line: one file of strace -ff -o PREFIX "
	    "(give ptop PREFIX.PID) or a log of strace without -f\n");
	expect_error("hello world\n",
	    "ptop: L:1: neither a ptop trace (no JSON header line) nor an strace log\n");
	expect_error("1 " T0 ".000000 execve(\"/a\", [\"a\"], 0x1) = 0\n"
	    "1 12:00:00.000000 fork() = 2\n",
	    "ptop: L:2: the timestamps change format (-ttt and -tt mixed)\n");
	expect_error("1 " T0 ".000000 execve(\"/a\", [\"a\"], 0x1) = 0\n"
	    "garbage\n",
	    "ptop: L:2: not an strace log line (no pid where one should be)\n");
	expect_error("1 " T0 ".000000 execve(\"/a\", [\"a\\0b\"], 0x1) = 0\n",
	    "ptop: L:1: cannot read the arguments of execve\n");
	expect_error("1 " T0 ".000000 execve(\"/a\", [\"a\", 0x1) = 0\n",
	    "ptop: L:1: cannot read the arguments of execve\n");
	expect_error("1 " T0 ".000000 execve(\"/a\", [\"a\"], 0x1)\n",
	    "ptop: L:1: execve with no result and no <unfinished ...>\n");
	expect_error("1 " T0 ".000000 +++ exited with 300 +++\n",
	    "ptop: L:1: a broken \"+++ exited with\" line\n");
	expect_error("1 " T0 ".000000 +++ killed by SIGNOPE +++\n",
	    "ptop: L:1: an unknown signal in a \"+++ killed by\" line\n");
	expect_error("1 " T0 ".000000 fork() = 2\n"
	    "1 2900000000.000000 fork() = 3\n",
	    "ptop: L:2: the time jumps more than 31 years from the first line\n");
	/* Past the year 2286, where a trace's times end. */
	expect_error("1 10000000000.000000 fork() = 2\n",
	    "ptop: L:1: a timestamp after the year 2286\n");
	expect_error("\n\n", "ptop: L: no process in this strace log\n");
}

/* Thousands of pids made and ended in a shuffled order: the pid map keeps them all. */
static void
test_many_pids(void **state)
{
	struct buf log = BUF_INIT, want = BUF_INIT;
	enum { N = 5000 };
	int order[N], i, j, tmp, rc;
	char *err;
	const char *got;

	buf_printf(&log, "1 " T0 ".000000 execve(\"/m\", [\"m\"], 0x1) = 0\n");
	buf_printf(&want, "begin launch [m] start=1700000000.000000 strace=1 env=0 cwd=-\n"
	    "spawn 1 pid=1 t=0 parent=0\nexec 1 pid=1 t=0 [m] exe=/m cwd=-\n");
	for (i = 0; i < N; i++) {
		order[i] = i;
		buf_printf(&log, "1 " T0 ".%06d fork() = %d\n", i + 1, 1000 + i * 7);
		buf_printf(&want, "spawn %d pid=%d t=%d parent=1\n", i + 2, 1000 + i * 7, i + 1);
	}
	srand(7);
	for (i = N - 1; i > 0; i--) {
		j = rand() % (i + 1);
		tmp = order[i];
		order[i] = order[j];
		order[j] = tmp;
	}
	for (i = 0; i < N; i++) {
		buf_printf(&log, "%d " T0 ".%06d +++ exited with %d +++\n", 1000 + order[i] * 7,
		    N + 1 + i, order[i] % 256);
		buf_printf(&want, "exit %d pid=%d t=%d code=%d threads=1 cpu=0 rss=0\n",
		    order[i] + 2, 1000 + order[i] * 7, N + 1 + i, order[i] % 256);
	}
	buf_adds(&want, "end\n");
	got = parse(log.p, &rc, &err);
	assert_int_equal(rc, 0);
	assert_string_equal(err, "");
	assert_string_equal(got, want.p);
	free(err);
	buf_free(&log);
	buf_free(&want);
}

static void
write_file(const char *dir, const char *name, const char *text)
{
	char path[256];
	FILE *fp;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/*
 * strace -ff -tt: one file per pid, no pid column, read as PREFIX or as
 * any PREFIX.PID; merged by time across midnight (the child's file starts
 * after it); a thread's exec cut by "<pid changed to N ...>" at the end of
 * its file, without a newline, as strace leaves it.
 */
static void
test_ff_files(void **state)
{
	struct sink s = { rec_begin, rec_event, rec_end, NULL };
	char dir[] = "/tmp/ptop-unit-ff-XXXXXX", prefix[64], one[80], cmd[96];
	static const char want[] =
	    "begin launch [sh] start=%s strace=1 env=0 cwd=-\n"
	    "spawn 1 pid=100 t=0 parent=0\n"
	    "exec 1 pid=100 t=0 [sh] exe=/bin/sh cwd=-\n"
	    "spawn 2 pid=101 t=50000 parent=1\n"
	    "exec 2 pid=101 t=150000 [t] exe=/t cwd=-\n"
	    "exec 2 pid=101 t=400000 [x] exe=/bin/x cwd=-\n"
	    "exit 2 pid=101 t=500000 code=7 threads=2 cpu=0 rss=0\n"
	    "exit 1 pid=100 t=600000 code=0 threads=1 cpu=0 rss=0\n"
	    "end\n";
	struct bus bus;

	assert_non_null(mkdtemp(dir));
	snprintf(prefix, sizeof prefix, "%s/log", dir);
	write_file(dir, "log.100",
	    "23:59:59.900000 execve(\"/bin/sh\", [\"sh\"], 0x1 /* 2 vars */) = 0\n"
	    "23:59:59.950000 clone(child_stack=NULL, flags=SIGCHLD) = 101\n"
	    "00:00:00.400000 wait4(-1, [{WIFEXITED(s) && WEXITSTATUS(s) == 7}], 0, NULL) = 101\n"
	    "00:00:00.500000 exit_group(0)           = ?\n"
	    "00:00:00.500000 +++ exited with 0 +++\n");
	write_file(dir, "log.101",
	    "00:00:00.050000 execve(\"/t\", [\"t\"], 0x1) = 0\n"
	    "00:00:00.100000 clone3({flags=CLONE_VM|CLONE_THREAD, exit_signal=0}, 88) = 102\n"
	    "00:00:00.250000 +++ superseded by execve in pid 102 +++\n"
	    "00:00:00.300000 <... execve resumed>) = 0\n"
	    "00:00:00.350000 exit_group(7)           = ?\n"
	    "00:00:00.400000 +++ exited with 7 +++\n");
	write_file(dir, "log.102",
	    "00:00:00.200000 execve(\"/bin/x\", [\"x\"], 0x1 <pid changed to 101 ...>");
	write_file(dir, "other.103", "garbage\n");	/* not of the set */
	bus_init(&bus);
	bus_add(&bus, &s);
	buf_clear(&out);
	assert_int_equal(stracelog_read(prefix, &bus), 0);
	assert_non_null(strstr(out.p, "start="));
	/* -tt: the day comes from the files' mtime: now, the log being shorter than a day. */
	{
		char start[32], *w;
		const char *p = strstr(out.p, "start=") + 6;

		snprintf(start, sizeof start, "%.*s", (int)strcspn(p, " "), p);
		assert_true(atof(start) > 0);
		xasprintf(&w, want, start);
		assert_string_equal(out.p, w);
		buf_clear(&out);
		snprintf(one, sizeof one, "%s.102", prefix);
		assert_int_equal(stracelog_read(one, &bus), 0);
		assert_string_equal(out.p, w);
		free(w);
	}
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

/* The events build the tree the tracer's would: ptree accepts every one. */
static void
test_into_tree(void **state)
{
	static const char log[] =
	    "100 " T0 ".000000 execve(\"/bin/sh\", [\"sh\", \"-c\", \"x\"], 0x1) = 0\n"
	    "100 " T0 ".000100 vfork( <unfinished ...>\n"
	    "101 " T0 ".000200 execve(\"/nope\", [\"nope\"], 0x1) = -1 ENOENT (No such file)\n"
	    "101 " T0 ".000300 exit_group(127)         = ?\n"
	    "101 " T0 ".000400 +++ exited with 127 +++\n"
	    "100 " T0 ".000500 <... vfork resumed>) = 101\n"
	    "100 " T0 ".000600 +++ killed by SIGINT +++\n";
	struct ptree *pt = ptree_new();
	struct sink s = ptree_sink(pt);
	struct bus bus;
	char state_s[32];

	bus_init(&bus);
	bus_add(&bus, &s);
	assert_int_equal(stracelog_parse_mem("L", log, sizeof log - 1, &bus), 0);
	assert_int_equal(ptree_size(pt), 2);
	assert_int_equal(ptree_node(pt, 2)->parent, 1);
	assert_string_equal(node_state(ptree_node(pt, 2), state_s, sizeof state_s, 0), "exit 127");
	assert_string_equal(node_state(ptree_node(pt, 1), state_s, sizeof state_s, 0), "SIGINT");
	assert_int_equal(ptree_node(pt, 2)->start_us, 100);
	assert_int_equal(ptree_node(pt, 2)->end_us, 400);
	assert_true(ptree_info(pt)->from_strace);
	assert_true(ptree_finished(pt));
	ptree_free(pt);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic_tree),
		cmocka_unit_test(test_child_before_clone_returns),
		cmocka_unit_test(test_nested_held),
		cmocka_unit_test(test_threads),
		cmocka_unit_test(test_thread_exec),
		cmocka_unit_test(test_signals),
		cmocka_unit_test(test_pid_reuse),
		cmocka_unit_test(test_missing_parents),
		cmocka_unit_test(test_quiet_exits),
		cmocka_unit_test(test_escapes),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_wall_clock),
		cmocka_unit_test(test_execveat),
		cmocka_unit_test(test_decorations),
		cmocka_unit_test(test_detached),
		cmocka_unit_test(test_cut_short),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_many_pids),
		cmocka_unit_test(test_ff_files),
		cmocka_unit_test(test_into_tree),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
