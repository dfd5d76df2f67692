/*
 * profile.c: processes grouped by program.  See profile.h.
 *
 * Invariants:
 * - groups[] holds one entry per program seen, found by name through
 *   an open-addressing table (ghash, indexes + 1, 0 empty); bysid[] maps
 *   an exe's interned string id to its group (+ 1) for the common case.
 * - A group's totals count the processes that ended; its ivals[] are the
 *   disjoint intervals their lifetimes cover, sorted, and covered_us
 *   their total length; once the trace has ended, covered_us alone (the
 *   intervals are freed: nothing more can merge with them).
 * - run[] is the set of processes running (open addressing, 0 empty,
 *   deleted by shifting back the entries after it).
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "hash.h"
#include "profile.h"
#include "xmalloc.h"

struct prof_ival {
	int64_t s, e;
};

struct prof_group {
	const char *name;
	size_t namelen;
	uint32_t hash;
	uint32_t count, failed;
	int64_t wall_us, covered_us, cpu_us;
	uint32_t maxrss_kb;
	struct prof_ival *ivals;
	size_t nivals, allocivals;
};

struct profile {
	const struct ptree *pt;
	struct prof_group *groups;
	size_t ngroups, allocgroups;
	uint32_t *ghash;
	size_t ghashsize;	/* power of two */
	uint32_t *bysid;
	size_t nbysid;
	uint32_t *run;		/* running ids */
	size_t nrun, runsize;	/* runsize: power of two, or 0 */
	struct profile_row *rows;
	size_t allocrows;
	int64_t *minstart;	/* per group, scratch for rows */
	int defer;		/* profile_defer: unions at the end, from closed[] */
	uint8_t *closed;	/* defer: a bit for each process counted (ids 0..nclosed-1) */
	size_t nclosed;
};

static const char *const prof_col_names[PROF_NCOLS] = {
	"PROGRAM", "COUNT", "FAILED", "WALL", "COVERED", "CPU", "MAXRSS",
};

const char *
profile_col_name(enum profile_col col)
{
	return col < PROF_NCOLS ? prof_col_names[col] : "";
}

struct profile *
profile_new(const struct ptree *pt)
{
	struct profile *p = xcalloc(1, sizeof *p);

	p->pt = pt;
	p->ghashsize = 64;
	p->ghash = xcalloc(p->ghashsize, sizeof *p->ghash);
	return p;
}

void
profile_free(struct profile *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->ngroups; i++)
		free(p->groups[i].ivals);
	free(p->groups);
	free(p->ghash);
	free(p->bysid);
	free(p->run);
	free(p->rows);
	free(p->minstart);
	free(p->closed);
	free(p);
}

void
profile_defer(struct profile *p)
{
	p->defer = 1;
}

size_t
profile_memory(const struct profile *p)
{
	size_t i, m = sizeof *p + p->allocgroups * sizeof *p->groups +
	    p->ghashsize * sizeof *p->ghash + p->nbysid * sizeof *p->bysid +
	    p->runsize * sizeof *p->run + p->allocrows * (sizeof *p->rows + sizeof *p->minstart);

	for (i = 0; i < p->ngroups; i++)
		m += p->groups[i].allocivals * sizeof *p->groups[i].ivals;
	return m + p->nclosed / 8;
}

/* ---- what a process ran ------------------------------------------------------ */

static const char *
prof_basename(const char *s, size_t len, size_t *out)
{
	const char *slash = NULL, *q;

	for (q = s; q < s + len; q++)
		if (*q == '/' && q + 1 < s + len)
			slash = q;
	if (slash != NULL) {
		*out = len - (size_t)(slash + 1 - s);
		return slash + 1;
	}
	*out = len;
	return s;
}

const char *
profile_program(const struct ptree *pt, uint32_t id, size_t *len)
{
	const struct node *n = ptree_node(pt, id);
	const struct exec_rec *x = n != NULL ? n->exec : NULL;
	const char *s, *slash;

	if (x == NULL) {
		*len = 1;
		return "?";
	}
	if (x->exe != 0) {
		/* An exe is an absolute path: never empty, never ending in '/'. */
		s = ptree_str(pt, x->exe);
		if ((slash = strrchr(s, '/')) != NULL && slash[1] != '\0')
			s = slash + 1;
		*len = strlen(s);
		return s;
	}
	if (exec_arglen(x) > 0 && x->args[0] != '\0')
		return prof_basename(x->args, strnlen(x->args, exec_arglen(x)), len);
	*len = 1;
	return "?";
}

