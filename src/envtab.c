/*
 * envtab.c: interned environments.  See envtab.h.
 *
 * Two open-addressing tables (FNV-1a hashes, linear probing, power-of-two
 * sizes, at most half full): entries by their bytes, blocks by their list
 * of entry ids.  Both live in one arena; the id arrays index them.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "envtab.h"
#include "xmalloc.h"

struct env_entry {
	uint32_t len;
	char bytes[];		/* NUL-terminated */
};

struct env_block {
	uint32_t count;
	uint32_t ids[];		/* entry ids */
};

struct envtab {
	struct arena mem;
	const struct env_entry **entries;	/* by id; [0] unused */
	uint32_t nentries, allocentries;
	uint32_t *entry_hash;			/* 0 = empty, else entry id */
	uint32_t entry_hashsize;
	const struct env_block **blocks;	/* by id; [0] = not recorded */
	uint32_t nblocks, allocblocks;
	uint32_t *block_hash;
	uint32_t block_hashsize;
	uint32_t *scratch;			/* ids of the block being interned */
	size_t allocscratch;
};

struct envtab *
envtab_new(void)
{
	struct envtab *t = xcalloc(1, sizeof *t);

	arena_init(&t->mem);
	t->allocentries = t->allocblocks = 64;
	t->entries = xcalloc(t->allocentries, sizeof *t->entries);
	t->blocks = xcalloc(t->allocblocks, sizeof *t->blocks);
	t->nentries = t->nblocks = 1;
	t->entry_hashsize = t->block_hashsize = 128;
	t->entry_hash = xcalloc(t->entry_hashsize, sizeof *t->entry_hash);
	t->block_hash = xcalloc(t->block_hashsize, sizeof *t->block_hash);
	return t;
}

void
envtab_free(struct envtab *t)
{
	if (t == NULL)
		return;
	arena_free(&t->mem);
	free(t->entries);
	free(t->blocks);
	free(t->entry_hash);
	free(t->block_hash);
	free(t->scratch);
	free(t);
}

static uint32_t
envtab_hash(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

/* Grow a hash table of ids to twice its size; hash_of(id) rehashes. */
static void
envtab_rehash(uint32_t **table, uint32_t *size, uint32_t n,
    uint32_t (*hash_of)(const struct envtab *, uint32_t), const struct envtab *t)
{
	uint32_t i, j, mask;

	free(*table);
	*size *= 2;
	mask = *size - 1;
	*table = xcalloc(*size, sizeof **table);
	for (i = 1; i < n; i++) {
		for (j = hash_of(t, i) & mask; (*table)[j] != 0; j = (j + 1) & mask)
			;
		(*table)[j] = i;
	}
}

static uint32_t
envtab_entry_hash(const struct envtab *t, uint32_t id)
{
	return envtab_hash(t->entries[id]->bytes, t->entries[id]->len);
}

static uint32_t
envtab_block_hash(const struct envtab *t, uint32_t id)
{
	return envtab_hash(t->blocks[id]->ids, (size_t)t->blocks[id]->count * sizeof(uint32_t));
}

static uint32_t
envtab_entry_id(struct envtab *t, const char *s, size_t len)
{
	uint32_t j, mask = t->entry_hashsize - 1, id;
	const struct env_entry *e;
	struct env_entry *n;

	for (j = envtab_hash(s, len) & mask; (id = t->entry_hash[j]) != 0; j = (j + 1) & mask) {
		e = t->entries[id];
		if (e->len == len && memcmp(e->bytes, s, len) == 0)
			return id;
	}
	n = arena_alloc(&t->mem, sizeof *n + len + 1);
	n->len = (uint32_t)len;
	memcpy(n->bytes, s, len);
	n->bytes[len] = '\0';
	if (t->nentries == t->allocentries) {
		t->allocentries *= 2;
		t->entries = xreallocarray(t->entries, t->allocentries, sizeof *t->entries);
	}
	id = t->nentries++;
	t->entries[id] = n;
	t->entry_hash[j] = id;
	if (t->nentries * 2 > t->entry_hashsize)
		envtab_rehash(&t->entry_hash, &t->entry_hashsize, t->nentries, envtab_entry_hash, t);
	return id;
}

uint32_t
envtab_intern(struct envtab *t, const struct argv_buf *env)
{
	uint32_t j, mask, id, count = 0;
	const struct env_block *b;
	struct env_block *n;
	const char *s;
	size_t pos = 0, len, bytes;

	if (env->data == NULL)
		return 0;
	while ((s = argv_next(env, &pos, &len)) != NULL) {
		if (count == t->allocscratch) {
			t->allocscratch = t->allocscratch ? t->allocscratch * 2 : 128;
			t->scratch = xreallocarray(t->scratch, t->allocscratch, sizeof *t->scratch);
		}
		t->scratch[count++] = envtab_entry_id(t, s, len);
	}
	bytes = (size_t)count * sizeof(uint32_t);
	mask = t->block_hashsize - 1;
	for (j = envtab_hash(t->scratch, bytes) & mask; (id = t->block_hash[j]) != 0;
	    j = (j + 1) & mask) {
		b = t->blocks[id];
		if (b->count == count && memcmp(b->ids, t->scratch, bytes) == 0)
			return id;
	}
	n = arena_alloc(&t->mem, sizeof *n + bytes);
	n->count = count;
	if (bytes > 0)
		memcpy(n->ids, t->scratch, bytes);
	if (t->nblocks == t->allocblocks) {
		t->allocblocks *= 2;
		t->blocks = xreallocarray(t->blocks, t->allocblocks, sizeof *t->blocks);
	}
	id = t->nblocks++;
	t->blocks[id] = n;
	t->block_hash[j] = id;
	if (t->nblocks * 2 > t->block_hashsize)
		envtab_rehash(&t->block_hash, &t->block_hashsize, t->nblocks, envtab_block_hash, t);
	return id;
}

size_t
envtab_count(const struct envtab *t, uint32_t block)
{
	return block != 0 && block < t->nblocks ? t->blocks[block]->count : 0;
}

const char *
envtab_entry(const struct envtab *t, uint32_t block, size_t i, size_t *len)
{
	const struct env_entry *e;

	if (i >= envtab_count(t, block)) {
		*len = 0;
		return "";
	}
	e = t->entries[t->blocks[block]->ids[i]];
	*len = e->len;
	return e->bytes;
}

size_t
envtab_memory(const struct envtab *t)
{
	return sizeof *t + t->mem.used + (size_t)t->allocentries * sizeof *t->entries +
	    (size_t)t->allocblocks * sizeof *t->blocks +
	    ((size_t)t->entry_hashsize + t->block_hashsize) * sizeof(uint32_t) +
	    t->allocscratch * sizeof *t->scratch;
}
