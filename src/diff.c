/*
 * diff.c: two process trees matched into one tree of rows.  See diff.h for
 * the rules, doc/diff.md for the user's side.
 *
 * Every process gets three 64-bit keys up front, one per matching round
 * (raw argv, blanked argv, program).  Rows are then built depth first from
 * the pair of virtual roots with an explicit stack (a chain of 100,000
 * processes must not overflow the C stack): for each matched pair, its
 * children are matched round by round, each round sorting A's leftovers by
 * key and looking B's up in order, so equal keys pair in start order and
 * the whole costs O(n log n).  A second, backward pass over the rows sets
 * each subtree's end and the DIFF_BELOW marks.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "diff.h"
#include "envtab.h"
#include "fmt.h"
#include "xmalloc.h"

#define DIFF_ROUNDS	3
#define DIFF_NONE	UINT32_MAX

struct diff {
	const struct ptree *pt[2];
	uint64_t *key[2][DIFF_ROUNDS];	/* by process id */
	uint64_t *cwd[2];		/* blanked cwd's hash, by process id */
	uint64_t *env[2];		/* blanked environment's hash, by process id; 0 = none */
	uint64_t *envblk;		/* scratch: the hash of each environment block */
	uint32_t nenvblk;
	struct diff_row *rows;
	uint32_t nrows, allocrows;
	uint32_t ndiffs, matched, only[2];
};

/* ---- keys -------------------------------------------------------------------- */

/*
 * 64-bit hash of len bytes, eight at a time (a million argv are hashed
 * twice per diff): multiply and fold, then a final mix.
 */
static uint64_t
diff_hash(const char *s, size_t len, uint64_t h)
{
	uint64_t w;
	size_t i;

	for (i = 0; i + 8 <= len; i += 8) {
		memcpy(&w, s + i, 8);
		h = (h ^ w) * 0x9e3779b97f4a7c15ull;
		h ^= h >> 29;
	}
	w = 0;
	if (len > i)
		memcpy(&w, s + i, len - i);
	h = (h ^ w ^ ((uint64_t)len << 56)) * 0xbf58476d1ce4e5b9ull;
	h ^= h >> 31;
	h *= 0x94d049bb133111ebull;
	return h ^ (h >> 29);
}

#define DIFF_SEED	0xcbf29ce484222325ull

static int
diff_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/*
 * Does the run s[0..len) end in six characters that look made up by
 * mkstemp (gcc's ccXXXXXX, mktemp's tmp.XXXXXXXXXX)?  A letter after a
 * digit, or capitals (past the run's first character) mixed with small
 * letters.  A word and a number ("conftest123") is not: its digits are
 * blanked as digits; nor is a word like "Wextra".
 */
static int
diff_temp_tail(const char *s, size_t len)
{
	int upper = 0, lower = 0, digit = 0, letter_after_digit = 0;
	size_t i;

	if (len < 6)
		return 0;
	for (i = len - 6; i < len; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			digit = 1;
		else {
			letter_after_digit |= digit;
			if (s[i] >= 'a' && s[i] <= 'z')
				lower = 1;
			else if (i > 0)
				upper = 1;
		}
	}
	return letter_after_digit || (upper && lower);
}

/*
 * One argument blanked: temp names to XXXXXX, then runs of digits to #.
 * Under a temp directory (after "/tmp/" or "/var/tmp/"), any run of six
 * or more is a temp name: mktemp's ten characters can be all small
 * letters.
 */
static void
diff_blank_arg(struct buf *out, const char *s, size_t len)
{
	size_t i = 0, j, keep;
	int in_tmp = 0;
	char *o;

	/* Never longer than the argument: write in place. */
	buf_reserve(out, len + 1);
	o = out->p + out->len;
	while (i < len) {
		if (!diff_alnum((unsigned char)s[i])) {
			if (s[i] == '/' && i >= 4 && memcmp(s + i - 4, "/tmp", 4) == 0)
				in_tmp = 1;
			*o++ = s[i++];
			continue;
		}
		for (j = i; j < len && diff_alnum((unsigned char)s[j]); j++)
			;
		keep = diff_temp_tail(s + i, j - i) || (in_tmp && j - i >= 6) ? 0 : j - i;
		for (; keep > 0; keep--, i++) {
			if (s[i] >= '0' && s[i] <= '9') {
				while (keep > 1 && s[i + 1] >= '0' && s[i + 1] <= '9') {
					keep--;
					i++;
				}
				*o++ = '#';
			} else
				*o++ = s[i];
		}
		if (i < j) {
			memcpy(o, "XXXXXX", 6);
			o += 6;
			i = j;
		}
	}
	out->len = (size_t)(o - out->p);
	out->p[out->len] = '\0';
}