/* Its children that ended no later than it did: those it may have waited for. */
static int
prof_waited(const struct node *n, const struct node *c)
{
	return (c->flags & (NODE_EXITED | NODE_SIGNALED)) && c->end_us <= n->end_us;
}

int64_t
profile_own_cpu(const struct ptree *pt, uint32_t id)
{
	const struct node *n = ptree_node(pt, id), *cn;
	int64_t cpu = ((int64_t)n->utime_ms + n->stime_ms) * 1000;
	uint32_t c;

	if (!(n->flags & (NODE_EXITED | NODE_SIGNALED)))
		return 0;
	for (c = ptree_first_child(pt, id); c != 0 && cpu > 0; c = ptree_next(pt, c)) {
		cn = ptree_node(pt, c);
		if (prof_waited(n, cn))
			cpu -= ((int64_t)cn->utime_ms + cn->stime_ms) * 1000;
	}
	return cpu > 0 ? cpu : 0;
}

uint32_t
profile_own_rss(const struct ptree *pt, uint32_t id)
{
	const struct node *n = ptree_node(pt, id), *cn;
	uint32_t c;

	if (!(n->flags & (NODE_EXITED | NODE_SIGNALED)))
		return 0;
	for (c = ptree_first_child(pt, id); c != 0; c = ptree_next(pt, c)) {
		cn = ptree_node(pt, c);
		if (prof_waited(n, cn) && cn->maxrss_kb >= n->maxrss_kb)
			return 0;	/* the peak may be the child's */
	}
	return n->maxrss_kb;
}

/* ---- groups ------------------------------------------------------------------------ */

static void
prof_rehash(struct profile *p)
{
	size_t i, j, mask;

	free(p->ghash);
	p->ghashsize *= 2;
	mask = p->ghashsize - 1;
	p->ghash = xcalloc(p->ghashsize, sizeof *p->ghash);
	for (i = 0; i < p->ngroups; i++) {
		for (j = p->groups[i].hash & mask; p->ghash[j] != 0; j = (j + 1) & mask)
			;
		p->ghash[j] = (uint32_t)i + 1;
	}
}

/* The group of a program name, made if new. */
static uint32_t
prof_group(struct profile *p, const char *name, size_t len)
{
	uint32_t h = hash_bytes(name, len), g;
	size_t j, mask = p->ghashsize - 1;
	struct prof_group *gr;

	for (j = h & mask; (g = p->ghash[j]) != 0; j = (j + 1) & mask) {
		gr = &p->groups[g - 1];
		if (gr->hash == h && gr->namelen == len && memcmp(gr->name, name, len) == 0)
			return g - 1;
	}
	if (p->ngroups == p->allocgroups) {
		p->allocgroups = p->allocgroups ? p->allocgroups * 2 : 16;
		p->groups = xreallocarray(p->groups, p->allocgroups, sizeof *p->groups);
	}
	gr = &p->groups[p->ngroups];
	memset(gr, 0, sizeof *gr);
	gr->name = name;
	gr->namelen = len;
	gr->hash = h;
	p->ghash[j] = (uint32_t)++p->ngroups;
	if (p->ngroups * 2 > p->ghashsize)
		prof_rehash(p);
	return (uint32_t)p->ngroups - 1;
}

/* The group of process id; exe names are looked up by string id first. */
static uint32_t
prof_group_of(struct profile *p, uint32_t id)
{
	const struct node *n = ptree_node(p->pt, id);
	const char *name;
	size_t len, old;
	uint32_t sid = 0, g;

	if (n->exec != NULL)
		sid = n->exec->exe;
	if (sid != 0 && sid < p->nbysid && p->bysid[sid] != 0)
		return p->bysid[sid] - 1;
	name = profile_program(p->pt, id, &len);
	g = prof_group(p, name, len);
	if (sid != 0) {
		if (sid >= p->nbysid) {
			old = p->nbysid;
			p->nbysid = sid + 1 > 2 * old ? sid + 1 : 2 * old;
			p->bysid = xreallocarray(p->bysid, p->nbysid, sizeof *p->bysid);
			memset(p->bysid + old, 0, (p->nbysid - old) * sizeof *p->bysid);
		}
		p->bysid[sid] = g + 1;
	}
	return g;
}

