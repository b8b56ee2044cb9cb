/* SPDX-License-Identifier: GPL-3.0-or-later */
/* the string table of the protobuf encoders */
#include "format/strtab.h"
#include "util/escape.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

void strtab_init(struct strtab *t)
{
	memset(t, 0, sizeof(*t));
	hashidx_init(&t->index);
	strtab_add_copy(t, "");
}

static int strtab_eq(const void *ctx, size_t pos)
{
	const void *const *k = ctx;
	const struct strtab *t = k[1];

	return t->keys[pos] == k[0];
}

int64_t strtab_add_copy(struct strtab *t, const char *s)
{
	struct strbuf sb = STRBUF_INIT;

	/* proto3 strings must be valid UTF-8; names from binaries may not be */
	text_sanitize(&sb, s ? s : "");
	ALLOC_GROW(t->strings, t->n + 1, t->alloc);
	t->strings[t->n] = strbuf_detach(&sb);
	return (int64_t)t->n++;
}

int64_t strtab_index(struct strtab *t, const char *s)
{
	const void *ctx[2] = { s, t };
	uint64_t h;
	size_t pos;
	int64_t idx;

	if (!s || !*s)
		return 0;
	h = hash_u64((uintptr_t)s);
	pos = hashidx_find(&t->index, h, strtab_eq, ctx);
	if (pos != HASHIDX_NONE)
		return (int64_t)(pos + 1);
	idx = strtab_add_copy(t, s);
	ALLOC_GROW(t->keys, t->nkeys + 1, t->keys_alloc);
	t->keys[t->nkeys] = s;
	hashidx_insert(&t->index, h, t->nkeys++);
	return idx;
}

void strtab_release(struct strtab *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->strings[i]);
	free(t->strings);
	free(t->keys);
	hashidx_release(&t->index);
}
