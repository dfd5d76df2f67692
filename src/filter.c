/*
 * filter.c: parse a filter text, match processes against it, and keep the
 * set of processes a filter lets through up to date.  See filter.h.
 *
 * Invariants of a parsed filter: its terms are sorted by group, so that a
 * group's alternatives sit side by side (terms[i].end is one past the last
 * term of i's group); the text part is folded as filter_fold_byte() does.
 *
 * Invariants of a filter set, while filtering:
 * - w[] covers ids 0..seen; filter_set_sync() extends it before anything
 *   reads a newer id.
 * - w[id] & 1: id matches; w[id] >> 1: how many of its descendants match.
 *   So a process is shown iff w[id] != 0: the ancestors of every match are
 *   shown and a hidden process has no shown descendant.
 * - Parents have smaller ids than their children (ids follow creation), so
 *   one pass from the highest id down sums counts bottom-up.
 */
#include "config.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "critpath.h"
#include "envtab.h"
#include "filter.h"
#include "profile.h"
#include "xmalloc.h"

/* ---- the words ---------------------------------------------------------------- */

static int
filter_w_failed(const struct ptree *pt, uint32_t id, const struct node *n, const void *arg)
{
	return node_is_bad(n);
}

static int
filter_w_running(const struct ptree *pt, uint32_t id, const struct node *n, const void *arg)
{
	return (n->flags & NODE_RUNNING) != 0;
}

static int
filter_w_killed(const struct ptree *pt, uint32_t id, const struct node *n, const void *arg)
{
	return (n->flags & NODE_SIGNALED) != 0;
}

static int
filter_w_ok(const struct ptree *pt, uint32_t id, const struct node *n, const void *arg)
{
	return (n->flags & NODE_EXITED) && n->status == 0;
}

/* Every exec attempt since its last successful exec (if any) failed. */
static int
filter_w_execfail(const struct ptree *pt, uint32_t id, const struct node *n, const void *arg)
{
	return ptree_tries(pt, id) != NULL && ptree_exec_failure(pt, id) != NULL;
}

/* :env NAME (has the variable) or :env NAME=VALUE (has that entry, exactly). */
struct filter_env {
	size_t len;		/* bytes of text to compare */
	int whole;		/* the entry must be exactly text; else its name must be */
	char text[];
};

static void *
filter_env_parse(const char *arg, size_t len)
{
	struct filter_env *e;
	const char *eq = memchr(arg, '=', len);

	if (len == 0 || eq == arg)
		return NULL;
	e = xmalloc(sizeof *e + len + 1);
	e->whole = eq != NULL;
	e->len = len;
	memcpy(e->text, arg, len);
	e->text[len] = '\0';
	return e;
}

/*
 * The environment of the exec it shows (a fork runs with what its parent
 * exec'd with: close enough, a shell's own assignments aside).
 */
static int
filter_w_env(const struct ptree *pt, uint32_t id, const struct node *n, const void *arg)
{
	const struct filter_env *want = arg;
	const struct exec_rec *x = ptree_shown_exec(pt, id);
	const struct envtab *t = ptree_env(pt);
	const char *e;
	size_t i, count, len;

	if (x == NULL || x->env == 0)
		return 0;
	count = envtab_count(t, x->env);
	for (i = 0; i < count; i++) {
		e = envtab_entry(t, x->env, i, &len);
		if (want->whole ? len == want->len && memcmp(e, want->text, len) == 0 :
		    len > want->len && e[want->len] == '=' && memcmp(e, want->text, want->len) == 0)
			return 1;
	}
	return 0;
}

/*
 * :critical: on the critical path (critpath.h).  The path is the tree's,
 * computed before each pass (FILTER_TREE: any change can move it); the
 * filter keeps the ancestors of what it shows, and every ancestor of a
 * step is a step.
 */
static void *
filter_crit_new(const char *arg, size_t len)
{
	return critpath_new(NULL);
}

