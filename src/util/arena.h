/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A bump allocator: many small objects freed all at once. The profile
 * model keeps its strings, functions, locations and samples in one.
 */
#ifndef CPROF_UTIL_ARENA_H
#define CPROF_UTIL_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used; /* bytes used in head */
	size_t total;
	size_t first_block; /* 0: the usual 64 KiB */
};

void arena_init(struct arena *a);
/* for one of many small arenas: blocks start at 1 KiB and grow with it */
void arena_init_small(struct arena *a);
void arena_release(struct arena *a);
/* zeroed, aligned to 16 bytes */
void *arena_alloc(struct arena *a, size_t size);
void *arena_memdup(struct arena *a, const void *p, size_t size);
char *arena_strndup(struct arena *a, const char *s, size_t len);

#endif
