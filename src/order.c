/*
 * order.c: siblings sorted by a column.  See order.h.
 *
 * Invariants, while active (any sort but START ascending):
 * - ids 1..seen are placed: each is in its parent's list (link[p].first,
 *   then link[].next, 0 after link[p].last), in the order of key[] (and,
 *   for text columns, of the text when keys tie; then of ids).
 * - key[id] is the key the process was placed with: for numbers, the
 *   column's key (inverted when descending), ties going by id, so by
 *   creation order; for text, its first ORDER_KEY_BYTES bytes, big-endian
 *   (inverted when descending), ties going by the text after them, then by
 *   id.  Four bytes a process, not eight with the id in the low half: at a
 *   million processes that is 4 MB, and a tie costs a comparison of ids.
 * - a parent with ORDER_BIGP has an entry in bigs[] (sorted by parent)
 *   whose ids[] are its children in the order of its list.
 * - an id in pend[] has ORDER_PENDING set: its values changed since it was
 *   placed.  live[] holds the ids that were running at the last look, when
 *   the column's key moves with the clock (TIME).
 */
#include "config.h"

#include <stdlib.h>
#ifdef __GLIBC__
#include <malloc.h>
#endif
#include <string.h>

#include "column.h"
#include "order.h"
#include "xmalloc.h"

#define ORDER_PENDING	0x1	/* in pend[] */
#define ORDER_MOVING	0x2	/* being taken out and put back */
#define ORDER_BIGP	0x4	/* a parent with an entry in bigs[] */

/*
 * A parent with this many children keeps them in an array as well, in
 * the same order: a new child's place is then found by a binary search,
 * not by walking a list whose nodes lie anywhere in memory (a make with
 * 300,000 children would cost a walk of them all every frame).
 */
#define ORDER_BIG_MIN	512

/*
 * Runs of texts are read in sorted order, from all over memory: ask for
 * the text this many entries ahead while comparing the current one.
 */
#define ORDER_AHEAD	16
#if defined(__GNUC__)
#define ORDER_PREFETCH(p)	__builtin_prefetch(p)
#else
#define ORDER_PREFETCH(p)	((void)(p))
#endif

/* More new processes than this share of the placed ones: sort everything. */
#define ORDER_RESORT_SHIFT 3
#define ORDER_RESORT_MIN 4096

struct order_big {
	uint32_t parent;
	uint32_t n, alloc;
	uint32_t *ids;		/* its children, in order */
};

struct order {
	const struct ptree *pt;
	enum settings_col col;
	int desc;
	int active;
	enum column_sort how;

	uint32_t seen;		/* ids placed: 1..seen */
	uint32_t alloc;		/* entries in the arrays below */
	uint32_t *key;
	/*
	 * Per id, side by side: a walk reads both of a process at once (the
	 * rows of a sorted view are in no memory order).
	 */
	struct order_link {
		uint32_t next;	/* the sibling after it, 0 = none */
		uint32_t first;	/* as a parent: its first child in order, 0 = none */
		uint32_t last;	/* ... and its last */
	} *link;
	uint8_t *mark;		/* ORDER_* */
	/* Parents with many children: those children in an array too (order_big). */
	struct order_big *bigs;	/* by parent */
	size_t nbigs, allocbigs;

	uint32_t *pend;		/* changed since placed */
	size_t npend, allocpend;
	uint32_t *live;		/* running at the last look (keys that tick) */
	size_t nlive, alloclive;
	unsigned sorts;
};

struct order *
order_new(const struct ptree *pt)
{
	struct order *o = xcalloc(1, sizeof *o);

	o->pt = pt;
	o->col = SETTINGS_COL_START;
	o->how = COLUMN_SORT_NUMBER;
	return o;
}

static void
order_free_bigs(struct order *o)
{
	size_t i;

	for (i = 0; i < o->nbigs; i++) {
		o->mark[o->bigs[i].parent] &= ~ORDER_BIGP;
		free(o->bigs[i].ids);
	}
	free(o->bigs);
	o->bigs = NULL;
	o->nbigs = o->allocbigs = 0;
}

static void
order_release(struct order *o)
{
	order_free_bigs(o);
	free(o->key);
	free(o->link);
	free(o->mark);
	free(o->pend);
	free(o->live);
	o->key = NULL;
	o->link = NULL;
	o->pend = o->live = NULL;
	o->mark = NULL;
	o->alloc = 0;
	o->npend = o->allocpend = o->nlive = o->alloclive = 0;
}

void
order_free(struct order *o)
{
	if (o == NULL)
		return;
	order_release(o);
	free(o);
}

size_t
order_memory(const struct order *o)
{
	size_t big = o->allocbigs * sizeof *o->bigs, i;

	for (i = 0; i < o->nbigs; i++)
		big += o->bigs[i].alloc * sizeof *o->bigs[i].ids;
	return sizeof *o + (size_t)o->alloc * (sizeof *o->key + sizeof *o->link +
	    sizeof *o->mark) + o->allocpend * sizeof *o->pend +
	    o->alloclive * sizeof *o->live + big;
}

