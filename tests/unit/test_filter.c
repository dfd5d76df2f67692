/*
 * test_filter.c: filter texts parsed into terms and text, processes
 * matched against them, a word table of the test's own (words with an
 * argument, words on their own, words that depend on other processes),
 * the two-thread pass, and a filter set kept up to date by real events.
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
#include "tree_helpers.h"

struct fx {
	struct ptree *pt;
	struct filter_set fs;
};

/* A tree and a filter set, both fed by th_bus. */
static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);
	struct sink s;

	f->pt = ptree_new();
	filter_set_init(&f->fs, f->pt);
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
	filter_set_free(&f->fs);
	ptree_free(f->pt);
	free(f);
	return 0;
}

/*
 * 1 make
 * ├─ 2 cc alpha      exit 0
 * │  ├─ 3 as         exit 1
 * │  └─ 4 ld         running
 * └─ 5 cc beta       SIGKILL
 */
static void
small_tree(void)
{
	th_proc(1, 0, "make");
	th_proc(2, 1, "cc alpha");
	th_proc(3, 2, "as");
	th_proc(4, 2, "ld");
	th_proc(5, 1, "cc beta");
	th_exit(2, 0, 0);
	th_exit(3, 1, 0);
	th_exit(5, 0, 9);
}

/* The ids 1..n that f passes, as "2 5". */
static const char *
matching(const struct ptree *pt, const struct filter *f)
{
	static char out[256];
	size_t len = 0;
	uint32_t id;

	out[0] = '\0';
	for (id = 1; id <= ptree_size(pt); id++)
		if (filter_match(f, pt, id))
			len += (size_t)snprintf(out + len, sizeof out - len, "%s%u", len ? " " : "", id);
	return out;
}

static const char *
match_text(const struct ptree *pt, const char *text)
{
	struct filter *f = filter_parse(text);
	static char out[256];

	snprintf(out, sizeof out, "%s", matching(pt, f));
	filter_free(f);
	return out;
}

static void
test_argv_contains(void **state)
{
	static const char args[] = "cc\0-DFOO=1\0main.c";

	assert_true(filter_argv_contains(args, sizeof args, "cc", 2));
	assert_true(filter_argv_contains(args, sizeof args, "-dfoo", 5));
	assert_true(filter_argv_contains(args, sizeof args, "cc -d", 5));	/* NUL as space */
	assert_true(filter_argv_contains(args, sizeof args, "main.c", 6));
	assert_false(filter_argv_contains(args, sizeof args, "main.cpp", 8));
	assert_false(filter_argv_contains(args, 2, "cc -", 4));
	assert_true(filter_argv_contains(args, sizeof args, "", 0));
	/* First byte in the other case, repeated candidates, a match at the very end. */
	assert_true(filter_argv_contains("xXxXy", 5, "xy", 2));
	assert_true(filter_argv_contains("aaaAAb", 6, "aab", 3));
	assert_false(filter_argv_contains("aaaAAc", 6, "aab", 3));
	assert_true(filter_argv_contains("ab\0CD", 5, "b cd", 4));
	assert_true(filter_argv_contains("a b", 3, " b", 2));	/* a real space too */
	assert_false(filter_argv_contains("ab", 2, "abc", 3));
	assert_true(filter_argv_contains("MAIN.C", 6, "main.c", 6));
	assert_true(filter_argv_contains("x\xc3\xa9t\xc3\xa9", 7, "\xc3\xa9", 2));
}

/* The text part of a filter, and which words it uses. */
static void
check_parse(const char *text, const char *needle, unsigned words)
{
	struct filter *f = filter_parse(text);
	size_t len;
	const char *n = filter_needle(f, &len);

	if (strcmp(n, needle) != 0 || len != strlen(needle))
		fail_msg("\"%s\": needle \"%s\" (%zu), want \"%s\"", text, n, len, needle);
	if (filter_words_used(f) != words)
		fail_msg("\"%s\": words %#x, want %#x", text, filter_words_used(f), words);
	assert_string_equal(filter_text(f), text);
	filter_free(f);
}

