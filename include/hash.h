/*
 * hash.h: FNV-1a over bytes, for the hash tables that intern short
 * strings (environment entries and blocks, program names): good spread,
 * no dependencies.
 */
#ifndef PTOP_HASH_H
#define PTOP_HASH_H

#include <stddef.h>
#include <stdint.h>

static inline uint32_t
hash_bytes(const void *p, size_t len)
{
	const unsigned char *s = p;
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++)
		h = (h ^ s[i]) * 16777619u;
	return h;
}

#endif