enum settings_col
order_column(const struct order *o)
{
	return o->col;
}

int
order_descending(const struct order *o)
{
	return o->desc;
}

int
order_active(const struct order *o)
{
	return o->active;
}

unsigned
order_sorts(const struct order *o)
{
	return o->sorts;
}

int
order_stale(const struct order *o)
{
	return o->active && (o->npend > 0 || o->nlive > 0);
}

/* Room for ids 0..size; the new entries are set when their ids are placed. */
static void
order_grow(struct order *o, uint32_t size)
{
	uint32_t old = o->alloc, n = old > 0 ? old : 1024;

	if (size < old)
		return;
	while (n <= size)
		n *= 2;
	o->key = xreallocarray(o->key, n, sizeof *o->key);
	o->link = xreallocarray(o->link, n, sizeof *o->link);
	o->mark = xrealloc(o->mark, n);
	/*
	 * Not cleared: nothing reads an id's entries before order_sync()
	 * or order_sort_all() sets them, and clearing 13 MB at once made
	 * the frame in which a live tree passed 2^20 processes 6 ms slower.
	 */
	o->alloc = n;
}

static void
order_push(uint32_t **a, size_t *n, size_t *alloc, uint32_t id)
{
	if (*n == *alloc) {
		*alloc = *alloc ? *alloc * 2 : 256;
		*a = xreallocarray(*a, *alloc, sizeof **a);
	}
	(*a)[(*n)++] = id;
}

/* ---- keys ------------------------------------------------------------------- */

/* The text a text column sorts by, and its length. */
static const char *
order_text(const struct order *o, uint32_t id, size_t *len)
{
	const struct exec_rec *x = ptree_shown_exec(o->pt, id);
	const char *s, *slash;

	*len = 0;
	if (x == NULL)
		return "";
	switch (o->how) {
	case COLUMN_SORT_ARGV:
		*len = exec_arglen(x);
		return x->args;
	case COLUMN_SORT_EXE:
		s = ptree_str(o->pt, x->exe);
		if ((slash = strrchr(s, '/')) != NULL && slash[1] != '\0')
			s = slash + 1;
		break;
	case COLUMN_SORT_CWD:
		s = ptree_str(o->pt, x->cwd);
		break;
	default:
		return "";
	}
	*len = strlen(s);
	return s;
}

/* Bytes of text in a key: the text comparisons of ties start after them. */
#define ORDER_KEY_BYTES	4

/* 8 bytes of s from off, big-endian, zeros past its end. */
static uint64_t
order_prefix(const char *s, size_t len, size_t off)
{
	uint64_t k = 0;
	size_t i;

	for (i = 0; i < 8; i++)
		k = (k << 8) | (off + i < len ? (unsigned char)s[off + i] : 0);
	return k;
}

static uint32_t
order_key(const struct order *o, uint32_t id, int64_t now_us)
{
	const char *s;
	uint32_t k;
	size_t len;

	if (o->how == COLUMN_SORT_NUMBER) {
		k = column_key(o->col, o->pt, id, now_us);
		return o->desc ? UINT32_MAX - k : k;
	}
	s = order_text(o, id, &len);
	k = (uint32_t)(order_prefix(s, len, 0) >> (64 - 8 * ORDER_KEY_BYTES));
	return o->desc ? ~k : k;
}

/* Text order of a and b from byte off on (they agree before it), direction applied. */
static int
order_text_cmp(const struct order *o, uint32_t a, uint32_t b, size_t off)
{
	size_t la, lb, m;
	const char *sa = order_text(o, a, &la), *sb = order_text(o, b, &lb);
	int r = 0;

	m = la < lb ? la : lb;
	if (off < m)
		r = memcmp(sa + off, sb + off, m - off);
	if (r == 0)
		r = (la > lb) - (la < lb);
	else
		r = r < 0 ? -1 : 1;
	return o->desc ? -r : r;
}

int
order_cmp(const struct order *o, uint32_t a, uint32_t b)
{
	int r;

	if (!o->active)
		return (a > b) - (a < b);
	if (o->key[a] != o->key[b])
		return o->key[a] < o->key[b] ? -1 : 1;
	if (o->how != COLUMN_SORT_NUMBER && a != b &&
	    (r = order_text_cmp(o, a, b, ORDER_KEY_BYTES)) != 0)
		return r;
	return (a > b) - (a < b);
}

/* ---- sorting arrays of ids ------------------------------------------------------ */

typedef int (*order_cmp_fn)(const struct order *o, uint32_t a, uint32_t b);

