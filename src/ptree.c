/*
 * ptree.c: the process tree model, built from events.
 *
 * Invariants:
 * - nodes[0] is the virtual root; nodes[1..size] are processes by id.
 * - children form a circular singly linked list through next_sibling; the
 *   parent's last_child points at the newest child, whose next_sibling is
 *   the oldest.  Appending and walking in creation order are both O(1) a step.
 * - ndesc, nrunning, nbad, span_end_ms and the totals are kept on every
 *   ancestor (the root, 0, too) as nodes appear and end, so a collapsed
 *   subtree's summary costs nothing to draw.  Updates walk up the
 *   ancestors: O(depth) per spawn or exit, plus O(children) once, at a
 *   process's end, for the CPU its figure already holds (see ptree.h).
 */
#include "config.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <errno.h>

#include "arena.h"
#include "envtab.h"
#include "fmt.h"
#include "log.h"
#include "ptree.h"
#include "xmalloc.h"

struct ptree {
	struct node *nodes;
	struct node_totals *totals;	/* beside nodes, as many */
	uint32_t size;		/* highest id in use */
	uint32_t alloc;		/* nodes allocated, including the root */

	struct arena text;	/* exec records and interned strings */
	struct envtab *env;	/* environments */

	/* Failed exec attempts: id -> newest attempt (open addressing, ids != 0). */
	struct try_slot {
		uint32_t id;
		struct try_rec *tries;
	} *tryslots;
	uint32_t ntries, trysize;

	/* stdio triples (string ids of fds 0-2), interned; [0] = not recorded. */
	uint32_t (*stdio)[3];
	uint32_t nstdio, allocstdio;
	uint32_t *stdiohash;
	uint32_t stdiohashsize;

	/* String interning: open addressing, ids index strs[]. */
	const char **strs;	/* strs[0] = "" */
	uint32_t nstrs, allocstrs;
	uint32_t *strhash;	/* 0 = empty slot, else string id */
	uint32_t hashsize;	/* power of two */

	struct ptree_stats stats;
	struct trace_info info;
	char *info_argv;
	char *info_cwd;
	int64_t last_t;
	int finished;
	uint64_t struct_gen, data_gen;
	uint64_t exec_gen;		/* execs and attaches: what argv a node shows */
};

struct ptree *
ptree_new(void)
{
	struct ptree *pt = xcalloc(1, sizeof *pt);

	pt->alloc = 1024;
	pt->nodes = xcalloc(pt->alloc, sizeof *pt->nodes);
	pt->totals = xcalloc(pt->alloc, sizeof *pt->totals);
	pt->nodes[0].end_us = -1;
	arena_init(&pt->text);
	pt->env = envtab_new();
	pt->allocstrs = 64;
	pt->strs = xcalloc(pt->allocstrs, sizeof *pt->strs);
	pt->strs[0] = "";
	pt->nstrs = 1;
	pt->hashsize = 128;
	pt->strhash = xcalloc(pt->hashsize, sizeof *pt->strhash);
	return pt;
}

void
ptree_free(struct ptree *pt)
{
	if (pt == NULL)
		return;
	arena_free(&pt->text);
	envtab_free(pt->env);
	free(pt->tryslots);
	free(pt->stdio);
	free(pt->stdiohash);
	free(pt->nodes);
	free(pt->totals);
	free(pt->strs);
	free(pt->strhash);
	free(pt->info_argv);
	free(pt->info_cwd);
	free(pt);
}

/* FNV-1a: short strings, good spread, no dependencies. */
static uint32_t
ptree_hash(const char *s)
{
	uint32_t h = 2166136261u;

	while (*s != '\0')
		h = (h ^ (unsigned char)*s++) * 16777619u;
	return h;
}

static void
ptree_rehash(struct ptree *pt)
{
	uint32_t i, j, mask;

	free(pt->strhash);
	pt->hashsize *= 2;
	mask = pt->hashsize - 1;
	pt->strhash = xcalloc(pt->hashsize, sizeof *pt->strhash);
	for (i = 1; i < pt->nstrs; i++) {
		for (j = ptree_hash(pt->strs[i]) & mask; pt->strhash[j] != 0; j = (j + 1) & mask)
			;
		pt->strhash[j] = i;
	}
}

