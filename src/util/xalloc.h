/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Allocation that never returns NULL: running out of memory ends the
 * program with the size that failed, so callers need no checks (git,
 * redis). Array growth goes through overflow-checked multiplication.
 */
#ifndef CPROF_UTIL_XALLOC_H
#define CPROF_UTIL_XALLOC_H

#include <stddef.h>
#include <stdlib.h>

void *xmalloc(size_t size);
void *xcalloc(size_t nmemb, size_t size);
void *xrealloc(void *ptr, size_t size);
void *xreallocarray(void *ptr, size_t nmemb, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* a * b, or die when it overflows */
size_t st_mult(size_t a, size_t b);
size_t st_add(size_t a, size_t b);

/*
 * Grow the array ARR (with ALLOC slots) so that it holds at least NR
 * elements, doubling as git's ALLOC_GROW does.
 */
#define ALLOC_GROW(arr, nr, alloc)                                             \
	do {                                                                   \
		if ((size_t)(nr) > (size_t)(alloc)) {                          \
			size_t new_alloc_ = (alloc) < 8 ? 16 : st_mult((alloc), 2); \
			if (new_alloc_ < (size_t)(nr))                         \
				new_alloc_ = (nr);                             \
			(arr) = xreallocarray((arr), new_alloc_, sizeof(*(arr))); \
			(alloc) = new_alloc_;                                  \
		}                                                              \
	} while (0)

#endif
