/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "util/hashidx.h"
#include "util/xalloc.h"

#include <string.h>

void hashidx_init(struct hashidx *h)
{
	memset(h, 0, sizeof(*h));
}

void hashidx_release(struct hashidx *h)
{
	free(h->hashes);
	free(h->slots);
	hashidx_init(h);
}

size_t hashidx_find(const struct hashidx *h, uint64_t hash, hashidx_eq_fn eq, const void *ctx)
{
	size_t mask, i;

	if (!h->cap)
		return HASHIDX_NONE;
	mask = h->cap - 1;
	for (i = hash & mask;; i = (i + 1) & mask) {
		if (!h->slots[i])
			return HASHIDX_NONE;
		if (h->hashes[i] == hash && eq(ctx, h->slots[i] - 1))
			return h->slots[i] - 1;
	}
}

static void place(struct hashidx *h, uint64_t hash, size_t pos)
{
	size_t mask = h->cap - 1, i;

	for (i = hash & mask; h->slots[i]; i = (i + 1) & mask)
		;
	h->hashes[i] = hash;
	h->slots[i] = pos + 1;
}

void hashidx_insert(struct hashidx *h, uint64_t hash, size_t pos)
{
	/* keep the load under 1/2 so probe runs stay short */
	if (st_mult(h->count + 1, 2) > h->cap) {
		struct hashidx old = *h;
		size_t i;

		h->cap = old.cap ? st_mult(old.cap, 2) : 64;
		h->hashes = xcalloc(h->cap, sizeof(*h->hashes));
		h->slots = xcalloc(h->cap, sizeof(*h->slots));
		for (i = 0; i < old.cap; i++)
			if (old.slots[i])
				place(h, old.hashes[i], old.slots[i] - 1);
		free(old.hashes);
		free(old.slots);
	}
	place(h, hash, pos);
	h->count++;
}

uint64_t hash_u64(uint64_t x)
{
	/* splitmix64 finaliser */
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

uint64_t hash_bytes(const void *data, size_t len, uint64_t seed)
{
	const unsigned char *p = data;
	uint64_t h = seed ^ 0xcbf29ce484222325ULL;

	while (len >= 8) {
		uint64_t w;

		memcpy(&w, p, 8);
		h = hash_combine(h, w);
		p += 8;
		len -= 8;
	}
	while (len--)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return hash_u64(h);
}