static void
filter_crit_free(void *arg)
{
	critpath_free(arg);
}

static void
filter_crit_prepare(void *arg, const struct ptree *pt)
{
	critpath_use(arg, pt);
	critpath_sync(arg);
}

static int
filter_w_critical(const struct ptree *pt, uint32_t id, const struct node *n, const void *arg)
{
	return critpath_index(arg, id) >= 0;
}

/* :prog NAME: runs program NAME (profile.h: the exe's basename, or argv[0]'s). */
static void *
filter_prog_parse(const char *arg, size_t len)
{
	return len > 0 ? xstrndup(arg, len) : NULL;
}

static int
filter_w_prog(const struct ptree *pt, uint32_t id, const struct node *n, const void *arg)
{
	const char *want = arg, *name;
	size_t len;

	name = profile_program(pt, id, &len);
	return strlen(want) == len && memcmp(name, want, len) == 0;
}

/*
 * Prefixes resolve to the first entry that has them: a new word goes after
 * the words whose short forms (":f", ":r", ":k", ":o") people type.
 */
const struct filter_word filter_words[] = {
	/* The order of these four gives the FILTER_FAILED.. bits. */
	{ "failed", FILTER_GROUP_STATE, 0, NULL, NULL, filter_w_failed, NULL },
	{ "running", FILTER_GROUP_STATE, 0, NULL, NULL, filter_w_running, NULL },
	{ "killed", FILTER_GROUP_STATE, 0, NULL, NULL, filter_w_killed, NULL },
	{ "ok", FILTER_GROUP_STATE, 0, NULL, NULL, filter_w_ok, NULL },
	{ "execfail", FILTER_GROUP_ALONE, 0, NULL, NULL, filter_w_execfail, NULL },
	{ "env", FILTER_GROUP_ALONE, FILTER_ARG, filter_env_parse, free, filter_w_env, NULL },
	{ "critical", FILTER_GROUP_ALONE, FILTER_TREE, filter_crit_new, filter_crit_free,
	    filter_w_critical, filter_crit_prepare },
	{ "prog", FILTER_GROUP_ALONE, FILTER_ARG, filter_prog_parse, free, filter_w_prog, NULL },
};
const size_t filter_nwords = sizeof filter_words / sizeof filter_words[0];

/* ---- a parsed filter -------------------------------------------------------------- */

struct filter_term {
	const struct filter_word *word;
	void *arg;		/* parse()'s answer; NULL without FILTER_ARG */
	char *argtext;		/* the argument as given, NULL without */
	size_t end;		/* one past the last term of its group */
};

struct filter {
	char *text;		/* as given */
	char *needle;		/* text part, folded */
	size_t nlen;
	struct filter_term *terms;
	size_t nterms;
	unsigned words;		/* bit i: table entry i is used */
	int flags;		/* the words' FILTER_* flags */
};

/* ":word" (or a prefix of it) naming a table entry; NULL if it is not one. */
static const struct filter_word *
filter_lookup(const char *w, size_t len, const struct filter_word *words, size_t nwords)
{
	size_t i;

	if (len < 2 || w[0] != ':')
		return NULL;
	for (i = 0; i < nwords; i++)
		if (len - 1 <= strlen(words[i].name) && strncmp(w + 1, words[i].name, len - 1) == 0)
			return &words[i];
	return NULL;
}

/* End of the word starting at i (the next space, or len). */
static size_t
filter_word_end(const char *text, size_t i, size_t len)
{
	while (i < len && text[i] != ' ')
		i++;
	return i;
}

static void
filter_add_term(struct filter *f, const struct filter_word *w, void *arg, const char *argtext,
    size_t arglen)
{
	struct filter_term *t;

	f->terms = xreallocarray(f->terms, f->nterms + 1, sizeof *f->terms);
	t = &f->terms[f->nterms++];
	t->word = w;
	t->arg = arg;
	t->argtext = argtext != NULL ? xstrndup(argtext, arglen) : NULL;
	t->end = 0;
	f->flags |= w->flags;
}

