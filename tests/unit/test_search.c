/*
 * test_search.c: searches in tree order without a view: text and failed
 * processes, forwards and backwards with wrapping, inside a filter set's
 * scope, and the kept answers on a tree big enough to test every text
 * first.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "filter.h"
#include "search.h"
#include "tree_helpers.h"

struct fx {
	struct ptree *pt;
	struct filter_set fs;
	struct search *s;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct sink s;

	f->pt = ptree_new();
	filter_set_init(&f->fs, f->pt);
	f->s = search_new();
	bus_init(&th_bus);
	s = ptree_sink(f->pt);
	bus_add(&th_bus, &s);
	s = filter_set_sink(&f->fs);
	bus_add(&th_bus, &s);
	th_begin("make");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	bus_init(&th_bus);
	search_free(f->s);
	filter_set_free(&f->fs);
	ptree_free(f->pt);
	free(f);
	return 0;
}

/*
 * Pre-order 1 2 3 4 6 5:
 * 1 make
 * ├─ 2 cc alpha
 * │  ├─ 3 as        exit 1
 * │  └─ 4 ld
 * │     └─ 6 cc gamma  SIGSEGV
 * └─ 5 cc beta      exit 2
 */
static void
tree(void)
{
	th_proc(1, 0, "make");
	th_proc(2, 1, "cc alpha");
	th_proc(3, 2, "as");
	th_proc(4, 2, "ld");
	th_proc(5, 1, "cc beta");
	th_proc(6, 4, "cc gamma");
	th_exit(3, 1, 0);
	th_exit(5, 2, 0);
	th_exit(6, 0, 11);
}

static void
test_text(void **state)
{
	struct fx *f = *state;

	tree();
	/* In tree order (6 before 5), wrapping both ways. */
	assert_int_equal(search_text(f->s, f->pt, NULL, NULL, "CC", 0, 1, 0), 2);
	assert_int_equal(search_text(f->s, f->pt, NULL, NULL, "cc", 2, 1, 0), 6);
	assert_int_equal(search_text(f->s, f->pt, NULL, NULL, "cc", 6, 1, 0), 5);
	assert_int_equal(search_text(f->s, f->pt, NULL, NULL, "cc", 5, 1, 0), 2);
	assert_int_equal(search_text(f->s, f->pt, NULL, NULL, "cc", 2, -1, 0), 5);
	assert_int_equal(search_text(f->s, f->pt, NULL, NULL, "cc", 5, -1, 0), 6);
	/* Inclusive, the only match, none, nothing to look for. */
	assert_int_equal(search_text(f->s, f->pt, NULL, NULL, "alpha", 2, 1, 1), 2);
	assert_int_equal(search_text(f->s, f->pt, NULL, NULL, "alpha", 2, 1, 0), 2);
	assert_int_equal(search_text(f->s, f->pt, NULL, NULL, "alpha", 2, -1, 0), 2);
	assert_int_equal(search_text(f->s, f->pt, NULL, NULL, "zzz", 2, 1, 0), 0);
	assert_int_equal(search_text(f->s, f->pt, NULL, NULL, "", 2, 1, 0), 0);
	/* A space in the text. */
	assert_int_equal(search_text(f->s, f->pt, NULL, NULL, "c g", 0, 1, 0), 6);
}

static void
test_scope(void **state)
{
	struct fx *f = *state;

	tree();
	/* Only beta and its ancestors are shown: 2, 4 and 6 are out of scope. */
	filter_set_use(&f->fs, filter_parse("beta"));
	assert_int_equal(search_text(f->s, f->pt, &f->fs, NULL, "cc", 0, 1, 0), 5);
	assert_int_equal(search_text(f->s, f->pt, &f->fs, NULL, "cc", 5, 1, 0), 5);
	assert_int_equal(search_text(f->s, f->pt, &f->fs, NULL, "gamma", 0, 1, 0), 0);
	assert_int_equal(search_text(f->s, f->pt, &f->fs, NULL, "make", 5, 1, 0), 1);
	assert_int_equal(search_bad(f->pt, &f->fs, NULL, 0, 1), 5);
	assert_int_equal(search_bad(f->pt, &f->fs, NULL, 5, 1), 5);
	/* A new process in scope, once the set has caught up. */
	th_proc(7, 1, "cc beta2");
	filter_set_sync(&f->fs);
	assert_int_equal(search_text(f->s, f->pt, &f->fs, NULL, "cc", 5, 1, 0), 7);
}

static void
test_bad(void **state)
{
	struct fx *f = *state;

	tree();
	assert_int_equal(search_bad(f->pt, NULL, NULL, 0, 1), 3);
	assert_int_equal(search_bad(f->pt, NULL, NULL, 3, 1), 6);
	assert_int_equal(search_bad(f->pt, NULL, NULL, 6, 1), 5);
	assert_int_equal(search_bad(f->pt, NULL, NULL, 5, 1), 3);	/* wraps */
	assert_int_equal(search_bad(f->pt, NULL, NULL, 3, -1), 5);	/* wraps back */
	assert_int_equal(search_bad(f->pt, NULL, NULL, 5, -1), 6);
	assert_int_equal(search_bad(f->pt, NULL, NULL, 1, -1), 5);
}

static void
test_bad_none(void **state)
{
	struct fx *f = *state;

	th_proc(1, 0, "make");
	th_proc(2, 1, "cc");
	th_exit(2, 0, 0);
	assert_int_equal(search_bad(f->pt, NULL, NULL, 1, 1), 0);
	assert_int_equal(search_bad(f->pt, NULL, NULL, 1, -1), 0);
	assert_int_equal(search_bad(f->pt, NULL, NULL, 0, 1), 0);
}

/*
 * FILTER_PARALLEL_MIN processes: every text is tested first and the
 * answers kept; a match a few steps ahead is found by walking.  Memory
 * says which happened: a byte a process once answers are kept.
 */
static void
test_big_kept(void **state)
{
	struct fx *f = *state;
	uint32_t id, n = FILTER_PARALLEL_MIN + 1;
	size_t m0;

	th_proc(1, 0, "make");
	for (id = 2; id <= n; id++)
		th_proc(id, 1, id == 3 || id == n - 10 ? "ld target" : "cc");
	m0 = search_memory(f->s);
	/* Close ahead: found by walking, nothing kept. */
	assert_int_equal(search_text(f->s, f->pt, NULL, NULL, "ld target", 1, 1, 0), 3);
	assert_int_equal(search_memory(f->s), m0);
	/* Far ahead: every text tested, the answers kept. */
	assert_int_equal(search_text(f->s, f->pt, NULL, NULL, "ld target", 3, 1, 0), n - 10);
	assert_true(search_memory(f->s) >= m0 + n);
	assert_int_equal(search_text(f->s, f->pt, NULL, NULL, "ld target", n - 10, 1, 0), 3);
	assert_int_equal(search_text(f->s, f->pt, NULL, NULL, "ld target", 3, -1, 0), n - 10);
	/* An exec makes them stale. */
	th_exec(n - 10, "cc", (const char *)NULL);
	assert_int_equal(search_text(f->s, f->pt, NULL, NULL, "ld target", 3, 1, 0), 3);
	/* Nowhere. */
	assert_int_equal(search_text(f->s, f->pt, NULL, NULL, "nowhere", 3, 1, 0), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_scope, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bad_none, setup, teardown),
		cmocka_unit_test_setup_teardown(test_big_kept, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
