/*
 * test_diff.c: the diff of two runs (diff.c, diff_print.c) on synthetic
 * trees: a tree with itself, parallel jobs in another order, temp names,
 * only in A or B, status and time changes, unrelated commands, a changed
 * argv and cwd, a run still going, a deep chain; the blanking rules and the
 * text output.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "buf.h"
#include "diff.h"
#include "event.h"
#include "ptree.h"

/* ---- building trees ----------------------------------------------------------- */

static struct ptree *
tree_new(const char *cmd)
{
	struct ptree *pt = ptree_new();
	struct sink s = ptree_sink(pt);
	struct trace_info info;

	memset(&info, 0, sizeof info);
	info.mode = TRACE_LAUNCH;
	info.argv.data = cmd;
	info.argv.len = strlen(cmd) + 1;
	info.start = 1700000000.0;
	s.begin(s.ctx, &info);
	return pt;
}

/* Finish a tree: whatever still runs is lost (a live tree stays open). */
static void
tree_end(struct ptree *pt)
{
	struct sink s = ptree_sink(pt);

	s.end(s.ctx);
}

/*
 * Process id under parent, from start to end (ms; end < 0: still running),
 * exiting with code (or killed by sig), running argv (words split on
 * spaces; NULL: no exec of its own) in cwd (NULL: "/src").
 */
static void
proc_cwd(struct ptree *pt, uint32_t id, uint32_t parent, int64_t start, int64_t end, int code,
    int sig, const char *argv, const char *cwd)
{
	struct buf b = BUF_INIT;
	struct event ev;
	const char *p;

	memset(&ev, 0, sizeof ev);
	ev.kind = EV_SPAWN;
	ev.t_us = start * 1000;
	ev.id = id;
	ev.parent = parent;
	ev.pid = (pid_t)(1000 + id);
	assert_int_equal(ptree_apply(pt, &ev), 0);
	if (argv != NULL) {
		for (p = argv; *p != '\0'; p++)
			buf_addc(&b, *p == ' ' ? '\0' : *p);
		buf_addc(&b, '\0');
		ev.kind = EV_EXEC;
		ev.argv.data = b.p;
		ev.argv.len = b.len;
		ev.exe = "/usr/bin/x";
		ev.cwd = cwd != NULL ? cwd : "/src";
		assert_int_equal(ptree_apply(pt, &ev), 0);
		buf_free(&b);
	}
	if (end < 0)
		return;
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXIT;
	ev.t_us = end * 1000;
	ev.id = id;
	ev.pid = (pid_t)(1000 + id);
	ev.code = code;
	ev.signal = sig;
	ev.nthreads = 1;
	assert_int_equal(ptree_apply(pt, &ev), 0);
}

/* spawn + exec of argv with an environment (entries split on spaces), exit 0 at end. */
static void
proc_env(struct ptree *pt, uint32_t id, uint32_t parent, int64_t start, int64_t end,
    const char *argv, const char *env)
{
	struct buf a = BUF_INIT, e = BUF_INIT;
	struct event ev;
	const char *p;

	memset(&ev, 0, sizeof ev);
	ev.kind = EV_SPAWN;
	ev.t_us = start * 1000;
	ev.id = id;
	ev.parent = parent;
	ev.pid = (pid_t)(1000 + id);
	assert_int_equal(ptree_apply(pt, &ev), 0);
	for (p = argv; *p != '\0'; p++)
		buf_addc(&a, *p == ' ' ? '\0' : *p);
	buf_addc(&a, '\0');
	for (p = env; *p != '\0'; p++)
		buf_addc(&e, *p == ' ' ? '\0' : *p);
	buf_addc(&e, '\0');
	ev.kind = EV_EXEC;
	ev.argv.data = a.p;
	ev.argv.len = a.len;
	ev.env.data = e.p;
	ev.env.len = e.len;
	ev.exe = "/usr/bin/x";
	ev.cwd = "/src";
	assert_int_equal(ptree_apply(pt, &ev), 0);
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXIT;
	ev.t_us = end * 1000;
	ev.id = id;
	ev.pid = (pid_t)(1000 + id);
	ev.nthreads = 1;
	assert_int_equal(ptree_apply(pt, &ev), 0);
	buf_free(&a);
	buf_free(&e);
}