/* First interval of g ending at or after t. */
static size_t
prof_ival_from(const struct prof_group *g, int64_t t)
{
	size_t lo = 0, hi = g->nivals, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (g->ivals[mid].e < t)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/*
 * Add [s, e] to the union.  Processes end in time order, so the new one
 * usually merges with the last intervals only; the general case (a trace
 * out of order) moves the tail.
 */
static void
prof_ival_add(struct prof_group *g, int64_t s, int64_t e)
{
	size_t lo = prof_ival_from(g, s), hi = lo, i;

	while (hi < g->nivals && g->ivals[hi].s <= e)
		hi++;
	if (hi > lo) {
		/* [lo, hi) overlap it: one interval now. */
		if (g->ivals[lo].s < s)
			s = g->ivals[lo].s;
		if (g->ivals[hi - 1].e > e)
			e = g->ivals[hi - 1].e;
		for (i = lo; i < hi; i++)
			g->covered_us -= g->ivals[i].e - g->ivals[i].s;
		memmove(g->ivals + lo + 1, g->ivals + hi, (g->nivals - hi) * sizeof *g->ivals);
		g->nivals -= hi - lo - 1;
	} else {
		if (g->nivals == g->allocivals) {
			g->allocivals = g->allocivals ? g->allocivals * 2 : 4;
			g->ivals = xreallocarray(g->ivals, g->allocivals, sizeof *g->ivals);
		}
		memmove(g->ivals + lo + 1, g->ivals + lo, (g->nivals - lo) * sizeof *g->ivals);
		g->nivals++;
	}
	g->ivals[lo].s = s;
	g->ivals[lo].e = e;
	g->covered_us += e - s;
}

/* ---- the running set --------------------------------------------------------------- */

static size_t
prof_run_slot(const struct profile *p, uint32_t id)
{
	size_t mask = p->runsize - 1, j;

	for (j = (id * 2654435761u) & mask; p->run[j] != 0 && p->run[j] != id; j = (j + 1) & mask)
		;
	return j;
}

static void
prof_run_add(struct profile *p, uint32_t id)
{
	uint32_t *old = p->run;
	size_t oldsize = p->runsize, i;

	if ((p->nrun + 1) * 2 > p->runsize) {
		p->runsize = p->runsize ? p->runsize * 2 : 64;
		p->run = xcalloc(p->runsize, sizeof *p->run);
		for (i = 0; i < oldsize; i++)
			if (old[i] != 0)
				p->run[prof_run_slot(p, old[i])] = old[i];
		free(old);
	}
	i = prof_run_slot(p, id);
	if (p->run[i] == 0) {
		p->run[i] = id;
		p->nrun++;
	}
}

/* Remove id; 1 if it was there. */
static int
prof_run_del(struct profile *p, uint32_t id)
{
	size_t mask = p->runsize - 1, i, j, home;

	if (p->runsize == 0 || p->run[i = prof_run_slot(p, id)] != id)
		return 0;
	p->run[i] = 0;
	p->nrun--;
	/* Shift back the entries that probed past the hole. */
	for (j = (i + 1) & mask; p->run[j] != 0; j = (j + 1) & mask) {
		home = (p->run[j] * 2654435761u) & mask;
		if ((j > i && (home <= i || home > j)) || (j < i && home <= i && home > j)) {
			p->run[i] = p->run[j];
			p->run[j] = 0;
			i = j;
		}
	}
	return 1;
}

/* ---- the sink ------------------------------------------------------------------------- */

/* Process id's lifetime: from its start to its end (its start, if it has none). */
static void
prof_life(const struct profile *p, uint32_t id, int64_t *s, int64_t *e)
{
	const struct node *n = ptree_node(p->pt, id);

	*s = n->start_us;
	*e = n->end_us >= n->start_us ? n->end_us : n->start_us;
}

/* A process ended: add it to its program's totals. */
static void
prof_close(struct profile *p, uint32_t id)
{
	const struct node *n = ptree_node(p->pt, id);
	uint32_t k = prof_group_of(p, id);	/* may move groups[] */
	struct prof_group *g = &p->groups[k];
	int64_t start, end;
	uint32_t rss;

	prof_life(p, id, &start, &end);
	g->count++;
	g->failed += node_is_bad(n);
	g->wall_us += end - start;
	g->cpu_us += profile_own_cpu(p->pt, id);
	if ((rss = profile_own_rss(p->pt, id)) > g->maxrss_kb)
		g->maxrss_kb = rss;
	if (!p->defer) {
		prof_ival_add(g, start, end);
		return;
	}
	if (id >= p->nclosed) {
		size_t old = p->nclosed / 8, want = (id / 8 + 1) * 2;

		p->closed = xreallocarray(p->closed, want, 1);
		memset(p->closed + old, 0, want - old);
		p->nclosed = want * 8;
	}
	p->closed[id / 8] |= (uint8_t)(1u << (id % 8));
}

/*
 * profile_defer, at the end: each group's union in one pass over the
 * processes counted, by id, which is their start order in a trace ptop
 * wrote (a group whose processes came out of that order gets intervals,
 * the general way, from a second pass).  A process's group is found again
 * from the tree, as prof_close found it: what it ran no longer changes.
 * A bit a process, not the 16 bytes of an interval: at a million runs of
 * programs that never overlap, 125 KB instead of 16 MB while loading.
 */
static void
prof_unions(struct profile *p)
{
	struct { int64_t s, e; int odd; } *cur;
	int64_t s, e;
	size_t id, k, nodd = 0, ng = p->ngroups;	/* every counted process has its group */

	if (ng == 0)
		return;
	cur = xcalloc(ng, sizeof *cur);
	for (k = 0; k < ng; k++)
		cur[k].s = cur[k].e = INT64_MIN;
	for (id = 1; id < p->nclosed; id++) {
		if (!(p->closed[id / 8] & (1u << (id % 8))) ||
		    (k = prof_group_of(p, (uint32_t)id)) >= ng || cur[k].odd)
			continue;
		prof_life(p, (uint32_t)id, &s, &e);
		if (cur[k].s != INT64_MIN && s < cur[k].s) {
			cur[k].odd = 1;	/* counted again from nothing below */
			p->groups[k].covered_us = 0;
			nodd++;
			continue;
		}
		if (cur[k].s == INT64_MIN || s > cur[k].e) {
			if (cur[k].s != INT64_MIN)
				p->groups[k].covered_us += cur[k].e - cur[k].s;
			cur[k].s = s;
			cur[k].e = e;
		} else if (e > cur[k].e)
			cur[k].e = e;
	}
	for (k = 0; k < ng; k++)
		if (!cur[k].odd && cur[k].s != INT64_MIN)
			p->groups[k].covered_us += cur[k].e - cur[k].s;
	for (id = 1; nodd > 0 && id < p->nclosed; id++) {
		if (!(p->closed[id / 8] & (1u << (id % 8))) ||
		    (k = prof_group_of(p, (uint32_t)id)) >= ng || !cur[k].odd)
			continue;
		prof_life(p, (uint32_t)id, &s, &e);
		prof_ival_add(&p->groups[k], s, e);
	}
	free(cur);
	free(p->closed);
	p->closed = NULL;
	p->nclosed = 0;
}

static void
prof_event(void *ctx, const struct event *ev)
{
	struct profile *p = ctx;
	const struct node *n;

	if (ev->id == 0 || ev->id > ptree_size(p->pt))
		return;
	n = ptree_node(p->pt, ev->id);
	switch (ev->kind) {
	case EV_SPAWN:
	case EV_ATTACH:
		if (n->flags & NODE_RUNNING)
			prof_run_add(p, ev->id);
		break;
	case EV_EXIT:
	case EV_DETACH:
		/* Only once, and only if the tree took it. */
		if (!(n->flags & NODE_RUNNING) && prof_run_del(p, ev->id))
			prof_close(p, ev->id);
		break;
	default:
		break;
	}
}

/* The tree marked what still ran as lost: they end now. */
static void
prof_end(void *ctx)
{
	struct profile *p = ctx;
	struct prof_group *g;
	size_t i;

	for (i = 0; i < p->runsize; i++)
		if (p->run[i] != 0 && !(ptree_node(p->pt, p->run[i])->flags & NODE_RUNNING))
			prof_close(p, p->run[i]);
	if (p->run != NULL)
		memset(p->run, 0, p->runsize * sizeof *p->run);
	p->nrun = 0;
	if (p->defer)
		prof_unions(p);
	/*
	 * Nothing more runs or starts: covered_us is final, and the intervals
	 * were kept only to merge later ones and to add running processes to
	 * the union (prof_covered_with).  Give them back (a program whose runs
	 * never overlap has one a process: 16 MB at a million processes).
	 */
	for (i = 0; i < p->ngroups; i++) {
		g = &p->groups[i];
		free(g->ivals);
		g->ivals = NULL;
		g->nivals = g->allocivals = 0;
	}
}

struct sink
profile_sink(struct profile *p)
{
	struct sink s = {
		.begin = NULL,
		.event = prof_event,
		.end = prof_end,
		.ctx = p,
	};
	return s;
}

/* ---- rows ------------------------------------------------------------------------------ */

static enum profile_col prof_sort_col;
static int prof_sort_desc;

static int64_t
prof_key(const struct profile_row *r, enum profile_col col)
{
	switch (col) {
	case PROF_COUNT: return r->count;
	case PROF_FAILED: return r->failed;
	case PROF_WALL: return r->wall_us;
	case PROF_COVERED: return r->covered_us;
	case PROF_CPU: return r->cpu_us;
	case PROF_RSS: return r->maxrss_kb;
	default: return 0;
	}
}

static int
prof_name_cmp(const struct profile_row *a, const struct profile_row *b)
{
	size_t n = a->namelen < b->namelen ? a->namelen : b->namelen;
	int c = memcmp(a->name, b->name, n);

	return c != 0 ? c : (a->namelen > b->namelen) - (a->namelen < b->namelen);
}

static int
prof_cmp(const void *va, const void *vb)
{
	const struct profile_row *a = va, *b = vb;
	int64_t ka, kb;
	int c;

	if (prof_sort_col == PROF_NAME) {
		c = prof_name_cmp(a, b);
		return prof_sort_desc ? -c : c;
	}
	ka = prof_key(a, prof_sort_col);
	kb = prof_key(b, prof_sort_col);
	if (ka != kb)
		return (ka < kb) == prof_sort_desc ? 1 : -1;
	return prof_name_cmp(a, b);
}

/* The union of g's intervals with [s, now], without changing them. */
static int64_t
prof_covered_with(const struct prof_group *g, int64_t s, int64_t now)
{
	int64_t covered = g->covered_us;
	size_t i = prof_ival_from(g, s);

	if (now < s)
		now = s;
	if (i < g->nivals && g->ivals[i].s < s)
		s = g->ivals[i].s;
	for (; i < g->nivals; i++) {
		covered -= g->ivals[i].e - g->ivals[i].s;
		if (g->ivals[i].e > now)
			now = g->ivals[i].e;
	}
	return covered + (now - s);
}

const struct profile_row *
profile_rows(struct profile *p, int64_t now, enum profile_col col, int desc, size_t *n)
{
	const struct prof_group *g;
	struct profile_row *r;
	const struct node *nd;
	size_t i, ng;
	uint32_t k, id;

	/* Running processes first: they may name programs not seen yet. */
	for (i = 0; i < p->runsize; i++)
		if (p->run[i] != 0)
			prof_group_of(p, p->run[i]);
	ng = p->ngroups;
	if (ng > p->allocrows) {
		p->allocrows = ng;
		p->rows = xreallocarray(p->rows, ng, sizeof *p->rows);
		p->minstart = xreallocarray(p->minstart, ng, sizeof *p->minstart);
	}
	for (i = 0; i < ng; i++) {
		g = &p->groups[i];
		r = &p->rows[i];
		r->name = g->name;
		r->namelen = g->namelen;
		r->count = g->count;
		r->failed = g->failed;
		r->running = 0;
		r->wall_us = g->wall_us;
		r->covered_us = g->covered_us;
		r->cpu_us = g->cpu_us;
		r->maxrss_kb = g->maxrss_kb;
		p->minstart[i] = INT64_MAX;
	}
	for (i = 0; i < p->runsize; i++) {
		if ((id = p->run[i]) == 0)
			continue;
		k = prof_group_of(p, id);
		nd = ptree_node(p->pt, id);
		r = &p->rows[k];
		r->count++;
		r->running++;
		r->wall_us += now > nd->start_us ? now - nd->start_us : 0;
		if (nd->start_us < p->minstart[k])
			p->minstart[k] = nd->start_us;
	}
	for (i = 0; i < ng; i++)
		if (p->rows[i].running > 0)
			p->rows[i].covered_us = prof_covered_with(&p->groups[i], p->minstart[i], now);
	prof_sort_col = col;
	prof_sort_desc = desc;
	if (ng > 1)
		qsort(p->rows, ng, sizeof *p->rows, prof_cmp);
	*n = ng;
	return p->rows;
}
