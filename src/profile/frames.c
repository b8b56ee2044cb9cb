/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "profile/frames.h"
#include "util/xalloc.h"

#include <inttypes.h>
#include <string.h>

size_t profile_sample_frames(const struct profile_sample *s, struct frame **out, size_t *alloc)
{
	size_t n = 0, i, j;

	for (i = 0; i < s->nlocs; i++) {
		const struct profile_location *l = s->locs[i];
		size_t nl = l->nlines ? l->nlines : 1;

		ALLOC_GROW(*out, n + nl, *alloc);
		if (!l->nlines) {
			(*out)[n].loc = l;
			(*out)[n].function = NULL;
			(*out)[n].line = 0;
			(*out)[n++].inlined = false;
			continue;
		}
		for (j = 0; j < l->nlines; j++) {
			(*out)[n].loc = l;
			(*out)[n].function = l->lines[j].function;
			(*out)[n].line = l->lines[j].line;
			(*out)[n++].inlined = j + 1 < l->nlines;
		}
	}
	return n;
}

const char *path_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash && slash[1] ? slash + 1 : path;
}

void frame_name(const struct frame *f, struct strbuf *out)
{
	const struct profile_mapping *m = f->loc->mapping;

	if (f->function && *f->function->name) {
		strbuf_addstr(out, f->function->name);
		return;
	}
	if (m && *m->file) {
		uint64_t off = f->loc->address - m->start + m->offset;

		if (m->kind == PROFILE_MAPPING_KERNEL)
			strbuf_addf(out, "[kernel.kallsyms]+0x%" PRIx64, f->loc->address);
		else
			strbuf_addf(out, "%s+0x%" PRIx64, path_basename(m->file), off);
		return;
	}
	strbuf_addf(out, "[unknown]+0x%" PRIx64, f->loc->address);
}