/* Intern s; returns its id (0 for NULL or ""). */
static uint32_t
ptree_intern(struct ptree *pt, const char *s)
{
	uint32_t j, mask, id;
	size_t len;
	char *copy;

	if (s == NULL || *s == '\0')
		return 0;
	mask = pt->hashsize - 1;
	for (j = ptree_hash(s) & mask; pt->strhash[j] != 0; j = (j + 1) & mask)
		if (strcmp(pt->strs[pt->strhash[j]], s) == 0)
			return pt->strhash[j];
	len = strlen(s) + 1;
	copy = arena_alloc(&pt->text, len);
	memcpy(copy, s, len);
	if (pt->nstrs == pt->allocstrs) {
		pt->allocstrs *= 2;
		pt->strs = xreallocarray(pt->strs, pt->allocstrs, sizeof *pt->strs);
	}
	id = pt->nstrs++;
	pt->strs[id] = copy;
	pt->strhash[j] = id;
	if (pt->nstrs * 2 > pt->hashsize)
		ptree_rehash(pt);
	return id;
}

const char *
ptree_str(const struct ptree *pt, uint32_t sid)
{
	return sid < pt->nstrs ? pt->strs[sid] : "";
}

uint32_t
ptree_size(const struct ptree *pt)
{
	return pt->size;
}

struct node *
ptree_node(const struct ptree *pt, uint32_t id)
{
	return id <= pt->size ? &pt->nodes[id] : NULL;
}

uint32_t
ptree_first_child(const struct ptree *pt, uint32_t id)
{
	uint32_t last = pt->nodes[id].last_child;

	return last != 0 ? pt->nodes[last].next_sibling : 0;
}

uint32_t
ptree_next(const struct ptree *pt, uint32_t id)
{
	uint32_t parent = pt->nodes[id].parent;

	return pt->nodes[parent].last_child == id ? 0 : pt->nodes[id].next_sibling;
}

const struct node_totals *
ptree_totals(const struct ptree *pt, uint32_t id)
{
	return &pt->totals[id <= pt->size ? id : 0];
}

unsigned
ptree_depth(const struct ptree *pt, uint32_t id)
{
	unsigned d = 0;

	for (; id != 0; id = pt->nodes[id].parent)
		d++;
	return d;
}

const struct exec_rec *
ptree_shown_exec(const struct ptree *pt, uint32_t id)
{
	return pt->nodes[id].exec;
}

const char *
node_state(const struct node *n, char *out, size_t size, int with_core)
{
	if (n->flags & NODE_RUNNING)
		snprintf(out, size, "running");
	else if (n->flags & NODE_SIGNALED)
		snprintf(out, size, "%s%s", signal_name(n->status),
		    with_core && (n->flags & NODE_CORE) ? " (core)" : "");
	else if (n->flags & NODE_EXITED)
		snprintf(out, size, n->status == 0 ? "ok" : "exit %d", n->status);
	else if (n->flags & NODE_DETACHED)
		snprintf(out, size, "detached");
	else
		snprintf(out, size, "lost");
	return out;
}

int
node_is_bad(const struct node *n)
{
	return (n->flags & NODE_SIGNALED) ||
	    ((n->flags & NODE_EXITED) && n->status != 0);
}

int
ptree_has_usage(const struct ptree *pt, const struct node *n)
{
	return (n->flags & (NODE_EXITED | NODE_SIGNALED)) && !pt->info.from_strace;
}

const struct ptree_stats *
ptree_stats(const struct ptree *pt)
{
	return &pt->stats;
}

const struct trace_info *
ptree_info(const struct ptree *pt)
{
	return &pt->info;
}

int64_t
ptree_last_t(const struct ptree *pt)
{
	return pt->last_t;
}

int
ptree_finished(const struct ptree *pt)
{
	return pt->finished;
}

uint64_t
ptree_struct_gen(const struct ptree *pt)
{
	return pt->struct_gen;
}

uint64_t
ptree_data_gen(const struct ptree *pt)
{
	return pt->data_gen;
}

uint64_t
ptree_exec_gen(const struct ptree *pt)
{
	return pt->exec_gen;
}