static void
test_parse(void **state)
{
	check_parse("", "", 0);
	check_parse("LD Out.o", "ld out.o", 0);
	check_parse(":failed", "", FILTER_FAILED);
	check_parse(":f", "", FILTER_FAILED);		/* a prefix */
	check_parse(":r :k", "", FILTER_RUNNING | FILTER_KILLED);
	check_parse(":ok", "", FILTER_OK);
	check_parse(":o", "", FILTER_OK);
	/* Terms leave their separators; only the ends are trimmed. */
	check_parse("cc :failed ld", "cc  ld", FILTER_FAILED);
	check_parse("  cc  ", "cc", 0);
	check_parse("cc :f", "cc", FILTER_FAILED);
	/* Not words: unknown, too long, a lone colon, a colon inside. */
	check_parse(":zz", ":zz", 0);
	check_parse(":failedx", ":failedx", 0);
	check_parse(":", ":", 0);
	check_parse("a:f", "a:f", 0);
	assert_int_equal(filter_nwords >= 4, 1);
	assert_string_equal(filter_words[0].name, "failed");
	assert_string_equal(filter_words[3].name, "ok");
}

static void
test_match_states_and_text(void **state)
{
	struct fx *f = *state;

	small_tree();
	assert_string_equal(match_text(f->pt, ""), "1 2 3 4 5");
	assert_string_equal(match_text(f->pt, "CC"), "2 5");
	assert_string_equal(match_text(f->pt, "cc alpha"), "2");
	assert_string_equal(match_text(f->pt, ":failed"), "3 5");
	assert_string_equal(match_text(f->pt, ":killed"), "5");
	assert_string_equal(match_text(f->pt, ":running"), "1 4");
	assert_string_equal(match_text(f->pt, ":ok"), "2");
	/* Several states: any; states and text: both. */
	assert_string_equal(match_text(f->pt, ":ok :running"), "1 2 4");
	assert_string_equal(match_text(f->pt, ":failed cc"), "5");
	assert_string_equal(match_text(f->pt, "a :ok :failed"), "2 3 5");
	assert_string_equal(match_text(f->pt, "zz :running"), "");
}

/* exec of argv[0] with an environment given as "A=1\0B=2\0" (len bytes). */
static void
exec_env(uint32_t id, const char *arg0, const char *env, size_t len)
{
	struct event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXEC;
	ev.t_us = th_clock += 1000;
	ev.id = id;
	ev.pid = (pid_t)(1000 + id);
	ev.argv.data = arg0;
	ev.argv.len = strlen(arg0) + 1;
	ev.exe = "/usr/bin/x";
	ev.cwd = "/tmp";
	ev.env.data = env;
	ev.env.len = len;
	bus_emit(&th_bus, &ev);
}

static void
exec_fail(uint32_t id, const char *path, int err)
{
	struct event ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = EV_EXECFAIL;
	ev.t_us = th_clock += 1000;
	ev.id = id;
	ev.pid = (pid_t)(1000 + id);
	ev.argv.data = path;
	ev.argv.len = strlen(path) + 1;
	ev.path = path;
	ev.err = err;
	bus_emit(&th_bus, &ev);
}

#define ENV(s) s, sizeof s - 1

/*
 * :execfail and :env.
 * 1 make    PATH=/bin CFLAGS=-O2 NOEQ
 * ├─ 2 cc   CFLAGS=-O0 X=
 * │  └─ 3   (forked, no exec: runs with cc's)
 * ├─ 4      tried nosuch (ENOENT), exit 127
 * └─ 5 sh   tried ./a (ENOENT), then exec'd: no environment recorded
 */
static void
test_match_execfail_env(void **state)
{
	struct fx *f = *state;

	th_spawn(1, 0);
	exec_env(1, "make", ENV("PATH=/bin\0CFLAGS=-O2\0NOEQ\0"));
	th_spawn(2, 1);
	exec_env(2, "cc", ENV("CFLAGS=-O0\0X=\0"));
	th_spawn(3, 2);
	th_spawn(4, 1);
	exec_fail(4, "/usr/bin/nosuch", 2);
	th_exit(4, 127, 0);
	th_spawn(5, 1);
	exec_fail(5, "./a", 2);
	th_exec(5, "sh", (const char *)NULL);
	assert_string_equal(match_text(f->pt, ":execfail"), "4");
	assert_string_equal(match_text(f->pt, ":execfail :failed"), "4");
	assert_string_equal(match_text(f->pt, ":env CFLAGS=-O0"), "2 3");
	assert_string_equal(match_text(f->pt, ":env CFLAGS"), "1 2 3 4");
	assert_string_equal(match_text(f->pt, ":env X="), "2 3");
	assert_string_equal(match_text(f->pt, ":env X"), "2 3");
	assert_string_equal(match_text(f->pt, ":env CFLAGS=-O"), "");	/* the whole entry */
	assert_string_equal(match_text(f->pt, ":env PATH=/bin cc"), "");
	assert_string_equal(match_text(f->pt, ":env PATH=/bin make"), "1 4");
	/* An entry without '=' is no variable; an empty name is no argument: text. */
	assert_string_equal(match_text(f->pt, ":env NOEQ"), "");
	assert_string_equal(match_text(f->pt, ":env =x"), "");
	assert_string_equal(match_text(f->pt, ":env"), "");
}