static void
proc(struct ptree *pt, uint32_t id, uint32_t parent, int64_t start, int64_t end, int code,
    const char *argv)
{
	proc_cwd(pt, id, parent, start, end, code, 0, argv, NULL);
}

/* A build: make, three compilations, each with cc1 writing a temp file. */
static struct ptree *
build(const char *order, const char *tmp, int failing)
{
	struct ptree *pt = tree_new("make");
	char argv[128];
	uint32_t id = 1;
	const char *o;

	proc(pt, id++, 0, 0, 1000, failing ? 2 : 0, "make -j3");
	for (o = order; *o != '\0'; o++) {
		uint32_t cc = id++;

		snprintf(argv, sizeof argv, "cc -c %c.c", *o);
		proc(pt, cc, 1, 10 + (o - order), 500, *o == 'b' && failing ? 1 : 0, argv);
		snprintf(argv, sizeof argv, "cc1 %c.c -o /tmp/cc%s.s", *o, tmp);
		proc(pt, id++, cc, 20 + (o - order), 300, 0, argv);
	}
	tree_end(pt);
	return pt;
}

/* Row of a's id (in A) or b's (in B); UINT32_MAX if none. */
static uint32_t
row_of(const struct diff *d, uint32_t a, uint32_t b)
{
	uint32_t i;

	for (i = 0; i < diff_nrows(d); i++)
		if ((a != 0 && diff_row(d, i)->a == a) || (b != 0 && diff_row(d, i)->b == b))
			return i;
	return UINT32_MAX;
}

static const char *
argv0(const struct ptree *pt, uint32_t id)
{
	return ptree_shown_exec(pt, id)->args;
}

/* diff_print into a string (owned by the caller). */
static char *
print(const struct diff *d, int flags)
{
	char *s = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&s, &len);

	assert_non_null(fp);
	assert_int_equal(diff_print(fp, d, flags), 0);
	fclose(fp);
	return s;
}

/* ---- tests ------------------------------------------------------------------- */

static void
test_same_tree(void **state)
{
	struct ptree *a = build("abc", "Ab12Cd", 0);
	struct diff *d = diff_new(a, a, 0);
	uint32_t m, oa, ob, i;

	assert_int_equal(diff_ndiffs(d), 0);
	diff_counts(d, &m, &oa, &ob);
	assert_int_equal(m, 7);
	assert_int_equal(oa + ob, 0);
	assert_int_equal(diff_nrows(d), 7);
	for (i = 0; i < diff_nrows(d); i++) {
		assert_int_equal(diff_row(d, i)->a, diff_row(d, i)->b);
		assert_int_equal(diff_row(d, i)->flags, 0);
	}
	assert_int_equal(diff_row(d, 0)->end, 7);
	diff_free(d);
	ptree_free(a);
}

static void
test_reordered_parallel_jobs_and_temp_names(void **state)
{
	struct ptree *a = build("abc", "Ab12Cd", 0), *b = build("cab", "xY9zQ7", 0);
	struct diff *d = diff_new(a, b, 0);
	uint32_t i;
	const struct diff_row *r;

	assert_int_equal(diff_ndiffs(d), 0);
	assert_int_equal(diff_nrows(d), 7);
	for (i = 0; i < diff_nrows(d); i++) {
		r = diff_row(d, i);
		assert_true(r->a != 0 && r->b != 0);
		if (strcmp(argv0(a, r->a), "cc") == 0) {
			/* Same file: -c, then the file name. */
			assert_string_equal(argv0(a, r->a) + 6, argv0(b, r->b) + 6);
		}
	}
	/* B's order: c first. */
	assert_string_equal(argv0(b, diff_row(d, 1)->b) + 6, "c.c");
	assert_int_equal(diff_row(d, 1)->depth, 1);
	assert_int_equal(diff_row(d, 2)->depth, 2);
	diff_free(d);
	ptree_free(a);
	ptree_free(b);
}

