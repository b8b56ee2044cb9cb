/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Flamegraph options and the pipeline: collapse, sort, lay out, prune, write. */
#include "flamegraph/fg.h"

#include <string.h>

void fg_opts_init(struct fg_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->width = FG_DEFAULT_WIDTH;
	o->frame_height = FG_DEFAULT_FRAME_HEIGHT;
	o->min_width = FG_DEFAULT_MIN_WIDTH;
	o->palette = FG_PALETTE_NATIVE;
	o->count_name = FG_DEFAULT_COUNT_NAME;
	o->font_size = FG_DEFAULT_FONT_SIZE;
	o->font_type = FG_DEFAULT_FONT_TYPE;
	o->value_index = -1;
}

int fg_write(const struct profile *p, const struct fg_opts *o, FILE *out, struct diag *d)
{
	struct collapse_opts co = {
		.value_index = o->value_index,
		.merge = !o->flamechart,
		.reverse = o->reverse,
	};
	struct collapsed c;
	struct fg_layout l;
	double frames_px = o->width > 20 ? o->width - 20 : 1;

	profile_collapse(p, &co, &c);
	if (!o->flamechart)
		collapsed_sort(&c);
	fg_layout_build(&c,
			o->min_width_pct ? o->min_width / 100.0 * (double)c.total
					 : o->min_width / frames_px * (double)c.total,
			&l);
	if (l.total <= 0) {
		fg_svg_write_error(out, o, "No valid input provided to flamegraph");
		fg_layout_release(&l);
		collapsed_release(&c);
		return diag_set(d, "no samples to draw");
	}
	fg_svg_write(out, &l, o);
	fg_layout_release(&l);
	collapsed_release(&c);
	return 0;
}
