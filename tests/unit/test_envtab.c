/*
 * test_envtab.c: interned environments.  Every block reads back exactly
 * what was interned, whatever it shares with the block it came from (a
 * prefix, nothing, all of it, chains of bases deeper than envtab keeps);
 * the same list is the same block, hint or not; a block that shares its
 * base's entries costs less than one that does not.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "buf.h"
#include "envtab.h"

/* An environment of n entries "V<i>=<tag>..." (60 bytes or so each), plus extra. */
static void
make_env(struct buf *b, int n, const char *tag, const char *extra)
{
	char e[128];
	int i;

	buf_clear(b);
	for (i = 0; i < n; i++) {
		snprintf(e, sizeof e, "VAR%02d=%s-a-value-long-enough-to-look-real-%d", i, tag, i);
		buf_add(b, e, strlen(e) + 1);
	}
	if (extra != NULL)
		buf_add(b, extra, strlen(extra) + 1);
}

/* The block reads back as the bytes of env. */
static void
assert_block(const struct envtab *t, uint32_t block, const struct buf *env)
{
	struct buf got = BUF_INIT;
	size_t i, n = envtab_count(t, block), len;
	const char *e;

	for (i = 0; i < n; i++) {
		e = envtab_entry(t, block, i, &len);
		assert_int_equal(strlen(e), len);
		buf_add(&got, e, len + 1);
	}
	assert_int_equal(got.len, env->len);
	if (got.len > 0)
		assert_memory_equal(got.p, env->p, env->len);
	buf_free(&got);
}

static uint32_t
intern(struct envtab *t, const struct buf *env, uint32_t base)
{
	struct argv_buf a = { env->p != NULL ? env->p : "", env->len };

	return envtab_intern(t, &a, base);
}

static void
test_shared_prefix(void **state)
{
	struct envtab *t = envtab_new();
	struct buf base = BUF_INIT, plus = BUF_INIT, changed = BUF_INIT, other = BUF_INIT;
	uint32_t b, p, c, o;
	size_t at;
	int i;

	make_env(&base, 60, "x", NULL);
	make_env(&plus, 60, "x", "COLLECT_GCC_OPTIONS='-c' '-o' 'file1.o'");
	make_env(&other, 60, "y", NULL);
	b = intern(t, &base, 0);
	p = intern(t, &plus, b);
	assert_int_not_equal(p, b);
	assert_block(t, b, &base);
	assert_block(t, p, &plus);
	/* The same list, with its base, with another hint, without: the same block. */
	assert_int_equal(intern(t, &plus, b), p);
	assert_int_equal(intern(t, &plus, 0), p);
	assert_int_equal(intern(t, &base, p), b);
	/* A change in the middle: shares what comes before it. */
	for (i = 0, at = 0; at < base.len; i++, at += strlen(base.p + at) + 1)
		buf_add(&changed, i == 30 ? "VAR30=changed" : base.p + at,
		    strlen(i == 30 ? "VAR30=changed" : base.p + at) + 1);
	c = intern(t, &changed, p);
	assert_block(t, c, &changed);
	/* Nothing in common with the hint. */
	o = intern(t, &other, b);
	assert_block(t, o, &other);
	assert_block(t, p, &plus);
	envtab_free(t);
	buf_free(&base);
	buf_free(&plus);
	buf_free(&changed);
	buf_free(&other);
}

/* Each environment the one before plus a variable, far deeper than envtab chains. */
static void
test_deep_chain(void **state)
{
	struct envtab *t = envtab_new();
	struct buf env[40];
	uint32_t ids[40], prev = 0;
	char e[64];
	int i;

	for (i = 0; i < 40; i++)
		env[i] = (struct buf)BUF_INIT;
	make_env(&env[0], 20, "d", NULL);
	for (i = 0; i < 40; i++) {
		if (i > 0) {
			buf_add(&env[i], env[i - 1].p, env[i - 1].len);
			snprintf(e, sizeof e, "LEVEL%d=%d", i, i);
			buf_add(&env[i], e, strlen(e) + 1);
		}
		ids[i] = prev = intern(t, &env[i], prev);
	}
	for (i = 0; i < 40; i++) {
		assert_block(t, ids[i], &env[i]);
		assert_int_equal(intern(t, &env[i], 0), ids[i]);
	}
	for (i = 0; i < 40; i++)
		buf_free(&env[i]);
	envtab_free(t);
}

/* 1,000 environments that differ by one entry: far less than 1,000 copies of the ids. */
static void
test_sharing_saves(void **state)
{
	struct envtab *t = envtab_new();
	struct buf base = BUF_INIT, one = BUF_INIT;
	size_t before, after;
	uint32_t b;
	char e[64];
	int i;

	make_env(&base, 60, "s", NULL);
	b = intern(t, &base, 0);
	before = envtab_memory(t);
	for (i = 0; i < 1000; i++) {
		snprintf(e, sizeof e, "FILE=%d", i);
		make_env(&one, 60, "s", e);
		assert_block(t, intern(t, &one, b), &one);
	}
	after = envtab_memory(t);
	assert_true(after - before < 1000 * 60 * sizeof(uint32_t) / 2);
	envtab_free(t);
	buf_free(&base);
	buf_free(&one);
}

/* Odd environments: empty, empty entries, duplicates; block 0. */
static void
test_odd(void **state)
{
	struct envtab *t = envtab_new();
	struct buf empty = BUF_INIT, odd = BUF_INIT;
	struct argv_buf none = { NULL, 0 };
	uint32_t e, o;
	size_t len;

	e = intern(t, &empty, 0);
	assert_int_not_equal(e, 0);
	assert_int_equal(envtab_count(t, e), 0);
	buf_add(&odd, "\0A=1\0A=1\0=x\0NOEQ\0", 18);
	o = intern(t, &odd, e);
	assert_block(t, o, &odd);
	assert_int_equal(envtab_intern(t, &none, o), 0);
	assert_int_equal(envtab_count(t, 0), 0);
	assert_string_equal(envtab_entry(t, o, 99, &len), "");
	envtab_free(t);
	buf_free(&odd);
}

/* Names and lookups: up to the first '=', the whole entry without one, first match wins. */
static void
test_find(void **state)
{
	struct envtab *t = envtab_new();
	struct buf env = BUF_INIT;
	uint32_t b;
	size_t len = 0;

	assert_int_equal(envtab_name_len("CC=gcc", 6), 2);
	assert_int_equal(envtab_name_len("X=a=b", 5), 1);
	assert_int_equal(envtab_name_len("=x", 2), 0);
	assert_int_equal(envtab_name_len("NOEQ", 4), 4);
	buf_add(&env, "CC=gcc\0CCX=1\0CC=clang\0NOEQ\0=empty\0", 34);
	b = intern(t, &env, 0);
	assert_string_equal(envtab_find(t, b, "CC", 2, &len), "CC=gcc");
	assert_int_equal(len, 6);
	assert_string_equal(envtab_find(t, b, "CCX=9", 3, &len), "CCX=1");
	assert_string_equal(envtab_find(t, b, "NOEQ", 4, &len), "NOEQ");
	assert_string_equal(envtab_find(t, b, "", 0, &len), "=empty");
	assert_null(envtab_find(t, b, "C", 1, &len));
	assert_null(envtab_find(t, 0, "CC", 2, &len));
	envtab_free(t);
	buf_free(&env);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_shared_prefix),
		cmocka_unit_test(test_deep_chain),
		cmocka_unit_test(test_sharing_saves),
		cmocka_unit_test(test_odd),
		cmocka_unit_test(test_find),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
