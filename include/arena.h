/*
 * arena: bump allocation for data that lives as long as its owner (tree
 * text, exec records).  Nothing is freed singly; arena_free() drops it all.
 */
#ifndef PTOP_ARENA_H
#define PTOP_ARENA_H

#include <stddef.h>

struct arena_chunk;

struct arena {
	struct arena_chunk *chunks;
	char *cur;
	size_t left;
	size_t total;	/* bytes obtained from malloc */
	size_t used;	/* bytes handed out, alignment included */
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);
/* size bytes aligned for any object. */
void *arena_alloc(struct arena *a, size_t size);

#endif