void
diff_blank(struct buf *out, const char *args, size_t len)
{
	struct argv_buf a = { args, len };
	size_t pos = 0, alen;
	const char *arg;

	while ((arg = argv_next(&a, &pos, &alen)) != NULL) {
		diff_blank_arg(out, arg, alen);
		buf_addc(out, '\0');
	}
}

/*
 * Variables that differ from run to run by nature and say nothing of their
 * own: the shell's last command, and the cwd (compared as the cwd).
 */
static int
diff_env_ignored(const char *s, size_t nlen)
{
	return (nlen == 1 && s[0] == '_') || (nlen == 3 && memcmp(s, "PWD", 3) == 0) ||
	    (nlen == 6 && memcmp(s, "OLDPWD", 6) == 0);
}

/*
 * Hash of an environment block, entries blanked as argv are: a sum of the
 * entries' hashes, so that the order of the entries does not count, and so
 * that the difference of two hashes stands for the entries that differ
 * (diff_judge compares a process's with its parent's).  Never 0, which
 * means none.  Computed once per block (blocks are interned: most
 * processes share one).
 */
static uint64_t
diff_env_hash(struct diff *d, const struct ptree *pt, uint32_t block, struct buf *tmp)
{
	const struct envtab *t = ptree_env(pt);
	size_t i, n, len;
	const char *e;
	uint64_t h = 0;
	uint32_t grow;

	if (block == 0 || t == NULL)
		return 0;
	if (block >= d->nenvblk) {
		grow = block * 2 + 16;
		d->envblk = xreallocarray(d->envblk, grow, sizeof *d->envblk);
		memset(d->envblk + d->nenvblk, 0, (grow - d->nenvblk) * sizeof *d->envblk);
		d->nenvblk = grow;
	}
	if (d->envblk[block] != 0)
		return d->envblk[block];
	n = envtab_count(t, block);
	for (i = 0; i < n; i++) {
		e = envtab_entry(t, block, i, &len);
		if (diff_env_ignored(e, envtab_name_len(e, len)))
			continue;
		buf_clear(tmp);
		diff_blank_arg(tmp, e, len);
		h += diff_hash(tmp->p, tmp->len, DIFF_SEED);
	}
	return d->envblk[block] = h != 0 ? h : 1;
}

