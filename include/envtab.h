/*
 * envtab: environments, interned.  An environment is a list of entries
 * (usually KEY=VALUE; any bytes but NUL, in any order, duplicates kept: it
 * is stored exactly as the process had it).  Entries are interned once
 * each, and whole environments (blocks: lists of entry ids) once each too,
 * so a million processes with the same 3 KB environment cost one block.
 *
 * Block 0 means "not recorded"; an empty environment is a block of its own.
 * Ids and the entries' bytes stay valid until envtab_free().
 */
#ifndef PTOP_ENVTAB_H
#define PTOP_ENVTAB_H

#include <stddef.h>
#include <stdint.h>

#include "event.h"

struct envtab;

struct envtab *envtab_new(void);
void envtab_free(struct envtab *t);
/*
 * The block for env (entries NUL-terminated, as in argv_buf); base (or 0)
 * is the block it most likely shares entries with, in order (the one it
 * came from): those are found without hashing.
 */
uint32_t envtab_intern(struct envtab *t, const struct argv_buf *env, uint32_t base);
/* Entries in a block (0 for block 0). */
size_t envtab_count(const struct envtab *t, uint32_t block);
/* Entry i of a block: its bytes (NUL-terminated) and length. */
const char *envtab_entry(const struct envtab *t, uint32_t block, size_t i, size_t *len);
/* Length of an entry's name: up to its first '=', or all of it without one. */
size_t envtab_name_len(const char *entry, size_t len);
/* The entry of a block whose name is name[0..nlen) (its length in *len), or NULL. */
const char *envtab_find(const struct envtab *t, uint32_t block, const char *name, size_t nlen,
    size_t *len);
/* Bytes the table holds. */
size_t envtab_memory(const struct envtab *t);

#endif
