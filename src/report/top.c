/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/top.h"
#include "report/fntable.h"
#include "profile/frames.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static enum top_sort sort_key;

static int row_cmp(const void *a, const void *b)
{
	const struct fn_row *x = a, *y = b;
	int64_t kx = sort_key == TOP_SORT_SELF ? x->self : x->cum;
	int64_t ky = sort_key == TOP_SORT_SELF ? y->self : y->cum;

	if (kx != ky)
		return kx > ky ? -1 : 1;
	if (x->cum != y->cum)
		return x->cum > y->cum ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* columns a UTF-8 string takes (one per code point: good enough for names) */
static size_t display_width(const char *s)
{
	size_t w = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			w++;
	return w;
}

/* S cut to WIDTH columns, ending in an ellipsis when cut */
static void fit(struct strbuf *out, const char *s, size_t width, bool utf8)
{
	const char *ell = utf8 ? "\xe2\x80\xa6" : "..";
	size_t ell_w = utf8 ? 1 : 2, w = 0;
	const char *p = s;

	if (display_width(s) <= width) {
		strbuf_addstr(out, s);
		return;
	}
	if (width <= ell_w) {
		strbuf_addstr(out, width ? (utf8 ? ell : ".") : "");
		return;
	}
	while (*p && w < width - ell_w) {
		const char *q = p + 1;

		while (((unsigned char)*q & 0xc0) == 0x80)
			q++;
		strbuf_add(out, p, (size_t)(q - p));
		p = q;
		w++;
	}
	strbuf_addstr(out, ell);
}

static void print_header(const struct profile *p, const struct top_opts *o, int vi,
			 int64_t total, FILE *out)
{
	const char *v;

	fprintf(out, "# cprof report: %s\n", o->input ? o->input : "");
	if ((v = profile_attr(p, "command")))
		fprintf(out, "# command:  %s\n", v);
	fprintf(out, "# event:    %s", (v = profile_attr(p, "event")) ? v : p->types[vi].type);
	if ((v = profile_attr(p, "frequency")))
		fprintf(out, " at %s Hz", v);
	if ((v = profile_attr(p, "call_graph")))
		fprintf(out, ", call graph %s", v);
	fputc('\n', out);
	if (!strcmp(p->types[vi].type, "samples"))
		fprintf(out, "# duration: %.2f s   samples: %lld   lost: %s\n",
			(double)p->duration_nanos / 1e9, (long long)total,
			(v = profile_attr(p, "lost_samples")) ? v : "0");
	else if (p->duration_nanos)
		fprintf(out, "# duration: %.2f s   %s: %lld %s\n", (double)p->duration_nanos / 1e9,
			p->types[vi].type, (long long)total, p->types[vi].unit);
	else /* a heap profile is a snapshot: no duration */
		fprintf(out, "# %s: %lld %s\n", p->types[vi].type, (long long)total,
			p->types[vi].unit);
	if ((v = profile_attr(p, "complete")) && !strcmp(v, "no"))
		fprintf(out, "# warning:  the recording was cut short; this is what it holds\n");
	if ((v = profile_attr(p, "mismatched")))
		fprintf(out, "# warning:  changed on disk since recorded, shown as addresses: %s\n",
			v);
	fprintf(out, "#\n");
}

void report_top(const struct profile *p, const struct top_opts *o, FILE *out)
{
	struct fn_table t;
	size_t i, nshow, src_w = 0;
	int vi = o->value_index >= 0 && (size_t)o->value_index < p->ntypes
			 ? o->value_index
			 : profile_value_index(p, NULL, NULL);
	int64_t total = 0;
	int vw = 9;
	struct strbuf line = STRBUF_INIT;

	if (!p->ntypes) {
		fprintf(out, "# cprof report: %s\n# no samples\n", o->input ? o->input : "");
		return;
	}
	fn_table_build(p, vi, &t);
	total = t.total;
	sort_key = o->sort;
	if (t.nrows)
		qsort(t.rows, t.nrows, sizeof(*t.rows), row_cmp);
	nshow = o->top && o->top < t.nrows ? o->top : t.nrows;
	for (i = 0; i < nshow; i++)
		if (display_width(t.rows[i].source) > src_w)
			src_w = display_width(t.rows[i].source);
	if (src_w > 40)
		src_w = 40;

	print_header(p, o, vi, total, out);
	/* the value column is named for what it counts: Samples, or e.g. inuse_space */
	/* the value column grows for big values (nanoseconds, bytes) */
	for (i = 0; i < nshow; i++) {
		int w = snprintf(NULL, 0, "%lld", (long long)t.rows[i].self);

		if (w > vw)
			vw = w;
	}
	fprintf(out, "%7s %7s %*s  %s\n", "Self%", "Cum%", vw,
		strcmp(p->types[vi].type, "samples") ? p->types[vi].type : "Samples",
		"Function  [Source]");
	for (i = 0; i < nshow; i++) {
		const struct fn_row *r = &t.rows[i];
		double self = total ? 100.0 * (double)r->self / (double)total : 0;
		double cum = total ? 100.0 * (double)r->cum / (double)total : 0;
		size_t fixed = 7 + 1 + 7 + 1 + (size_t)vw + 2;
		size_t src_len = display_width(r->source);

		strbuf_reset(&line);
		strbuf_addf(&line, "%7.2f %7.2f %*lld  ", self, cum, vw, (long long)r->self);
		if (o->width) {
			size_t room = o->width > fixed ? o->width - fixed : 1;
			size_t src_show = src_len < src_w ? src_len : src_w;

			/* the name keeps at least 20 columns; the source gets the rest */
			if (src_show && room >= 20 + 2 + 6) {
				size_t name_w = room >= 20 + 2 + src_show ? room - 2 - src_show : 20;

				fit(&line, r->name, name_w, o->utf8);
				strbuf_addstr(&line, "  ");
				fit(&line, r->source, room - 2 - name_w, o->utf8);
			} else {
				fit(&line, r->name, room, o->utf8);
			}
		} else {
			strbuf_addstr(&line, r->name);
			if (src_len) {
				strbuf_addstr(&line, "  ");
				strbuf_addstr(&line, r->source);
			}
		}
		fprintf(out, "%s\n", line.buf);
	}
	fn_table_release(&t);
	strbuf_release(&line);
}
