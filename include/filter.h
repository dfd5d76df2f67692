/*
 * filter: which processes a filter text selects, for any view of a tree
 * (the tree's rows, a timeline, a table), without rows or curses.
 *
 * A filter text is words separated by spaces.  A word ":name" that names
 * an entry of the word table, or a prefix of one (":f" is ":failed"), is a
 * term; a word with FILTER_ARG takes the next word as its argument
 * (":env CC=gcc").  Everything else, spaces kept and the ends trimmed, is
 * the text, which the argv a process shows must contain (ASCII
 * case-insensitive; a space also matches the separator between two
 * arguments).  A process passes when it contains the text and, for each
 * group of terms, at least one term of the group holds: ":failed :killed"
 * is either state, ":failed gcc" both conditions.
 *
 * The word table is filter.c's filter_words[]: a new word is one more
 * entry there (after the words whose one-letter prefixes people type), its
 * match function where the data it tests lives, and a line in doc/ptop.1's
 * Filter section and README's key table.
 *
 * Three layers, each usable alone:
 * - struct filter: a parsed filter text, immutable; filter_match() asks
 *   about one process.
 * - filter_parallel(): a pass over many ids, on two threads when there are
 *   many; filter_text_hits() is the one search.c keeps.
 * - struct filter_set: the processes of one tree that pass a filter, and
 *   how many of their descendants do, kept up to date as the tree changes
 *   (a sink names the processes events changed; those are re-matched one
 *   by one unless a whole pass is cheaper).  The tree view's rows are the
 *   processes a set shows; another view can keep a set of its own.
 *
 * Match functions read the tree only and run on two threads at once.
 */
#ifndef PTOP_FILTER_H
#define PTOP_FILTER_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"
#include "ptree.h"

/* ---- the words ---------------------------------------------------------- */

/* struct filter_word flags. */
#define FILTER_ARG	0x01	/* takes the next word as its argument */
/*
 * The answer depends on other processes too (their times, their
 * children), not only on the process and what an event about it changes:
 * a filter set then re-matches every process after any change.
 */
#define FILTER_TREE	0x02

/* Groups: terms of one group are alternatives; group 0 terms stand alone. */
#define FILTER_GROUP_ALONE	0
#define FILTER_GROUP_STATE	1	/* :failed :running :killed :ok */

struct filter_word {
	const char *name;	/* without the ':' */
	unsigned group;		/* FILTER_GROUP_* */
	int flags;		/* FILTER_ARG, FILTER_TREE */
	/*
	 * FILTER_ARG: turn the argument into what match() gets; NULL if it
	 * is not a valid one (the word is then text).  release() frees it.
	 */
	void *(*parse)(const char *arg, size_t len);
	void (*release)(void *arg);
	/* Does process id (node n) pass?  Reads only; runs on two threads. */
	int (*match)(const struct ptree *pt, uint32_t id, const struct node *n, const void *arg);
	/*
	 * Optional, for FILTER_TREE words whose match() needs what only the
	 * whole tree tells (the critical path): called on one thread before
	 * every pass over the processes, to bring arg up to date.  A word
	 * without FILTER_ARG that has parse() gets parse(NULL, 0)'s answer as
	 * its arg: the state prepare() keeps.
	 */
	void (*prepare)(void *arg, const struct ptree *pt);
};

/* The words filter_parse() knows, and how many. */
extern const struct filter_word filter_words[];
extern const size_t filter_nwords;

/*
 * filter_words() bits: bit i is entry i of the table (the first 32).  The
 * state words come first in filter_words[], in this order.
 */
#define FILTER_FAILED	0x01	/* exit != 0 or killed by a signal */
#define FILTER_RUNNING	0x02
#define FILTER_KILLED	0x04	/* killed by a signal */
#define FILTER_OK	0x08	/* exit 0 */

/* ---- a parsed filter ------------------------------------------------------- */

struct filter;

/* Parse a filter text with the table above; "" passes every process. */
struct filter *filter_parse(const char *text);
/* The same with another table (tests, or a view with words of its own). */
struct filter *filter_parse_words(const char *text, const struct filter_word *words,
    size_t nwords);
void filter_free(struct filter *f);
/* The text as given. */
const char *filter_text(const struct filter *f);
/* The text part, lower-case (len 0 and "" when there is none). */
const char *filter_needle(const struct filter *f, size_t *len);
/* Which words of the table it uses (bit i: entry i). */
unsigned filter_words_used(const struct filter *f);
/* FILTER_* flags of the words it uses, or'ed. */
int filter_flags(const struct filter *f);
/*
 * Everything f passes, old passes too (the same terms, a longer text, as
 * when typing more of a filter): a pass can test old's matches only.
 */
int filter_narrows(const struct filter *f, const struct filter *old);
/*
 * Does process id pass f?  With FILTER_TREE words, after filter_prepare()
 * for the tree as it is now.
 */