/* Stable merge sort of n ids by cmp (tmp: room for n). */
static void
order_msort(const struct order *o, uint32_t *a, size_t n, order_cmp_fn cmp, uint32_t *tmp)
{
	size_t h = n / 2, i, j, k;

	if (n < 2)
		return;
	if (n <= 12) {
		for (i = 1; i < n; i++) {
			uint32_t x = a[i];

			for (j = i; j > 0 && cmp(o, a[j - 1], x) > 0; j--)
				a[j] = a[j - 1];
			a[j] = x;
		}
		return;
	}
	order_msort(o, a, h, cmp, tmp);
	order_msort(o, a + h, n - h, cmp, tmp);
	if (cmp(o, a[h - 1], a[h]) <= 0)
		return;		/* already in order (the usual case for few) */
	memcpy(tmp, a, h * sizeof *a);
	for (i = 0, j = h, k = 0; i < h && j < n; k++)
		a[k] = cmp(o, a[j], tmp[i]) < 0 ? a[j++] : tmp[i++];
	while (i < h)
		a[k++] = tmp[i++];
}

void
order_sort_ids(const struct order *o, uint32_t *ids, size_t n)
{
	uint32_t *tmp;

	if (n < 2)
		return;
	tmp = xreallocarray(NULL, n, sizeof *tmp);
	order_msort(o, ids, n, order_cmp, tmp);
	free(tmp);
}

/* By parent, then in order: the processes placed in one batch. */
static int
order_cmp_parent(const struct order *o, uint32_t a, uint32_t b)
{
	uint32_t pa = ptree_node(o->pt, a)->parent, pb = ptree_node(o->pt, b)->parent;

	if (pa != pb)
		return pa < pb ? -1 : 1;
	return order_cmp(o, a, b);
}

/*
 * Stable LSD radix sort of n (k, id) pairs by the bytes lo..hi-1 of k;
 * bytes all keys share cost nothing.  tk and tid have room for n.
 */
static void
order_radix(uint64_t *k, uint32_t *id, size_t n, int lo, int hi, uint64_t *tk, uint32_t *tid)
{
	size_t (*count)[256] = xcalloc(8, sizeof *count);
	uint64_t *sk = k, *dk = tk, *swk;
	uint32_t *si = id, *di = tid, *swi;
	size_t i, pos, c;
	int b, d;

	for (i = 0; i < n; i++)
		for (b = lo; b < hi; b++)
			count[b][(k[i] >> (8 * b)) & 0xff]++;
	for (b = lo; b < hi; b++) {
		for (d = 0; d < 256 && count[b][d] == 0; d++)
			;
		if (d == 256 || count[b][d] == n)
			continue;	/* every key has the same byte here */
		for (pos = 0, d = 0; d < 256; d++) {
			c = count[b][d];
			count[b][d] = pos;
			pos += c;
		}
		for (i = 0; i < n; i++) {
			c = count[b][(sk[i] >> (8 * b)) & 0xff]++;
			dk[c] = sk[i];
			di[c] = si[i];
		}
		swk = sk, sk = dk, dk = swk;
		swi = si, si = di, di = swi;
	}
	if (sk != k) {
		memcpy(k, sk, n * sizeof *k);
		memcpy(id, si, n * sizeof *id);
	}
	free(count);
}

/* Bytes a and b share at their start, at most n; a word at a time. */
static size_t
order_lcp(const char *a, const char *b, size_t n)
{
	uint64_t x, y;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y) {
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return i + (size_t)__builtin_ctzll(x ^ y) / 8;
#else
			break;
#endif
		}
	}
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/*
 * A text of a run being sorted, fetched once.  The run sorts these
 * records themselves, not indices to them: each pass over a range then
 * reads them in memory order, and only the texts they point to lie all
 * over memory (those are asked for ORDER_AHEAD entries early).
 */
struct order_txt {
	const char *s;
	uint32_t len;
	uint32_t id;
};

/* Ask for the bytes of t from off on that a comparison reads (up to 3 lines). */
static inline void
order_txt_ahead(const struct order_txt *t, size_t off)
{
	size_t i;

	for (i = off; i < t->len && i < off + 192; i += 64)
		ORDER_PREFETCH(t->s + i);
}

/* Text order of two entries of a run (then creation order), direction applied. */
static int
order_txt_cmp(const struct order *o, const struct order_txt *a, const struct order_txt *b)
{
	size_t m = a->len < b->len ? a->len : b->len, l = order_lcp(a->s, b->s, m);
	int r;

	if (l < m)
		r = (unsigned char)a->s[l] < (unsigned char)b->s[l] ? -1 : 1;
	else
		r = (a->len > b->len) - (a->len < b->len);
	if (r != 0)
		return o->desc ? -r : r;
	return (a->id > b->id) - (a->id < b->id);
}

/* Where a text that ended within off bytes goes among those that did: by length. */
static size_t
order_txt_lenslot(const struct order *o, const struct order_txt *t, size_t off)
{
	size_t base = off >= 8 ? off - 8 : 0, b;

	b = t->len > base ? t->len - base : 0;
	b = b > 8 ? 8 : b;
	return o->desc ? 8 - b : b;
}

/*
 * Texts of a range that ended within its first off bytes, shorter first
 * (descending: longer first), stable.  They all went past off - 8 (else
 * an earlier range had them end), so nine lengths at most: a counting
 * sort.  tmp has room for n.
 */
static void
order_txt_bylen(const struct order *o, struct order_txt *t, size_t n, size_t off,
    struct order_txt *tmp)
{
	size_t count[10] = { 0 }, i, b;

