/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/diff.h"
#include "util/arith.h"
#include "report/fntable.h"
#include "util/hashidx.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

struct diff_row {
	const char *name, *source;
	char *key;         /* name and source file, without the line */
	int64_t self[2], cum[2];
	double self_v[2], cum_v[2]; /* shares in points, or raw values */
	double dself, dcum;
};

struct diff_table {
	struct diff_row *rows;
	size_t nrows, alloc;
	struct hashidx index;
};

static char *row_key(const struct fn_row *r)
{
	size_t n = strcspn(r->source, ":");

	return xasprintf("%s\t%.*s", r->name, (int)n, r->source);
}

static int key_eq(const void *ctx, size_t pos)
{
	const void *const *k = ctx;
	const struct diff_table *t = k[1];

	return !strcmp(t->rows[pos].key, k[0]);
}

static void add_side(struct diff_table *t, const struct fn_table *ft, int side)
{
	size_t i;

	for (i = 0; i < ft->nrows; i++) {
		const struct fn_row *r = &ft->rows[i];
		char *key = row_key(r);
		const void *ctx[2] = { key, t };
		uint64_t h = hash_bytes(key, strlen(key), 0);
		size_t pos = hashidx_find(&t->index, h, key_eq, ctx);
		struct diff_row *d;

		if (pos == HASHIDX_NONE) {
			ALLOC_GROW(t->rows, t->nrows + 1, t->alloc);
			d = &t->rows[t->nrows];
			memset(d, 0, sizeof(*d));
			d->name = r->name;
			d->source = r->source;
			d->key = key;
			hashidx_insert(&t->index, h, t->nrows++);
		} else {
			d = &t->rows[pos];
			free(key);
		}
		d->self[side] = sat_add64(d->self[side], r->self);
		d->cum[side] = sat_add64(d->cum[side], r->cum);
	}
}

static int diff_cmp(const void *a, const void *b)
{
	const struct diff_row *x = a, *y = b;
	double kx = fabs(x->dself), ky = fabs(y->dself);

	if (kx != ky)
		return kx > ky ? -1 : 1;
	kx = fabs(x->dcum);
	ky = fabs(y->dcum);
	if (kx != ky)
		return kx > ky ? -1 : 1;
	return strcmp(x->name, y->name);
}

static void warn_if_differs(const struct profile *a, const struct profile *b, const char *key,
			    const char *what, FILE *out)
{
	const char *va = profile_attr(a, key), *vb = profile_attr(b, key);

	if (va && vb && strcmp(va, vb))
		fprintf(out, "# warning:  the two sides differ in %s: %s before, %s after\n", what, va,
			vb);
}

static void side_header(const char *label, const char *name, const struct profile *p, int vi,
			int64_t total, FILE *out)
{
	const char *cmd = profile_attr(p, "command"), *ev = profile_attr(p, "event");
	const char *hz = profile_attr(p, "frequency");

	fprintf(out, "# %s %s: %lld %s", label, name, (long long)total,
		strcmp(p->types[vi].type, "samples") ? p->types[vi].unit : "samples");
	if (ev)
		fprintf(out, " of %s%s%s Hz", ev, hz ? " at " : "", hz ? hz : "");
	if (cmd)
		fprintf(out, " (%s)", cmd);
	fputc('\n', out);
}

/* "+1.25" / "-0.40" for shares, "+120" for raw values */
static void put_change(struct strbuf *sb, double v, bool normalize)
{
	if (normalize)
		strbuf_addf(sb, "%+8.2f", v);
	else
		strbuf_addf(sb, "%+8.0f", v);
}

static void put_value(struct strbuf *sb, double v, bool normalize)
{
	if (normalize)
		strbuf_addf(sb, "%7.2f", v);
	else
		strbuf_addf(sb, "%7.0f", v);
}

