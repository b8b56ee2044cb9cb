/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/top.h"
#include "profile/frames.h"
#include "profile/inline.h"
#include "util/escape.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

static enum top_sort sort_key;

static int row_cmp(const void *a, const void *b)
{
	const struct agg_row *x = a, *y = b;
	int64_t kx = sort_key == TOP_SORT_SELF ? x->self : x->cum;
	int64_t ky = sort_key == TOP_SORT_SELF ? y->self : y->cum;
	size_t i;
	int c;

	if (kx != ky)
		return kx > ky ? -1 : 1;
	if (x->cum != y->cum)
		return x->cum > y->cum ? -1 : 1;
	for (i = 0; i < AGG_MAX_KEYS && x->cols[i] && y->cols[i]; i++)
		if ((c = strcmp(x->cols[i], y->cols[i])))
			return c;
	return 0;
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
void report_fit(struct strbuf *out, const char *s, size_t width, bool utf8)
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

/* what a profile with a total of 0 holds: no shares to give */
static const char *no_samples_text(const struct profile *p)
{
	return profile_attr(p, "filters") ? "no samples pass the filters"
					  : "the profile holds no samples";
}

void report_print_header(const struct profile *p, const struct top_opts *o, int vi,
			 int64_t total, FILE *out)
{
	const char *v;

	fprintf(out, "# cprof report: %s\n", text_escaped(o->input));
	if ((v = profile_attr(p, "command")))
		fprintf(out, "# command:  %s\n", text_escaped(v));
	fprintf(out, "# event:    %s",
		text_escaped((v = profile_attr(p, "event")) ? v : p->types[vi].type));
	if ((v = profile_attr(p, "frequency")))
		fprintf(out, " at %s Hz", text_escaped(v));
	else if ((v = profile_attr(p, "period")))
		fprintf(out, " every %s events", text_escaped(v));
	if ((v = profile_attr(p, "call_graph")))
		fprintf(out, ", call graph %s", text_escaped(v));
	fputc('\n', out);
	if (!strcmp(p->types[vi].type, "samples"))
		fprintf(out, "# duration: %.2f s   samples: %lld   lost: %s\n",
			(double)p->duration_nanos / 1e9, (long long)total,
			text_escaped((v = profile_attr(p, "lost_samples")) ? v : "0"));
	else if (p->duration_nanos)
		fprintf(out, "# duration: %.2f s   %s: %lld %s\n", (double)p->duration_nanos / 1e9,
			p->types[vi].type, (long long)total, p->types[vi].unit);
	else /* a heap profile is a snapshot: no duration */
		fprintf(out, "# %s: %lld %s\n", p->types[vi].type, (long long)total,
			p->types[vi].unit);
	if ((v = profile_attr(p, "complete")) && !strcmp(v, "no"))
		fprintf(out, "# warning:  the recording was cut short; this is what it holds\n");
	if (!total)
		fprintf(out, "# warning:  %s\n", no_samples_text(p));
	if ((v = profile_attr(p, "mismatched")))
		fprintf(out, "# warning:  changed on disk since recorded, shown as addresses: %s\n",
			text_escaped(v));
	if ((v = profile_attr(p, "filters")))
		fprintf(out, "# filters:  %s\n", text_escaped(v));
	/* folded (--no-inline) profiles have no inlined frames left */
	if (profile_inline_has_self(p))
		fprintf(out, "# inlined functions have rows of their own "
			     "(--no-inline folds them into their callers)\n");
	fprintf(out, "#\n");
}

int report_value_index(const struct profile *p, const struct top_opts *o)
{
	return o->value_index >= 0 && (size_t)o->value_index < p->ntypes
		       ? o->value_index
		       : profile_value_index(p, NULL, NULL);
}

void report_json_header(struct json *j, const struct profile *p, const struct top_opts *o,
			int vi, int64_t total)
{
	const char *v;

	json_key(j, "cprof");
	json_string(j, "report");
	json_key(j, "schema_version");
	json_int(j, 1);
	json_key(j, "input");
	json_string(j, o->input);
	json_key(j, "command");
	json_string(j, profile_attr(p, "command"));
	json_key(j, "event");
	json_string(j, (v = profile_attr(p, "event")) ? v : p->ntypes ? p->types[vi].type : NULL);
	json_key(j, "frequency");
	if ((v = profile_attr(p, "frequency")))
		json_int(j, strtoll(v, NULL, 10));
	else
		json_null(j);
	json_key(j, "period");
	if ((v = profile_attr(p, "period")))
		json_int(j, strtoll(v, NULL, 10));
	else
		json_null(j);
	json_key(j, "call_graph");
	json_string(j, profile_attr(p, "call_graph"));
	json_key(j, "sample_type");
	json_object_begin(j);
	json_key(j, "type");
	json_string(j, p->ntypes ? p->types[vi].type : NULL);
	json_key(j, "unit");
	json_string(j, p->ntypes ? p->types[vi].unit : NULL);
	json_object_end(j);
	json_key(j, "total");
	json_int(j, total);
	json_key(j, "duration_ns");
	json_int(j, p->duration_nanos);
	json_key(j, "lost");
	json_int(j, (v = profile_attr(p, "lost_samples")) ? strtoll(v, NULL, 10) : 0);
	json_key(j, "warnings");
	json_array_begin(j);
	if ((v = profile_attr(p, "complete")) && !strcmp(v, "no"))
		json_string(j, "the recording was cut short; this is what it holds");
	if (!total)
		json_string(j, no_samples_text(p));
	if ((v = profile_attr(p, "mismatched"))) {
		struct strbuf sb = STRBUF_INIT;

		strbuf_addf(&sb, "changed on disk since recorded, shown as addresses: %s", v);
		json_string(j, sb.buf);
		strbuf_release(&sb);
	}
	json_array_end(j);
	json_key(j, "filters");
	profile_filters_json(p, j);
}

void profile_filters_json(const struct profile *p, struct json *j)
{
	size_t i;

	json_object_begin(j);
	for (i = 0; i < p->nattrs; i++)
		if (!strncmp(p->attrs[i].key, "filter.", 7)) {
			json_key(j, p->attrs[i].key + 7);
			json_string(j, p->attrs[i].value);
		}
	json_object_end(j);
}

static double pct(int64_t v, int64_t total)
{
	return total ? 100.0 * (double)v / (double)total : 0;
}

/* the JSON fields of one row's keys */
static void json_row_keys(struct json *j, const struct agg_spec *spec, const struct agg_row *r)
{
	size_t i;

	for (i = 0; i < spec->nkeys; i++) {
		const char *file = frame_file(&r->frame);

		switch (spec->keys[i]) {
		case AGG_FUNCTION:
			json_key(j, "function");
			json_string(j, r->cols[i]);
			json_key(j, "source");
			json_string(j, r->source);
			break;
		case AGG_LINE:
			json_key(j, "file");
			json_string(j, file);
			json_key(j, "line");
			json_int(j, r->frame.line);
			break;
		case AGG_FILE:
			json_key(j, "file");
			json_string(j, r->cols[i]);
			break;
		case AGG_DSO:
			json_key(j, "dso");
			json_string(j, r->cols[i]);
			break;
		case AGG_THREAD:
			json_key(j, "tid");
			if (r->tid >= 0)
				json_int(j, r->tid);
			else
				json_null(j);
			json_key(j, "thread");
			json_string(j, r->thread);
			break;
		case AGG_PID:
			json_key(j, "pid");
			if (r->pid >= 0)
				json_int(j, r->pid);
			else
				json_null(j);
			json_key(j, "process");
			json_string(j, r->process);
			break;
		case AGG_COMM:
			json_key(j, "comm");
			json_string(j, r->comm);
			break;
		case AGG_CGROUP:
			json_key(j, "cgroup");
			json_string(j, r->cgroup);
			json_key(j, "container");
			if (r->container)
				json_string(j, r->container);
			else
				json_null(j);
			break;
		}
	}
}

static void top_json(const struct profile *p, const struct top_opts *o, int vi,
		     const struct agg_table *t, size_t nshow, FILE *out)
{
	struct json j;
	size_t i;

	json_init(&j, out);
	json_object_begin(&j);
	report_json_header(&j, p, o, vi, t->total);
	json_key(&j, "by");
	json_array_begin(&j);
	for (i = 0; i < t->spec.nkeys; i++)
		json_string(&j, agg_key_name(t->spec.keys[i]));
	json_array_end(&j);
	json_key(&j, "rows");
	json_array_begin(&j);
	for (i = 0; i < nshow; i++) {
		const struct agg_row *r = &t->rows[i];

		json_object_begin(&j);
		json_key(&j, "self");
		json_int(&j, r->self);
		json_key(&j, "cum");
		json_int(&j, r->cum);
		json_key(&j, "self_pct");
		json_double(&j, pct(r->self, t->total), 2);
		json_key(&j, "cum_pct");
		json_double(&j, pct(r->cum, t->total), 2);
		json_row_keys(&j, &t->spec, r);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_object_end(&j);
}

/* the column title of key K */
static const char *key_title(enum agg_key k)
{
	static const char *const titles[] = { "Function", "Line",    "File",    "DSO",
					      "Thread",   "Process", "Command", "Cgroup" };

	return titles[k];
}

void report_top(const struct profile *p, const struct top_opts *o, FILE *out)
{
	struct agg_table t;
	struct agg_spec by = o->by;
	size_t i, k, nshow, src_w = 0, col_w[AGG_MAX_KEYS] = { 0 };
	int vi = report_value_index(p, o);
	bool fn_last;
	int vw = 9;
	struct strbuf line = STRBUF_INIT, title = STRBUF_INIT;

	if (!p->ntypes) {
		if (o->json) {
			struct json j;

			json_init(&j, out);
			json_object_begin(&j);
			report_json_header(&j, p, o, vi, 0);
			json_key(&j, "rows");
			json_array_begin(&j);
			json_array_end(&j);
			json_object_end(&j);
		} else {
			fprintf(out, "# cprof report: %s\n# no samples\n", text_escaped(o->input));
		}
		return;
	}
	if (!by.nkeys)
		by = (struct agg_spec){ 1, { AGG_FUNCTION } };
	agg_build(p, vi, &by, &t);
	sort_key = o->sort;
	if (t.nrows)
		qsort(t.rows, t.nrows, sizeof(*t.rows), row_cmp);
	nshow = o->top && o->top < t.nrows ? o->top : t.nrows;
	/* --percent-limit: the rows are in order of the sort column, the small ones last */
	while (nshow) {
		const struct agg_row *r = &t.rows[nshow - 1];

		if (pct(sort_key == TOP_SORT_SELF ? r->self : r->cum, t.total) >= o->percent_limit)
			break;
		nshow--;
	}
	if (o->json) {
		top_json(p, o, vi, &t, nshow, out);
		agg_release(&t);
		return;
	}
	/* the source of the function goes last, when the function is the last key */
	fn_last = by.keys[by.nkeys - 1] == AGG_FUNCTION;
	for (i = 0; i < nshow; i++) {
		if (fn_last && display_width(t.rows[i].source) > src_w)
			src_w = display_width(t.rows[i].source);
		for (k = 0; k + 1 < by.nkeys; k++)
			if (display_width(t.rows[i].cols[k]) > col_w[k])
				col_w[k] = display_width(t.rows[i].cols[k]);
	}
	if (src_w > 40)
		src_w = 40;

	report_print_header(p, o, vi, t.total, out);
	/* the value column grows for big values (nanoseconds, bytes) */
	for (i = 0; i < nshow; i++) {
		int w = snprintf(NULL, 0, "%lld", (long long)t.rows[i].self);

		if (w > vw)
			vw = w;
	}
	for (k = 0; k < by.nkeys; k++) {
		if (k + 1 < by.nkeys) {
			if (display_width(key_title(by.keys[k])) > col_w[k])
				col_w[k] = display_width(key_title(by.keys[k]));
			if (col_w[k] > 40)
				col_w[k] = 40;
		}
		strbuf_addstr(&title, key_title(by.keys[k]));
		if (k + 1 < by.nkeys)
			strbuf_addf(&title, "%*s", (int)(col_w[k] + 2 - display_width(key_title(by.keys[k]))), "");
	}
	if (fn_last)
		strbuf_addstr(&title, "  [Source]");
	fprintf(out, "%7s %7s %*s  %s\n", "Self%", "Cum%", vw,
		strcmp(p->types[vi].type, "samples") ? p->types[vi].type : "Samples", title.buf);
	for (i = 0; i < nshow; i++) {
		const struct agg_row *r = &t.rows[i];
		size_t fixed = 7 + 1 + 7 + 1 + (size_t)vw + 2, keys_w = 0;
		const char *source = fn_last ? r->source : "";
		size_t src_len = display_width(source);

		strbuf_reset(&line);
		strbuf_addf(&line, "%7.2f %7.2f %*lld  ", pct(r->self, t.total), pct(r->cum, t.total), vw,
			    (long long)r->self);
		/* the leading key columns, padded; the last one gets the rest of the line */
		for (k = 0; k + 1 < by.nkeys; k++) {
			size_t before = line.len;

			report_fit(&line, r->cols[k], col_w[k], o->utf8);
			strbuf_addf(&line, "%*s", (int)(col_w[k] + 2 - display_width(line.buf + before)), "");
			keys_w += col_w[k] + 2;
		}
		fixed += keys_w;
		if (o->width) {
			size_t room = o->width > fixed ? o->width - fixed : 1;
			size_t src_show = src_len < src_w ? src_len : src_w;

			/* the name keeps at least 20 columns; the source gets the rest */
			if (src_show && room >= 20 + 2 + 6) {
				size_t name_w = room >= 20 + 2 + src_show ? room - 2 - src_show : 20;

				report_fit(&line, r->cols[by.nkeys - 1], name_w, o->utf8);
				strbuf_addstr(&line, "  ");
				report_fit(&line, source, room - 2 - name_w, o->utf8);
			} else {
				report_fit(&line, r->cols[by.nkeys - 1], room, o->utf8);
			}
		} else {
			strbuf_addstr(&line, r->cols[by.nkeys - 1]);
			if (src_len) {
				strbuf_addstr(&line, "  ");
				strbuf_addstr(&line, source);
			}
		}
		fprintf(out, "%s\n", line.buf);
	}
	agg_release(&t);
	strbuf_release(&line);
	strbuf_release(&title);
}