	for (i = 0; i < n; i++)
		count[order_txt_lenslot(o, &t[i], off) + 1]++;
	for (b = 1; b < 10; b++)
		count[b] += count[b - 1];
	for (i = 0; i < n; i++)
		tmp[count[order_txt_lenslot(o, &t[i], off)]++] = t[i];
	memcpy(t, tmp, n * sizeof *t);
}

/* Insertion sort of a few entries (stable). */
static void
order_txt_isort(const struct order *o, struct order_txt *t, size_t n)
{
	struct order_txt x;
	size_t i, j;

	for (i = 1; i < n; i++) {
		x = t[i];
		for (j = i; j > 0 && order_txt_cmp(o, &t[j - 1], &x) > 0; j--)
			t[j] = t[j - 1];
		t[j] = x;
	}
}

/*
 * Sort a run of siblings whose texts agree on their first off0 bytes
 * (zeros past an end count as agreeing), in creation order now:
 * most-significant byte first, 8 bytes at a time, skipping at once what
 * they all share.  Ranges still to split are kept on a stack, not in
 * recursion (a deep one would overflow it).
 */
struct order_range {
	size_t start, n, off;
};

static void
order_text_run(const struct order *o, uint32_t *ids, size_t n, size_t off0)
{
	struct order_range *stack = NULL, r;
	size_t nstack = 0, allocstack = 0, i, j, nend, lcp, m, len;
	struct order_txt *t = xreallocarray(NULL, n, sizeof *t), *t0, *a;
	struct order_txt *tmp = xreallocarray(NULL, n, sizeof *tmp);
	uint32_t *perm = xreallocarray(NULL, n, sizeof *perm);
	uint32_t *tid = xreallocarray(NULL, n, sizeof *tid);
	uint64_t *k = xreallocarray(NULL, n, sizeof *k);
	uint64_t *tk = xreallocarray(NULL, n, sizeof *tk);

	for (i = 0; i < n; i++) {
		t[i].s = order_text(o, ids[i], &len);
		t[i].len = (uint32_t)len;
		t[i].id = ids[i];
	}
	r.start = 0;
	r.n = n;
	r.off = off0;
	for (;;) {
		a = t + r.start;
		if (r.n <= 16) {
			/* Few: compare them whole. */
			order_txt_isort(o, a, r.n);
			goto pop;
		}
		/* Those that ended go first (last when descending), shorter first. */
		for (i = 0, nend = 0; i < r.n; i++)
			nend += a[i].len <= r.off;
		if (nend > 0) {
			struct order_txt *ended = tmp, *rest = tmp + nend;

			for (i = 0, j = 0, nend = 0; i < r.n; i++) {
				if (a[i].len <= r.off)
					ended[nend++] = a[i];
				else
					rest[j++] = a[i];
			}
			order_txt_bylen(o, ended, nend, r.off, a);
			if (!o->desc) {
				memcpy(a, ended, nend * sizeof *a);
				memcpy(a + nend, rest, j * sizeof *a);
				a += nend;
			} else {
				memcpy(a, rest, j * sizeof *a);
				memcpy(a + j, ended, nend * sizeof *a);
			}
			r.n = j;
			if (r.n < 2)
				goto pop;
		}
		/* What they all still share is skipped at once. */
		t0 = &a[0];
		lcp = t0->len - r.off;
		for (i = 1; i < r.n && lcp > 0; i++) {
			if (i + ORDER_AHEAD < r.n)
				order_txt_ahead(&a[i + ORDER_AHEAD], r.off);
			m = a[i].len - r.off < lcp ? a[i].len - r.off : lcp;
			lcp = order_lcp(a[i].s + r.off, t0->s + r.off, m);
		}
		if (lcp == t0->len - r.off) {
			/* The first is a prefix of all: the same text if as long. */
			for (i = 1; i < r.n && a[i].len == t0->len; i++)
				;
			if (i == r.n)
				goto pop;	/* all the same: creation order stands */
		}
		r.off += lcp;
		for (i = 0; i < r.n; i++) {
			if (i + ORDER_AHEAD < r.n)
				ORDER_PREFETCH(a[i + ORDER_AHEAD].s + r.off);
			k[i] = order_prefix(a[i].s, a[i].len, r.off);
			if (o->desc)
				k[i] = ~k[i];
			perm[i] = (uint32_t)i;
		}
		order_radix(k, perm, r.n, 0, 8, tk, tid);
		/* The records in the order found, then the ranges of equal keys to split. */
		for (i = 0; i < r.n; i++)
			tmp[i] = a[perm[i]];
		memcpy(a, tmp, r.n * sizeof *a);
		for (i = 0; i < r.n; i = j) {
			for (j = i + 1; j < r.n && k[j] == k[i]; j++)
				;
			if (j - i < 2)
				continue;
			if (nstack == allocstack) {
				allocstack = allocstack ? allocstack * 2 : 64;
				stack = xreallocarray(stack, allocstack, sizeof *stack);
			}
			stack[nstack].start = (size_t)(a - t) + i;
			stack[nstack].n = j - i;
			stack[nstack].off = r.off + 8;
			nstack++;
		}
pop:
		if (nstack == 0)
			break;
		r = stack[--nstack];
	}
	for (i = 0; i < n; i++)
		ids[i] = t[i].id;
	free(stack);
	free(t);
	free(tmp);
	free(perm);
	free(tid);
	free(k);
	free(tk);
}