static void
test_text_hits(void **state)
{
	struct fx *f = *state;
	uint8_t hits[8];

	small_tree();
	th_spawn(6, 5);				/* never exec'd: shows "cc beta" */
	memset(hits, 9, sizeof hits);
	assert_int_equal(filter_text_hits(f->pt, "cc b", 4, hits, 1, 7), 2);
	assert_memory_equal(hits, ((uint8_t[]){ 9, 0, 0, 0, 0, 1, 1, 9 }), 8);
	assert_int_equal(filter_text_hits(f->pt, "cc", 2, hits, 2, 4), 1);
	assert_memory_equal(hits, ((uint8_t[]){ 9, 0, 1, 0, 0, 1, 1, 9 }), 8);
}

/* ---- a word table of the test's own ---- */

static int released;

/* ":pid N": the process's pid is N (a word with an argument). */
static void *
t_pid_parse(const char *arg, size_t len)
{
	unsigned long *v;
	size_t i;

	if (len == 0 || len > 9)
		return NULL;
	for (i = 0; i < len; i++)
		if (arg[i] < '0' || arg[i] > '9')
			return NULL;
	v = malloc(sizeof *v);
	*v = strtoul(arg, NULL, 10);
	return v;
}

static void
t_release(void *arg)
{
	released++;
	free(arg);
}

static int
t_pid(const struct ptree *pt, uint32_t id, const struct node *n, const void *arg)
{
	return (unsigned long)n->pid == *(const unsigned long *)arg;
}

/* ":odd", ":even": by id, each a term on its own (both must hold). */
static int
t_odd(const struct ptree *pt, uint32_t id, const struct node *n, const void *arg)
{
	return id % 2 == 1;
}

static int
t_even(const struct ptree *pt, uint32_t id, const struct node *n, const void *arg)
{
	return id % 2 == 0;
}

/* ":parent": has a child (depends on other processes). */
static int
t_parent(const struct ptree *pt, uint32_t id, const struct node *n, const void *arg)
{
	return n->last_child != 0;
}

static const struct filter_word t_words[] = {
	{ "pid", 7, FILTER_ARG, t_pid_parse, t_release, t_pid, NULL },
	{ "odd", FILTER_GROUP_ALONE, 0, NULL, NULL, t_odd, NULL },
	{ "even", FILTER_GROUP_ALONE, 0, NULL, NULL, t_even, NULL },
	{ "parent", FILTER_GROUP_ALONE, FILTER_TREE, NULL, NULL, t_parent, NULL },
};
#define T_NWORDS (sizeof t_words / sizeof t_words[0])

static const char *
t_match(const struct ptree *pt, const char *text, size_t *needle_len)
{
	struct filter *f = filter_parse_words(text, t_words, T_NWORDS);
	static char out[256];

	snprintf(out, sizeof out, "%s", matching(pt, f));
	filter_needle(f, needle_len);
	filter_free(f);
	return out;
}

