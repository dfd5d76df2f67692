/*
 * export.c: the finished tree as Chrome trace-event JSON.  See export.h for
 * the layout and doc/chrome-trace.md for the fields.
 *
 * One pass over the processes in start order (the id order, unless
 * attached processes started earlier; then a sort) places each on a lane
 * and writes its events at once:
 *
 * - Each lane keeps a stack of the process slices open on it, innermost
 *   last (their ends decrease towards the top).  Stacks are popped lazily:
 *   an entry whose end is at or before the time being placed is gone.
 * - A child may join its parent's lane if the parent is the innermost open
 *   slice there and the child ends before the parent's part it starts in
 *   (the parent's slice, or the exec slice, or the gap before the first
 *   exec).  Then the nesting is right by construction: Perfetto and
 *   DevTools draw it as a tree, the child below its parent.
 * - Otherwise it takes the first free lane after its parent's (a root: the
 *   first free lane), or a new one.  A lane is free once the slice at the
 *   bottom of its stack has ended: a min-heap of those ends releases lanes
 *   as time goes on, a bitset finds the first free one.
 *
 * Costs: O(n log n) for n processes, 4 bytes per process (its lane) and a
 * little per lane; output goes through a 1 MiB buffer.
 *
 * Failed exec attempts are instant events on the process's lane
 * (ex_tries); environments are written as their difference from the one
 * before (the parent's at the fork, the previous exec's in a chain:
 * ex_env), only where they differ.
 */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "envtab.h"
#include "export.h"
#include "fmt.h"
#include "log.h"
#include "tracefile.h"
#include "xmalloc.h"

#define EX_FLUSH	(1024 * 1024)	/* write when the buffer holds this much */
#define EX_PID		1		/* the one Chrome process */
#define EX_NONE		UINT32_MAX	/* no lane yet */

struct ex_slot {
	int64_t end;
	uint32_t id;
};

struct ex_lane {
	struct ex_slot *stk;
	uint32_t n, alloc;
};

struct ex_heap {
	int64_t end;		/* when the lane's bottom slice ends */
	uint32_t lane;
};

struct ex {
	const struct ptree *pt;
	int fd;
	int err;		/* errno of a failed write, 0 while fine */
	struct buf out;
	struct buf tmp;
	int first;		/* no event written yet */
	int64_t shift;		/* added to every time: no negative ts */

	uint32_t *lane;		/* per process id */
	struct ex_lane *lanes;
	uint32_t nlanes, alloclanes;
	uint64_t *freebits;	/* bit set: lane is free */
	struct ex_heap *heap;
	uint32_t nheap;

	/* Scratch: one process's execs, oldest first, and when each starts. */
	const struct exec_rec **chain;
	int64_t *tchain;
	uint32_t allocchain, nchain;
	const struct node *chain_of;	/* whose they are (a cache) */
	const struct try_rec **tries;	/* scratch: one process's failed attempts */
	uint32_t alloctries;
	struct export_stats st;
};

/* ---- output ---------------------------------------------------------------- */

static void
ex_flush(struct ex *e)
{
	size_t off = 0;
	ssize_t n;

	while (off < e->out.len && e->err == 0) {
		n = write(e->fd, e->out.p + off, e->out.len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			e->err = n == 0 ? EIO : errno;
			break;
		}
		off += (size_t)n;
	}
	buf_clear(&e->out);
}

/* Decimal without printf: a million processes write tens of millions of numbers. */
static void
ex_int(struct buf *b, int64_t v)
{
	char s[24], *p = s + sizeof s;
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	buf_add(b, p, (size_t)(s + sizeof s - p));
}

/* ,"key": */
static void
ex_key(struct buf *b, const char *key)
{
	buf_addc(b, ',');
	buf_addc(b, '"');
	buf_adds(b, key);
	buf_adds(b, "\":");
}

static void
ex_key_int(struct buf *b, const char *key, int64_t v)
{
	ex_key(b, key);
	ex_int(b, v);
}

/*
 * Bytes as JSON, as the trace writes them (json_bytes): most arguments are
 * plain printable ASCII, copied at once; anything else goes the long way.
 */