/* ---- lists ------------------------------------------------------------------------ */

static void
order_append(struct order *o, uint32_t p, uint32_t id)
{
	uint32_t t = o->link[p].last;

	o->link[id].next = 0;
	if (t == 0)
		o->link[p].first = id;
	else
		o->link[t].next = id;
	o->link[p].last = id;
}

/* Link p's children g[0..n) in this order, replacing its list. */
static void
order_link(struct order *o, uint32_t p, const uint32_t *g, size_t n)
{
	size_t i;

	if (n == 0) {
		o->link[p].first = o->link[p].last = 0;
		return;
	}
	for (i = 0; i + 1 < n; i++)
		o->link[g[i]].next = g[i + 1];
	o->link[g[n - 1]].next = 0;
	o->link[p].first = g[0];
	o->link[p].last = g[n - 1];
}

/* c comes right after prev (0: first) among p's children. */
static void
order_link_after(struct order *o, uint32_t p, uint32_t prev, uint32_t c)
{
	if (prev == 0)
		o->link[p].first = c;
	else
		o->link[prev].next = c;
}

/* p's entry in bigs[] (it must have one). */
static struct order_big *
order_big(const struct order *o, uint32_t p)
{
	size_t lo = 0, hi = o->nbigs, mid;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		if (o->bigs[mid].parent < p)
			lo = mid + 1;
		else
			hi = mid;
	}
	return &o->bigs[lo];
}

/* Give p an entry in bigs[] holding its n children g (in order). */
static void
order_big_add(struct order *o, uint32_t p, const uint32_t *g, size_t n)
{
	struct order_big *b;
	size_t at;

	if (o->nbigs == o->allocbigs) {
		o->allocbigs = o->allocbigs ? o->allocbigs * 2 : 16;
		o->bigs = xreallocarray(o->bigs, o->allocbigs, sizeof *o->bigs);
	}
	at = o->nbigs > 0 && o->bigs[o->nbigs - 1].parent > p ?
	    (size_t)(order_big(o, p) - o->bigs) : o->nbigs;
	memmove(o->bigs + at + 1, o->bigs + at, (o->nbigs - at) * sizeof *o->bigs);
	o->nbigs++;
	b = &o->bigs[at];
	b->parent = p;
	b->n = (uint32_t)n;
	b->alloc = (uint32_t)(n + n / 2 + 16);
	b->ids = xreallocarray(NULL, b->alloc, sizeof *b->ids);
	memcpy(b->ids, g, n * sizeof *g);
	o->mark[p] |= ORDER_BIGP;
}

/* p's list has grown long: keep its children in an array from now on. */
static void
order_big_make(struct order *o, uint32_t p)
{
	uint32_t *g = NULL, c;
	size_t n = 0, alloc = 0;

	for (c = o->link[p].first; c != 0; c = o->link[c].next)
		order_push(&g, &n, &alloc, c);
	if (n > 0)
		order_big_add(o, p, g, n);
	free(g);
}

/*
 * A text changed since id was placed (it exec'd): it is where its old text
 * put it until the refresh moves it, so new ones are not compared with it
 * (their place among the others is what counts: it moves anyway).  Number
 * keys change only at the refresh, so they never mislead.
 */
static int
order_skip(const struct order *o, uint32_t id)
{
	return o->how != COLUMN_SORT_NUMBER && (o->mark[id] & ORDER_PENDING);
}

/* First index in ids[lo..n) that goes after x (skipped ones aside); binary search. */
static size_t
order_big_find(const struct order *o, const struct order_big *b, size_t lo, uint32_t x)
{
	size_t hi = b->n, mid, m;

	while (lo < hi) {
		mid = (lo + hi) / 2;
		for (m = mid; m < hi && order_skip(o, b->ids[m]); m++)
			;
		if (m == hi || order_cmp(o, x, b->ids[m]) < 0)
			hi = mid;	/* before m, so before the skipped ones too */
		else
			lo = m + 1;
	}
	return lo;
}

/*
 * order_merge() for a parent with an array: each new one's place by a
 * binary search, the array merged from its end, and only the new ones
 * and their neighbours linked.
 */
