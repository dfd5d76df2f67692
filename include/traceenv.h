/*
 * traceenv: the environments of a trace being read.  A trace writes an
 * exec's environment as items against the one the process had before (its
 * own previous exec's, or its parent's when it forked): entries of that
 * one by index or by runs, and entries of its own (doc/trace-format.md).
 * The reader's parser threads encode the items (traceenv_add_*); the
 * thread that applies records in order rebuilds the whole environment,
 * keeping each live process's for what comes next.
 */
#ifndef PTOP_TRACEENV_H
#define PTOP_TRACEENV_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "event.h"

/* Items, encoded into a buffer by the parser threads. */
void traceenv_add_entry(struct buf *items, const char *s, size_t len);
/* Set the length of an entry added empty, whose bytes were appended after it. */
void traceenv_set_entry_len(char *item, size_t len);
void traceenv_add_run(struct buf *items, uint32_t first, uint32_t last);

struct traceenv_blob;

struct traceenv {
	struct traceenv_blob **by_id;	/* each live id's environment, or NULL */
	struct traceenv_blob *pending;	/* the last base replaced: ev->env_base still points in */
	uint32_t alloc;
	struct buf out;			/* the environment being rebuilt */
	size_t *base_off, *base_len;	/* the entries of its base */
	size_t base_alloc;
};

void traceenv_free(struct traceenv *e);
/* A new process has its parent's environment (parent 0: none known). */
void traceenv_spawn(struct traceenv *e, uint32_t id, uint32_t parent);
/* The process ended: nothing will need its environment any more. */
void traceenv_end(struct traceenv *e, uint32_t id);
/*
 * An exec's (or attach's) items: the whole environment into ev (valid
 * until the next call), with its base and whether they are the same.
 * -1 with why filled when an item refers to an entry the base lacks.
 */
int traceenv_apply(struct traceenv *e, uint32_t id, const char *items, size_t len,
    struct event *ev, char *why, size_t whysize);

#endif
