/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/hotspots.h"
#include "report/aggregate.h"

#include <stdlib.h>
#include <string.h>

static int by_self(const void *a, const void *b)
{
	const struct agg_row *x = a, *y = b;
	int c;

	if (x->self != y->self)
		return x->self > y->self ? -1 : 1;
	if ((c = strcmp(x->cols[0], y->cols[0])))
		return c;
	return x->frame.line < y->frame.line ? -1 : x->frame.line > y->frame.line;
}

/* whether line row L belongs to function row F (same function key) */
static bool same_function(const struct agg_row *f, const struct agg_row *l)
{
	return f->key[0] == l->key[0] && f->key[1] == l->key[1];
}

static double pct(int64_t v, int64_t total)
{
	return total ? 100.0 * (double)v / (double)total : 0;
}

void report_hotspots(const struct profile *p, const struct top_opts *o, FILE *out)
{
	static const struct agg_spec by_fn = { 1, { AGG_FUNCTION } };
	static const struct agg_spec by_fn_line = { 2, { AGG_FUNCTION, AGG_LINE } };
	struct agg_table fns, lines;
	int vi = report_value_index(p, o);
	size_t i, k, shown;
	struct json j;

	agg_build(p, vi, &by_fn, &fns);
	agg_build(p, vi, &by_fn_line, &lines);
	if (fns.nrows)
		qsort(fns.rows, fns.nrows, sizeof(*fns.rows), by_self);
	if (lines.nrows)
		qsort(lines.rows, lines.nrows, sizeof(*lines.rows), by_self);
	if (o->json) {
		json_init(&j, out);
		json_object_begin(&j);
		report_json_header(&j, p, o, vi, fns.total);
		json_key(&j, "threshold");
		json_double(&j, o->threshold, 2);
		json_key(&j, "hotspots");
		json_array_begin(&j);
	} else {
		report_print_header(p, o, vi, fns.total, out);
		fprintf(out, "# hotspots: functions with at least %g%% self, and their hottest lines\n#\n",
			o->threshold);
	}
	for (i = 0, shown = 0; i < fns.nrows; i++) {
		const struct agg_row *f = &fns.rows[i];
		size_t nlines = 0;

		if (!f->self || pct(f->self, fns.total) < o->threshold)
			break;
		if (o->top && shown++ == o->top)
			break;
		if (o->json) {
			json_object_begin(&j);
			json_key(&j, "function");
			json_string(&j, f->cols[0]);
			json_key(&j, "source");
			json_string(&j, f->source);
			json_key(&j, "self");
			json_int(&j, f->self);
			json_key(&j, "self_pct");
			json_double(&j, pct(f->self, fns.total), 2);
			json_key(&j, "lines");
			json_array_begin(&j);
		} else {
			fprintf(out, "%7.2f%% %9lld  %s%s%s\n", pct(f->self, fns.total),
				(long long)f->self, f->cols[0], *f->source ? "  " : "", f->source);
		}
		for (k = 0; k < lines.nrows && nlines < HOTSPOT_LINES; k++) {
			const struct agg_row *l = &lines.rows[k];

			if (!l->self || !same_function(f, l))
				continue;
			nlines++;
			if (o->json) {
				json_object_begin(&j);
				json_key(&j, "file");
				json_string(&j, frame_file(&l->frame));
				json_key(&j, "line");
				json_int(&j, l->frame.line);
				json_key(&j, "self");
				json_int(&j, l->self);
				json_key(&j, "self_pct");
				json_double(&j, pct(l->self, fns.total), 2);
				json_object_end(&j);
			} else {
				fprintf(out, "    %7.2f%% %9lld  %s\n", pct(l->self, fns.total),
					(long long)l->self, l->cols[1]);
			}
		}
		if (o->json) {
			json_array_end(&j);
			json_object_end(&j);
		}
	}
	if (o->json) {
		json_array_end(&j);
		json_object_end(&j);
	}
	agg_release(&fns);
	agg_release(&lines);
}
