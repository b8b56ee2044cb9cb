/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * --no-inline: inlined frames folded into the functions they were inlined
 * into, so that self time reads as in perf report (by default, as in
 * pprof, an inlined function is a frame of its own).
 */
#include "profile/inline.h"

void profile_fold_inline(struct profile *p)
{
	bool changed = false;
	size_t i;

	for (i = 0; i < p->nlocations; i++) {
		struct profile_location *l = p->locations[i];

		if (l->nlines > 1) {
			/* lines[n-1] is the real function; its line is the call site */
			l->lines[0] = l->lines[l->nlines - 1];
			l->nlines = 1;
			changed = true;
		}
	}
	for (i = 0; i < p->nmappings; i++)
		p->mappings[i]->has_inline_frames = false;
	if (changed)
		profile_compact(p);
}

bool profile_inline_has_self(const struct profile *p)
{
	size_t i, j;

	for (i = 0; i < p->nsamples; i++) {
		const struct profile_sample *s = p->samples[i];

		if (!s->nlocs || s->locs[0]->nlines < 2)
			continue;
		for (j = 0; j < p->ntypes; j++)
			if (s->values[j])
				return true;
	}
	return false;
}