static void
order_big_merge(struct order *o, struct order_big *b, const uint32_t *add, size_t k)
{
	size_t *pos = xreallocarray(NULL, k, sizeof *pos), i, j, w, n = b->n, q, total;

	for (i = 0, j = 0; i < k; i++)
		j = pos[i] = order_big_find(o, b, j, add[i]);
	if (n + k > b->alloc) {
		b->alloc = (uint32_t)(n + k + (n + k) / 2);
		b->ids = xreallocarray(b->ids, b->alloc, sizeof *b->ids);
	}
	/* From the end: the old ones after pos[i] move up by i + 1. */
	for (i = k, j = n, w = n + k; i-- > 0;) {
		while (j > pos[i])
			b->ids[--w] = b->ids[--j];
		b->ids[--w] = add[i];
	}
	total = b->n = (uint32_t)(n + k);
	for (i = 0; i < k; i++) {
		q = pos[i] + i;
		if (q > 0)
			o->link[b->ids[q - 1]].next = b->ids[q];
		o->link[b->ids[q]].next = q + 1 < total ? b->ids[q + 1] : 0;
	}
	o->link[b->parent].first = b->ids[0];
	o->link[b->parent].last = b->ids[total - 1];
	free(pos);
}

/*
 * Put b[0..k), children of p sorted in order and not in its list, into
 * the list.  Those that go after the last or before the first cost no
 * walk; a long walk gives p an array for the next time.
 */
static void
order_merge(struct order *o, uint32_t p, const uint32_t *b, size_t k)
{
	uint32_t tail = o->link[p].last, prev = 0, cur;
	struct order_big *g;
	size_t i = 0, steps = 0;

	if (tail != 0 && !order_skip(o, tail) && order_cmp(o, b[0], tail) > 0) {
		for (; i < k; i++)
			order_append(o, p, b[i]);
		if (o->mark[p] & ORDER_BIGP) {
			/* Appended: the array grows at its end. */
			g = order_big(o, p);
			if (g->n + k > g->alloc) {
				g->alloc = (uint32_t)(g->n + k + (g->n + k) / 2);
				g->ids = xreallocarray(g->ids, g->alloc, sizeof *g->ids);
			}
			memcpy(g->ids + g->n, b, k * sizeof *b);
			g->n += (uint32_t)k;
		}
		return;
	}
	if (o->mark[p] & ORDER_BIGP) {
		order_big_merge(o, order_big(o, p), b, k);
		return;
	}
	for (cur = o->link[p].first; cur != 0 && i < k; cur = o->link[cur].next, steps++) {
		while (i < k && !order_skip(o, cur) && order_cmp(o, b[i], cur) < 0) {
			if (prev == 0)
				o->link[p].first = b[i];
			else
				o->link[prev].next = b[i];
			o->link[b[i]].next = cur;
			prev = b[i++];
		}
		prev = cur;
	}
	for (; i < k; i++)
		order_append(o, p, b[i]);
	if (steps >= ORDER_BIG_MIN)
		order_big_make(o, p);
}

/* Take p's children marked ORDER_MOVING out of its list (and its array). */
static void
order_unlink_moving(struct order *o, uint32_t p)
{
	uint32_t c, prev = 0;
	struct order_big *b;
	size_t i, j;
	int gap;

	if (o->mark[p] & ORDER_BIGP) {
		/* The array says the order: no walk through the list. */
		b = order_big(o, p);
		for (i = 0, j = 0, gap = 0; i < b->n; i++) {
			c = b->ids[i];
			if (o->mark[c] & ORDER_MOVING) {
				gap = 1;
				continue;
			}
			if (gap)	/* past those taken out */
				order_link_after(o, p, j > 0 ? b->ids[j - 1] : 0, c);
			gap = 0;
			b->ids[j++] = c;
		}
		b->n = (uint32_t)j;
		if (j == 0) {
			o->link[p].first = o->link[p].last = 0;
			return;
		}
		o->link[b->ids[j - 1]].next = 0;
		o->link[p].last = b->ids[j - 1];
		return;
	}
	for (c = o->link[p].first; c != 0; c = o->link[c].next) {
		if (o->mark[c] & ORDER_MOVING)
			continue;
		order_link_after(o, p, prev, c);
		prev = c;
	}
	if (prev == 0)
		o->link[p].first = 0;
	else
		o->link[prev].next = 0;
	o->link[p].last = prev;
}

/* Put a batch of ids (any parents) in their place; ids must not be in a list. */
static void
order_place(struct order *o, uint32_t *ids, size_t n)
{
	uint32_t *tmp, p;
	size_t i, j;

	if (n == 0)
		return;
	tmp = xreallocarray(NULL, n, sizeof *tmp);
	order_msort(o, ids, n, order_cmp_parent, tmp);
	free(tmp);
	for (i = 0; i < n; i = j) {
		p = ptree_node(o->pt, ids[i])->parent;
		for (j = i + 1; j < n && ptree_node(o->pt, ids[j])->parent == p; j++)
			;
		order_merge(o, p, ids + i, j - i);
	}
}

/* ---- sorting everything ------------------------------------------------------------ */

/* Note the running processes among ids from..to, if the key ticks. */
static void
order_note_live(struct order *o, uint32_t from, uint32_t to)
{
	uint32_t id;

	if (!column_key_ticks(o->col))
		return;
	for (id = from; id <= to; id++)
		if (ptree_node(o->pt, id)->flags & NODE_RUNNING)
			order_push(&o->live, &o->nlive, &o->alloclive, id);
}