/* Sort the terms by group (stable: few terms) and mark where groups end. */
static void
filter_group_terms(struct filter *f)
{
	struct filter_term t;
	size_t i, j, end;
	unsigned g;

	for (i = 1; i < f->nterms; i++) {
		t = f->terms[i];
		for (j = i; j > 0 && f->terms[j - 1].word->group > t.word->group; j--)
			f->terms[j] = f->terms[j - 1];
		f->terms[j] = t;
	}
	for (i = 0; i < f->nterms; i = end) {
		g = f->terms[i].word->group;
		end = i + 1;
		if (g != FILTER_GROUP_ALONE)
			while (end < f->nterms && f->terms[end].word->group == g)
				end++;
		for (j = i; j < end; j++)
			f->terms[j].end = end;
	}
}

struct filter *
filter_parse_words(const char *text, const struct filter_word *words, size_t nwords)
{
	struct filter *f = xcalloc(1, sizeof *f);
	size_t len = strlen(text), i = 0, j, k, start, end, n = 0;
	const struct filter_word *w;
	char *out = xmalloc(len + 1);
	void *arg;
	int has_arg;

	f->text = xstrdup(text);
	/*
	 * Terms leave their separators behind (the text of "cc :failed ld"
	 * is "cc  ld"); the ends are trimmed below.
	 */
	while (i < len) {
		j = filter_word_end(text, i, len);
		w = filter_lookup(text + i, j - i, words, nwords);
		arg = NULL;
		k = j;
		has_arg = w != NULL && (w->flags & FILTER_ARG);
		if (has_arg) {
			/* The argument is the next word; without a valid one, this is text. */
			k = j < len ? filter_word_end(text, j + 1, len) : j;
			if (j == len || (arg = w->parse(text + j + 1, k - j - 1)) == NULL)
				w = NULL;
		} else if (w != NULL && w->parse != NULL)
			arg = w->parse(NULL, 0);	/* a state of its own */
		if (w == NULL) {
			memcpy(out + n, text + i, j - i);
			n += j - i;
		} else {
			filter_add_term(f, w, arg, has_arg ? text + j + 1 : NULL,
			    has_arg ? k - j - 1 : 0);
			if (w - words < 32)
				f->words |= 1u << (w - words);
			if (has_arg) {
				out[n++] = ' ';	/* between the word and its argument */
				j = k;
			}
		}
		if (j < len)
			out[n++] = ' ';
		i = j + 1;
	}
	for (start = 0; start < n && out[start] == ' '; start++)
		;
	for (end = n; end > start && out[end - 1] == ' '; end--)
		;
	for (i = start; i < end; i++)
		out[i - start] = (char)filter_fold_byte((unsigned char)out[i]);
	out[end - start] = '\0';
	f->needle = out;
	f->nlen = end - start;
	filter_group_terms(f);
	return f;
}

struct filter *
filter_parse(const char *text)
{
	return filter_parse_words(text, filter_words, filter_nwords);
}

void
filter_free(struct filter *f)
{
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nterms; i++) {
		if (f->terms[i].arg != NULL && f->terms[i].word->release != NULL)
			f->terms[i].word->release(f->terms[i].arg);
		free(f->terms[i].argtext);
	}
	free(f->terms);
	free(f->text);
	free(f->needle);
	free(f);
}

const char *
filter_text(const struct filter *f)
{
	return f->text;
}

const char *
filter_needle(const struct filter *f, size_t *len)
{
	*len = f->nlen;
	return f->needle;
}

unsigned
filter_words_used(const struct filter *f)
{
	return f->words;
}

int
filter_flags(const struct filter *f)
{
	return f->flags;
}

