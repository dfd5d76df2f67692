/*
 * test_ptree.c: the process tree model built from events: node creation,
 * child order, exec chains, pid reuse, aggregates, bad events refused.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "ptree.h"

static struct event
ev_spawn(uint32_t id, uint32_t parent, pid_t pid, int64_t t)
{
	struct event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = EV_SPAWN;
	ev.id = id;
	ev.parent = parent;
	ev.pid = pid;
	ev.t_us = t;
	return ev;
}

static struct event
ev_exec(uint32_t id, const char *args, size_t len, const char *exe, int64_t t)
{
	struct event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXEC;
	ev.id = id;
	ev.argv.data = args;
	ev.argv.len = len;
	ev.exe = exe;
	ev.cwd = "/tmp";
	ev.t_us = t;
	return ev;
}

static struct event
ev_exit(uint32_t id, int code, int sig, int64_t t)
{
	struct event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXIT;
	ev.id = id;
	ev.code = code;
	ev.signal = sig;
	ev.t_us = t;
	ev.utime_us = 1500;
	ev.stime_us = 2500;
	ev.maxrss_kb = 1234;
	ev.nthreads = 3;
	return ev;
}

static void
apply_ok(struct ptree *pt, struct event ev)
{
	assert_int_equal(ptree_apply(pt, &ev), 0);
}

static void
test_children_in_creation_order(void **state)
{
	struct ptree *pt = ptree_new();
	uint32_t c;

	apply_ok(pt, ev_spawn(1, 0, 100, 0));
	apply_ok(pt, ev_spawn(2, 1, 101, 10));
	apply_ok(pt, ev_spawn(3, 1, 102, 20));
	apply_ok(pt, ev_spawn(4, 2, 103, 30));
	apply_ok(pt, ev_spawn(5, 1, 104, 40));
	assert_int_equal(ptree_size(pt), 5);
	assert_int_equal(ptree_first_child(pt, 0), 1);
	assert_int_equal(ptree_next(pt, 1), 0);
	c = ptree_first_child(pt, 1);
	assert_int_equal(c, 2);
	assert_int_equal((c = ptree_next(pt, c)), 3);
	assert_int_equal((c = ptree_next(pt, c)), 5);
	assert_int_equal(ptree_next(pt, c), 0);
	assert_int_equal(ptree_first_child(pt, 2), 4);
	assert_int_equal(ptree_first_child(pt, 4), 0);
	assert_int_equal(ptree_depth(pt, 4), 3);
	assert_int_equal(ptree_node(pt, 1)->ndesc, 4);
	assert_int_equal(ptree_node(pt, 0)->ndesc, 5);
	assert_int_equal(ptree_node(pt, 1)->nrunning, 4);
	assert_int_equal(ptree_stats(pt)->running, 5);
	ptree_free(pt);
}

static void
test_exec_chain_and_fork_without_exec(void **state)
{
	struct ptree *pt = ptree_new();
	const struct exec_rec *x;
	static const char a1[] = "env\0nice\0cc\0", a2[] = "nice\0cc\0", a3[] = "cc\0-c\0x.c\0";

	apply_ok(pt, ev_spawn(1, 0, 100, 0));
	apply_ok(pt, ev_exec(1, a1, sizeof a1 - 1, "/usr/bin/env", 1));
	apply_ok(pt, ev_exec(1, a2, sizeof a2 - 1, "/usr/bin/nice", 2));
	apply_ok(pt, ev_exec(1, a3, sizeof a3 - 1, "/usr/bin/cc", 3));
	apply_ok(pt, ev_spawn(2, 1, 101, 4));	/* forks, never execs */
	x = ptree_node(pt, 1)->exec;
	assert_non_null(x);
	assert_int_equal(exec_arglen(x), sizeof a3 - 1);
	assert_memory_equal(x->args, a3, sizeof a3 - 1);
	assert_string_equal(ptree_str(pt, x->exe), "/usr/bin/cc");
	assert_string_equal(ptree_str(pt, x->cwd), "/tmp");
	assert_non_null(exec_prev(x));
	assert_string_equal(ptree_str(pt, exec_prev(x)->exe), "/usr/bin/nice");
	assert_memory_equal(exec_prev(x)->args, a2, sizeof a2 - 1);
	assert_non_null(exec_prev(exec_prev(x)));
	assert_string_equal(ptree_str(pt, exec_prev(exec_prev(x))->exe), "/usr/bin/env");
	assert_null(exec_prev(exec_prev(exec_prev(x))));
	/* Interned: the same cwd string is one id. */
	assert_int_equal(x->cwd, exec_prev(x)->cwd);
	/* The forked child shows its parent's argv, and has none of its own. */
	assert_null(node_own_exec(ptree_node(pt, 2)));
	assert_ptr_equal(ptree_shown_exec(pt, 2), x);
	/* A later exec of the parent is not what the child runs. */
	apply_ok(pt, ev_exec(1, a1, sizeof a1 - 1, "/usr/bin/env", 5));
	assert_ptr_equal(ptree_shown_exec(pt, 2), x);
	apply_ok(pt, ev_spawn(3, 1, 102, 6));
	assert_ptr_equal(ptree_shown_exec(pt, 3), ptree_node(pt, 1)->exec);
	/* Its own first exec starts a chain of its own. */
	apply_ok(pt, ev_exec(2, a2, sizeof a2 - 1, "/usr/bin/nice", 7));
	assert_non_null(node_own_exec(ptree_node(pt, 2)));
	assert_null(exec_prev(ptree_node(pt, 2)->exec));
	assert_string_equal(ptree_str(pt, ptree_shown_exec(pt, 2)->exe), "/usr/bin/nice");
	ptree_free(pt);
}

