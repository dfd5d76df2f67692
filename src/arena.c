/*
 * arena.c: a chain of 1 MiB chunks; objects bigger than a quarter chunk get
 * a chunk of their own so a huge argv does not waste the current one.
 */
#include "config.h"

#include <stdalign.h>
#include <stdlib.h>

#include "arena.h"
#include "xmalloc.h"

#define ARENA_CHUNK (1024 * 1024)
/* Enough for pointers and 64-bit integers; max_align_t (16) wastes memory. */
#define ARENA_ALIGN 8

struct arena_chunk {
	struct arena_chunk *next;
	alignas(max_align_t) char data[];
};

void
arena_init(struct arena *a)
{
	a->chunks = NULL;
	a->cur = NULL;
	a->left = 0;
	a->total = 0;
	a->used = 0;
}

void
arena_free(struct arena *a)
{
	struct arena_chunk *c, *next;

	for (c = a->chunks; c != NULL; c = next) {
		next = c->next;
		free(c);
	}
	arena_init(a);
}

static struct arena_chunk *
arena_chunk_new(struct arena *a, size_t size)
{
	struct arena_chunk *c = xmalloc(sizeof *c + size);

	a->total += sizeof *c + size;
	return c;
}

void *
arena_alloc(struct arena *a, size_t size)
{
	const size_t align = ARENA_ALIGN;
	struct arena_chunk *c;
	void *p;

	size = (size + align - 1) & ~(align - 1);
	a->used += size;
	if (size > ARENA_CHUNK / 4) {
		/* Own chunk, linked behind the current one. */
		c = arena_chunk_new(a, size);
		if (a->chunks != NULL) {
			c->next = a->chunks->next;
			a->chunks->next = c;
		} else {
			c->next = NULL;
			a->chunks = c;
		}
		return c->data;
	}
	if (size > a->left) {
		c = arena_chunk_new(a, ARENA_CHUNK);
		c->next = a->chunks;
		a->chunks = c;
		a->cur = c->data;
		a->left = ARENA_CHUNK;
	}
	p = a->cur;
	a->cur += size;
	a->left -= size;
	return p;
}