static void
ex_bytes(struct buf *b, const char *s, size_t len)
{
	static unsigned char plain[256];
	const unsigned char *p = (const unsigned char *)s;
	size_t i;

	if (!plain['a']) {
		for (i = 0x20; i < 0x7f; i++)
			plain[i] = i != '"' && i != '\\';
	}
	for (i = 0; i < len && plain[p[i]]; i++)
		;
	if (i < len) {
		json_bytes(b, s, len);
		return;
	}
	buf_reserve(b, len + 2);
	b->p[b->len++] = '"';
	memcpy(b->p + b->len, s, len);
	b->len += len;
	b->p[b->len++] = '"';
	b->p[b->len] = '\0';
}

/* A JSON string that is always a string: text escaped as the tree shows it. */
static void
ex_text(struct ex *e, struct buf *b, const char *s, size_t len)
{
	buf_clear(&e->tmp);
	fmt_escape(&e->tmp, s, len, 0);
	json_bytes(b, e->tmp.p != NULL ? e->tmp.p : "", e->tmp.len);
}

static void
ex_argv(struct buf *b, const struct exec_rec *x)
{
	struct argv_buf a = { x->args, exec_arglen(x) };
	size_t pos = 0, len;
	const char *arg;
	int first = 1;

	buf_addc(b, '[');
	while ((arg = argv_next(&a, &pos, &len)) != NULL) {
		if (!first)
			buf_addc(b, ',');
		first = 0;
		ex_bytes(b, arg, len);
	}
	buf_addc(b, ']');
}

/* Start an event: ,\n{"ph":"X","pid":1,"tid":L,"ts":T */
static struct buf *
ex_event(struct ex *e, const char *ph, uint32_t lane, int64_t ts)
{
	struct buf *b = &e->out;

	if (!e->first)
		buf_addc(b, ',');
	e->first = 0;
	buf_adds(b, "\n{\"ph\":\"");
	buf_adds(b, ph);
	buf_addc(b, '"');
	ex_key_int(b, "pid", EX_PID);
	ex_key_int(b, "tid", (int64_t)lane + 1);
	ex_key_int(b, "ts", ts + e->shift);
	return b;
}

/* End an event; write the buffer out when it is full. */
static void
ex_event_end(struct ex *e)
{
	buf_addc(&e->out, '}');
	if (e->out.len >= EX_FLUSH)
		ex_flush(e);
}

/* ---- what a process shows ------------------------------------------------------ */

static int64_t
ex_end(const struct ex *e, const struct node *n)
{
	int64_t end = n->end_us >= 0 ? n->end_us : ptree_last_t(e->pt);

	return end < n->start_us ? n->start_us : end;
}

/* The program's name: argv[0]'s last component, or the exe's. */
static void
ex_name(struct ex *e, struct buf *b, const struct exec_rec *x)
{
	const char *s, *slash;
	size_t len;

	if (x == NULL) {
		json_bytes(b, "?", 1);
		return;
	}
	s = x->args;
	len = exec_arglen(x) > 0 ? strlen(s) : 0;
	if (len == 0) {
		s = ptree_str(e->pt, x->exe);
		len = strlen(s);
	}
	while (len > 1 && s[len - 1] == '/')
		len--;
	for (slash = s + len; slash > s && slash[-1] != '/'; slash--)
		;
	len -= (size_t)(slash - s);
	if (len == 0) {
		json_bytes(b, "?", 1);
		return;
	}
	ex_text(e, b, slash, len);
}

/* argv, exe, cwd of one exec, as members of an args object. */
static void
ex_exec_args(struct ex *e, struct buf *b, const struct exec_rec *x)
{
	const char *s;

	ex_key(b, "argv");
	ex_argv(b, x);
	if (*(s = ptree_str(e->pt, x->exe)) != '\0') {
		ex_key(b, "exe");
		ex_bytes(b, s, strlen(s));
	}
	if (*(s = ptree_str(e->pt, x->cwd)) != '\0') {
		ex_key(b, "cwd");
		ex_bytes(b, s, strlen(s));
	}
}

/*
 * The process's execs, oldest first, in e->chain, and when each starts in
 * e->tchain: within the process's slice and not before the exec before it.
 * The model keeps exec times in ms: they are rounded down, and clamped here
 * so that the nesting stays right.  Returns how many.
 */
