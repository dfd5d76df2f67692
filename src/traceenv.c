/*
 * traceenv.c: rebuilding a trace's environments.  See traceenv.h.
 *
 * Items are encoded as 'e' + 32-bit length + bytes (an entry of its own)
 * or 'r' + two 32-bit indexes (a run of the base's entries).  A process's
 * environment is a refcounted blob its children share until they exec.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "traceenv.h"
#include "xmalloc.h"

struct traceenv_blob {
	unsigned refs;
	size_t count;		/* entries */
	size_t len;
	char data[];
};

static struct traceenv_blob *
blob_ref(struct traceenv_blob *b)
{
	if (b != NULL)
		b->refs++;
	return b;
}

static void
blob_unref(struct traceenv_blob *b)
{
	if (b != NULL && --b->refs == 0)
		free(b);
}

void
traceenv_add_entry(struct buf *items, const char *s, size_t len)
{
	uint32_t n = (uint32_t)len;

	buf_addc(items, 'e');
	buf_add(items, &n, sizeof n);
	buf_add(items, s, len);
}

void
traceenv_set_entry_len(char *item, size_t len)
{
	uint32_t n = (uint32_t)len;

	memcpy(item + 1, &n, sizeof n);
}

void
traceenv_add_run(struct buf *items, uint32_t first, uint32_t last)
{
	buf_addc(items, 'r');
	buf_add(items, &first, sizeof first);
	buf_add(items, &last, sizeof last);
}

static void
traceenv_grow(struct traceenv *e, uint32_t id)
{
	uint32_t old = e->alloc;

	if (id < e->alloc)
		return;
	while (e->alloc <= id)
		e->alloc = e->alloc ? e->alloc * 2 : 1024;
	e->by_id = xreallocarray(e->by_id, e->alloc, sizeof *e->by_id);
	memset(e->by_id + old, 0, (size_t)(e->alloc - old) * sizeof *e->by_id);
}

void
traceenv_free(struct traceenv *e)
{
	uint32_t i;

	for (i = 0; i < e->alloc; i++)
		blob_unref(e->by_id[i]);
	blob_unref(e->pending);
	free(e->by_id);
	free(e->base_off);
	free(e->base_len);
	buf_free(&e->out);
	memset(e, 0, sizeof *e);
}

void
traceenv_spawn(struct traceenv *e, uint32_t id, uint32_t parent)
{
	traceenv_grow(e, id);
	blob_unref(e->by_id[id]);
	e->by_id[id] = parent != 0 && parent < e->alloc ? blob_ref(e->by_id[parent]) : NULL;
}

void
traceenv_end(struct traceenv *e, uint32_t id)
{
	if (id < e->alloc) {
		blob_unref(e->by_id[id]);
		e->by_id[id] = NULL;
	}
}

/* Split the base into its entries. */
static size_t
traceenv_split(struct traceenv *e, const struct traceenv_blob *b)
{
	struct argv_buf a;
	size_t pos = 0, len, n = 0;
	const char *s;

	if (b == NULL)
		return 0;
	a.data = b->data;
	a.len = b->len;
	while ((s = argv_next(&a, &pos, &len)) != NULL) {
		if (n == e->base_alloc) {
			e->base_alloc = e->base_alloc ? e->base_alloc * 2 : 128;
			e->base_off = xreallocarray(e->base_off, e->base_alloc, sizeof *e->base_off);
			e->base_len = xreallocarray(e->base_len, e->base_alloc, sizeof *e->base_len);
		}
		e->base_off[n] = (size_t)(s - b->data);
		e->base_len[n++] = len;
	}
	return n;
}

int
traceenv_apply(struct traceenv *e, uint32_t id, const char *items, size_t len,
    struct event *ev, char *why, size_t whysize)
{
	struct traceenv_blob *base, *nb;
	const char *p = items, *end = items + len;
	uint32_t n32, a, z, k;
	size_t nbase, runs = 0, lits = 0, entries = 0;
	int whole = 0;

	traceenv_grow(e, id);
	base = e->by_id[id];
	if (base != NULL && len == 1 + 2 * sizeof a && items[0] == 'r') {
		/* "[[0,N-1]]", most execs: the base as it is, neither split nor copied. */
		memcpy(&a, p + 1, sizeof a);
		memcpy(&z, p + 1 + sizeof a, sizeof z);
		if (a == 0 && (size_t)z + 1 == base->count) {
			ev->env = ev->env_base = (struct argv_buf){ base->data, base->len };
			ev->has_env_base = ev->env_same = 1;
			return 0;
		}
	}
	nbase = traceenv_split(e, base);
	buf_clear(&e->out);
	while (p < end) {
		if (*p == 'e') {
			memcpy(&n32, p + 1, sizeof n32);
			buf_add(&e->out, p + 1 + sizeof n32, n32);
			buf_addc(&e->out, '\0');
			p += 1 + sizeof n32 + n32;
			lits++;
			continue;
		}
		memcpy(&a, p + 1, sizeof a);
		memcpy(&z, p + 1 + sizeof a, sizeof z);
		p += 1 + 2 * sizeof a;
		if (a > z || z >= nbase) {
			snprintf(why, whysize, "\"env\" refers to entry %u of an environment of %zu",
			    z, nbase);
			return -1;
		}
		whole = runs == 0 && lits == 0 && a == 0 && z + 1 == nbase;
		entries += z - a + 1;
		for (k = a; k <= z; k++) {
			buf_add(&e->out, base->data + e->base_off[k], e->base_len[k]);
			buf_addc(&e->out, '\0');
		}
		runs++;
	}
	ev->env.data = e->out.p != NULL ? e->out.p : "";
	ev->env.len = e->out.len;
	ev->has_env_base = base != NULL;
	if (base != NULL)
		ev->env_base = (struct argv_buf){ base->data, base->len };
	ev->env_same = base != NULL && runs == 1 && lits == 0 && whole;
	if (ev->env_same)
		return 0;
	/* Its environment from now on (base stays alive in ev until the caller is done). */
	nb = xmalloc(sizeof *nb + e->out.len);
	nb->refs = 1;
	nb->count = lits + entries;
	nb->len = e->out.len;
	memcpy(nb->data, e->out.p, e->out.len);
	e->by_id[id] = nb;
	if (base != NULL) {
		/* ev->env_base points into it: keep it until the next call. */
		blob_unref(e->pending);
		e->pending = base;
	}
	return 0;
}