/*
 * Sort the n children of one parent, in creation order now: a few by
 * comparing them; more by a stable radix sort of their keys (ties stay in
 * creation order), then runs of equal text keys by their text.  k, tk and
 * tid have room for n.
 */
static void
order_sort_children(struct order *o, uint32_t *ids, size_t n, uint64_t *k, uint64_t *tk,
    uint32_t *tid)
{
	size_t i, j;

	if (n <= 16) {
		order_msort(o, ids, n, order_cmp, tid);
		return;
	}
	for (i = 0; i < n; i++)
		k[i] = o->key[ids[i]];
	order_radix(k, ids, n, 0, 4, tk, tid);
	for (i = 0; o->how != COLUMN_SORT_NUMBER && i < n; i = j) {
		for (j = i + 1; j < n && k[j] == k[i]; j++)
			;
		if (j - i > 1)
			order_text_run(o, ids + i, j - i, ORDER_KEY_BYTES);
	}
}

/*
 * Sort ids 1..size: keys in one pass over the nodes, a counting sort by
 * parent (each parent's children come out side by side, in creation
 * order), each parent's children sorted, then linked.  Sorting each
 * family on its own, not all keys at once, leaves the radix sort to the
 * big families: most have one to three children (a build's sh -> gcc ->
 * cc1), which a few comparisons put in order.  Parents are copied to an
 * array first: the counting sort would read the nodes twice.
 */
static void
order_sort_all(struct order *o, int64_t now_us)
{
	uint32_t size = ptree_size(o->pt), id, p, *tid, *start, *byp, *par;
	uint64_t *k, *tk;
	size_t n = size, begin, most = 0;

	order_grow(o, size);
	memset(o->link, 0, (size_t)(size + 1) * sizeof *o->link);
	memset(o->mark, 0, (size_t)size + 1);
	order_free_bigs(o);
	o->npend = 0;
	o->nlive = 0;
	o->seen = size;
	o->sorts++;
	if (n == 0)
		return;
	par = xreallocarray(NULL, n + 1, sizeof *par);
	for (id = 1; id <= size; id++) {
		o->key[id] = order_key(o, id, now_us);
		par[id] = ptree_node(o->pt, id)->parent;
	}

	/* By parent, in creation order: start[p] is where p's children begin. */
	start = xcalloc((size_t)size + 2, sizeof *start);
	for (id = 1; id <= size; id++)
		start[par[id] + 1]++;
	for (p = 1; p <= size + 1; p++) {
		if (start[p] > most)
			most = start[p];
		start[p] += start[p - 1];
	}
	byp = xreallocarray(NULL, n, sizeof *byp);
	for (id = 1; id <= size; id++)
		byp[start[par[id]]++] = id;
	free(par);
	k = xreallocarray(NULL, most, sizeof *k);
	tk = xreallocarray(NULL, most, sizeof *tk);
	tid = xreallocarray(NULL, most, sizeof *tid);
	/* start[p] is now where p's children end, and where p + 1's begin. */
	for (p = 0, begin = 0; p <= size; begin = start[p++]) {
		if (start[p] - begin >= 2)
			order_sort_children(o, byp + begin, start[p] - begin, k, tk, tid);
		order_link(o, p, byp + begin, start[p] - begin);
		if (start[p] - begin >= ORDER_BIG_MIN)
			order_big_add(o, p, byp + begin, start[p] - begin);
	}
	free(k);
	free(tk);
	free(tid);
	free(start);
	free(byp);
	order_note_live(o, 1, size);
#ifdef __GLIBC__
	/*
	 * The sort's scratch (about 20 bytes a process, more for text) is
	 * free now, but glibc keeps what it took from the heap (its mmap
	 * threshold rises with each big free): at 1M, 14 MB that stayed
	 * resident for as long as ptop ran.  Give it back; a full sort is
	 * rare (a key), and this costs far less than it.
	 */
	malloc_trim(0);
#endif
}

void
order_set(struct order *o, enum settings_col col, int desc, int64_t now_us)
{
	const struct column *c = column_get(col);

	if (c == NULL)
		return;
	o->col = col;
	o->desc = desc != 0;
	o->how = c->sort;
	o->active = !(col == SETTINGS_COL_START && !o->desc);
	if (!o->active) {
		order_release(o);
		o->seen = ptree_size(o->pt);
		return;
	}
	order_sort_all(o, now_us);
}

/* ---- keeping it up to date ------------------------------------------------------------ */

int
order_sync(struct order *o)
{
	uint32_t size = ptree_size(o->pt), id, *ids;
	size_t n;
	int64_t now = ptree_last_t(o->pt);

	if (!o->active || size == o->seen) {
		if (!o->active)
			o->seen = size;
		return 0;
	}
	n = size - o->seen;
	if (n > ORDER_RESORT_MIN && n > (size_t)(o->seen >> ORDER_RESORT_SHIFT)) {
		/* A trace read at once: one sort is cheaper than many walks. */
		order_sort_all(o, now);
		return 1;
	}
	order_grow(o, size);
	ids = xreallocarray(NULL, n, sizeof *ids);
	for (id = o->seen + 1; id <= size; id++) {
		o->link[id].first = o->link[id].last = 0;
		o->mark[id] = 0;
		o->key[id] = order_key(o, id, now);
		ids[id - o->seen - 1] = id;
	}
	order_note_live(o, o->seen + 1, size);
	o->seen = size;
	order_place(o, ids, n);
	free(ids);
	return 1;
}