static void
test_word_table(void **state)
{
	struct fx *f = *state;
	struct filter *a;
	size_t len;

	small_tree();				/* pids are 1000 + id */
	released = 0;
	assert_string_equal(t_match(f->pt, ":pid 1003", &len), "3");
	assert_int_equal(len, 0);
	assert_int_equal(released, 1);
	/* Words of one group: any; the argument can be given by prefix too. */
	assert_string_equal(t_match(f->pt, ":p 1003 :pid 1005", &len), "3 5");
	assert_int_equal(released, 3);
	/* An argument that is not one, or none: the word is text. */
	assert_string_equal(t_match(f->pt, ":pid x", &len), "");
	assert_int_equal(len, 6);
	assert_string_equal(t_match(f->pt, ":pid", &len), "");
	assert_int_equal(len, 4);
	assert_int_equal(released, 3);
	/* The text around a word and its argument. */
	a = filter_parse_words("cc :pid 1005 beta", t_words, T_NWORDS);
	assert_string_equal(filter_needle(a, &len), "cc   beta");
	assert_int_equal(filter_words_used(a), 0x01);
	filter_free(a);
	/* Group 0: each term on its own. */
	assert_string_equal(t_match(f->pt, ":odd", &len), "1 3 5");
	assert_string_equal(t_match(f->pt, ":odd :even", &len), "");
	assert_string_equal(t_match(f->pt, ":odd :pid 1003 :pid 1002", &len), "3");
	/* Flags of the words used. */
	a = filter_parse_words(":parent :odd", t_words, T_NWORDS);
	assert_int_equal(filter_flags(a), FILTER_TREE);
	assert_string_equal(matching(f->pt, a), "1");
	filter_free(a);
}

static void
test_narrows(void **state)
{
	struct filter *old = filter_parse("cc :f :r"), *f;

	f = filter_parse(":running cc x :failed");	/* same terms, longer text */
	assert_true(filter_narrows(f, old));
	assert_false(filter_narrows(old, f));
	filter_free(f);
	f = filter_parse("cc x :f");			/* a term fewer */
	assert_false(filter_narrows(f, old));
	filter_free(f);
	f = filter_parse("c :f :r");			/* shorter text */
	assert_false(filter_narrows(f, old));
	filter_free(f);
	filter_free(old);
	/* Arguments count. */
	old = filter_parse_words(":pid 1 cc", t_words, T_NWORDS);
	f = filter_parse_words(":pid 1 cc.c", t_words, T_NWORDS);
	assert_true(filter_narrows(f, old));
	filter_free(f);
	f = filter_parse_words(":pid 2 cc.c", t_words, T_NWORDS);
	assert_false(filter_narrows(f, old));
	filter_free(f);
	filter_free(old);
}

/* ---- filter_parallel ---- */

struct par_job {
	uint8_t *seen;
};

static uint32_t
par_range(void *arg, uint32_t from, uint32_t to)
{
	struct par_job *j = arg;
	uint32_t id, n = 0;

	for (id = from; id < to; id++) {
		j->seen[id]++;
		n += id % 7 == 0;
	}
	return n;
}

static void
test_parallel(void **state)
{
	uint32_t sizes[] = { 0, 1, 10, FILTER_PARALLEL_MIN - 1, FILTER_PARALLEL_MIN,
		FILTER_PARALLEL_MIN * 2 + 12345 };
	struct par_job j;
	uint32_t i, id, n, want;

	for (i = 0; i < sizeof sizes / sizeof sizes[0]; i++) {
		n = sizes[i];
		j.seen = calloc((size_t)n + 5, 1);
		want = 0;
		for (id = 3; id < n + 3; id++)
			want += id % 7 == 0;
		assert_int_equal(filter_parallel(3, n + 3, par_range, &j), want);
		for (id = 0; id < n + 5; id++)
			if (j.seen[id] != (id >= 3 && id < n + 3))
				fail_msg("size %u: id %u visited %u times", n, id, j.seen[id]);
		free(j.seen);
	}
}

/* ---- a filter set ---- */

/* The ids the set shows (matches and their ancestors), "1 2". */
static const char *
shown(struct filter_set *fs)
{
	static char out[256];
	size_t len = 0;
	uint32_t id;

	filter_set_sync(fs);
	out[0] = '\0';
	for (id = 1; id <= ptree_size(fs->pt); id++)
		if (filter_set_shown(fs, id))
			len += (size_t)snprintf(out + len, sizeof out - len, "%s%u%s", len ? " " : "",
			    id, filter_set_matches(fs, id) ? "*" : "");
	return out;
}