static void
test_exit_and_aggregates(void **state)
{
	struct ptree *pt = ptree_new();
	struct node *n;

	apply_ok(pt, ev_spawn(1, 0, 100, 0));
	apply_ok(pt, ev_spawn(2, 1, 101, 10));
	apply_ok(pt, ev_spawn(3, 2, 102, 20));
	apply_ok(pt, ev_spawn(4, 1, 103, 30));
	apply_ok(pt, ev_exit(3, 0, 9, 500000));	/* SIGKILL */
	apply_ok(pt, ev_exit(2, 2, 0, 600000));	/* exit 2 */
	apply_ok(pt, ev_exit(4, 0, 0, 700000));
	n = ptree_node(pt, 3);
	assert_true(n->flags & NODE_SIGNALED);
	assert_int_equal(n->status, 9);
	assert_int_equal(n->end_us, 500000);
	assert_int_equal(n->utime_ms, 1);
	assert_int_equal(n->stime_ms, 2);
	assert_int_equal(n->maxrss_kb, 1234);
	assert_int_equal(n->nthreads, 3);
	assert_true(node_is_bad(n));
	assert_true(node_is_bad(ptree_node(pt, 2)));
	assert_false(node_is_bad(ptree_node(pt, 4)));
	assert_int_equal(ptree_node(pt, 1)->nbad, 2);
	assert_int_equal(ptree_node(pt, 2)->nbad, 1);
	assert_int_equal(ptree_node(pt, 1)->nrunning, 0);
	assert_int_equal(ptree_node(pt, 1)->span_end_ms, 700);
	assert_int_equal(ptree_node(pt, 2)->span_end_ms, 500);
	assert_int_equal(ptree_stats(pt)->failed, 1);
	assert_int_equal(ptree_stats(pt)->signaled, 1);
	assert_int_equal(ptree_stats(pt)->running, 1);
	/* A second exit for the same process makes no sense. */
	{
		struct event again = ev_exit(3, 0, 0, 800);
		assert_int_equal(ptree_apply(pt, &again), -1);
	}
	assert_int_equal(ptree_node(pt, 3)->status, 9);
	ptree_free(pt);
}

