/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/fntable.h"
#include "report/aggregate.h"
#include "util/arith.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

char *frame_source(const struct frame *f)
{
	const struct profile_mapping *m = f->loc->mapping;
	struct strbuf sb = STRBUF_INIT;

	if (f->function && *f->function->filename) {
		strbuf_addstr(&sb, path_basename(f->function->filename));
		if (f->function->start_line)
			strbuf_addf(&sb, ":%lld", (long long)f->function->start_line);
	} else if (m && m->kind == PROFILE_MAPPING_KERNEL) {
		strbuf_addstr(&sb, "[kernel.kallsyms]");
	} else if (m && *m->file) {
		strbuf_addstr(&sb, path_basename(m->file));
	}
	return strbuf_detach(&sb);
}

void fn_table_build(const struct profile *p, int vi, struct fn_table *t)
{
	static const struct agg_spec by_function = { 1, { AGG_FUNCTION } };
	struct agg_table a;
	size_t i;

	agg_build(p, vi, &by_function, &a);
	memset(t, 0, sizeof(*t));
	hashidx_init(&t->index);
	t->total = a.total;
	t->rows = xcalloc(a.nrows ? a.nrows : 1, sizeof(*t->rows));
	t->nrows = t->alloc = a.nrows;
	for (i = 0; i < a.nrows; i++) {
		struct agg_row *r = &a.rows[i];
		struct fn_row *f = &t->rows[i];

		f->key = (const void *)(uintptr_t)r->key[0];
		f->key2 = (const void *)(uintptr_t)r->key[1];
		f->frame = r->frame;
		f->self = r->self;
		f->cum = r->cum;
		/* the strings move over */
		f->name = r->cols[0];
		f->source = r->source;
		r->cols[0] = r->source = NULL;
	}
	agg_release(&a);
}

void fn_table_release(struct fn_table *t)
{
	size_t i;

	for (i = 0; i < t->nrows; i++) {
		free(t->rows[i].name);
		free(t->rows[i].source);
	}
	free(t->rows);
	hashidx_release(&t->index);
	memset(t, 0, sizeof(*t));
}