static void
test_set(void **state)
{
	struct fx *f = *state;

	small_tree();
	assert_string_equal(shown(&f->fs), "1* 2* 3* 4* 5*");	/* no filter */
	assert_null(filter_set_filter(&f->fs));
	assert_int_equal(filter_set_use(&f->fs, filter_parse("ld")), 0);
	assert_string_equal(shown(&f->fs), "1 2 4*");
	assert_int_equal(filter_set_below(&f->fs, 1), 1);
	assert_int_equal(filter_set_below(&f->fs, 2), 1);
	assert_int_equal(filter_set_below(&f->fs, 4), 0);
	assert_int_equal(filter_set_nshown(&f->fs), 3);
	assert_string_equal(filter_text(filter_set_filter(&f->fs)), "ld");
	/* Events: re-matched one by one, no whole pass. */
	th_proc(6, 5, "ld -r");
	th_exec(4, "as", (const char *)NULL);
	assert_string_equal(shown(&f->fs), "1 5 6*");
	assert_int_equal(filter_set_passes(&f->fs), 1);
	assert_int_equal(filter_set_nshown(&f->fs), FILTER_UNKNOWN);
	assert_int_equal(filter_set_below(&f->fs, 1), 1);
	/* Typing more: after a whole pass, the same shown is known to be the same. */
	assert_int_equal(filter_set_use(&f->fs, filter_parse("ld -")), 0);
	assert_int_equal(filter_set_passes(&f->fs), 2);
	assert_int_equal(filter_set_nshown(&f->fs), 3);
	assert_int_equal(filter_set_use(&f->fs, filter_parse("ld -r")), 1);
	assert_string_equal(shown(&f->fs), "1 5 6*");
	/* As many shown, but not a narrowing: others. */
	assert_int_equal(filter_set_use(&f->fs, filter_parse("cc")), 0);
	assert_string_equal(shown(&f->fs), "1 2* 5*");
	assert_int_equal(filter_set_use(&f->fs, filter_parse("cc x")), 0);
	assert_string_equal(shown(&f->fs), "");
	assert_int_equal(filter_set_use(&f->fs, filter_parse(":running")), 0);
	assert_string_equal(shown(&f->fs), "1* 2 4* 5 6*");
	/* Cleared: everything, nothing held. */
	assert_int_equal(filter_set_use(&f->fs, NULL), 0);
	assert_string_equal(shown(&f->fs), "1* 2* 3* 4* 5* 6*");
	assert_int_equal(filter_set_memory(&f->fs), 0);
	/* A filter every process passes, from none: the same shown. */
	assert_int_equal(filter_set_use(&f->fs, filter_parse("")), 1);
	assert_true(filter_set_memory(&f->fs) >= 7 * sizeof(uint32_t));
}

/* A word that depends on other processes: any change re-matches all. */
static void
test_set_tree_word(void **state)
{
	struct fx *f = *state;
	unsigned passes;

	small_tree();
	filter_set_use(&f->fs, filter_parse_words(":parent", t_words, T_NWORDS));
	assert_string_equal(shown(&f->fs), "1* 2*");
	passes = filter_set_passes(&f->fs);
	/* The spawn names 6 only, yet 5 becomes a parent. */
	th_spawn(6, 5);
	assert_string_equal(shown(&f->fs), "1* 2* 5*");
	assert_int_equal(filter_set_passes(&f->fs), passes + 1);
	/* Nothing changed: no pass. */
	assert_string_equal(shown(&f->fs), "1* 2* 5*");
	assert_int_equal(filter_set_passes(&f->fs), passes + 1);
}

/* The end of the trace marks what still runs as lost: a whole pass. */
static void
test_set_end(void **state)
{
	struct fx *f = *state;

	small_tree();
	filter_set_use(&f->fs, filter_parse(":running"));
	assert_string_equal(shown(&f->fs), "1* 2 4*");
	bus_end(&th_bus);
	assert_string_equal(shown(&f->fs), "");
	assert_int_equal(filter_set_passes(&f->fs), 2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_argv_contains),
		cmocka_unit_test(test_parse),
		cmocka_unit_test_setup_teardown(test_match_states_and_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_match_execfail_env, setup, teardown),
		cmocka_unit_test_setup_teardown(test_text_hits, setup, teardown),
		cmocka_unit_test_setup_teardown(test_word_table, setup, teardown),
		cmocka_unit_test(test_narrows),
		cmocka_unit_test(test_parallel),
		cmocka_unit_test_setup_teardown(test_set, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_tree_word, setup, teardown),
		cmocka_unit_test_setup_teardown(test_set_end, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