/* The three keys and the cwd's hash of every process of tree t. */
static void
diff_keys(struct diff *d, int t)
{
	const struct ptree *pt = d->pt[t];
	uint32_t size = ptree_size(pt), id, r;
	const struct exec_rec *x;
	struct buf blank = BUF_INIT;
	const char *prog, *cwd;
	size_t plen, len;
	uint64_t salt;

	for (r = 0; r < DIFF_ROUNDS; r++)
		d->key[t][r] = xreallocarray(NULL, (size_t)size + 1, sizeof(uint64_t));
	d->cwd[t] = xreallocarray(NULL, (size_t)size + 1, sizeof(uint64_t));
	d->env[t] = xcalloc((size_t)size + 1, sizeof(uint64_t));
	d->nenvblk = 0;		/* block ids are the tree's own */
	free(d->envblk);
	d->envblk = NULL;
	for (r = 0; r < DIFF_ROUNDS; r++)
		d->key[t][r][0] = 0;
	d->cwd[t][0] = 0;
	for (id = 1; id <= size; id++) {
		x = ptree_shown_exec(pt, id);
		/* Forked without an exec of its own: only like ones match. */
		salt = (ptree_node(pt, id)->flags & NODE_FORKED) ? 0x9e3779b97f4a7c15ull : 0;
		if (x == NULL) {
			for (r = 0; r < DIFF_ROUNDS; r++)
				d->key[t][r][id] = DIFF_SEED ^ salt ^ 1;
			d->cwd[t][id] = DIFF_SEED;
			continue;
		}
		len = exec_arglen(x);
		d->key[t][0][id] = diff_hash(x->args, len, DIFF_SEED) ^ salt;
		buf_clear(&blank);
		diff_blank(&blank, x->args, len);
		d->key[t][1][id] = diff_hash(blank.p, blank.len, DIFF_SEED) ^ salt;
		/* The program: argv[0]'s last component, as blanked. */
		prog = blank.p != NULL ? blank.p : "";
		plen = blank.len > 0 ? strlen(prog) : 0;
		while (plen > 1 && prog[plen - 1] == '/')
			plen--;
		for (len = plen; len > 0 && prog[len - 1] != '/'; len--)
			;
		d->key[t][2][id] = diff_hash(prog + len, plen - len, DIFF_SEED) ^ salt;
		cwd = ptree_str(pt, x->cwd);
		buf_clear(&blank);
		diff_blank_arg(&blank, cwd, strlen(cwd));
		d->cwd[t][id] = diff_hash(blank.p != NULL ? blank.p : "", blank.len, DIFF_SEED);
		d->env[t][id] = diff_env_hash(d, pt, x->env, &blank);
	}
	buf_free(&blank);
}

/* ---- matching children ------------------------------------------------------- */

struct diff_ent {
	uint64_t key;
	uint32_t i;		/* index in the A children */
};

/* Scratch for one parent pair, reused. */
struct diff_kids {
	uint32_t *ids[2];		/* the children of each */
	uint32_t n[2], alloc[2];
	uint32_t *partner[2];		/* index of the partner on the other side, or DIFF_NONE */
	uint8_t *round;			/* the round that matched B's child i */
	struct diff_ent *ents;
	uint32_t *cursor;
	uint32_t allocents;
	uint32_t *head, *tail, *next;	/* A's leftovers by the B child they follow */
	uint32_t *order;		/* the merged order, as (side << 31 | index) */
	uint32_t norder;
};