size_t
ptree_memory(const struct ptree *pt)
{
	/*
	 * What is touched: nodes past size and the unused tail of the
	 * current text chunk cost address space, not memory.
	 */
	return sizeof *pt + ((size_t)pt->size + 1) * (sizeof *pt->nodes + sizeof *pt->totals) +
	    pt->text.used +
	    (size_t)pt->allocstrs * sizeof *pt->strs +
	    (size_t)pt->hashsize * sizeof *pt->strhash + envtab_memory(pt->env) +
	    (size_t)pt->trysize * sizeof *pt->tryslots +
	    (size_t)pt->allocstdio * sizeof *pt->stdio + (size_t)pt->stdiohashsize * sizeof(uint32_t);
}

/* Saturating conversion for the compact fields. */
static uint32_t
clamp_u32(int64_t v)
{
	return v < 0 ? 0 : v > UINT32_MAX ? UINT32_MAX : (uint32_t)v;
}

static uint16_t
clamp_u16(int64_t v)
{
	return v < 0 ? 0 : v > UINT16_MAX ? UINT16_MAX : (uint16_t)v;
}

const struct exec_rec *
exec_prev(const struct exec_rec *x)
{
	if (!(x->arglen & EXEC_HAS_PREV))
		return NULL;
	return ((const struct exec_rec *const *)(const void *)x)[-1];
}

/* The highest id spawned before x (with EXEC_HAS_SEQ): in the slot before exec_prev's. */
static uint32_t
exec_seq(const struct exec_rec *x)
{
	const char *p = (const char *)x - sizeof(uint64_t);
	uint64_t seq;

	if (x->arglen & EXEC_HAS_PREV)
		p -= sizeof(struct exec_rec *);
	memcpy(&seq, p, sizeof seq);
	return (uint32_t)seq;
}

/*
 * The latest of the parent's own execs before id's spawn: by id where the
 * exec keeps one, else by time (an exec in an earlier millisecond, or in
 * the same one when no child was spawned in it before the exec).  None:
 * id was forked before its parent's first exec, so it got what its parent
 * was forked with.
 */
const struct exec_rec *
ptree_forked_with(const struct ptree *pt, uint32_t id)
{
	const struct exec_rec *x;
	const struct node *n, *p;

	while (id != 0 && id <= pt->size && (n = &pt->nodes[id])->parent != 0) {
		p = &pt->nodes[n->parent];
		for (x = node_own_exec(p); x != NULL; x = exec_prev(x))
			if ((x->arglen & EXEC_HAS_SEQ) ? exec_seq(x) < id :
			    (int64_t)x->t_ms * 1000 <= n->start_us)
				return x;
		if (p->flags & (NODE_FORKED | NODE_ATTACHED))
			return p->exec;	/* never exec'd; or what ptop saw at attach */
		id = n->parent;
	}
	return NULL;
}

static uint32_t
ptree_stdio_hash(const uint32_t t[3])
{
	return (t[0] * 2654435761u) ^ (t[1] * 40503u) ^ (t[2] * 2246822519u);
}

/* The interned triple of where fds 0-2 pointed; 0 when the event says nothing. */
static uint32_t
ptree_stdio_id(struct ptree *pt, const struct event *ev)
{
	uint32_t t[3], j, mask, id, i;

	if (!ev->has_fds)
		return 0;
	for (i = 0; i < 3; i++)
		t[i] = ptree_intern(pt, ev->fd[i]);
	if (pt->stdiohashsize == 0) {
		pt->stdiohashsize = 256;
		pt->stdiohash = xcalloc(pt->stdiohashsize, sizeof *pt->stdiohash);
		pt->allocstdio = 64;
		pt->stdio = xcalloc(pt->allocstdio, sizeof *pt->stdio);
		pt->nstdio = 1;
	}
	mask = pt->stdiohashsize - 1;
	for (j = ptree_stdio_hash(t) & mask; (id = pt->stdiohash[j]) != 0; j = (j + 1) & mask)
		if (memcmp(pt->stdio[id], t, sizeof t) == 0)
			return id;
	if (pt->nstdio == pt->allocstdio) {
		pt->allocstdio *= 2;
		pt->stdio = xreallocarray(pt->stdio, pt->allocstdio, sizeof *pt->stdio);
	}
	id = pt->nstdio++;
	memcpy(pt->stdio[id], t, sizeof t);
	pt->stdiohash[j] = id;
	if (pt->nstdio * 2 > pt->stdiohashsize) {
		free(pt->stdiohash);
		pt->stdiohashsize *= 2;
		mask = pt->stdiohashsize - 1;
		pt->stdiohash = xcalloc(pt->stdiohashsize, sizeof *pt->stdiohash);
		for (i = 1; i < pt->nstdio; i++) {
			for (j = ptree_stdio_hash(pt->stdio[i]) & mask; pt->stdiohash[j] != 0;
			    j = (j + 1) & mask)
				;
			pt->stdiohash[j] = i;
		}
	}
	return id;
}

