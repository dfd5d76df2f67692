/*
 * diff: two runs compared, process by process, as one tree (ptop --diff).
 * No curses: the batch text (diff_print) and the diff screen (scr_diff.c)
 * both read the rows built here.  doc/diff.md states the rules.
 *
 * Matching, from the roots down: a process of A and one of B are the same
 * process when their parents are, and their argv match, tried in three
 * rounds, each on what the rounds before left:
 *   1. the argv byte for byte (parallel jobs started in another order
 *      find each other here);
 *   2. the argv with its run-specific parts blanked: temp names (a run of
 *      letters and digits whose last six look made up, as in gcc's
 *      /tmp/ccXXXXXX.s or mktemp's tmp.XXXXXXXXXX; under /tmp/, any run
 *      of six or more) become XXXXXX, then every run of digits becomes #
 *      (pids, conftest123, numbers in paths);
 *   3. the same program (argv[0]'s last component, blanked): a matched
 *      pair whose argv differ is flagged DIFF_ARGV.
 * Within a round, equal keys pair up in start order.  A process that never
 * exec'd matches only one that never exec'd either.  Keys are 64-bit
 * hashes of the text (a collision is not checked for: with 2^64 values it
 * does not happen in a trace).
 *
 * The result is one tree of rows in pre-order: a row is a pair (a, b) of
 * process ids, one of them 0 when the process is only in one run.  Rows
 * keep B's order of children, A's own (only in A) after the matched
 * sibling that preceded them in A.  Each row says what differs (DIFF_*),
 * and whether anything below it does.
 *
 * The trees must outlive the diff.  B may still be growing (a live run,
 * --diff A -- CMD): diff_new() then compares what B has so far, and
 * processes still running in B are not called slower, faster or changed in
 * status until they end; diff_new() again when B changed.
 */
#ifndef PTOP_DIFF_H
#define PTOP_DIFF_H

#include <stdint.h>
#include <stdio.h>

#include "buf.h"
#include "ptree.h"

/* What differs in a row (struct diff_row.flags). */
#define DIFF_ONLY_A	0x001	/* in A, not in B */
#define DIFF_ONLY_B	0x002	/* in B, not in A */
#define DIFF_STATUS	0x004	/* ended differently (exit code, signal, lost) */
#define DIFF_SLOWER	0x008	/* B took DIFF_RATIO times as long or more */
#define DIFF_FASTER	0x010	/* A took DIFF_RATIO times as long or more */
#define DIFF_ARGV	0x020	/* matched by program only: the argv differ */
#define DIFF_CWD	0x040	/* working directory differs (blanked as argv) */
#define DIFF_ENV	0x080	/* environment differs (blanked, any order; _ PWD OLDPWD aside) */
#define DIFF_BELOW	0x100	/* something below differs */
#define DIFF_PENDING	0x200	/* still running in B: not judged yet */
#define DIFF_SELF	(DIFF_ONLY_A | DIFF_ONLY_B | DIFF_STATUS | DIFF_SLOWER | \
			    DIFF_FASTER | DIFF_ARGV | DIFF_CWD | DIFF_ENV)

/*
 * Much slower or faster: this ratio of wall times and this many µs more.
 * Half a second keeps the noise of short steps out of the differences.
 */
#define DIFF_RATIO	2.0
#define DIFF_MIN_US	500000

struct diff_row {
	uint32_t a, b;		/* process ids in A and B; 0 = not there */
	uint32_t parent;	/* row index of the parent row; UINT32_MAX for roots */
	uint32_t depth;		/* roots are 0 */
	uint32_t end;		/* row index after its subtree */
	uint32_t flags;		/* DIFF_* */
};

struct diff;

/* Compare A and B (both must outlive the diff).  flags: 0 for now. */
struct diff *diff_new(const struct ptree *a, const struct ptree *b, int flags);
void diff_free(struct diff *d);

const struct ptree *diff_tree_a(const struct diff *d);
const struct ptree *diff_tree_b(const struct diff *d);
uint32_t diff_nrows(const struct diff *d);
const struct diff_row *diff_row(const struct diff *d, uint32_t row);
/* Rows that differ themselves (DIFF_SELF). */
uint32_t diff_ndiffs(const struct diff *d);
/* Processes matched, only in A, only in B. */
void diff_counts(const struct diff *d, uint32_t *matched, uint32_t *only_a, uint32_t *only_b);

/* A row's node in its run, or NULL. */
const struct node *diff_node_a(const struct diff *d, const struct diff_row *r);
const struct node *diff_node_b(const struct diff *d, const struct diff_row *r);
/* Wall time of a process (µs), its end being the trace's last time if it has none. */
int64_t diff_wall(const struct ptree *pt, uint32_t id);
/* "only in A", "exit 0 -> exit 2", "2.3x slower"...: what differs, in words. */
void diff_describe(const struct diff *d, const struct diff_row *r, struct buf *out);

/*
 * argv blanked as matching round 2 sees it, each argument NUL-terminated
 * (tests, and the detail of a row).
 */
void diff_blank(struct buf *out, const char *args, size_t len);

#define DIFF_PRINT_ASCII	0x1	/* |- `- and no non-ASCII bytes (like BATCH_*) */
#define DIFF_PRINT_ESCAPE8	0x2
#define DIFF_PRINT_ALL		0x4	/* every row, not only differences and their ancestors */

/*
 * The differences as a text tree (ptop -b --diff): a summary line, then
 * each row that differs or has differences below it, marked - (only in
 * A), + (only in B), ! (changed) or a space.  Returns -1 if writing failed.
 */
int diff_print(FILE *fp, const struct diff *d, int flags);

#endif