static uint32_t
ex_chain(struct ex *e, const struct node *n)
{
	const struct exec_rec *x;
	int64_t t, lo = n->start_us, hi = ex_end(e, n);
	uint32_t k = 0, i;

	if (e->chain_of == n)
		return e->nchain;
	for (x = node_own_exec(n); x != NULL; x = exec_prev(x)) {
		if (k == e->allocchain) {
			e->allocchain = e->allocchain ? e->allocchain * 2 : 16;
			e->chain = xreallocarray(e->chain, e->allocchain, sizeof *e->chain);
			e->tchain = xreallocarray(e->tchain, e->allocchain, sizeof *e->tchain);
		}
		e->chain[k++] = x;
	}
	for (i = 0; i < k / 2; i++) {
		x = e->chain[i];
		e->chain[i] = e->chain[k - 1 - i];
		e->chain[k - 1 - i] = x;
	}
	for (i = 0; i < k; i++) {
		t = (int64_t)e->chain[i]->t_ms * 1000;
		lo = t > lo ? (t < hi ? t : hi) : lo;
		e->tchain[i] = lo;
	}
	e->chain_of = n;
	e->nchain = k;
	return k;
}

/* One list of ex_env: entries of a that b lacks (or has otherwise), as JSON. */
static int
ex_env_list(struct buf *b, const struct envtab *t, uint32_t a, uint32_t other, int changed,
    int names, int first_list, const char *key)
{
	size_t i, n = envtab_count(t, a), len, olen, nlen;
	const char *s, *o;
	int first = 1;

	for (i = 0; i < n; i++) {
		s = envtab_entry(t, a, i, &len);
		nlen = envtab_name_len(s, len);
		o = envtab_find(t, other, s, nlen, &olen);
		if (changed ? o == NULL || (olen == len && memcmp(o, s, len) == 0) : o != NULL)
			continue;
		if (first) {
			if (!first_list)
				buf_addc(b, ',');
			buf_addc(b, '"');
			buf_adds(b, key);
			buf_adds(b, "\":[");
		} else
			buf_addc(b, ',');
		first = 0;
		ex_bytes(b, s, names ? nlen : len);
	}
	if (!first)
		buf_addc(b, ']');
	return first;
}

/*
 * ,"env":{"added":[...],"changed":[...],"removed":[NAMES]}: how block mine
 * differs from theirs (the environment before), when both are recorded
 * and differ.
 */
static void
ex_env(struct ex *e, struct buf *b, uint32_t mine, uint32_t theirs)
{
	const struct envtab *t = ptree_env(e->pt);
	int none;

	if (mine == 0 || theirs == 0 || mine == theirs)
		return;
	ex_key(b, "env");
	buf_addc(b, '{');
	none = ex_env_list(b, t, mine, theirs, 0, 0, 1, "added");
	none &= ex_env_list(b, t, mine, theirs, 1, 0, none, "changed");
	ex_env_list(b, t, theirs, mine, 0, 1, none, "removed");
	buf_addc(b, '}');
}

/* The exec the parent was running when id started: where its environment came from. */
static const struct exec_rec *
ex_parent_exec(const struct ex *e, const struct node *n)
{
	const struct exec_rec *x;

	if (n->parent == 0)
		return NULL;
	for (x = ptree_node(e->pt, n->parent)->exec; x != NULL; x = exec_prev(x))
		if ((int64_t)x->t_ms * 1000 <= n->start_us)
			return x;
	return ptree_node(e->pt, n->parent)->exec;
}