static int
diff_ent_cmp(const void *x, const void *y)
{
	const struct diff_ent *a = x, *b = y;

	if (a->key != b->key)
		return a->key < b->key ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

static void
diff_kids_load(struct diff_kids *k, int side, const struct ptree *pt, uint32_t id)
{
	uint32_t c;

	k->n[side] = 0;
	if (pt == NULL || (id == 0 && ptree_size(pt) == 0))
		return;
	for (c = ptree_first_child(pt, id); c != 0; c = ptree_next(pt, c)) {
		if (k->n[side] == k->alloc[side]) {
			k->alloc[side] = k->alloc[side] ? k->alloc[side] * 2 : 64;
			k->ids[side] = xreallocarray(k->ids[side], k->alloc[side],
			    sizeof(uint32_t));
			k->partner[side] = xreallocarray(k->partner[side], k->alloc[side],
			    sizeof(uint32_t));
			if (side == 1)
				k->round = xreallocarray(k->round, k->alloc[side], 1);
		}
		k->ids[side][k->n[side]++] = c;
	}
}

static void
diff_kids_grow(struct diff_kids *k)
{
	uint32_t need = (k->n[0] > k->n[1] ? k->n[0] : k->n[1]) + 1;

	if (need <= k->allocents)
		return;
	k->allocents = need * 2;
	k->ents = xreallocarray(k->ents, k->allocents, sizeof *k->ents);
	k->cursor = xreallocarray(k->cursor, k->allocents, sizeof *k->cursor);
	k->head = xreallocarray(k->head, k->allocents, sizeof *k->head);
	k->tail = xreallocarray(k->tail, k->allocents, sizeof *k->tail);
	k->next = xreallocarray(k->next, k->allocents, sizeof *k->next);
	k->order = xreallocarray(k->order, 2 * (size_t)k->allocents, sizeof *k->order);
}

/* One round: pair the children still alone whose round-r keys are equal. */
static void
diff_round(struct diff *d, struct diff_kids *k, int r)
{
	uint32_t i, j, n = 0, lo, hi, mid, pos;
	uint64_t key;

	for (i = 0; i < k->n[0]; i++) {
		if (k->partner[0][i] != DIFF_NONE)
			continue;
		k->ents[n].key = d->key[0][r][k->ids[0][i]];
		k->ents[n].i = i;
		n++;
	}
	if (n == 0)
		return;
	qsort(k->ents, n, sizeof *k->ents, diff_ent_cmp);
	for (i = 0; i < n; i++)
		k->cursor[i] = i;
	for (j = 0; j < k->n[1]; j++) {
		if (k->partner[1][j] != DIFF_NONE)
			continue;
		key = d->key[1][r][k->ids[1][j]];
		for (lo = 0, hi = n; lo < hi;) {
			mid = lo + (hi - lo) / 2;
			if (k->ents[mid].key < key)
				lo = mid + 1;
			else
				hi = mid;
		}
		/* lo: the first of the run of this key; its cursor: the next one free. */
		if (lo == n || k->ents[lo].key != key)
			continue;
		pos = k->cursor[lo];
		if (pos >= n || k->ents[pos].key != key)
			continue;
		k->cursor[lo] = pos + 1;
		i = k->ents[pos].i;
		k->partner[0][i] = j;
		k->partner[1][j] = i;
		k->round[j] = (uint8_t)r;
	}
}

/*
 * Match the children of a (in A) and b (in B), either of which may be
 * absent (DIFF_NONE), and lay them out in k->order: B's order, each of A's
 * leftovers after the B child matched to the A child before it.
 */
static void
diff_match(struct diff *d, struct diff_kids *k, uint32_t a, uint32_t b)
{
	uint32_t i, j, anchor;
	int r;

	diff_kids_load(k, 0, a != DIFF_NONE ? d->pt[0] : NULL, a);
	diff_kids_load(k, 1, b != DIFF_NONE ? d->pt[1] : NULL, b);
	diff_kids_grow(k);
	for (i = 0; i < k->n[0]; i++)
		k->partner[0][i] = DIFF_NONE;
	for (j = 0; j < k->n[1]; j++)
		k->partner[1][j] = DIFF_NONE;
	for (r = 0; r < DIFF_ROUNDS && k->n[0] > 0 && k->n[1] > 0; r++)
		diff_round(d, k, r);

	/* head[j + 1]: A's leftovers after B child j (head[0]: before all), in A's order. */
	for (j = 0; j <= k->n[1]; j++)
		k->head[j] = DIFF_NONE;
	anchor = 0;
	for (i = 0; i < k->n[0]; i++) {
		if (k->partner[0][i] != DIFF_NONE) {
			anchor = k->partner[0][i] + 1;
			continue;
		}
		k->next[i] = DIFF_NONE;
		if (k->head[anchor] == DIFF_NONE)
			k->head[anchor] = i;
		else
			k->next[k->tail[anchor]] = i;
		k->tail[anchor] = i;
	}
	k->norder = 0;
	for (j = 0; j <= k->n[1]; j++) {
		if (j > 0)
			k->order[k->norder++] = 0x80000000u | (j - 1);
		for (i = k->head[j]; i != DIFF_NONE; i = k->next[i])
			k->order[k->norder++] = i;
	}
}

/* ---- rows ---------------------------------------------------------------------- */

int64_t
diff_wall(const struct ptree *pt, uint32_t id)
{
	const struct node *n = ptree_node(pt, id);
	int64_t end = n->end_us >= 0 ? n->end_us : ptree_last_t(pt);

	return end > n->start_us ? end - n->start_us : 0;
}

/* What differs between a matched pair. */
static uint32_t
diff_judge(const struct diff *d, uint32_t a, uint32_t b, int round, uint32_t parent_row)
{
	const struct node *na = ptree_node(d->pt[0], a), *nb = ptree_node(d->pt[1], b);
	const struct diff_row *p;
	uint32_t flags = 0;
	int64_t wa, wb;
	char sa[48], sb[48];

	/* A process that never exec'd shows its parent's argv and cwd: its news. */
	if (round == 2 && !(na->flags & nb->flags & NODE_FORKED))
		flags |= DIFF_ARGV;
	/* A cwd that changed with its parent's is the parent's news. */
	if (d->cwd[0][a] != d->cwd[1][b] && !(na->flags & nb->flags & NODE_FORKED)) {
		p = parent_row != DIFF_NONE ? &d->rows[parent_row] : NULL;
		if (p == NULL || p->a == 0 || p->b == 0 || d->cwd[0][p->a] != d->cwd[0][a] ||
		    d->cwd[1][p->b] != d->cwd[1][b])
			flags |= DIFF_CWD;
	}
	/*
	 * An environment that differs as its parent's does (the same entries
	 * added, removed or changed: the same difference of hashes) is the
	 * parent's news: a CFLAGS given to the root is shown once, not on
	 * every process that inherited it.
	 */
	if (d->env[0][a] != 0 && d->env[1][b] != 0 && d->env[0][a] != d->env[1][b] &&
	    !(na->flags & nb->flags & NODE_FORKED)) {
		p = parent_row != DIFF_NONE ? &d->rows[parent_row] : NULL;
		if (p == NULL || p->a == 0 || p->b == 0 || d->env[0][p->a] == 0 ||
		    d->env[1][p->b] == 0 ||
		    d->env[1][b] - d->env[0][a] != d->env[1][p->b] - d->env[0][p->a])
			flags |= DIFF_ENV;
	}
	if (nb->flags & NODE_RUNNING)
		return flags | DIFF_PENDING;
	if (strcmp(node_state(na, sa, sizeof sa, 0), node_state(nb, sb, sizeof sb, 0)) != 0)
		flags |= DIFF_STATUS;
	if ((na->flags | nb->flags) & NODE_ATTACHED)
		return flags;	/* their start is a guess: no time to compare */
	wa = diff_wall(d->pt[0], a);
	wb = diff_wall(d->pt[1], b);
	if (wb - wa >= DIFF_MIN_US && (double)wb >= (double)wa * DIFF_RATIO)
		flags |= DIFF_SLOWER;
	else if (wa - wb >= DIFF_MIN_US && (double)wa >= (double)wb * DIFF_RATIO)
		flags |= DIFF_FASTER;
	return flags;
}

static uint32_t
diff_add_row(struct diff *d, uint32_t a, uint32_t b, uint32_t parent, uint32_t depth,
    uint32_t flags)
{
	struct diff_row *r;

	if (d->nrows == d->allocrows) {
		d->allocrows = d->allocrows ? d->allocrows * 2 : 1024;
		d->rows = xreallocarray(d->rows, d->allocrows, sizeof *d->rows);
	}
	r = &d->rows[d->nrows];
	r->a = a;
	r->b = b;
	r->parent = parent;
	r->depth = depth;
	r->end = d->nrows + 1;
	r->flags = flags;
	return d->nrows++;
}

/* A pair waiting for its row: ids (0 = absent), its parent row, how it matched. */
struct diff_work {
	uint32_t a, b, parent, depth;
	int round;
};

static void
diff_build(struct diff *d)
{
	struct diff_kids k;
	struct diff_work *stack = NULL, w;
	size_t nstack = 0, allocstack = 0;
	uint32_t row, i, e, ca, cb, flags;
	int first = 1;

	memset(&k, 0, sizeof k);
	w.a = w.b = 0;
	w.parent = DIFF_NONE;
	w.depth = 0;
	w.round = 0;
	for (;;) {
		if (first) {
			row = DIFF_NONE;	/* the virtual roots: no row of their own */
			first = 0;
		} else {
			if (nstack == 0)
				break;
			w = stack[--nstack];
			if (w.a != 0 && w.b != 0) {
				flags = diff_judge(d, w.a, w.b, w.round, w.parent);
				d->matched++;
			} else {
				flags = w.a != 0 ? DIFF_ONLY_A : DIFF_ONLY_B;
				d->only[w.a != 0 ? 0 : 1]++;
			}
			row = diff_add_row(d, w.a, w.b, w.parent, w.depth, flags);
		}
		diff_match(d, &k, row == DIFF_NONE || w.a != 0 ? w.a : DIFF_NONE,
		    row == DIFF_NONE || w.b != 0 ? w.b : DIFF_NONE);
		/* Pushed in reverse: popped, and so numbered, in the merged order. */
		if (nstack + k.norder > allocstack) {
			allocstack = (nstack + k.norder) * 2;
			stack = xreallocarray(stack, allocstack, sizeof *stack);
		}
		for (i = k.norder; i-- > 0;) {
			e = k.order[i];
			if (e & 0x80000000u) {
				cb = e & 0x7fffffffu;
				ca = k.partner[1][cb];
				stack[nstack].a = ca != DIFF_NONE ? k.ids[0][ca] : 0;
				stack[nstack].b = k.ids[1][cb];
				stack[nstack].round = ca != DIFF_NONE ? k.round[cb] : 0;
			} else {
				stack[nstack].a = k.ids[0][e];
				stack[nstack].b = 0;
				stack[nstack].round = 0;
			}
			stack[nstack].parent = row;
			stack[nstack].depth = row == DIFF_NONE ? 0 : w.depth + 1;
			nstack++;
		}
	}
	free(stack);
	free(k.ids[0]);
	free(k.ids[1]);
	free(k.partner[0]);
	free(k.partner[1]);
	free(k.round);
	free(k.ents);
	free(k.cursor);
	free(k.head);
	free(k.tail);
	free(k.next);
	free(k.order);
}

/* Backwards: each row's subtree end and DIFF_BELOW reach its parent. */
static void
diff_finish(struct diff *d)
{
	struct diff_row *r, *p;
	uint32_t i;

	for (i = d->nrows; i-- > 0;) {
		r = &d->rows[i];
		if (r->flags & DIFF_SELF)
			d->ndiffs++;
		if (r->parent == DIFF_NONE)
			continue;
		p = &d->rows[r->parent];
		if (r->end > p->end)
			p->end = r->end;
		if (r->flags & (DIFF_SELF | DIFF_BELOW))
			p->flags |= DIFF_BELOW;
	}
}

struct diff *
diff_new(const struct ptree *a, const struct ptree *b, int flags)
{
	struct diff *d = xcalloc(1, sizeof *d);

	d->pt[0] = a;
	d->pt[1] = b;
	diff_keys(d, 0);
	diff_keys(d, 1);
	diff_build(d);
	diff_finish(d);
	return d;
}

void
diff_free(struct diff *d)
{
	int t, r;

	if (d == NULL)
		return;
	for (t = 0; t < 2; t++) {
		for (r = 0; r < DIFF_ROUNDS; r++)
			free(d->key[t][r]);
		free(d->cwd[t]);
		free(d->env[t]);
	}
	free(d->rows);
	free(d->envblk);
	free(d);
}

const struct ptree *
diff_tree_a(const struct diff *d)
{
	return d->pt[0];
}

const struct ptree *
diff_tree_b(const struct diff *d)
{
	return d->pt[1];
}

uint32_t
diff_nrows(const struct diff *d)
{
	return d->nrows;
}

const struct diff_row *
diff_row(const struct diff *d, uint32_t row)
{
	return row < d->nrows ? &d->rows[row] : NULL;
}

uint32_t
diff_ndiffs(const struct diff *d)
{
	return d->ndiffs;
}

void
diff_counts(const struct diff *d, uint32_t *matched, uint32_t *only_a, uint32_t *only_b)
{
	*matched = d->matched;
	*only_a = d->only[0];
	*only_b = d->only[1];
}

const struct node *
diff_node_a(const struct diff *d, const struct diff_row *r)
{
	return r->a != 0 ? ptree_node(d->pt[0], r->a) : NULL;
}

const struct node *
diff_node_b(const struct diff *d, const struct diff_row *r)
{
	return r->b != 0 ? ptree_node(d->pt[1], r->b) : NULL;
}

/* An entry of block named s[0..nlen), blanked into tmp; 0 if none. */
static int
diff_env_get(const struct envtab *t, uint32_t block, const char *s, size_t nlen, struct buf *tmp)
{
	size_t len;
	const char *e = envtab_find(t, block, s, nlen, &len);

	if (e == NULL)
		return 0;
	buf_clear(tmp);
	diff_blank_arg(tmp, e, len);
	return 1;
}

/* " (+NEW ~CHANGED -GONE)": the names that differ, the first few. */
static void
diff_env_names(const struct diff *d, const struct diff_row *r, struct buf *out)
{
	const struct envtab *ta = ptree_env(d->pt[0]), *tb = ptree_env(d->pt[1]);
	const struct exec_rec *xa = ptree_shown_exec(d->pt[0], r->a);
	const struct exec_rec *xb = ptree_shown_exec(d->pt[1], r->b);
	struct buf va = BUF_INIT, vb = BUF_INIT;
	size_t i, n, len, nlen, shown = 0, more = 0;
	const char *e;
	int side;

	if (xa == NULL || xb == NULL || xa->env == 0 || xb->env == 0)
		return;
	/* B's entries missing or different in A, then A's missing in B. */
	for (side = 1; side >= 0; side--) {
		const struct envtab *t = side ? tb : ta, *o = side ? ta : tb;
		uint32_t blk = side ? xb->env : xa->env, oblk = side ? xa->env : xb->env;

		n = envtab_count(t, blk);
		for (i = 0; i < n; i++) {
			e = envtab_entry(t, blk, i, &len);
			nlen = envtab_name_len(e, len);
			if (diff_env_ignored(e, nlen))
				continue;
			buf_clear(&va);
			diff_blank_arg(&va, e, len);
			if (!diff_env_get(o, oblk, e, nlen, &vb)) {
				if (shown++ < 4) {
					buf_adds(out, shown == 1 ? " (" : " ");
					buf_addc(out, side ? '+' : '-');
					fmt_escape(out, e, nlen, FMT_ASCII);
				} else
					more++;
			} else if (side && (va.len != vb.len || memcmp(va.p, vb.p, va.len) != 0)) {
				if (shown++ < 4) {
					buf_adds(out, shown == 1 ? " (~" : " ~");
					fmt_escape(out, e, nlen, FMT_ASCII);
				} else
					more++;
			}
		}
	}
	if (more > 0)
		buf_printf(out, " and %zu more", more);
	if (shown > 0)
		buf_addc(out, ')');
	buf_free(&va);
	buf_free(&vb);
}

void
diff_describe(const struct diff *d, const struct diff_row *r, struct buf *out)
{
	const struct node *na = diff_node_a(d, r), *nb = diff_node_b(d, r);
	char sa[48], sb[48], t[32];
	int64_t wa, wb;
	size_t start = out->len;

#define SEP() do { if (out->len > start) buf_adds(out, ", "); } while (0)
	if (r->flags & DIFF_ONLY_A)
		buf_adds(out, "only in A");
	if (r->flags & DIFF_ONLY_B)
		buf_adds(out, "only in B");
	if (r->flags & DIFF_STATUS) {
		SEP();
		buf_printf(out, "%s -> %s", node_state(na, sa, sizeof sa, 1),
		    node_state(nb, sb, sizeof sb, 1));
	}
	if (r->flags & (DIFF_SLOWER | DIFF_FASTER)) {
		wa = diff_wall(d->pt[0], r->a);
		wb = diff_wall(d->pt[1], r->b);
		SEP();
		if (r->flags & DIFF_SLOWER)
			buf_printf(out, "%.1fx slower", wa > 0 ? (double)wb / (double)wa : 0.0);
		else
			buf_printf(out, "%.1fx faster", wb > 0 ? (double)wa / (double)wb : 0.0);
		buf_printf(out, " (%s", fmt_duration(t, sizeof t, wa));
		buf_printf(out, " -> %s)", fmt_duration(t, sizeof t, wb));
	}
	if (r->flags & DIFF_ARGV) {
		SEP();
		buf_adds(out, "argv differs");
	}
	if (r->flags & DIFF_CWD) {
		SEP();
		buf_adds(out, "cwd differs");
	}
	if (r->flags & DIFF_ENV) {
		SEP();
		buf_adds(out, "environment differs");
		diff_env_names(d, r, out);
	}
	if (r->flags & DIFF_PENDING) {
		SEP();
		buf_adds(out, "still running in B");
	}
#undef SEP
}
