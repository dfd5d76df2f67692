/*
 * envtab.c: interned environments.  See envtab.h.
 *
 * Two open-addressing tables (FNV-1a hashes, linear probing, power-of-two
 * sizes, at most half full): entries by their bytes, blocks by their list
 * of entry ids.  Both live in one arena; the id arrays index them.
 *
 * A block that begins with the entries of the block it came from (the
 * base given to envtab_intern) keeps only the rest, and how many it shares
 * with that one: gcc gives each cc1 the environment it got plus three
 * variables, one of them naming the file, so a build has as many
 * environments as compilations, each 60-odd entries long.  Shared that way,
 * one costs 32 bytes and its own entries, not 4 bytes an entry.  Chains of
 * bases are at most ENVTAB_MAX_DEPTH long.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "envtab.h"
#include "hash.h"
#include "xmalloc.h"

struct env_entry {
	uint32_t len;
	char bytes[];		/* NUL-terminated */
};

struct env_block {
	uint32_t count;		/* entries, shared ones included */
	uint32_t hash;		/* of all its entry ids, in order */
	uint32_t base;		/* the block its first `shared` entries are from; 0 = none */
	uint32_t shared;
	uint32_t depth;		/* blocks from it to one without a base */
	uint32_t ids[];		/* entry ids, from `shared` on */
};

#define ENVTAB_MAX_DEPTH	8
#define ENVTAB_MIN_SHARED	8	/* fewer: a block of its own costs about as much */

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
	return hash_bytes(t->entries[id]->bytes, t->entries[id]->len);
}

static uint32_t
envtab_block_hash(const struct envtab *t, uint32_t id)
{
	return t->blocks[id]->hash;
}

/* Entry id i (< count) of a block, through its bases. */
static uint32_t
envtab_block_entry(const struct envtab *t, uint32_t block, size_t i)
{
	const struct env_block *b;

	for (;;) {
		b = t->blocks[block];
		if (i >= b->shared)
			return b->ids[i - b->shared];
		block = b->base;
	}
}

/* Is the block the list of entry ids? */
static int
envtab_block_is(const struct envtab *t, uint32_t block, const uint32_t *ids, size_t count)
{
	const struct env_block *b = t->blocks[block];
	size_t i;

	if (b->count != count)
		return 0;
	if (b->base == 0)
		return count == 0 || memcmp(b->ids, ids, count * sizeof *ids) == 0;
	for (i = count; i-- > 0;)	/* the end first: where blocks that share differ */
		if (envtab_block_entry(t, block, i) != ids[i])
			return 0;
	return 1;
}

static uint32_t
envtab_entry_id(struct envtab *t, const char *s, size_t len)
{
	uint32_t j, mask = t->entry_hashsize - 1, id;
	const struct env_entry *e;
	struct env_entry *n;

	for (j = hash_bytes(s, len) & mask; (id = t->entry_hash[j]) != 0; j = (j + 1) & mask) {
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

/*
 * The id of an entry of base that is s, looked for where the walk through
 * base stands (*at) and one further (an entry removed): an environment is
 * mostly the one it came from, in order, and comparing costs far less
 * than hashing.  0 if neither is s.
 */
static uint32_t
envtab_base_id(const struct envtab *t, uint32_t base, size_t *at, const char *s, size_t len)
{
	const struct env_entry *e;
	uint32_t id;
	size_t k;

	for (k = *at; base != 0 && k < t->blocks[base]->count && k < *at + 2; k++) {
		e = t->entries[id = envtab_block_entry(t, base, k)];
		if (e->len == len && memcmp(e->bytes, s, len) == 0) {
			*at = k + 1;
			return id;
		}
	}
	return 0;
}

uint32_t
envtab_intern(struct envtab *t, const struct argv_buf *env, uint32_t base)
{
	uint32_t j, mask, id, h, count = 0, shared = 0;
	const struct env_block *bb;
	struct env_block *n;
	const char *s;
	size_t pos = 0, len, at = 0;

	if (env->data == NULL)
		return 0;
	if (base >= t->nblocks)
		base = 0;
	while ((s = argv_next(env, &pos, &len)) != NULL) {
		if (count == t->allocscratch) {
			t->allocscratch = t->allocscratch ? t->allocscratch * 2 : 128;
			t->scratch = xreallocarray(t->scratch, t->allocscratch, sizeof *t->scratch);
		}
		if ((id = envtab_base_id(t, base, &at, s, len)) == 0)
			id = envtab_entry_id(t, s, len);
		else if (shared == count && at == count + 1)
			shared++;	/* still the base's entries, in its order */
		t->scratch[count++] = id;
	}
	h = hash_bytes(t->scratch, (size_t)count * sizeof(uint32_t));
	mask = t->block_hashsize - 1;
	for (j = h & mask; (id = t->block_hash[j]) != 0; j = (j + 1) & mask)
		if (t->blocks[id]->hash == h && envtab_block_is(t, id, t->scratch, count))
			return id;
	bb = base != 0 ? t->blocks[base] : NULL;
	if (bb == NULL || shared < ENVTAB_MIN_SHARED || bb->depth >= ENVTAB_MAX_DEPTH)
		shared = 0;
	n = arena_alloc(&t->mem, sizeof *n + (size_t)(count - shared) * sizeof(uint32_t));
	n->count = count;
	n->hash = h;
	n->base = shared > 0 ? base : 0;
	n->shared = shared;
	n->depth = shared > 0 ? bb->depth + 1 : 0;
	if (count > shared)
		memcpy(n->ids, t->scratch + shared, (size_t)(count - shared) * sizeof(uint32_t));
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
	e = t->entries[envtab_block_entry(t, block, i)];
	*len = e->len;
	return e->bytes;
}

size_t
envtab_name_len(const char *entry, size_t len)
{
	const char *eq = memchr(entry, '=', len);

	return eq != NULL ? (size_t)(eq - entry) : len;
}

const char *
envtab_find(const struct envtab *t, uint32_t block, const char *name, size_t nlen, size_t *len)
{
	size_t i, n = envtab_count(t, block), l;
	const char *e;

	for (i = 0; i < n; i++) {
		e = envtab_entry(t, block, i, &l);
		if (envtab_name_len(e, l) == nlen && memcmp(e, name, nlen) == 0) {
			*len = l;
			return e;
		}
	}
	return NULL;
}

size_t
envtab_memory(const struct envtab *t)
{
	return sizeof *t + t->mem.used + (size_t)t->allocentries * sizeof *t->entries +
	    (size_t)t->allocblocks * sizeof *t->blocks +
	    ((size_t)t->entry_hashsize + t->block_hashsize) * sizeof(uint32_t) +
	    t->allocscratch * sizeof *t->scratch;
}