uint32_t
ptree_stdio(const struct ptree *pt, uint32_t stdio, int fd)
{
	return stdio != 0 && stdio < pt->nstdio && fd >= 0 && fd < 3 ? pt->stdio[stdio][fd] : 0;
}

/* The slot of id's attempts (its id 0 when it has none yet). */
static struct try_slot *
ptree_try_slot(const struct ptree *pt, uint32_t id)
{
	uint32_t j, mask;

	if (pt->trysize == 0)
		return NULL;
	mask = pt->trysize - 1;
	for (j = (id * 2654435761u) & mask; pt->tryslots[j].id != 0; j = (j + 1) & mask)
		if (pt->tryslots[j].id == id)
			break;
	return &pt->tryslots[j];
}

const struct try_rec *
ptree_tries(const struct ptree *pt, uint32_t id)
{
	const struct try_slot *t = ptree_try_slot(pt, id);

	return t != NULL && t->id == id ? t->tries : NULL;
}

/*
 * The environment block of an exec: the one it had before when the
 * producer says they are the same bytes (no hashing: the common case), a
 * block of its own otherwise.  base is the exec it had before: its own
 * previous one, or the one it was forked with.
 */
static uint32_t
ptree_exec_env(struct ptree *pt, const struct event *ev, const struct exec_rec *base)
{
	if (ev->env.data == NULL)
		return 0;
	if (ev->has_env_base && ev->env_same && base != NULL && base->env != 0)
		return base->env;
	return envtab_intern(pt->env, &ev->env, base != NULL ? base->env : 0);
}

/*
 * with_seq: a child of the process was spawned in this exec's millisecond
 * (before it): keep the highest id spawned so far, which tells them apart.
 */
static struct exec_rec *
ptree_new_exec(struct ptree *pt, const struct event *ev, const struct exec_rec *prev,
    const struct exec_rec *env_base, int with_seq)
{
	size_t before = (prev != NULL ? sizeof prev : 0) + (with_seq ? sizeof(uint64_t) : 0);
	uint64_t seq = pt->size;
	struct exec_rec *x;
	size_t i;
	char *p;

	if (ev->argv.len > ~EXEC_FLAGS)
		return NULL;	/* 512 MiB of argv: the kernel allows far less */
	p = arena_alloc(&pt->text, before + sizeof *x + ev->argv.len);
	if (with_seq)
		memcpy(p, &seq, sizeof seq);
	if (prev != NULL)
		memcpy(p + before - sizeof prev, &prev, sizeof prev);
	x = (struct exec_rec *)(void *)(p + before);
	x->t_ms = clamp_u32(ev->t_us / 1000);
	x->exe = ptree_intern(pt, ev->exe);
	x->cwd = ptree_intern(pt, ev->cwd);
	x->env = ptree_exec_env(pt, ev, env_base);
	x->stdio = ptree_stdio_id(pt, ev);
	x->arglen = (uint32_t)ev->argv.len | (prev != NULL ? EXEC_HAS_PREV : 0) |
	    (with_seq ? EXEC_HAS_SEQ : 0);
	if (ev->argv.len != 0)
		memcpy(x->args, ev->argv.data, ev->argv.len);
	for (i = 0; i < ev->argv.len; i++) {
		if (x->args[i] >= 'A' && x->args[i] <= 'Z') {
			x->arglen |= EXEC_HAS_UPPER;
			break;
		}
	}
	return x;
}