static void
test_only_in_a_or_b(void **state)
{
	struct ptree *a = tree_new("sh"), *b = tree_new("sh");
	struct diff *d;
	uint32_t m, oa, ob, r;
	char *text;

	proc(a, 1, 0, 0, 100, 0, "sh -c x");
	proc(a, 2, 1, 1, 10, 0, "echo hello");
	proc(a, 3, 1, 11, 20, 0, "rm -f old.o");
	proc(a, 4, 3, 12, 13, 0, "true");
	proc(a, 5, 1, 21, 30, 0, "echo bye");
	tree_end(a);
	proc(b, 1, 0, 0, 100, 0, "sh -c x");
	proc(b, 2, 1, 1, 10, 0, "echo hello");
	proc(b, 3, 1, 11, 20, 0, "touch new.o");
	proc(b, 4, 1, 21, 30, 0, "echo bye");
	tree_end(b);
	d = diff_new(a, b, 0);
	diff_counts(d, &m, &oa, &ob);
	assert_int_equal(m, 3);
	assert_int_equal(oa, 2);
	assert_int_equal(ob, 1);
	assert_int_equal(diff_ndiffs(d), 3);
	/* rm (only in A) comes after echo hello, its sibling before it in A. */
	r = row_of(d, 3, 0);
	assert_int_equal(diff_row(d, r)->flags & DIFF_SELF, DIFF_ONLY_A);
	assert_int_equal(diff_row(d, r - 1)->b, 2);
	assert_int_equal(diff_row(d, r)->end, r + 2);	/* with its child true */
	assert_int_equal(diff_row(d, row_of(d, 0, 3))->flags & DIFF_SELF, DIFF_ONLY_B);
	assert_true(diff_row(d, 0)->flags & DIFF_BELOW);
	assert_false(diff_row(d, 0)->flags & DIFF_SELF);

	text = print(d, DIFF_PRINT_ASCII);
	assert_string_equal(text,
	    "A: sh  (5 processes, ok)\n"
	    "B: sh  (4 processes, ok)\n"
	    "3 differences: 2 only in A, 1 only in B, 0 changed; 3 processes match\n"
	    "  A STATUS   B STATUS     A WALL   B WALL  COMMAND\n"
	    "  ok         ok           0.100s   0.100s  sh -c x\n"
	    "- ok         -            0.009s        -  |- rm -f old.o  [only in A, with 1 process below]\n"
	    "+ -          ok                -   0.009s  `- touch new.o  [only in B]\n");
	free(text);
	diff_free(d);
	ptree_free(a);
	ptree_free(b);
}

static void
test_status_and_time(void **state)
{
	struct ptree *a = tree_new("t"), *b = tree_new("t");
	struct diff *d;
	struct buf w = BUF_INIT;

	proc(a, 1, 0, 0, 5000, 0, "run");
	proc(a, 2, 1, 1, 101, 0, "slow");	/* 100 ms -> 1000 ms */
	proc(a, 3, 1, 1, 1001, 0, "fast");	/* 1000 ms -> 100 ms */
	proc(a, 4, 1, 1, 11, 0, "tiny");	/* 10 ms -> 40 ms: too little to say */
	proc(a, 5, 1, 1, 11, 0, "fails");
	proc_cwd(a, 6, 1, 1, 11, 0, 0, "crashes", NULL);
	tree_end(a);
	proc(b, 1, 0, 0, 5000, 0, "run");
	proc(b, 2, 1, 1, 1001, 0, "slow");
	proc(b, 3, 1, 1, 101, 0, "fast");
	proc(b, 4, 1, 1, 41, 0, "tiny");
	proc(b, 5, 1, 1, 11, 2, "fails");
	proc_cwd(b, 6, 1, 1, 11, 0, 11, "crashes", NULL);
	tree_end(b);
	d = diff_new(a, b, 0);
	assert_int_equal(diff_row(d, row_of(d, 2, 0))->flags & DIFF_SELF, DIFF_SLOWER);
	assert_int_equal(diff_row(d, row_of(d, 3, 0))->flags & DIFF_SELF, DIFF_FASTER);
	assert_int_equal(diff_row(d, row_of(d, 4, 0))->flags & DIFF_SELF, 0);
	assert_int_equal(diff_row(d, row_of(d, 5, 0))->flags & DIFF_SELF, DIFF_STATUS);
	assert_int_equal(diff_row(d, row_of(d, 6, 0))->flags & DIFF_SELF, DIFF_STATUS);
	assert_int_equal(diff_ndiffs(d), 4);
	diff_describe(d, diff_row(d, row_of(d, 2, 0)), &w);
	assert_string_equal(w.p, "10.0x slower (0.100s -> 1.000s)");
	buf_clear(&w);
	diff_describe(d, diff_row(d, row_of(d, 6, 0)), &w);
	assert_string_equal(w.p, "ok -> SIGSEGV");
	buf_clear(&w);
	diff_describe(d, diff_row(d, row_of(d, 5, 0)), &w);
	assert_string_equal(w.p, "ok -> exit 2");
	buf_free(&w);
	diff_free(d);
	ptree_free(a);
	ptree_free(b);
}

