/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The string table of a protobuf encoder (pprof, OTLP): strings indexed
 * by position, "" at 0, each sanitized to the UTF-8 proto3 requires.
 * Model strings are interned, so pointers identify them.
 */
#ifndef CPROF_FORMAT_STRTAB_H
#define CPROF_FORMAT_STRTAB_H

#include <stddef.h>
#include <stdint.h>

#include "util/hashidx.h"

struct strtab {
	char **strings;
	size_t n, alloc;
	const char **keys;
	size_t nkeys, keys_alloc;
	struct hashidx index;
};

/* an empty table but for "" at index 0 */
void strtab_init(struct strtab *t);
void strtab_release(struct strtab *t);

/* the index of S (an interned model string or a string constant); 0 for NULL or "" */
int64_t strtab_index(struct strtab *t, const char *s);

/* S added as a new entry, even if an equal string is there (a string built on the fly) */
int64_t strtab_add_copy(struct strtab *t, const char *s);

#endif
