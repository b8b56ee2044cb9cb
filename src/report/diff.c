/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/diff.h"
#include "util/arith.h"
#include "report/aggregate.h"
#include "report/top.h"
#include "util/escape.h"
#include "util/hashidx.h"
#include "util/json.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct diff_row {
	const char *name, *source;
	char *key;         /* name and source file, without the line */
	int64_t self[2], cum[2];
	double self_v[2], cum_v[2]; /* shares in points, or raw values */
	double dself, dcum;
	bool changed; /* the change shows at the printed precision */
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

/* what counts as no change: below the printed precision */
static double unchanged_below(const struct diff_opts *o)
{
	return o->normalize ? 0.005 : 0.5;
}

static int diff_cmp(const void *a, const void *b)
{
	const struct diff_row *x = a, *y = b;
	double kx = fabs(x->dself), ky = fabs(y->dself);

	/* rows that changed first, so that a top N shows only changes */
	if (x->changed != y->changed)
		return x->changed ? -1 : 1;
	if (kx != ky)
		return kx > ky ? -1 : 1;
	kx = fabs(x->dcum);
	ky = fabs(y->dcum);
	if (kx != ky)
		return kx > ky ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* what the two sides hold, compared, before it is printed */
struct diff_result {
	struct fn_table ft[2];
	struct diff_table t;
	double total[2];  /* each side's total, 1 for an empty side */
	size_t nchanged;  /* rows whose change shows at the printed precision */
	char **warnings;  /* the two sides are not alike */
	size_t nwarnings, walloc;
};

static void add_warning(struct diff_result *res, char *msg)
{
	ALLOC_GROW(res->warnings, res->nwarnings + 1, res->walloc);
	res->warnings[res->nwarnings++] = msg;
}

static void warn_if_differs(const struct profile *a, const struct profile *b, const char *key,
			    const char *what, struct diff_result *res)
{
	const char *va = profile_attr(a, key), *vb = profile_attr(b, key);

	if (va && vb && strcmp(va, vb))
		add_warning(res, xasprintf("the two sides differ in %s: %s before, %s after", what,
					   va, vb));
}

/* how far the self share of R grew, in points: what the gate compares */
static double share_growth(const struct diff_result *res, const struct diff_row *r)
{
	return 100.0 * (double)r->self[1] / res->total[1] -
	       100.0 * (double)r->self[0] / res->total[0];
}

static void diff_compute(const struct profile *before, const struct profile *after,
			 const struct diff_opts *o, struct diff_result *res)
{
	struct diff_table *t = &res->t;
	size_t i;
	double eps;

	memset(res, 0, sizeof(*res));
	hashidx_init(&t->index);
	fn_table_build(before, o->before_vi, &res->ft[0]);
	fn_table_build(after, o->after_vi, &res->ft[1]);
	add_side(t, &res->ft[0], 0);
	add_side(t, &res->ft[1], 1);
	res->total[0] = res->ft[0].total ? (double)res->ft[0].total : 1;
	res->total[1] = res->ft[1].total ? (double)res->ft[1].total : 1;
	eps = unchanged_below(o);
	for (i = 0; i < t->nrows; i++) {
		struct diff_row *r = &t->rows[i];
		int s;

		for (s = 0; s < 2; s++) {
			r->self_v[s] = o->normalize ? 100.0 * (double)r->self[s] / res->total[s]
						    : (double)r->self[s];
			r->cum_v[s] = o->normalize ? 100.0 * (double)r->cum[s] / res->total[s]
						   : (double)r->cum[s];
		}
		r->dself = r->self_v[1] - r->self_v[0];
		r->dcum = r->cum_v[1] - r->cum_v[0];
		r->changed = fabs(r->dself) >= eps || fabs(r->dcum) >= eps;
		if (r->changed)
			res->nchanged++;
	}
	if (t->nrows)
		qsort(t->rows, t->nrows, sizeof(*t->rows), diff_cmp);

	/* an empty side has no shares: every row of the other "vanished" or "appeared" */
	if (!res->ft[0].total)
		add_warning(res, xasprintf("%s holds no samples", o->before_name));
	if (!res->ft[1].total)
		add_warning(res, xasprintf("%s holds no samples", o->after_name));
	warn_if_differs(before, after, "event", "event", res);
	warn_if_differs(before, after, "frequency", "frequency (Hz)", res);
	warn_if_differs(before, after, "call_graph", "unwinding mode", res);
	if (strcmp(before->types[o->before_vi].type, after->types[o->after_vi].type) ||
	    strcmp(before->types[o->before_vi].unit, after->types[o->after_vi].unit))
		add_warning(res, xasprintf("the two sides compare different values: %s/%s and %s/%s",
					   before->types[o->before_vi].type,
					   before->types[o->before_vi].unit,
					   after->types[o->after_vi].type,
					   after->types[o->after_vi].unit));
}

static size_t diff_regressions(const struct diff_result *res, const struct diff_opts *o)
{
	size_t i, n = 0;

	/* the gate always compares shares, whatever the table shows */
	for (i = 0; o->fail_pct >= 0 && i < res->t.nrows; i++)
		if (share_growth(res, &res->t.rows[i]) > o->fail_pct)
			n++;
	return n;
}

static void diff_release(struct diff_result *res)
{
	size_t i;

	for (i = 0; i < res->t.nrows; i++)
		free(res->t.rows[i].key);
	free(res->t.rows);
	hashidx_release(&res->t.index);
	fn_table_release(&res->ft[0]);
	fn_table_release(&res->ft[1]);
	for (i = 0; i < res->nwarnings; i++)
		free(res->warnings[i]);
	free(res->warnings);
}

/* ---- text ---- */

static void side_header(const char *label, const char *name, const struct profile *p, int vi,
			int64_t total, FILE *out)
{
	const char *cmd = profile_attr(p, "command"), *ev = profile_attr(p, "event");
	const char *hz = profile_attr(p, "frequency");

	fprintf(out, "# %s %s: %lld %s", label, text_escaped(name), (long long)total,
		strcmp(p->types[vi].type, "samples") ? p->types[vi].unit : "samples");
	if (ev)
		fprintf(out, " of %s", text_escaped(ev));
	if (ev && hz)
		fprintf(out, " at %s Hz", text_escaped(hz));
	if (cmd)
		fprintf(out, " (%s)", text_escaped(cmd));
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

static void diff_print_text(const struct profile *before, const struct profile *after,
			    const struct diff_opts *o, const struct diff_result *res, FILE *out)
{
	const struct diff_table *t = &res->t;
	struct strbuf line = STRBUF_INIT;
	size_t i, nshow, nchanged = res->nchanged;

	fprintf(out, "# cprof diff: %s", text_escaped(o->before_name));
	fprintf(out, " -> %s\n", text_escaped(o->after_name));
	side_header("before:", o->before_name, before, o->before_vi, res->ft[0].total, out);
	side_header("after: ", o->after_name, after, o->after_vi, res->ft[1].total, out);
	/* the same filters applied to both sides */
	if (profile_attr(after, "filters"))
		fprintf(out, "# filters:  %s\n", text_escaped(profile_attr(after, "filters")));
	for (i = 0; i < res->nwarnings; i++)
		fprintf(out, "# warning:  %s\n", text_escaped(res->warnings[i]));
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
		const struct diff_row *r = &t->rows[i];

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
	if (!nchanged) {
		fprintf(out, "# summary: no change\n");
	} else {
		/* the first row has the largest self change; if none shows, a cumulative one */
		const struct diff_row *r = &t->rows[0];
		bool self = fabs(r->dself) >= unchanged_below(o);

		fprintf(out, "# summary: %zu function%s changed%s; largest %s change: %s %+.2f%s\n",
			nchanged, nchanged == 1 ? "" : "s",
			nshow < nchanged ? " (the top ones shown)" : "", self ? "self" : "cumulative",
			text_escaped(r->name), self ? r->dself : r->dcum, o->normalize ? " points" : "");
	}
	for (i = 0; o->fail_pct >= 0 && i < t->nrows; i++) {
		const struct diff_row *r = &t->rows[i];
		double grew = share_growth(res, r);

		if (grew > o->fail_pct)
			fprintf(out, "# regression: %s: self share grew by %.2f points (limit %.2f)\n",
				text_escaped(r->name), grew, o->fail_pct);
	}
	strbuf_release(&line);
}

/* ---- JSON (cprof-json(5)) ---- */

static int64_t sat_sub64(int64_t a, int64_t b)
{
	int64_t r;

	if (__builtin_sub_overflow(a, b, &r))
		return b < 0 ? INT64_MAX : INT64_MIN;
	return r;
}

/* an attribute that holds a number ("999"), as a number; null otherwise */
static void json_attr_number(struct json *j, const char *v)
{
	char *end;
	long long n;
	double d;

	if (v && *v) {
		errno = 0;
		n = strtoll(v, &end, 10);
		if (!*end && !errno) {
			json_int(j, n);
			return;
		}
		d = strtod(v, &end);
		if (!*end && isfinite(d)) {
			json_double(j, d, 2);
			return;
		}
	}
	json_null(j);
}

static void json_side(struct json *j, const char *name, const struct profile *p, int vi,
		      int64_t total)
{
	json_object_begin(j);
	json_key(j, "input");
	json_string(j, name);
	json_key(j, "command");
	json_string(j, profile_attr(p, "command"));
	json_key(j, "event");
	json_string(j, profile_attr(p, "event"));
	json_key(j, "frequency");
	json_attr_number(j, profile_attr(p, "frequency"));
	json_key(j, "call_graph");
	json_string(j, profile_attr(p, "call_graph"));
	json_key(j, "sample_type");
	json_object_begin(j);
	json_key(j, "type");
	json_string(j, p->types[vi].type);
	json_key(j, "unit");
	json_string(j, p->types[vi].unit);
	json_object_end(j);
	json_key(j, "total");
	json_int(j, total);
	json_object_end(j);
}

/* a change: in points of share (normalised), or exact in raw values */
static void json_change(struct json *j, double points, int64_t after, int64_t before,
			bool normalize)
{
	if (normalize)
		json_double(j, points, 2);
	else
		json_int(j, sat_sub64(after, before));
}

static const char *row_status(const struct diff_row *r)
{
	if (!r->cum[0] && r->cum[1])
		return "appeared";
	if (r->cum[0] && !r->cum[1])
		return "vanished";
	return r->changed ? "changed" : "unchanged";
}

static void json_row(struct json *j, const struct diff_result *res, const struct diff_row *r,
		     bool normalize)
{
	static const char *const sides[] = { "before", "after" };
	int s;

	json_object_begin(j);
	json_key(j, "function");
	json_string(j, r->name);
	json_key(j, "source");
	json_string(j, r->source);
	for (s = 0; s < 2; s++) {
		json_key(j, sides[s]);
		json_object_begin(j);
		json_key(j, "self");
		json_int(j, r->self[s]);
		json_key(j, "cum");
		json_int(j, r->cum[s]);
		json_key(j, "self_pct");
		json_double(j, 100.0 * (double)r->self[s] / res->total[s], 2);
		json_key(j, "cum_pct");
		json_double(j, 100.0 * (double)r->cum[s] / res->total[s], 2);
		json_object_end(j);
	}
	json_key(j, "self_change");
	json_change(j, r->dself, r->self[1], r->self[0], normalize);
	json_key(j, "cum_change");
	json_change(j, r->dcum, r->cum[1], r->cum[0], normalize);
	json_key(j, "relative_change");
	if (r->self[0])
		json_double(j, 100.0 * r->dself / r->self_v[0], 2);
	else
		json_null(j);
	json_key(j, "status");
	json_string(j, row_status(r));
	json_object_end(j);
}

static void diff_print_json(const struct profile *before, const struct profile *after,
			    const struct diff_opts *o, const struct diff_result *res, FILE *out)
{
	const struct diff_table *t = &res->t;
	size_t i, nrows = o->top && o->top < t->nrows ? o->top : t->nrows;
	struct json j;

	json_init(&j, out);
	json_object_begin(&j);
	json_key(&j, "cprof");
	json_string(&j, "diff");
	json_key(&j, "schema_version");
	json_int(&j, 1);
	json_key(&j, "before");
	json_side(&j, o->before_name, before, o->before_vi, res->ft[0].total);
	json_key(&j, "after");
	json_side(&j, o->after_name, after, o->after_vi, res->ft[1].total);
	json_key(&j, "warnings");
	json_array_begin(&j);
	for (i = 0; i < res->nwarnings; i++)
		json_string(&j, res->warnings[i]);
	json_array_end(&j);
	json_key(&j, "filters");
	profile_filters_json(after, &j); /* both sides had the same */
	json_key(&j, "normalized");
	json_bool(&j, o->normalize);

	json_key(&j, "rows");
	json_array_begin(&j);
	for (i = 0; i < nrows; i++)
		json_row(&j, res, &t->rows[i], o->normalize);
	json_array_end(&j);

	json_key(&j, "summary");
	json_object_begin(&j);
	json_key(&j, "functions");
	json_uint(&j, t->nrows);
	json_key(&j, "changed");
	json_uint(&j, res->nchanged);
	json_key(&j, "largest_self_change");
	if (res->nchanged) {
		json_object_begin(&j);
		json_key(&j, "function");
		json_string(&j, t->rows[0].name);
		json_key(&j, "source");
		json_string(&j, t->rows[0].source);
		json_key(&j, "change");
		json_change(&j, t->rows[0].dself, t->rows[0].self[1], t->rows[0].self[0],
			    o->normalize);
		json_object_end(&j);
	} else {
		json_null(&j);
	}
	json_object_end(&j);

	json_key(&j, "regression_gate");
	if (o->fail_pct >= 0) {
		json_object_begin(&j);
		json_key(&j, "threshold");
		json_double(&j, o->fail_pct, 2);
		json_key(&j, "passed");
		json_bool(&j, !diff_regressions(res, o));
		json_key(&j, "regressions");
		json_array_begin(&j);
		for (i = 0; i < t->nrows; i++) {
			const struct diff_row *r = &t->rows[i];
			double grew = share_growth(res, r);

			if (grew <= o->fail_pct)
				continue;
			json_object_begin(&j);
			json_key(&j, "function");
			json_string(&j, r->name);
			json_key(&j, "source");
			json_string(&j, r->source);
			json_key(&j, "self_share_growth");
			json_double(&j, grew, 2);
			json_object_end(&j);
		}
		json_array_end(&j);
		json_object_end(&j);
	} else {
		json_null(&j);
	}
	json_object_end(&j);
}

size_t report_diff(const struct profile *before, const struct profile *after,
		   const struct diff_opts *o, FILE *out)
{
	struct diff_result res;
	size_t regressions;

	diff_compute(before, after, o, &res);
	if (o->json)
		diff_print_json(before, after, o, &res, out);
	else
		diff_print_text(before, after, o, &res, out);
	regressions = diff_regressions(&res, o);
	diff_release(&res);
	return regressions;
}