static void
test_node_state_words(void **state)
{
	struct ptree *pt = ptree_new();
	struct event ev;
	char b[32];

	apply_ok(pt, ev_spawn(1, 0, 100, 0));
	apply_ok(pt, ev_spawn(2, 1, 101, 0));
	apply_ok(pt, ev_spawn(3, 1, 102, 0));
	apply_ok(pt, ev_spawn(4, 1, 103, 0));
	apply_ok(pt, ev_spawn(5, 1, 104, 0));
	assert_string_equal(node_state(ptree_node(pt, 1), b, sizeof b, 1), "running");
	apply_ok(pt, ev_exit(2, 0, 0, 1));
	assert_string_equal(node_state(ptree_node(pt, 2), b, sizeof b, 1), "ok");
	apply_ok(pt, ev_exit(3, 2, 0, 1));
	assert_string_equal(node_state(ptree_node(pt, 3), b, sizeof b, 1), "exit 2");
	ev = ev_exit(4, 0, 11, 1);
	ev.core = 1;
	apply_ok(pt, ev);
	assert_string_equal(node_state(ptree_node(pt, 4), b, sizeof b, 1), "SIGSEGV (core)");
	assert_string_equal(node_state(ptree_node(pt, 4), b, sizeof b, 0), "SIGSEGV");
	memset(&ev, 0, sizeof ev);
	ev.kind = EV_DETACH;
	ev.id = 5;
	apply_ok(pt, ev);
	assert_string_equal(node_state(ptree_node(pt, 5), b, sizeof b, 1), "detached");
	ptree_sink(pt).end(pt);
	assert_string_equal(node_state(ptree_node(pt, 1), b, sizeof b, 1), "lost");
	ptree_free(pt);
}

static void
test_pid_reuse_gives_new_node(void **state)
{
	struct ptree *pt = ptree_new();

	apply_ok(pt, ev_spawn(1, 0, 100, 0));
	apply_ok(pt, ev_spawn(2, 1, 555, 1));
	apply_ok(pt, ev_exit(2, 0, 0, 2));
	apply_ok(pt, ev_spawn(3, 1, 555, 3));	/* same pid, new process */
	assert_int_equal(ptree_node(pt, 2)->pid, 555);
	assert_int_equal(ptree_node(pt, 3)->pid, 555);
	assert_false(ptree_node(pt, 2)->flags & NODE_RUNNING);
	assert_true(ptree_node(pt, 3)->flags & NODE_RUNNING);
	assert_int_equal(ptree_stats(pt)->total, 3);
	ptree_free(pt);
}

static void
test_bad_events_refused(void **state)
{
	struct ptree *pt = ptree_new();
	struct event ev;

	ev = ev_spawn(2, 0, 1, 0);	/* ids start at 1 */
	assert_int_equal(ptree_apply(pt, &ev), -1);
	apply_ok(pt, ev_spawn(1, 0, 100, 0));
	ev = ev_spawn(1, 0, 100, 0);	/* duplicate id */
	assert_int_equal(ptree_apply(pt, &ev), -1);
	ev = ev_spawn(2, 7, 100, 0);	/* parent not yet seen */
	assert_int_equal(ptree_apply(pt, &ev), -1);
	ev = ev_exit(9, 0, 0, 0);	/* unknown id */
	assert_int_equal(ptree_apply(pt, &ev), -1);
	assert_int_equal(ptree_size(pt), 1);
	ptree_free(pt);
}

static void
test_end_marks_unfinished_lost(void **state)
{
	struct ptree *pt = ptree_new();
	struct sink s = ptree_sink(pt);
	struct event ev = ev_spawn(1, 0, 100, 0);

	s.event(s.ctx, &ev);
	ev = ev_spawn(2, 1, 101, 5);
	s.event(s.ctx, &ev);
	ev = ev_exit(2, 0, 0, 9);
	s.event(s.ctx, &ev);
	s.end(s.ctx);
	assert_true(ptree_finished(pt));
	assert_true(ptree_node(pt, 1)->flags & NODE_LOST);
	assert_false(ptree_node(pt, 1)->flags & NODE_RUNNING);
	assert_int_equal(ptree_stats(pt)->running, 0);
	ptree_free(pt);
}

static void
test_many_nodes_and_memory(void **state)
{
	struct ptree *pt = ptree_new();
	static const char args[] = "cc\0-c\0file.c\0";
	uint32_t i;

	apply_ok(pt, ev_spawn(1, 0, 1, 0));
	for (i = 2; i <= 100000; i++) {
		apply_ok(pt, ev_spawn(i, 1, (pid_t)i, i));
		apply_ok(pt, ev_exec(i, args, sizeof args - 1, "/usr/bin/cc", i));
		apply_ok(pt, ev_exit(i, 0, 0, i + 1));
	}
	assert_int_equal(ptree_node(pt, 1)->ndesc, 99999);
	/* About 100 bytes a process plus the argv text (72 of node, 8 of totals, 24 of exec). */
	assert_int_equal(sizeof(struct node), 72);
	assert_true(ptree_memory(pt) < 100000 * (108 + sizeof args - 1));
	ptree_free(pt);
}