void
order_changed(struct order *o, uint32_t id)
{
	if (!o->active || id == 0 || id > o->seen || (o->mark[id] & ORDER_PENDING))
		return;
	o->mark[id] |= ORDER_PENDING;
	order_push(&o->pend, &o->npend, &o->allocpend, id);
}

/* Would a fresh key differ from the one id was placed with? */
static int
order_moved(struct order *o, uint32_t id, int64_t now_us)
{
	uint32_t k = order_key(o, id, now_us);

	if (o->how != COLUMN_SORT_NUMBER) {
		/* The text may have changed past the prefix: put it back anyway. */
		o->key[id] = k;
		return 1;
	}
	if (k == o->key[id])
		return 0;
	o->key[id] = k;
	return 1;
}

int
order_refresh(struct order *o, int64_t now_us)
{
	uint32_t *mv = NULL, *tmp, id, p;
	size_t nmv = 0, allocmv = 0, i, j, kept;
	int placed = order_sync(o);

	if (!o->active)
		return placed;
	for (i = 0; i < o->npend; i++) {
		id = o->pend[i];
		o->mark[id] &= ~ORDER_PENDING;
		if (!(o->mark[id] & ORDER_MOVING) && order_moved(o, id, now_us)) {
			o->mark[id] |= ORDER_MOVING;
			order_push(&mv, &nmv, &allocmv, id);
		}
	}
	o->npend = 0;
	for (i = 0, kept = 0; i < o->nlive; i++) {
		id = o->live[i];
		if (!(o->mark[id] & ORDER_MOVING) && order_moved(o, id, now_us)) {
			o->mark[id] |= ORDER_MOVING;
			order_push(&mv, &nmv, &allocmv, id);
		}
		if (ptree_node(o->pt, id)->flags & NODE_RUNNING)
			o->live[kept++] = id;
	}
	o->nlive = kept;
	if (nmv == 0)
		return placed;
	/* Out of their parents' lists (one walk each), then back in their place. */
	tmp = xreallocarray(NULL, nmv, sizeof *tmp);
	order_msort(o, mv, nmv, order_cmp_parent, tmp);
	free(tmp);
	for (i = 0; i < nmv; i = j) {
		p = ptree_node(o->pt, mv[i])->parent;
		for (j = i + 1; j < nmv && ptree_node(o->pt, mv[j])->parent == p; j++)
			;
		order_unlink_moving(o, p);
	}
	for (i = 0; i < nmv; i++)
		o->mark[mv[i]] &= ~ORDER_MOVING;
	for (i = 0; i < nmv; i = j) {
		p = ptree_node(o->pt, mv[i])->parent;
		for (j = i + 1; j < nmv && ptree_node(o->pt, mv[j])->parent == p; j++)
			;
		order_merge(o, p, mv + i, j - i);
	}
	free(mv);
	return 1;
}

/* ---- the sink -------------------------------------------------------------------------- */

static void
order_sink_event(void *ctx, const struct event *ev)
{
	struct order *o = ctx;

	if (!o->active)
		return;
	switch (ev->kind) {
	case EV_EXEC:
	case EV_ATTACH:
		order_changed(o, ev->id);
		break;
	case EV_EXIT:
	case EV_DETACH:
	case EV_THREADS:
		/* Texts do not change at an exit. */
		if (o->how == COLUMN_SORT_NUMBER)
			order_changed(o, ev->id);
		break;
	default:
		break;
	}
}

/* The trace ended: what still ran is lost now, its state and time final. */
static void
order_sink_end(void *ctx)
{
	struct order *o = ctx;
	uint32_t id;

	if (!o->active || o->how != COLUMN_SORT_NUMBER)
		return;
	for (id = 1; id <= o->seen; id++)
		if (ptree_node(o->pt, id)->flags & NODE_LOST)
			order_changed(o, id);
}

struct sink
order_sink(struct order *o)
{
	struct sink s = {
		.begin = NULL,
		.event = order_sink_event,
		.end = order_sink_end,
		.ctx = o,
	};
	return s;
}

/* ---- walking ------------------------------------------------------------------------------ */

uint32_t
order_first(const struct order *o, uint32_t id)
{
	if (!o->active)
		return ptree_first_child(o->pt, id);
	if (id > o->seen)
		return 0;
	return o->link[id].first;
}

uint32_t
order_next(const struct order *o, uint32_t id)
{
	if (!o->active)
		return ptree_next(o->pt, id);
	if (id == 0 || id > o->seen)
		return 0;
	return o->link[id].next;
}
