/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "util/arena.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#define ARENA_BLOCK_SIZE (64 * 1024)
struct arena_block {
	struct arena_block *next;
	size_t size;
	_Alignas(16) unsigned char data[];
};

#define ARENA_HUGE_PAGE (2 * 1024 * 1024)
#define ARENA_MAX_BLOCK (16 * 1024 * 1024)

/*
 * A new block: blocks grow with the arena, and big ones are aligned to
 * and advised as huge pages, so filling a large profile takes a few
 * hundred page faults instead of tens of thousands.
 */
static struct arena_block *block_new(size_t bsize)
{
	struct arena_block *b;

	if (bsize >= ARENA_HUGE_PAGE) {
		size_t total = st_add(sizeof(*b), bsize);

		total = (total + ARENA_HUGE_PAGE - 1) & ~(size_t)(ARENA_HUGE_PAGE - 1);
		b = aligned_alloc(ARENA_HUGE_PAGE, total);
		if (!b)
			return xmalloc(st_add(sizeof(*b), bsize));
		madvise(b, total, MADV_HUGEPAGE);
		return b;
	}
	return xmalloc(st_add(sizeof(*b), bsize));
}


void arena_init(struct arena *a)
{
	memset(a, 0, sizeof(*a));
}

void arena_init_small(struct arena *a)
{
	arena_init(a);
	a->first_block = 1024;
}

void arena_release(struct arena *a)
{
	struct arena_block *b = a->head, *next;
	size_t first;

	for (; b; b = next) {
		next = b->next;
		free(b);
	}
	first = a->first_block;
	arena_init(a);
	a->first_block = first;
}

static void *arena_alloc_raw(struct arena *a, size_t size)
{
	void *p;

	size = st_add(size, 15) & ~(size_t)15;
	if (!a->head || a->head->size - a->used < size) {
		size_t first = a->first_block ? a->first_block : ARENA_BLOCK_SIZE;
		size_t grown = a->total / 2 < ARENA_MAX_BLOCK ? a->total / 2 : ARENA_MAX_BLOCK;
		size_t normal = grown > first ? grown : first;
		size_t bsize = size > normal / 4 ? size : normal;
		struct arena_block *b = block_new(bsize);

		b->size = bsize;
		if (size > normal / 4 && a->head) {
			/* a big object gets a block of its own, behind the head */
			b->next = a->head->next;
			a->head->next = b;
			a->total += bsize;
			return b->data;
		}
		b->next = a->head;
		a->head = b;
		a->used = 0;
		a->total += bsize;
	}
	p = a->head->data + a->used;
	a->used += size;
	return p;
}

void *arena_alloc(struct arena *a, size_t size)
{
	return memset(arena_alloc_raw(a, size), 0, size);
}

void *arena_memdup(struct arena *a, const void *p, size_t size)
{
	void *q = arena_alloc_raw(a, size);

	if (size)
		memcpy(q, p, size);
	return q;
}

char *arena_strndup(struct arena *a, const char *s, size_t len)
{
	char *q = arena_alloc_raw(a, st_add(len, 1));

	memcpy(q, s, len);
	q[len] = '\0';
	return q;
}