static void
test_unrelated_commands(void **state)
{
	struct ptree *a = tree_new("ls"), *b = tree_new("make");
	struct diff *d;
	uint32_t m, oa, ob;
	char *text;

	proc(a, 1, 0, 0, 10, 0, "ls -l");
	tree_end(a);
	proc(b, 1, 0, 0, 100, 0, "make");
	proc(b, 2, 1, 1, 50, 0, "cc -c x.c");
	tree_end(b);
	d = diff_new(a, b, 0);
	diff_counts(d, &m, &oa, &ob);
	assert_int_equal(m, 0);
	assert_int_equal(oa, 1);
	assert_int_equal(ob, 2);
	text = print(d, DIFF_PRINT_ASCII);
	assert_non_null(strstr(text, "the runs have no process in common"));
	assert_non_null(strstr(text, "- ok         -            0.010s        -  ls -l  [only in A]\n"));
	assert_non_null(strstr(text, "+ -          ok                -   0.100s  make  [only in B, with 1 process below]\n"));
	assert_null(strstr(text, "cc -c"));	/* counted, not listed */
	free(text);
	diff_free(d);
	ptree_free(a);
	ptree_free(b);
}

static void
test_argv_and_cwd_changed(void **state)
{
	struct ptree *a = tree_new("t"), *b = tree_new("t");
	struct diff *d;
	uint32_t r;
	char *text;

	proc_cwd(a, 1, 0, 0, 100, 0, 0, "make", "/home/a/src");
	proc_cwd(a, 2, 1, 1, 10, 0, 0, "gcc -O2 main.c", "/home/a/src");
	proc_cwd(a, 3, 1, 11, 20, 0, 0, "ld -o prog", "/home/a/src/sub");
	tree_end(a);
	proc_cwd(b, 1, 0, 0, 100, 0, 0, "make", "/home/b/src");
	proc_cwd(b, 2, 1, 1, 10, 0, 0, "gcc -O2 -g main.c", "/home/b/src");
	proc_cwd(b, 3, 1, 11, 20, 0, 0, "ld -o prog", "/home/b/src/sub");
	tree_end(b);
	d = diff_new(a, b, 0);
	/* The root's cwd changed; children that moved along with it are not news. */
	assert_int_equal(diff_row(d, 0)->flags & DIFF_SELF, DIFF_CWD);
	r = row_of(d, 2, 0);
	assert_int_equal(diff_row(d, r)->b, 2);
	assert_int_equal(diff_row(d, r)->flags & DIFF_SELF, DIFF_ARGV);
	/* ld's cwd differs from its parent's in both runs, and differs: news. */
	assert_int_equal(diff_row(d, row_of(d, 3, 0))->flags & DIFF_SELF, DIFF_CWD);
	text = print(d, DIFF_PRINT_ASCII);
	assert_non_null(strstr(text, "|- gcc -O2 -g main.c  [argv differs: A ran gcc -O2 main.c]\n"));
	free(text);
	diff_free(d);
	ptree_free(a);
	ptree_free(b);
}