static void
ex_process_args(struct ex *e, struct buf *b, uint32_t id, const struct node *n, uint32_t k)
{
	const struct exec_rec *x = ptree_shown_exec(e->pt, id);
	char state[48];

	buf_adds(b, ",\"args\":{\"id\":");
	ex_int(b, id);
	if (n->parent != 0)
		ex_key_int(b, "parent", n->parent);
	ex_key_int(b, "pid", n->pid);
	if (x != NULL)
		ex_exec_args(e, b, x);
	ex_key(b, "status");
	node_state(n, state, sizeof state, 1);
	json_bytes(b, state, strlen(state));
	if (n->flags & NODE_EXITED)
		ex_key_int(b, "exit_code", n->status);
	if (n->flags & NODE_SIGNALED) {
		ex_key(b, "signal");
		buf_addc(b, '"');
		buf_adds(b, signal_name(n->status));
		buf_addc(b, '"');
		ex_key(b, "core");
		buf_adds(b, (n->flags & NODE_CORE) ? "true" : "false");
	}
	if (ptree_has_usage(e->pt, n)) {
		ex_key_int(b, "cpu_user_ms", n->utime_ms);
		ex_key_int(b, "cpu_sys_ms", n->stime_ms);
		ex_key_int(b, "peak_rss_kb", n->maxrss_kb);
		ex_key_int(b, "threads", n->nthreads);
	}
	ex_key_int(b, "execs", k);
	if (x != NULL && !(n->flags & NODE_FORKED)) {
		const struct exec_rec *px = ex_parent_exec(e, n);

		ex_env(e, b, x->env, px != NULL ? px->env : 0);
	}
	if (n->flags & NODE_FORKED)
		buf_adds(b, ",\"forked\":true");
	if (n->flags & NODE_ATTACHED)
		buf_adds(b, ",\"attached\":true");
	buf_addc(b, '}');
}

/* An instant event on a lane ("ph":"i", thread scope). */
static struct buf *
ex_instant(struct ex *e, uint32_t lane, int64_t ts, const char *cat, const char *name)
{
	struct buf *b = ex_event(e, "i", lane, ts);

	buf_adds(b, ",\"s\":\"t\",\"cat\":\"");
	buf_adds(b, cat);
	buf_adds(b, "\",\"name\":");
	json_bytes(b, name, strlen(name));
	e->st.instants++;
	return b;
}

/*
 * Its failed exec attempts, oldest first: instant events named
 * "✗ NAME: ERRWORDS", at their time within its slice.
 */
static void
ex_tries(struct ex *e, uint32_t id, const struct node *n, uint32_t lane, int64_t end)
{
	const struct try_rec *r;
	struct argv_buf a;
	const char *name;
	struct buf *b;
	uint32_t ntries = 0, i;
	int64_t t;

	/* Newest first in the model: gather them, then write from the oldest. */
	for (r = ptree_tries(e->pt, id); r != NULL; r = r->next) {
		if (ntries == e->alloctries) {
			e->alloctries = e->alloctries ? e->alloctries * 2 : 16;
			e->tries = xreallocarray(e->tries, e->alloctries, sizeof *e->tries);
		}
		e->tries[ntries++] = r;
	}
	for (i = ntries; i-- > 0;) {
		r = e->tries[i];
		t = (int64_t)r->t_ms * 1000;
		t = t < n->start_us ? n->start_us : t > end ? end : t;
		buf_clear(&e->tmp);
		buf_adds(&e->tmp, "\xe2\x9c\x97 ");
		a.data = r->args;
		a.len = r->arglen;
		name = r->arglen > 0 && *r->args != '\0' ? r->args : ptree_str(e->pt, r->path);
		fmt_escape(&e->tmp, name, strlen(name), 0);
		buf_printf(&e->tmp, ": %s", try_err_words(r->err));
		b = ex_event(e, "i", lane, t);
		buf_adds(b, ",\"s\":\"t\",\"cat\":\"execfail\",\"name\":");
		json_bytes(b, e->tmp.p, e->tmp.len);
		buf_adds(b, ",\"args\":{\"id\":");
		ex_int(b, id);
		if (r->path != 0) {
			ex_key(b, "path");
			ex_bytes(b, ptree_str(e->pt, r->path), strlen(ptree_str(e->pt, r->path)));
		}
		ex_key(b, "argv");
		buf_addc(b, '[');
		{
			size_t pos = 0, len;
			const char *arg;
			int firstarg = 1;

			while ((arg = argv_next(&a, &pos, &len)) != NULL) {
				if (!firstarg)
					buf_addc(b, ',');
				firstarg = 0;
				ex_bytes(b, arg, len);
			}
		}
		buf_addc(b, ']');
		ex_key(b, "errno");
		buf_addc(b, '"');
		buf_adds(b, errno_name(r->err));
		buf_addc(b, '"');
		if (r->cut)
			buf_adds(b, ",\"cut\":true");
		buf_adds(b, "}}");
		e->st.instants++;
		if (e->out.len >= EX_FLUSH)
			ex_flush(e);
	}
}