static int
filter_same_term(const struct filter_term *a, const struct filter_term *b)
{
	if (a->word != b->word)
		return 0;
	if (a->argtext == NULL || b->argtext == NULL)
		return a->argtext == b->argtext;
	return strcmp(a->argtext, b->argtext) == 0;
}

/* Every term of a is one of b's. */
static int
filter_terms_in(const struct filter *a, const struct filter *b)
{
	size_t i, j;

	for (i = 0; i < a->nterms; i++) {
		for (j = 0; j < b->nterms && !filter_same_term(&a->terms[i], &b->terms[j]); j++)
			;
		if (j == b->nterms)
			return 0;
	}
	return 1;
}

int
filter_narrows(const struct filter *f, const struct filter *old)
{
	return filter_terms_in(f, old) && filter_terms_in(old, f) &&
	    strstr(f->needle, old->needle) != NULL;
}

/* ---- matching ------------------------------------------------------------------ */

unsigned char
filter_fold_byte(unsigned char c)
{
	if (c == '\0')
		return ' ';	/* argument separator */
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

/* Next candidate start for byte c in [p, end), or NULL. */
static const unsigned char *
filter_next_of(const unsigned char *p, const unsigned char *end, unsigned char c)
{
	return p < end ? memchr(p, c, (size_t)(end - p)) : NULL;
}

/*
 * Case-folded substring search in an argv (NUL separators match a space).
 * The needle's first byte can only match one or two raw bytes (a letter in
 * either case; a space or a separator), so memchr, which scans many bytes
 * at a time, finds the candidates and only those are compared.
 */
int
filter_argv_contains(const char *args, size_t len, const char *needle, size_t nlen)
{
	const unsigned char *h = (const unsigned char *)args;
	const unsigned char *n = (const unsigned char *)needle;
	const unsigned char *end, *p1, *p2, *p;
	unsigned char c1, c2;
	size_t j;

	if (nlen == 0)
		return 1;
	if (nlen > len)
		return 0;
	c1 = n[0];
	c2 = c1 >= 'a' && c1 <= 'z' ? (unsigned char)(c1 - ('a' - 'A')) : c1 == ' ' ? '\0' : c1;
	end = h + (len - nlen + 1);	/* candidates start before this */
	p1 = filter_next_of(h, end, c1);
	p2 = c2 != c1 ? filter_next_of(h, end, c2) : NULL;
	while (p1 != NULL || p2 != NULL) {
		p = p2 == NULL || (p1 != NULL && p1 < p2) ? p1 : p2;
		for (j = 1; j < nlen && filter_fold_byte(p[j]) == n[j]; j++)
			;
		if (j == nlen)
			return 1;
		if (p == p1)
			p1 = filter_next_of(p1 + 1, end, c1);
		else
			p2 = filter_next_of(p2 + 1, end, c2);
	}
	return 0;
}

/*
 * Most command lines have no capital letter: folding them changes nothing,
 * so unless the needle has a space (which must also match the separators)
 * glibc's memmem does it.
 */
int
filter_exec_contains(const struct exec_rec *x, const char *needle, size_t nlen)
{
	if (!(x->arglen & EXEC_HAS_UPPER) && memchr(needle, ' ', nlen) == NULL)
		return memmem(x->args, exec_arglen(x), needle, nlen) != NULL;
	return filter_argv_contains(x->args, exec_arglen(x), needle, nlen);
}

/* Each group of terms has one that holds. */
static int
filter_terms_ok(const struct filter *f, const struct ptree *pt, uint32_t id)
{
	const struct node *n = ptree_node(pt, id);
	const struct filter_term *t;
	size_t i, j;

	for (i = 0; i < f->nterms; i = t->end) {
		t = &f->terms[i];
		for (j = i; j < t->end; j++)
			if (f->terms[j].word->match(pt, id, n, f->terms[j].arg))
				break;
		if (j == t->end)
			return 0;
	}
	return 1;
}

void
filter_prepare(const struct filter *f, const struct ptree *pt)
{
	size_t i;

	for (i = 0; i < f->nterms; i++)
		if (f->terms[i].word->prepare != NULL)
			f->terms[i].word->prepare(f->terms[i].arg, pt);
}

int
filter_match(const struct filter *f, const struct ptree *pt, uint32_t id)
{
	const struct exec_rec *x;

	if (f->nterms > 0 && !filter_terms_ok(f, pt, id))
		return 0;
	if (f->nlen == 0)
		return 1;
	x = ptree_shown_exec(pt, id);
	return x != NULL && filter_exec_contains(x, f->needle, f->nlen);
}

/* ---- passes over every process, on two threads when there are many ---- */

/* Ids a thread takes at a time. */
#define FILTER_CHUNK 8192

struct filter_par {
	filter_range_fn fn;
	void *arg;
	uint32_t first, end;
	uint32_t chunk;		/* next chunk to take (atomic) */
	uint32_t total;		/* sum of fn's counts (atomic) */
};

static void *
filter_par_run(void *arg)
{
	struct filter_par *p = arg;
	uint64_t from, to;
	uint32_t n = 0;

	for (;;) {
		from = p->first + (uint64_t)__atomic_fetch_add(&p->chunk, 1, __ATOMIC_RELAXED) *
		    FILTER_CHUNK;
		if (from >= p->end)
			break;
		to = from + FILTER_CHUNK < p->end ? from + FILTER_CHUNK : p->end;
		n += p->fn(p->arg, (uint32_t)from, (uint32_t)to);
	}
	__atomic_fetch_add(&p->total, n, __ATOMIC_RELAXED);
	return NULL;
}

/*
 * The two threads take chunks as they go rather than half each: when the
 * other CPU is busy (the terminal drawing the last frame), this one does
 * more, instead of waiting for a helper that has not run yet.
 */
uint32_t
filter_parallel(uint32_t first, uint32_t end, filter_range_fn fn, void *arg)
{
	struct filter_par p = { fn, arg, first, end, 0, 0 };
	pthread_t t;
	int threaded;

	if (end - first < FILTER_PARALLEL_MIN)
		return fn(arg, first, end);
	threaded = pthread_create(&t, NULL, filter_par_run, &p) == 0;
	filter_par_run(&p);
	if (threaded)
		pthread_join(t, NULL);
	return p.total;
}

struct filter_hit_job {
	const struct ptree *pt;
	const char *needle;
	size_t nlen;
	uint8_t *hits;
};

static uint32_t
filter_hit_range(void *arg, uint32_t from, uint32_t to)
{
	struct filter_hit_job *j = arg;
	const struct exec_rec *x;
	uint32_t id, n = 0;

	for (id = from; id < to; id++) {
		x = ptree_shown_exec(j->pt, id);
		n += j->hits[id] = x != NULL && filter_exec_contains(x, j->needle, j->nlen);
	}
	return n;
}

uint32_t
filter_text_hits(const struct ptree *pt, const char *needle, size_t nlen, uint8_t *hits,
    uint32_t from, uint32_t to)
{
	struct filter_hit_job j = { pt, needle, nlen, hits };

	return filter_parallel(from, to, filter_hit_range, &j);
}

/* ---- a filter set ------------------------------------------------------------ */

void
filter_set_init(struct filter_set *fs, const struct ptree *pt)
{
	memset(fs, 0, sizeof *fs);
	fs->pt = pt;
	fs->nshown = FILTER_UNKNOWN;
}

void
filter_set_free(struct filter_set *fs)
{
	filter_free(fs->filter);
	free(fs->w);
	fs->filter = NULL;
	fs->w = NULL;
}

size_t
filter_set_memory(const struct filter_set *fs)
{
	return fs->w != NULL ? (size_t)fs->alloc * sizeof *fs->w : 0;
}

uint32_t
filter_set_nshown(const struct filter_set *fs)
{
	return fs->nshown;
}

unsigned
filter_set_passes(const struct filter_set *fs)
{
	return fs->passes;
}

uint64_t
filter_set_shown_gen(const struct filter_set *fs)
{
	return fs->shown_gen;
}

static void
filter_set_event(void *ctx, const struct event *ev)
{
	struct filter_set *fs = ctx;

	if (ev->kind == EV_SPAWN || ev->kind == EV_ATTACH)
		return;
	fs->sink_changes++;	/* the tree's data_gen moves once for each */
	if (fs->filter == NULL || fs->refilter || ev->kind == EV_THREADS)
		return;
	if (fs->npending == FILTER_MAX_PENDING)
		fs->refilter = 1;
	else
		fs->pending[fs->npending++] = ev->id;
}

static void
filter_set_end(void *ctx)
{
	struct filter_set *fs = ctx;

	/* The tree marks every unfinished process lost at once. */
	if (fs->filter != NULL)
		fs->refilter = 1;
}

struct sink
filter_set_sink(struct filter_set *fs)
{
	struct sink s = {
		.begin = NULL,
		.event = filter_set_event,
		.end = filter_set_end,
		.ctx = fs,
	};
	return s;
}

/* w[] for ids up to size (zero for the new ones), while filtering. */
static void
filter_set_grow(struct filter_set *fs, uint32_t size)
{
	uint32_t old = fs->alloc;

	if (fs->w == NULL || size < fs->alloc)
		return;
	while (fs->alloc <= size)
		fs->alloc *= 2;
	fs->w = xreallocarray(fs->w, fs->alloc, sizeof *fs->w);
	memset(fs->w + old, 0, (size_t)(fs->alloc - old) * sizeof *fs->w);
}

/* Match ids [from, to); with narrow, only the old matches can match. */
struct filter_mark_job {
	const struct filter *f;
	const struct ptree *pt;
	uint32_t *w;
	int narrow;
};

static uint32_t
filter_mark_range(void *arg, uint32_t from, uint32_t to)
{
	struct filter_mark_job *j = arg;
	uint32_t id;

	for (id = from; id < to; id++) {
		if (j->narrow && !(j->w[id] & 1))
			j->w[id] = 0;
		else
			j->w[id] = filter_match(j->f, j->pt, id) != 0;
	}
	return 0;
}

/*
 * One pass over the whole tree: every match, then the counts bottom-up.
 * With narrow, the filter only got stricter (typing more of it): what did
 * not match before cannot match now, so only the old matches are tested.
 * On a big tree two threads match: each writes only its own ids' words
 * and reads the tree, which nothing changes meanwhile.  The counts read a
 * process's node only if it is shown, so a filter that lets few through
 * costs one small array's scan, not the whole tree's.
 */
static void
filter_set_pass(struct filter_set *fs, int narrow)
{
	struct filter_mark_job j = { fs->filter, fs->pt, fs->w, narrow };
	uint32_t id, c, shown = 0, *w = fs->w;

	filter_prepare(fs->filter, fs->pt);
	filter_parallel(1, fs->seen + 1, filter_mark_range, &j);
	w[0] = 1;
	for (id = fs->seen; id >= 1; id--) {
		if ((c = (w[id] >> 1) + (w[id] & 1)) != 0) {
			w[ptree_node(fs->pt, id)->parent] += c << 1;
			shown++;
		}
	}
	fs->nshown = shown;
	fs->refilter = 0;
	fs->npending = 0;
	fs->passes++;
	fs->shown_gen++;
}

/*
 * Re-match one process; returns the work done (ancestors walked).  A
 * process up to old_seen (known before this sync) that appears or
 * disappears bumps shown_gen.
 */
static uint32_t
filter_set_rematch(struct filter_set *fs, uint32_t id, uint32_t old_seen)
{
	int m = filter_match(fs->filter, fs->pt, id) != 0, had = fs->w[id] & 1;
	uint32_t a, steps = 1, before;

	if (m == had)
		return steps;
	before = fs->w[id];
	fs->w[id] ^= 1;
	if (id <= old_seen && (before == 0) != (fs->w[id] == 0))
		fs->shown_gen++;
	for (a = ptree_node(fs->pt, id)->parent;; a = ptree_node(fs->pt, a)->parent) {
		before = fs->w[a];
		fs->w[a] += m ? 2 : (uint32_t)-2;
		if (a <= old_seen && (before == 0) != (fs->w[a] == 0))
			fs->shown_gen++;
		steps++;
		if (a == 0)
			break;
	}
	return steps;
}

/*
 * Bring the matches up to date: new processes and changed ones one by one,
 * unless that would cost more than one pass over the whole tree.
 */
static void
filter_set_update(struct filter_set *fs, uint32_t old_seen)
{
	uint64_t budget = (uint64_t)fs->seen + 1024, steps = 0;
	uint32_t id;
	size_t i;

	fs->nshown = FILTER_UNKNOWN;	/* unless the pass below counts them */
	for (i = 0; i < fs->npending && !fs->refilter; i++) {
		if (fs->pending[i] <= old_seen)
			steps += filter_set_rematch(fs, fs->pending[i], old_seen);
		if (steps > budget)
			fs->refilter = 1;
	}
	for (id = old_seen + 1; id <= fs->seen && !fs->refilter; id++) {
		steps += filter_set_rematch(fs, id, old_seen);
		if (steps > budget)
			fs->refilter = 1;
	}
	if (fs->refilter)
		filter_set_pass(fs, 0);
	fs->npending = 0;
}

int
filter_set_sync(struct filter_set *fs)
{
	uint32_t size = ptree_size(fs->pt), old_seen = fs->seen;
	uint64_t sg = ptree_struct_gen(fs->pt), dg = ptree_data_gen(fs->pt);
	int grew = sg != fs->struct_gen || size != fs->seen, data_changed = dg != fs->data_gen;
	int redo = 0;

	if (grew) {
		filter_set_grow(fs, size);
		fs->seen = size;
	}
	if (fs->filter != NULL && (grew || data_changed || fs->refilter || fs->npending > 0)) {
		/* More data changes than the sink saw: someone applied events directly. */
		if (data_changed && dg - fs->data_gen > fs->sink_changes)
			fs->refilter = 1;
		/* Or a change to one process can change another's answer. */
		if ((grew || data_changed) && (fs->filter->flags & FILTER_TREE))
			fs->refilter = 1;
		filter_set_update(fs, old_seen);
		redo = 1;
	}
	fs->struct_gen = sg;
	fs->data_gen = dg;
	fs->sink_changes = 0;
	return redo;
}

int
filter_set_use(struct filter_set *fs, struct filter *f)
{
	struct filter *old = fs->filter;
	uint32_t before;
	int narrow;

	filter_set_sync(fs);
	before = old != NULL ? fs->nshown : fs->seen;
	if (f == NULL) {
		filter_free(old);
		free(fs->w);
		fs->filter = NULL;
		fs->w = NULL;
		fs->npending = 0;
		fs->refilter = 0;
		fs->shown_gen++;
		return 0;
	}
	narrow = old != NULL && !fs->refilter && fs->npending == 0 && filter_narrows(f, old);
	if (fs->w == NULL) {
		for (fs->alloc = 1024; fs->alloc <= fs->seen; fs->alloc *= 2)
			;
		fs->w = xcalloc(fs->alloc, sizeof *fs->w);
	}
	fs->filter = f;
	filter_set_pass(fs, narrow);
	filter_free(old);
	/*
	 * The same number shown, out of the same or a larger set: the same
	 * processes (typing a filter that all of a million processes match
	 * changes nothing shown).
	 */
	return before != FILTER_UNKNOWN && (narrow || old == NULL) && fs->nshown == before;
}