static void
test_environment(void **state)
{
	struct ptree *a = tree_new("t"), *b = tree_new("t");
	struct diff *d;
	struct buf w = BUF_INIT;

	proc_env(a, 1, 0, 0, 100, "make", "PATH=/bin HOME=/root PWD=/a MAKEFLAGS=--jobserver-auth=3,4");
	proc_env(a, 2, 1, 1, 10, "cc -c x.c", "PATH=/bin HOME=/root PWD=/a MAKEFLAGS=--jobserver-auth=3,4");
	proc_env(a, 3, 1, 11, 20, "cc -c y.c", "PATH=/bin HOME=/root CFLAGS=-g");
	tree_end(a);
	/* B: make's own differs (LANG added); cc x.c inherits it; cc y.c's changed its way. */
	proc_env(b, 1, 0, 0, 100, "make", "PATH=/bin HOME=/root PWD=/b LANG=C MAKEFLAGS=--jobserver-auth=5,6");
	proc_env(b, 2, 1, 1, 10, "cc -c x.c", "PATH=/bin HOME=/root PWD=/b LANG=C MAKEFLAGS=--jobserver-auth=5,6");
	proc_env(b, 3, 1, 11, 20, "cc -c y.c", "PATH=/bin CFLAGS=-s LANG=C");
	tree_end(b);
	d = diff_new(a, b, 0);
	assert_int_equal(diff_row(d, 0)->flags & DIFF_SELF, DIFF_ENV);
	assert_int_equal(diff_row(d, row_of(d, 2, 0))->flags & DIFF_SELF, 0);
	assert_int_equal(diff_row(d, row_of(d, 3, 0))->flags & DIFF_SELF, DIFF_ENV);
	diff_describe(d, diff_row(d, 0), &w);
	assert_string_equal(w.p, "environment differs (+LANG)");
	buf_clear(&w);
	diff_describe(d, diff_row(d, row_of(d, 3, 0)), &w);
	assert_string_equal(w.p, "environment differs (~CFLAGS +LANG -HOME)");
	buf_free(&w);
	diff_free(d);
	ptree_free(a);
	ptree_free(b);
}

static void
test_forked_and_pids(void **state)
{
	struct ptree *a = tree_new("t"), *b = tree_new("t");
	struct diff *d;

	proc(a, 1, 0, 0, 100, 0, "sh -c script");
	proc(a, 2, 1, 1, 10, 0, NULL);		/* a subshell */
	proc(a, 3, 1, 11, 20, 0, "kill -TERM 4242");
	proc(a, 4, 1, 21, 30, 0, "./conftest123");
	tree_end(a);
	proc(b, 1, 0, 0, 100, 0, "sh -c script");
	proc(b, 2, 1, 1, 10, 0, "sh -c script");	/* exec'd the same: not the subshell */
	proc(b, 3, 1, 11, 20, 0, "kill -TERM 977");
	proc(b, 4, 1, 21, 30, 0, "./conftest977");
	proc(b, 5, 1, 31, 40, 0, NULL);
	tree_end(b);
	d = diff_new(a, b, 0);
	assert_int_equal(diff_row(d, row_of(d, 2, 0))->b, 5);	/* forked matches forked */
	assert_int_equal(diff_row(d, row_of(d, 3, 0))->b, 3);
	assert_int_equal(diff_row(d, row_of(d, 3, 0))->flags & DIFF_SELF, 0);
	assert_int_equal(diff_row(d, row_of(d, 4, 0))->b, 4);
	assert_int_equal(diff_row(d, row_of(d, 0, 2))->flags & DIFF_SELF, DIFF_ONLY_B);
	diff_free(d);
	ptree_free(a);
	ptree_free(b);
}

static void
test_live_b_pending(void **state)
{
	struct ptree *a = build("ab", "Ab12Cd", 0), *b = tree_new("make");
	struct diff *d;
	uint32_t m, oa, ob;

	proc(b, 1, 0, 0, -1, 0, "make -j3");
	proc(b, 2, 1, 10, -1, 0, "cc -c a.c");	/* still running */
	d = diff_new(a, b, 0);
	assert_int_equal(diff_row(d, 0)->flags & (DIFF_SELF | DIFF_PENDING), DIFF_PENDING);
	assert_int_equal(diff_row(d, row_of(d, 0, 2))->flags & DIFF_PENDING, DIFF_PENDING);
	diff_counts(d, &m, &oa, &ob);
	assert_int_equal(m, 2);
	assert_int_equal(oa, 3);	/* not there (yet) */
	diff_free(d);
	ptree_free(a);
	ptree_free(b);
}