/* Every event of one process: its slice, its execs, how it died. */
static void
ex_process(struct ex *e, uint32_t id, uint32_t lane)
{
	const struct node *n = ptree_node(e->pt, id);
	int64_t end = ex_end(e, n), t, next;
	struct buf *b;
	uint32_t k, i;

	k = ex_chain(e, n);
	b = ex_event(e, "X", lane, n->start_us);
	ex_key_int(b, "dur", end - n->start_us);
	buf_adds(b, ",\"cat\":\"process\",\"name\":");
	ex_name(e, b, ptree_shown_exec(e->pt, id));
	ex_process_args(e, b, id, n, k);
	ex_event_end(e);
	e->st.processes++;

	/* An exec chain: one slice per program it ran, inside the process's. */
	for (i = 0; k > 1 && i < k; i++) {
		t = e->tchain[i];
		next = i + 1 < k ? e->tchain[i + 1] : end;
		b = ex_event(e, "X", lane, t);
		ex_key_int(b, "dur", next - t);
		buf_adds(b, ",\"cat\":\"exec\",\"name\":");
		ex_name(e, b, e->chain[i]);
		buf_adds(b, ",\"args\":{\"id\":");
		ex_int(b, id);
		ex_key_int(b, "exec", i + 1);
		ex_exec_args(e, b, e->chain[i]);
		if (i > 0)
			ex_env(e, b, e->chain[i]->env, e->chain[i - 1]->env);
		buf_addc(b, '}');
		ex_event_end(e);
		e->st.execs++;
	}

	ex_tries(e, id, n, lane, end);
	if (n->flags & NODE_SIGNALED) {
		b = ex_instant(e, lane, end, "signal", signal_name(n->status));
		buf_adds(b, ",\"args\":{\"id\":");
		ex_int(b, id);
		buf_addc(b, '}');
		ex_event_end(e);
	}
}

/* ---- lanes ---------------------------------------------------------------------- */

static void
ex_heap_push(struct ex *e, int64_t end, uint32_t lane)
{
	uint32_t i = e->nheap++, up;

	while (i > 0 && e->heap[up = (i - 1) / 2].end > end) {
		e->heap[i] = e->heap[up];
		i = up;
	}
	e->heap[i].end = end;
	e->heap[i].lane = lane;
}

static void
ex_heap_pop(struct ex *e)
{
	struct ex_heap last = e->heap[--e->nheap];
	uint32_t i = 0, c;

	while ((c = 2 * i + 1) < e->nheap) {
		if (c + 1 < e->nheap && e->heap[c + 1].end < e->heap[c].end)
			c++;
		if (e->heap[c].end >= last.end)
			break;
		e->heap[i] = e->heap[c];
		i = c;
	}
	if (e->nheap > 0)
		e->heap[i] = last;
}

static void
ex_set_free(struct ex *e, uint32_t lane, int is_free)
{
	uint64_t bit = (uint64_t)1 << (lane % 64);

	if (is_free)
		e->freebits[lane / 64] |= bit;
	else
		e->freebits[lane / 64] &= ~bit;
}

/* Lanes whose bottom slice ended by t are free again. */
static void
ex_release(struct ex *e, int64_t t)
{
	uint32_t lane;

	while (e->nheap > 0 && e->heap[0].end <= t) {
		lane = e->heap[0].lane;
		ex_heap_pop(e);
		e->lanes[lane].n = 0;
		ex_set_free(e, lane, 1);
	}
}

/* The first free lane after lane `after` (EX_NONE: from 0), made if need be. */
static uint32_t
ex_free_lane(struct ex *e, uint32_t after)
{
	uint32_t from = after == EX_NONE ? 0 : after + 1, w, nwords;
	uint64_t bits;

	nwords = (e->nlanes + 63) / 64;
	for (w = from / 64; w < nwords; w++) {
		bits = e->freebits[w];
		if (w == from / 64)
			bits &= ~(uint64_t)0 << (from % 64);
		if (bits != 0)
			return w * 64 + (uint32_t)__builtin_ctzll(bits);
	}
	if (e->nlanes == e->alloclanes) {
		e->alloclanes = e->alloclanes ? e->alloclanes * 2 : 64;
		e->lanes = xreallocarray(e->lanes, e->alloclanes, sizeof *e->lanes);
		memset(e->lanes + e->nlanes, 0,
		    (e->alloclanes - e->nlanes) * sizeof *e->lanes);
		e->freebits = xreallocarray(e->freebits, e->alloclanes / 64, sizeof *e->freebits);
		memset(e->freebits + e->nlanes / 64, 0,
		    (e->alloclanes - e->nlanes) / 64 * sizeof *e->freebits);
		e->heap = xreallocarray(e->heap, e->alloclanes, sizeof *e->heap);
	}
	return e->nlanes++;
}