/* A new node: every ancestor has one more descendant, and one more running. */
static void
ptree_count_up(struct ptree *pt, uint32_t id)
{
	do {
		id = pt->nodes[id].parent;
		pt->nodes[id].ndesc++;
		pt->nodes[id].nrunning++;
	} while (id != 0);
}

static int
ptree_add(struct ptree *pt, const struct event *ev)
{
	struct node *n, *p;

	if (ev->id != pt->size + 1 || ev->parent > pt->size)
		return -1;
	if (ev->id >= pt->alloc) {
		pt->alloc *= 2;
		pt->nodes = xreallocarray(pt->nodes, pt->alloc, sizeof *pt->nodes);
		pt->totals = xreallocarray(pt->totals, pt->alloc, sizeof *pt->totals);
	}
	pt->size = ev->id;
	n = &pt->nodes[ev->id];
	memset(n, 0, sizeof *n);
	memset(&pt->totals[ev->id], 0, sizeof pt->totals[ev->id]);
	n->parent = ev->parent;
	n->pid = ev->pid;
	n->flags = NODE_RUNNING;
	n->start_us = ev->t_us;
	n->end_us = -1;
	n->nthreads = 1;

	p = &pt->nodes[ev->parent];
	/* Until it execs it runs what its parent ran at the fork. */
	if (p->exec != NULL) {
		n->exec = p->exec;
		n->flags |= NODE_FORKED;
	}
	if (p->last_child == 0) {
		n->next_sibling = ev->id;
	} else {
		n->next_sibling = pt->nodes[p->last_child].next_sibling;
		pt->nodes[p->last_child].next_sibling = ev->id;
	}
	p->last_child = ev->id;
	ptree_count_up(pt, ev->id);

	pt->stats.total++;
	pt->stats.running++;
	pt->struct_gen++;
	return 0;
}

/* CPU of a node that ended: user plus system (0 while it runs, or unknown). */
static uint64_t
ptree_cpu_ms(const struct node *n)
{
	return (n->flags & (NODE_EXITED | NODE_SIGNALED)) ?
	    (uint64_t)n->utime_ms + n->stime_ms : 0;
}

static uint32_t
ptree_add_sat(uint32_t a, uint64_t b)
{
	return (uint64_t)a + b > UINT32_MAX ? UINT32_MAX : (uint32_t)(a + b);
}

/*
 * id just ended: add the CPU it brings to the subtree totals (its own less
 * its children that ended before it, which it waited for) and its peak RSS,
 * on it and every ancestor.
 */
static void
ptree_count_totals(struct ptree *pt, uint32_t id)
{
	struct node *n = &pt->nodes[id];
	uint64_t own = ptree_cpu_ms(n), reaped = 0;
	uint32_t c, a, rss = n->maxrss_kb;

	for (c = ptree_first_child(pt, id); c != 0 && reaped < own; c = ptree_next(pt, c))
		if (!(pt->nodes[c].flags & NODE_RUNNING))
			reaped += ptree_cpu_ms(&pt->nodes[c]);
	own = own > reaped ? own - reaped : 0;
	a = id;
	for (;;) {
		if (own > 0)
			pt->totals[a].cpu_ms = ptree_add_sat(pt->totals[a].cpu_ms, own);
		if (pt->totals[a].maxrss_kb < rss)
			pt->totals[a].maxrss_kb = rss;
		else if (own == 0)
			break;	/* nothing more to add above */
		if (a == 0)
			break;
		a = pt->nodes[a].parent;
	}
}

static int
ptree_end(struct ptree *pt, const struct event *ev, uint8_t flags)
{
	struct node *n;
	uint32_t a, end_ms = clamp_u32(ev->t_us / 1000);
	int bad;

	if (ev->id == 0 || ev->id > pt->size)
		return -1;
	n = &pt->nodes[ev->id];
	if (!(n->flags & NODE_RUNNING))
		return -1;
	n->flags = (n->flags & ~NODE_RUNNING) | flags;
	n->end_us = ev->t_us;
	pt->stats.running--;
	bad = node_is_bad(n);
	a = ev->id;
	do {
		a = pt->nodes[a].parent;
		pt->nodes[a].nrunning--;
		pt->nodes[a].nbad += bad;
		if (pt->nodes[a].span_end_ms < end_ms)
			pt->nodes[a].span_end_ms = end_ms;
	} while (a != 0);
	ptree_count_totals(pt, ev->id);
	pt->data_gen++;
	return 0;
}