size_t report_diff(const struct profile *before, const struct profile *after,
		   const struct diff_opts *o, FILE *out)
{
	struct fn_table ft[2];
	struct diff_table t = { 0 };
	struct strbuf line = STRBUF_INIT;
	size_t i, nshow, nchanged = 0, regressions = 0;
	double total[2];
	double eps;

	hashidx_init(&t.index);
	fn_table_build(before, o->before_vi, &ft[0]);
	fn_table_build(after, o->after_vi, &ft[1]);
	add_side(&t, &ft[0], 0);
	add_side(&t, &ft[1], 1);
	total[0] = ft[0].total ? (double)ft[0].total : 1;
	total[1] = ft[1].total ? (double)ft[1].total : 1;
	/* what counts as no change: below the printed precision */
	eps = o->normalize ? 0.005 : 0.5;
	for (i = 0; i < t.nrows; i++) {
		struct diff_row *r = &t.rows[i];
		int s;

		for (s = 0; s < 2; s++) {
			r->self_v[s] = o->normalize ? 100.0 * (double)r->self[s] / total[s]
						    : (double)r->self[s];
			r->cum_v[s] = o->normalize ? 100.0 * (double)r->cum[s] / total[s]
						   : (double)r->cum[s];
		}
		r->dself = r->self_v[1] - r->self_v[0];
		r->dcum = r->cum_v[1] - r->cum_v[0];
		if (fabs(r->dself) >= eps || fabs(r->dcum) >= eps)
			nchanged++;
		/* the gate always compares shares, whatever the table shows */
		if (o->fail_pct >= 0 &&
		    100.0 * (double)r->self[1] / total[1] - 100.0 * (double)r->self[0] / total[0] >
			    o->fail_pct)
			regressions++;
	}
	if (t.nrows)
		qsort(t.rows, t.nrows, sizeof(*t.rows), diff_cmp);

	fprintf(out, "# cprof diff: %s -> %s\n", o->before_name, o->after_name);
	side_header("before:", o->before_name, before, o->before_vi, ft[0].total, out);
	side_header("after: ", o->after_name, after, o->after_vi, ft[1].total, out);
	warn_if_differs(before, after, "event", "event", out);
	warn_if_differs(before, after, "frequency", "frequency (Hz)", out);
	warn_if_differs(before, after, "call_graph", "unwinding mode", out);
	if (strcmp(before->types[o->before_vi].type, after->types[o->after_vi].type) ||
	    strcmp(before->types[o->before_vi].unit, after->types[o->after_vi].unit))
		fprintf(out, "# warning:  the two sides compare different values: %s/%s and %s/%s\n",
			before->types[o->before_vi].type, before->types[o->before_vi].unit,
			after->types[o->after_vi].type, after->types[o->after_vi].unit);
	fprintf(out, "# %s\n#\n",
		o->normalize ? "shares of each side's total, in percent; change in points"
			     : "raw values (--no-normalize)");

	nshow = o->top && o->top < nchanged ? o->top : nchanged;
	if (nshow) {
		fprintf(out, "%-33s  %-23s\n", "-------------- self -------------",
			"------ cumulative -----");
		fprintf(out, "%7s %7s %8s %8s  %7s %7s %8s  %s\n", "before", "after", "change", "rel",
			"before", "after", "change", "Function  [Source]");
	}
	for (i = 0; i < nshow; i++) {
		const struct diff_row *r = &t.rows[i];

		strbuf_reset(&line);
		put_value(&line, r->self_v[0], o->normalize);
		strbuf_addch(&line, ' ');
		put_value(&line, r->self_v[1], o->normalize);
		strbuf_addch(&line, ' ');
		put_change(&line, r->dself, o->normalize);
		if (!r->self[0] && r->self[1])
			strbuf_addf(&line, " %8s", "new");
		else if (r->self[0] && !r->self[1])
			strbuf_addf(&line, " %8s", "gone");
		else if (r->self[0])
			strbuf_addf(&line, " %+7.1f%%", 100.0 * r->dself / r->self_v[0]);
		else
			strbuf_addf(&line, " %8s", "");
		strbuf_addstr(&line, "  ");
		put_value(&line, r->cum_v[0], o->normalize);
		strbuf_addch(&line, ' ');
		put_value(&line, r->cum_v[1], o->normalize);
		strbuf_addch(&line, ' ');
		put_change(&line, r->dcum, o->normalize);
		strbuf_addf(&line, "  %s", r->name);
		if (*r->source)
			strbuf_addf(&line, "  %s", r->source);
		if (!r->cum[0])
			strbuf_addstr(&line, "  (appeared)");
		else if (!r->cum[1])
			strbuf_addstr(&line, "  (vanished)");
		fprintf(out, "%s\n", line.buf);
	}
	if (!nchanged)
		fprintf(out, "# summary: no change\n");
	else
		fprintf(out, "# summary: %zu functions changed%s; largest self change: %s %+.2f%s\n",
			nchanged, nshow < nchanged ? " (the top ones shown)" : "", t.rows[0].name,
			t.rows[0].dself, o->normalize ? " points" : "");
	for (i = 0; o->fail_pct >= 0 && i < t.nrows; i++) {
		const struct diff_row *r = &t.rows[i];
		double grew = 100.0 * (double)r->self[1] / total[1] -
			      100.0 * (double)r->self[0] / total[0];

		if (grew > o->fail_pct)
			fprintf(out, "# regression: %s: self share grew by %.2f points (limit %.2f)\n",
				r->name, grew, o->fail_pct);
	}
	for (i = 0; i < t.nrows; i++)
		free(t.rows[i].key);
	free(t.rows);
	hashidx_release(&t.index);
	fn_table_release(&ft[0]);
	fn_table_release(&ft[1]);
	strbuf_release(&line);
	return regressions;
}