static void
ex_push(struct ex *e, uint32_t lane, uint32_t id, int64_t end)
{
	struct ex_lane *l = &e->lanes[lane];

	if (l->n == l->alloc) {
		l->alloc = l->alloc ? l->alloc * 2 : 8;
		l->stk = xreallocarray(l->stk, l->alloc, sizeof *l->stk);
	}
	l->stk[l->n].end = end;
	l->stk[l->n].id = id;
	l->n++;
}

/*
 * Where a child starting at t may end to nest under process id: the end
 * of the part of id's slice that t falls in (its exec slices, and the gap
 * before the first, are parts of their own).
 */
static int64_t
ex_nest_limit(struct ex *e, uint32_t id, int64_t t)
{
	const struct node *n = ptree_node(e->pt, id);
	uint32_t k = ex_chain(e, n), lo = 0, hi = k, mid;

	if (k <= 1)
		return ex_end(e, n);
	/* The first exec that starts after t (they are in order): binary search. */
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (e->tchain[mid] > t)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo < k ? e->tchain[lo] : ex_end(e, n);
}

/* Put process id on a lane; returns the lane. */
static uint32_t
ex_place(struct ex *e, uint32_t id)
{
	const struct node *n = ptree_node(e->pt, id);
	int64_t start = n->start_us, end = ex_end(e, n);
	uint32_t lp = n->parent != 0 ? e->lane[n->parent] : EX_NONE, lane;
	struct ex_lane *l;

	ex_release(e, start);
	if (lp != EX_NONE) {
		l = &e->lanes[lp];
		while (l->n > 0 && l->stk[l->n - 1].end <= start)
			l->n--;
		if (l->n > 0 && l->stk[l->n - 1].id == n->parent &&
		    end <= ex_nest_limit(e, n->parent, start)) {
			ex_push(e, lp, id, end);
			e->st.nested++;
			return lp;
		}
	}
	lane = ex_free_lane(e, lp);
	ex_set_free(e, lane, 0);
	e->lanes[lane].n = 0;
	ex_push(e, lane, id, end);
	ex_heap_push(e, end, lane);
	return lane;
}

/* ---- the file ------------------------------------------------------------------- */

static int
ex_cmp(const void *a, const void *b, void *arg)
{
	const struct ptree *pt = arg;
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
	int64_t sx = ptree_node(pt, x)->start_us, sy = ptree_node(pt, y)->start_us;

	if (sx != sy)
		return sx < sy ? -1 : 1;
	return x < y ? -1 : x > y;
}

/* Processes in start order: NULL when the id order is it (the usual case). */
static uint32_t *
ex_order(const struct ptree *pt, int64_t *min_start)
{
	uint32_t size = ptree_size(pt), id, *order;
	int64_t prev = INT64_MIN, s;
	int sorted = 1;

	*min_start = 0;
	for (id = 1; id <= size; id++) {
		s = ptree_node(pt, id)->start_us;
		if (s < prev)
			sorted = 0;
		if (s < *min_start)
			*min_start = s;
		prev = s;
	}
	if (sorted)
		return NULL;
	order = xreallocarray(NULL, size, sizeof *order);
	for (id = 1; id <= size; id++)
		order[id - 1] = id;
	qsort_r(order, size, sizeof *order, ex_cmp, (void *)pt);
	return order;
}