static void
ptree_add_try(struct ptree *pt, uint32_t id, const struct event *ev)
{
	struct try_slot *slot, *old;
	struct try_rec *r;
	size_t len = ev->argv.len > UINT32_MAX ? 0 : ev->argv.len;
	uint32_t i, oldsize;

	if ((pt->ntries + 1) * 2 > pt->trysize) {
		old = pt->tryslots;
		oldsize = pt->trysize;
		pt->trysize = pt->trysize ? pt->trysize * 2 : 64;
		pt->tryslots = xcalloc(pt->trysize, sizeof *pt->tryslots);
		for (i = 0; i < oldsize; i++)
			if (old[i].id != 0)
				*ptree_try_slot(pt, old[i].id) = old[i];
		free(old);
	}
	slot = ptree_try_slot(pt, id);
	if (slot->id == 0) {
		slot->id = id;
		pt->ntries++;
	}
	r = arena_alloc(&pt->text, sizeof *r + len);
	r->next = slot->tries;
	r->t_ms = clamp_u32(ev->t_us / 1000);
	r->path = ptree_intern(pt, ev->path);
	r->err = clamp_u16(ev->err);
	r->cut = ev->cut != 0 || len != ev->argv.len;
	r->then_exec = 0;
	r->arglen = (uint32_t)len;
	if (len > 0)
		memcpy(r->args, ev->argv.data, len);
	slot->tries = r;
}

const struct try_rec *
ptree_exec_failure(const struct ptree *pt, uint32_t id)
{
	const struct try_rec *r, *best = NULL;

	for (r = ptree_tries(pt, id); r != NULL && !r->then_exec; r = r->next)
		if (best == NULL || (best->err == ENOENT && r->err != ENOENT))
			best = r;
	return best;
}

const char *
try_err_words(int err)
{
	switch (err) {
	case ENOENT: return "not found";
	case EACCES: return "permission denied";
	case ENOEXEC: return "exec format error";
	case ENOTDIR: return "a path component is not a directory";
	case E2BIG: return "argument list too long";
	case ELOOP: return "too many symbolic links";
	case ENAMETOOLONG: return "name too long";
	case ETXTBSY: return "text file busy";
	case EISDIR: return "is a directory";
	case EFAULT: return "bad address";
	case ENOMEM: return "out of memory";
	default: return strerror(err);
	}
}

int
ptree_failure_note(const struct ptree *pt, uint32_t id, struct buf *b, int ascii,
    int fmt_flags)
{
	const struct try_rec *r = ptree_exec_failure(pt, id);
	const char *name, *slash;
	size_t len = 0;

	if (r == NULL)
		return 0;
	name = ptree_str(pt, r->path);
	if (*name == '\0' && r->arglen > 0)
		name = r->args;		/* argv[0]: the path could not be read */
	if ((slash = strrchr(name, '/')) != NULL && slash[1] != '\0')
		name = slash + 1;
	len = strlen(name);
	buf_adds(b, ascii ? "x " : "\xe2\x9c\x97 ");
	fmt_escape(b, name, len, fmt_flags);
	buf_printf(b, ": %s", try_err_words(r->err));
	return 1;
}

const struct envtab *
ptree_env(const struct ptree *pt)
{
	return pt->env;
}

