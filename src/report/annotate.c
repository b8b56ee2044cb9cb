/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/annotate.h"
#include "profile/frames.h"
#include "util/arith.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <inttypes.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

static double pct(int64_t v, int64_t total)
{
	return total ? 100.0 * (double)v / (double)total : 0;
}

/* one function to annotate: every profile function of that name and file */
struct target {
	const char *name, *filename;
	int64_t start_line;
	int64_t self, cum;
	size_t last_sample;
	struct hit *lines, *addrs; /* per source line / per address */
	size_t nlines, lines_alloc, naddrs, addrs_alloc;
};

struct hit {
	uint64_t at; /* line number or address */
	int64_t line; /* for addresses: the line */
	int64_t self, cum;
	size_t last_sample;
};

static struct hit *hit_for(struct hit **v, size_t *n, size_t *alloc, uint64_t at)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*v)[i].at == at)
			return &(*v)[i];
	ALLOC_GROW(*v, *n + 1, *alloc);
	(*v)[*n] = (struct hit){ .at = at };
	return &(*v)[(*n)++];
}

static int hit_cmp(const void *a, const void *b)
{
	const struct hit *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

/* the targets: functions named FUNC, else matching it; NULL with D filled if none */
static struct target *pick_targets(const struct profile *p, const char *func, size_t *n,
				   struct diag *d)
{
	struct target *t = NULL;
	size_t alloc = 0, i, k;
	bool exact = false;
	regex_t re;
	int err;

	*n = 0;
	for (i = 0; i < p->nfunctions && !exact; i++)
		exact = !strcmp(p->functions[i]->name, func);
	if (!exact && (err = regcomp(&re, func, REG_EXTENDED | REG_NOSUB))) {
		char msg[256];

		regerror(err, &re, msg, sizeof(msg));
		diag_set(d, "invalid regular expression '%s': %s", func, msg);
		return NULL;
	}
	for (i = 0; i < p->nfunctions; i++) {
		const struct profile_function *f = p->functions[i];

		if (exact ? strcmp(f->name, func) : regexec(&re, f->name, 0, NULL, 0))
			continue;
		for (k = 0; k < *n && !(t[k].name == f->name && t[k].filename == f->filename); k++)
			;
		if (k == *n) {
			ALLOC_GROW(t, *n + 1, alloc);
			t[k] = (struct target){ .name = f->name, .filename = f->filename };
			(*n)++;
		}
		if (f->start_line && (!t[k].start_line || f->start_line < t[k].start_line))
			t[k].start_line = f->start_line;
	}
	if (!exact)
		regfree(&re);
	if (!*n)
		diag_set(d, "no function matches '%s'", func);
	return t;
}

static void count(const struct profile *p, int vi, struct target *t, size_t nt)
{
	struct frame *frames = NULL;
	size_t alloc = 0, i, j, k;

	for (i = 0; i < p->nsamples; i++) {
		const struct profile_sample *s = p->samples[i];
		int64_t v = s->values[vi];
		size_t n = profile_sample_frames(s, &frames, &alloc);

		for (j = 0; j < n; j++) {
			const struct frame *f = &frames[j];
			struct hit *h, *a;

			if (!f->function)
				continue;
			for (k = 0; k < nt; k++)
				if (t[k].name == f->function->name && t[k].filename == f->function->filename)
					break;
			if (k == nt)
				continue;
			h = hit_for(&t[k].lines, &t[k].nlines, &t[k].lines_alloc, (uint64_t)f->line);
			a = hit_for(&t[k].addrs, &t[k].naddrs, &t[k].addrs_alloc, f->loc->address);
			a->line = f->line;
			if (j == 0) {
				t[k].self = sat_add64(t[k].self, v);
				h->self = sat_add64(h->self, v);
				a->self = sat_add64(a->self, v);
			}
			if (t[k].last_sample != i + 1) {
				t[k].cum = sat_add64(t[k].cum, v);
				t[k].last_sample = i + 1;
			}
			if (h->last_sample != i + 1) {
				h->cum = sat_add64(h->cum, v);
				h->last_sample = i + 1;
			}
			if (a->last_sample != i + 1) {
				a->cum = sat_add64(a->cum, v);
				a->last_sample = i + 1;
			}
		}
	}
	free(frames);
}

/* open the source FILE, looking in SOURCE_PATH's directories too; NULL if nowhere */
static FILE *open_source(const char *file, const char *source_path, struct strbuf *found)
{
	const char *dir = source_path;
	FILE *f;

	strbuf_reset(found);
	if (!*file)
		return NULL;
	if ((f = fopen(file, "r"))) {
		strbuf_addstr(found, file);
		return f;
	}
	while (dir && *dir) {
		const char *colon = strchr(dir, ':');
		size_t len = colon ? (size_t)(colon - dir) : strlen(dir);
		const char *tries[2] = { file, path_basename(file) };
		int i;

		for (i = 0; i < 2; i++) {
			strbuf_reset(found);
			strbuf_add(found, dir, len);
			strbuf_addf(found, "/%s", tries[i]);
			if ((f = fopen(found->buf, "r")))
				return f;
		}
		dir = colon ? colon + 1 : NULL;
	}
	strbuf_reset(found);
	return NULL;
}

static void print_source(const struct target *t, FILE *src, int64_t total, size_t context,
			 FILE *out)
{
	int64_t first = t->start_line, last = 0, lineno = 0;
	struct strbuf line = STRBUF_INIT;
	size_t h = 0;
	int c;

	for (h = 0; h < t->nlines; h++) {
		int64_t l = (int64_t)t->lines[h].at;

		if (l <= 0)
			continue;
		if (!first || l < first)
			first = l > (int64_t)context ? l - (int64_t)context : 1;
		if (l > last)
			last = l;
	}
	last += (int64_t)context;
	fprintf(out, "%10s %10s %7s %7s %6s  %s\n", "Self", "Cum", "Self%", "Cum%", "Line", "Source");
	h = 0;
	do {
		strbuf_reset(&line);
		while ((c = fgetc(src)) != EOF && c != '\n')
			strbuf_addch(&line, (char)c);
		if (c == EOF && !line.len)
			break;
		lineno++;
		while (h < t->nlines && (int64_t)t->lines[h].at < lineno)
			h++;
		if (lineno < first || lineno > last)
			continue;
		if (h < t->nlines && (int64_t)t->lines[h].at == lineno)
			fprintf(out, "%10lld %10lld %6.2f%% %6.2f%% %6lld  %s\n",
				(long long)t->lines[h].self, (long long)t->lines[h].cum,
				pct(t->lines[h].self, total), pct(t->lines[h].cum, total),
				(long long)lineno, line.buf);
		else
			fprintf(out, "%10s %10s %7s %7s %6lld  %s\n", ".", ".", ".", ".",
				(long long)lineno, line.buf);
	} while (c != EOF && lineno < last);
	strbuf_release(&line);
}

static void print_addresses(const struct target *t, int64_t total, FILE *out)
{
	const char *file = *t->filename ? path_basename(t->filename) : "";
	size_t i;

	fprintf(out, "%10s %10s %7s %7s  %-18s  %s\n", "Self", "Cum", "Self%", "Cum%", "Address",
		"Line");
	for (i = 0; i < t->naddrs; i++) {
		const struct hit *a = &t->addrs[i];

		fprintf(out, "%10lld %10lld %6.2f%% %6.2f%%  0x%016" PRIx64 "  ", (long long)a->self,
			(long long)a->cum, pct(a->self, total), pct(a->cum, total), a->at);
		if (*file && a->line)
			fprintf(out, "%s:%lld\n", file, (long long)a->line);
		else
			fprintf(out, "?\n");
	}
}

int report_annotate(const struct profile *p, const struct top_opts *o,
		    const struct annotate_opts *ao, const char *func, FILE *out, struct diag *d)
{
	int vi = report_value_index(p, o);
	struct strbuf found = STRBUF_INIT;
	int64_t total = 0;
	struct target *t;
	size_t nt, i;

	if (!p->ntypes || vi < 0)
		return diag_set(d, "the profile holds no samples");
	if (!(t = pick_targets(p, func, &nt, d)) || !nt) {
		free(t);
		return -1;
	}
	for (i = 0; i < p->nsamples; i++)
		total = sat_add64(total, p->samples[i]->values[vi]);
	count(p, vi, t, nt);
	report_print_header(p, o, vi, total, out);
	for (i = 0; i < nt; i++) {
		FILE *src;

		if (!t[i].cum)
			continue;
		qsort(t[i].lines, t[i].nlines, sizeof(*t[i].lines), hit_cmp);
		qsort(t[i].addrs, t[i].naddrs, sizeof(*t[i].addrs), hit_cmp);
		src = open_source(t[i].filename, ao->source_path, &found);
		fprintf(out, "ROUTINE ======================== %s in %s\n", t[i].name,
			src ? found.buf : *t[i].filename ? t[i].filename : "?");
		fprintf(out, "%lld (%.2f%%) self, %lld (%.2f%%) cumulative, of %lld total\n",
			(long long)t[i].self, pct(t[i].self, total), (long long)t[i].cum,
			pct(t[i].cum, total), (long long)total);
		if (src) {
			print_source(&t[i], src, total, ao->context, out);
			fclose(src);
		} else {
			fprintf(out, "# source not readable%s%s: hot addresses instead\n",
				*t[i].filename ? ": " : "", t[i].filename);
			print_addresses(&t[i], total, out);
		}
		fputc('\n', out);
	}
	for (i = 0; i < nt; i++) {
		free(t[i].lines);
		free(t[i].addrs);
	}
	free(t);
	strbuf_release(&found);
	return 0;
}