static void
ex_header(struct ex *e)
{
	const struct trace_info *info = ptree_info(e->pt);
	struct buf *b = &e->out;
	size_t pos = 0, len;
	const char *a;
	int first = 1;

	buf_adds(b, "{\"displayTimeUnit\":\"ms\",\"otherData\":{\"producer\":\"ptop "
	    PACKAGE_VERSION "\",\"mode\":");
	buf_adds(b, info->mode == TRACE_ATTACH ? "\"attach\"" : "\"launch\"");
	ex_key(b, "command");
	buf_addc(b, '[');
	while ((a = argv_next(&info->argv, &pos, &len)) != NULL) {
		if (!first)
			buf_addc(b, ',');
		first = 0;
		json_bytes(b, a, len);
	}
	buf_addc(b, ']');
	if (info->cwd != NULL) {
		ex_key(b, "cwd");
		json_bytes(b, info->cwd, strlen(info->cwd));
	}
	ex_key(b, "start");
	buf_printf(b, "%.6f", info->start);
	ex_key_int(b, "ts_offset_us", e->shift);
	ex_key_int(b, "processes", ptree_size(e->pt));
	buf_adds(b, "},\"traceEvents\":[");

	/* The Chrome process: the command. */
	b = ex_event(e, "M", 0, 0);
	buf_adds(b, ",\"name\":\"process_name\",\"args\":{\"name\":");
	buf_clear(&e->tmp);
	buf_adds(&e->tmp, info->mode == TRACE_ATTACH ? "ptop -p " : "ptop: ");
	fmt_argv(&e->tmp, &info->argv, 0);
	json_bytes(b, e->tmp.p, e->tmp.len);
	buf_addc(b, '}');
	ex_event_end(e);
}

/* Names and order of the lanes, once all are known. */
static void
ex_lane_names(struct ex *e)
{
	struct buf *b;
	uint32_t i;

	for (i = 0; i < e->nlanes; i++) {
		b = ex_event(e, "M", i, 0);
		buf_adds(b, ",\"name\":\"thread_name\",\"args\":{\"name\":\"lane ");
		ex_int(b, (int64_t)i + 1);
		buf_adds(b, "\"}");
		ex_event_end(e);
		b = ex_event(e, "M", i, 0);
		buf_adds(b, ",\"name\":\"thread_sort_index\",\"args\":{\"sort_index\":");
		ex_int(b, i);
		buf_addc(b, '}');
		ex_event_end(e);
	}
}

int
export_chrome(int fd, const struct ptree *pt, struct export_stats *stats)
{
	struct ex e;
	uint32_t size = ptree_size(pt), i, id, *order;
	int64_t min_start;

	memset(&e, 0, sizeof e);
	e.pt = pt;
	e.fd = fd;
	e.first = 1;
	buf_reserve(&e.out, EX_FLUSH + 64 * 1024);
	order = ex_order(pt, &min_start);
	e.shift = -min_start;
	e.lane = xreallocarray(NULL, (size_t)size + 1, sizeof *e.lane);
	for (i = 0; i <= size; i++)
		e.lane[i] = EX_NONE;

	ex_header(&e);
	for (i = 0; i < size && e.err == 0; i++) {
		id = order != NULL ? order[i] : i + 1;
		e.lane[id] = ex_place(&e, id);
		ex_process(&e, id, e.lane[id]);
	}
	ex_lane_names(&e);
	buf_adds(&e.out, "\n]}\n");
	ex_flush(&e);

	e.st.lanes = e.nlanes;
	if (stats != NULL)
		*stats = e.st;
	for (i = 0; i < e.nlanes; i++)
		free(e.lanes[i].stk);
	free(e.lanes);
	free(e.freebits);
	free(e.heap);
	free(e.lane);
	free(e.chain);
	free(e.tchain);
	free(e.tries);
	free(order);
	buf_free(&e.out);
	buf_free(&e.tmp);
	if (e.err != 0) {
		errno = e.err;
		return -1;
	}
	return 0;
}

int
export_chrome_output(struct output *o, const struct ptree *pt)
{
	if (o->fd == -1)
		return 0;
	if (export_chrome(o->fd, pt, NULL) != 0) {
		log_warn("cannot write the Chrome trace '%s'", o->path);
		output_discard(o);	/* half a JSON document is of no use */
		return -1;
	}
	if (close(o->fd) != 0) {
		log_warn("closing the Chrome trace '%s'", o->path);
		o->fd = -1;
		output_close(o);
		return -1;
	}
	o->fd = -1;
	return output_close(o);
}