int
ptree_apply(struct ptree *pt, const struct event *ev)
{
	struct exec_rec *x;
	struct try_rec *tr;
	struct node *n;
	int seq;

	if (ev->t_us > pt->last_t)
		pt->last_t = ev->t_us;
	switch (ev->kind) {
	case EV_SPAWN:
		return ptree_add(pt, ev);
	case EV_ATTACH:
		if (ptree_add(pt, ev) != 0)
			return -1;
		n = &pt->nodes[ev->id];
		n->flags |= NODE_ATTACHED;
		if (ev->started != 0)
			n->start_us = (int64_t)((ev->started - pt->info.start) * 1e6);
		if ((x = ptree_new_exec(pt, ev, NULL, NULL, 0)) != NULL) {
			n->exec = x;	/* what /proc said, its own */
			n->flags &= ~NODE_FORKED;
		}
		pt->exec_gen++;
		pt->stats.attached++;
		return 0;
	case EV_EXEC:
		if (ev->id == 0 || ev->id > pt->size)
			return -1;
		n = &pt->nodes[ev->id];
		/* Its environment came from its own last exec, or with the fork. */
		seq = n->last_child != 0 &&
		    pt->nodes[n->last_child].start_us >= (int64_t)clamp_u32(ev->t_us / 1000) * 1000;
		if ((x = ptree_new_exec(pt, ev, node_own_exec(n), n->exec, seq)) == NULL)
			return -1;
		n->exec = x;
		n->flags &= ~NODE_FORKED;
		n->pid = ev->pid;
		if ((tr = (struct try_rec *)ptree_tries(pt, ev->id)) != NULL)
			tr->then_exec = 1;	/* the attempts so far led here */
		pt->exec_gen++;
		pt->data_gen++;
		return 0;
	case EV_THREADS:
		if (ev->id == 0 || ev->id > pt->size)
			return -1;
		pt->nodes[ev->id].nthreads = clamp_u16(ev->nthreads);
		pt->data_gen++;
		return 0;
	case EV_EXIT:
		if (ev->id == 0 || ev->id > pt->size)
			return -1;
		n = &pt->nodes[ev->id];
		if (!(n->flags & NODE_RUNNING))
			return -1;
		n->status = (uint8_t)(ev->signal != 0 ? ev->signal : ev->code);
		n->utime_ms = clamp_u32(ev->utime_us / 1000);
		n->stime_ms = clamp_u32(ev->stime_us / 1000);
		n->maxrss_kb = clamp_u32(ev->maxrss_kb);
		if (ev->nthreads > 0)
			n->nthreads = clamp_u16(ev->nthreads);
		if (ev->signal != 0) {
			if (ptree_end(pt, ev, NODE_SIGNALED | (ev->core ? NODE_CORE : 0)) != 0)
				return -1;
			pt->stats.signaled++;
		} else {
			if (ptree_end(pt, ev, NODE_EXITED) != 0)
				return -1;
			if (ev->code != 0)
				pt->stats.failed++;
		}
		return 0;
	case EV_DETACH:
		return ptree_end(pt, ev, NODE_DETACHED);
	case EV_EXECFAIL:
		if (ev->id == 0 || ev->id > pt->size)
			return -1;
		ptree_add_try(pt, ev->id, ev);
		pt->data_gen++;
		return 0;
	}
	return -1;
}

static void
ptree_sink_begin(void *ctx, const struct trace_info *info)
{
	struct ptree *pt = ctx;

	free(pt->info_argv);
	free(pt->info_cwd);
	pt->info = *info;
	pt->info_argv = xmemdup(info->argv.data, info->argv.len);
	pt->info.argv.data = pt->info_argv;
	pt->info_cwd = info->cwd != NULL ? xstrdup(info->cwd) : NULL;
	pt->info.cwd = pt->info_cwd;
}

static void
ptree_sink_event(void *ctx, const struct event *ev)
{
	if (ptree_apply(ctx, ev) != 0)
		log_debug("ptree: event %d for id %u ignored", ev->kind, ev->id);
}

/* The trace is over: whatever still runs was never seen to end. */
static void
ptree_sink_end(void *ctx)
{
	struct ptree *pt = ctx;
	struct event ev;
	uint32_t id;

	memset(&ev, 0, sizeof ev);
	ev.t_us = pt->last_t;
	for (id = 1; id <= pt->size; id++) {
		if (pt->nodes[id].flags & NODE_RUNNING) {
			ev.id = id;
			ptree_end(pt, &ev, NODE_LOST);
		}
	}
	pt->finished = 1;
	pt->data_gen++;
}

struct sink
ptree_sink(struct ptree *pt)
{
	struct sink s = {
		.begin = ptree_sink_begin,
		.event = ptree_sink_event,
		.end = ptree_sink_end,
		.ctx = pt,
	};
	return s;
}