static void
test_deep_chain(void **state)
{
	struct ptree *a = tree_new("deep"), *b = tree_new("deep");
	struct diff *d;
	uint32_t i, n = 50000;
	char *text;

	for (i = 1; i <= n; i++) {
		proc(a, i, i - 1, i, 2 * (int64_t)n - i, 0, "sh -c deeper");
		proc(b, i, i - 1, i, 2 * (int64_t)n - i, i == n ? 1 : 0, "sh -c deeper");
	}
	tree_end(a);
	tree_end(b);
	d = diff_new(a, b, 0);
	assert_int_equal(diff_nrows(d), n);
	assert_int_equal(diff_ndiffs(d), 1);
	assert_int_equal(diff_row(d, n - 1)->depth, n - 1);
	assert_true(diff_row(d, 0)->flags & DIFF_BELOW);
	text = print(d, DIFF_PRINT_ASCII);
	assert_non_null(strstr(text, "`- sh -c deeper  [ok -> exit 1]\n"));
	free(text);
	diff_free(d);
	ptree_free(a);
	ptree_free(b);
}

static void
test_empty_trees(void **state)
{
	struct ptree *a = tree_new("x"), *b = tree_new("x");
	struct diff *d;
	char *text;

	tree_end(a);
	tree_end(b);
	d = diff_new(a, b, 0);
	assert_int_equal(diff_nrows(d), 0);
	assert_int_equal(diff_ndiffs(d), 0);
	text = print(d, 0);
	assert_non_null(strstr(text, "no differences: 0 processes match\n"));
	free(text);
	diff_free(d);
	ptree_free(a);
	ptree_free(b);
}

static void
blank_is(const char *in, const char *want)
{
	struct buf b = BUF_INIT;

	diff_blank(&b, in, strlen(in) + 1);
	assert_int_equal(b.len, strlen(want) + 1);
	assert_string_equal(b.p, want);
	buf_free(&b);
}

static void
test_blank(void **state)
{
	blank_is("/tmp/ccAb12Cd.s", "/tmp/XXXXXX.s");
	blank_is("./conftest123", "./conftest#");
	blank_is("/proc/4242/status", "/proc/#/status");
	blank_is("/tmp/tmp.k3JdQ9xZa1", "/tmp/tmp.XXXXXX");
	blank_is("/tmp/xYzQwe", "/tmp/XXXXXX");
	blank_is("/tmp/tmp.abcdefghij", "/tmp/tmp.XXXXXX");
	blank_is("/var/tmp/build/objects.o", "/var/tmp/build/XXXXXX.o");
	blank_is("/home/objects.o", "/home/objects.o");
	blank_is("deadbeef42", "deadbeef#");
	blank_is("a1b2c3d4e5f6", "XXXXXX");
	blank_is("-Wextra", "-Wextra");
	blank_is("-DHAVE_CONFIG_H", "-DHAVE_CONFIG_H");
	blank_is("-O2", "-O#");
	blank_is("x86_64-linux-gnu", "x#_#-linux-gnu");
	blank_is("", "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_tree),
		cmocka_unit_test(test_reordered_parallel_jobs_and_temp_names),
		cmocka_unit_test(test_only_in_a_or_b),
		cmocka_unit_test(test_status_and_time),
		cmocka_unit_test(test_unrelated_commands),
		cmocka_unit_test(test_argv_and_cwd_changed),
		cmocka_unit_test(test_environment),
		cmocka_unit_test(test_forked_and_pids),
		cmocka_unit_test(test_live_b_pending),
		cmocka_unit_test(test_deep_chain),
		cmocka_unit_test(test_empty_trees),
		cmocka_unit_test(test_blank),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