int filter_match(const struct filter *f, const struct ptree *pt, uint32_t id);
/* Bring the state of f's words up to date with pt (their prepare()). */
void filter_prepare(const struct filter *f, const struct ptree *pt);

/* ---- matching text ---------------------------------------------------------- */

/* A byte as matching sees it: A-Z lower-case, an argument separator a space. */
unsigned char filter_fold_byte(unsigned char c);
/* Case-insensitive substring search in an argv; needle already folded. */
int filter_argv_contains(const char *args, size_t len, const char *needle, size_t nlen);
/* Does the argv of x contain the folded needle? */
int filter_exec_contains(const struct exec_rec *x, const char *needle, size_t nlen);

/* ---- passes over many processes ------------------------------------------- */

/* Above this many ids a pass runs on two threads. */
#define FILTER_PARALLEL_MIN 200000

/* Handles ids [from, to) and returns a count to sum. */
typedef uint32_t (*filter_range_fn)(void *arg, uint32_t from, uint32_t to);

/*
 * fn over ids [first, end), on two threads from FILTER_PARALLEL_MIN ids;
 * returns the sum of its counts.  fn may write per-id state of its own
 * range only, and read what nothing changes meanwhile.
 */
uint32_t filter_parallel(uint32_t first, uint32_t end, filter_range_fn fn, void *arg);
/*
 * hits[id] = whether the argv process id shows contains the folded needle,
 * for ids [from, to), on two threads when there are many; returns how many
 * do.
 */
uint32_t filter_text_hits(const struct ptree *pt, const char *needle, size_t nlen,
    uint8_t *hits, uint32_t from, uint32_t to);

/* ---- the processes a filter lets through, kept up to date ---------------- */

#define FILTER_MAX_PENDING 4096
#define FILTER_UNKNOWN UINT32_MAX

/*
 * Read it through the functions below; the fields are here so that the
 * per-process questions, asked for every row drawn and every process
 * walked, are inline.  Invariants, while filtering: w[] covers ids
 * 0..seen (and is zero above); w[id] is (matching descendants << 1) |
 * (id matches); the root, 0, counts as a match.
 */
struct filter_set {
	const struct ptree *pt;
	struct filter *filter;	/* NULL: every process passes */
	uint32_t *w;		/* per id, while filtering */
	uint32_t alloc;		/* entries in w */
	uint32_t seen;		/* the tree's size at the last sync */
	uint64_t struct_gen, data_gen;
	uint32_t pending[FILTER_MAX_PENDING];	/* ids events changed */
	size_t npending;
	int refilter;		/* a whole pass is needed */
	uint64_t sink_changes;	/* data events the sink saw since the last sync */
	uint32_t nshown;	/* shown after the last pass; FILTER_UNKNOWN after changes */
	unsigned passes;	/* whole-tree passes, for tests */
	/*
	 * Bumped whenever a process the set knew before a sync may have
	 * changed whether it is shown (a whole pass, a new filter, a match
	 * that shows a hidden ancestor): a view whose rows were built at
	 * the same value only has new processes to add.
	 */
	uint64_t shown_gen;
};

/* An empty set (no filter: everything passes) over pt, which must outlive it. */
void filter_set_init(struct filter_set *fs, const struct ptree *pt);
void filter_set_free(struct filter_set *fs);
/* Bytes it holds besides the struct. */
size_t filter_set_memory(const struct filter_set *fs);
/*
 * A sink to register after the tree's own: it names the processes that
 * changed, so that only those are matched again.
 */
struct sink filter_set_sink(struct filter_set *fs);
/* Catch up with the tree; returns 1 if matches were recomputed. */
int filter_set_sync(struct filter_set *fs);
/*
 * Use f (the set owns it from now; NULL: no filter), synced first.
 * Returns 1 if the same processes are shown as before.
 */
int filter_set_use(struct filter_set *fs, struct filter *f);
/* Processes shown after the last whole pass, FILTER_UNKNOWN if changed since. */
uint32_t filter_set_nshown(const struct filter_set *fs);
/* Whole passes so far. */
unsigned filter_set_passes(const struct filter_set *fs);
/* See shown_gen above. */
uint64_t filter_set_shown_gen(const struct filter_set *fs);

/* The filter in use, NULL if none. */
static inline const struct filter *
filter_set_filter(const struct filter_set *fs)
{
	return fs->filter;
}

/* Shown: passes, or has a descendant that does (the tree keeps its shape). */
static inline int
filter_set_shown(const struct filter_set *fs, uint32_t id)
{
	return fs->filter == NULL || fs->w[id] != 0;
}

/* Passes itself (1 without a filter). */
static inline int
filter_set_matches(const struct filter_set *fs, uint32_t id)
{
	return fs->filter == NULL || (id <= fs->seen && (fs->w[id] & 1));
}

/* Descendants that pass, while filtering. */
static inline uint32_t
filter_set_below(const struct filter_set *fs, uint32_t id)
{
	return fs->w[id] >> 1;
}

#endif
