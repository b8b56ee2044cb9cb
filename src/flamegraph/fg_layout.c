/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Stacks to frames, as flamegraph.pl's flow() does: walk the stacks in
 * order, keep the frames the next stack shares as a prefix open, close
 * the rest. Sorted input merges every common prefix; time-ordered input
 * (a flame chart) merges only neighbours.
 */
#include "flamegraph/fg.h"
#include "util/arith.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

/*
 * Close frame IDX at X. A frame narrower than MIN_UNITS goes at once:
 * its descendants, stored after it, were narrower still and went before
 * it, so it is the last frame stored. Pruning here, not afterwards, keeps
 * memory to the frames that will be drawn.
 */
static void close_frame(struct fg_layout *l, size_t idx, int64_t x, double min_units)
{
	struct fg_frame *f = &l->frames[idx];

	f->width = x - f->start;
	if ((double)f->width < min_units && idx == l->nframes - 1)
		l->nframes--;
}

void fg_layout_build(const struct collapsed *c, double min_units, struct fg_layout *l)
{
	size_t *open = NULL, open_alloc = 0, nopen = 0, i, j;
	const struct cstack *prev = NULL;
	int64_t x = 0;

	memset(l, 0, sizeof(*l));
	for (i = 0; i < c->nstacks; i++) {
		const struct cstack *s = &c->stacks[i];
		size_t common = 0;

		if (prev)
			while (common < prev->nframes && common < s->nframes &&
			       prev->frames[common] == s->frames[common])
				common++;
		while (nopen > common) {
			nopen--;
			close_frame(l, open[nopen], x, min_units);
		}
		ALLOC_GROW(open, s->nframes + 1, open_alloc);
		for (j = common; j < s->nframes; j++) {
			struct fg_frame *f;

			ALLOC_GROW(l->frames, l->nframes + 1, l->alloc);
			f = &l->frames[l->nframes];
			f->frame = s->frames[j];
			f->depth = (unsigned)j;
			f->start = x;
			f->width = 0;
			open[nopen++] = l->nframes++;
		}
		x = sat_add64(x, s->value);
		prev = s;
	}
	while (nopen > 0) {
		nopen--;
		close_frame(l, open[nopen], x, min_units);
	}
	l->total = x;
	for (i = 0; i < l->nframes; i++)
		if (l->frames[i].depth > l->max_depth)
			l->max_depth = l->frames[i].depth;
	free(open);
}

void fg_layout_release(struct fg_layout *l)
{
	free(l->frames);
	memset(l, 0, sizeof(*l));
}
