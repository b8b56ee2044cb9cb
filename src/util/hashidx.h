/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * An open-addressing hash index over an array the caller owns: it maps a
 * 64-bit hash to positions in that array, and the caller's callback says
 * whether the element at a position is the one looked for. Tables of
 * strings, stacks and locations all keep their elements in plain vectors
 * and use this for lookup.
 */
#ifndef CPROF_UTIL_HASHIDX_H
#define CPROF_UTIL_HASHIDX_H

#include <stddef.h>
#include <stdint.h>

#define HASHIDX_NONE SIZE_MAX

struct hashidx {
	uint64_t *hashes;
	size_t *slots; /* position + 1; 0 marks an empty slot */
	size_t cap;    /* a power of two, or 0 */
	size_t count;
};

typedef int (*hashidx_eq_fn)(const void *ctx, size_t pos);

void hashidx_init(struct hashidx *h);
void hashidx_release(struct hashidx *h);

/* The position whose element matches (eq returns non-zero), or HASHIDX_NONE. */
size_t hashidx_find(const struct hashidx *h, uint64_t hash, hashidx_eq_fn eq, const void *ctx);

/* Record that the element at POS has HASH. Does not check for duplicates. */
void hashidx_insert(struct hashidx *h, uint64_t hash, size_t pos);

uint64_t hash_bytes(const void *data, size_t len, uint64_t seed);
uint64_t hash_u64(uint64_t x);
static inline uint64_t hash_combine(uint64_t h, uint64_t v)
{
	return hash_u64(h ^ (v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2)));
}

#endif