/* An exit with given CPU (user ms, system ms) and peak RSS. */
static struct event
ev_exit_cpu(uint32_t id, int64_t t, unsigned ums, unsigned sms, unsigned rss)
{
	struct event ev = ev_exit(id, 0, 0, t);

	ev.utime_us = (int64_t)ums * 1000;
	ev.stime_us = (int64_t)sms * 1000;
	ev.maxrss_kb = rss;
	return ev;
}

/*
 * sh -> gcc -> cc1, each waiting for its child: wait4's figures are
 * cumulative, so the chain's CPU is sh's own figure, not the sum of all
 * three.  A daemon that outlives sh adds its own; so does a running
 * process's finished children.
 */
static void
test_subtree_totals(void **state)
{
	struct ptree *pt = ptree_new();

	apply_ok(pt, ev_spawn(1, 0, 100, 0));		/* make */
	apply_ok(pt, ev_spawn(2, 1, 101, 10));		/* sh */
	apply_ok(pt, ev_spawn(3, 2, 102, 20));		/* gcc */
	apply_ok(pt, ev_spawn(4, 3, 103, 30));		/* cc1 */
	apply_ok(pt, ev_spawn(5, 2, 104, 40));		/* a daemon sh starts */
	apply_ok(pt, ev_exit_cpu(4, 100, 700, 100, 50000));
	assert_int_equal(ptree_totals(pt, 4)->cpu_ms, 800);
	assert_int_equal(ptree_totals(pt, 3)->cpu_ms, 800);
	assert_int_equal(ptree_totals(pt, 1)->cpu_ms, 800);
	assert_int_equal(ptree_totals(pt, 1)->maxrss_kb, 50000);
	/* gcc's figure holds cc1's 800 ms: it adds 50 of its own. */
	apply_ok(pt, ev_exit_cpu(3, 110, 830, 20, 60000));
	assert_int_equal(ptree_totals(pt, 3)->cpu_ms, 850);
	assert_int_equal(ptree_totals(pt, 2)->cpu_ms, 850);
	assert_int_equal(ptree_totals(pt, 1)->maxrss_kb, 60000);
	/* sh: 900 with gcc's; the daemon still runs, so it is not in there. */
	apply_ok(pt, ev_exit_cpu(2, 120, 880, 20, 3000));
	assert_int_equal(ptree_totals(pt, 2)->cpu_ms, 900);
	assert_int_equal(ptree_totals(pt, 2)->maxrss_kb, 60000);
	assert_int_equal(ptree_totals(pt, 1)->cpu_ms, 900);
	/* The daemon ends after sh: its CPU was in no one's figure. */
	apply_ok(pt, ev_exit_cpu(5, 200, 300, 0, 70000));
	assert_int_equal(ptree_totals(pt, 2)->cpu_ms, 1200);
	assert_int_equal(ptree_totals(pt, 1)->cpu_ms, 1200);
	assert_int_equal(ptree_totals(pt, 1)->maxrss_kb, 70000);
	/* make still runs: its own CPU is not known yet. */
	assert_true(ptree_node(pt, 1)->flags & NODE_RUNNING);
	/* A parent whose figure is less than its children's (it did not wait) adds nothing. */
	apply_ok(pt, ev_exit_cpu(1, 300, 10, 0, 100));
	assert_int_equal(ptree_totals(pt, 1)->cpu_ms, 1200);
	assert_int_equal(ptree_totals(pt, 1)->maxrss_kb, 70000);
	ptree_free(pt);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_children_in_creation_order),
		cmocka_unit_test(test_exec_chain_and_fork_without_exec),
		cmocka_unit_test(test_exit_and_aggregates),
		cmocka_unit_test(test_node_state_words),
		cmocka_unit_test(test_pid_reuse_gives_new_node),
		cmocka_unit_test(test_bad_events_refused),
		cmocka_unit_test(test_end_marks_unfinished_lost),
		cmocka_unit_test(test_many_nodes_and_memory),
		cmocka_unit_test(test_subtree_totals),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
