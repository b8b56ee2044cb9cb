/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/annotate.h"
#include "profile/frames.h"
#include "report/annotate_impl.h"
#include "util/arith.h"
#include "util/regfile.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <inttypes.h>
#include <regex.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

double annotate_pct(int64_t v, int64_t total)
{
	return total ? 100.0 * (double)v / (double)total : 0;
}

void annotate_warn(struct annotate_ctx *c, const char *key, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	size_t i;
	int n;

	for (i = 0; i < c->nwarned; i++)
		if (!strcmp(c->warned[i], key))
			return;
	ALLOC_GROW(c->warned, c->nwarned + 1, c->warned_alloc);
	c->warned[c->nwarned++] = xstrdup(key);
	if (!c->ao->warn)
		return;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	msg = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	c->ao->warn(msg);
	free(msg);
}

struct objfile *annotate_objfile(struct annotate_ctx *c, const struct profile_mapping *m)
{
	if (!m || m->kind == PROFILE_MAPPING_KERNEL ||
	    (m->file[0] != '/' && strcmp(m->file, "[vdso]")))
		return NULL;
	/* the process is gone: its files are read from here, as profile_symbolize does */
	return objcache_get(c->objs, 0, m->file, m->build_id);
}

/* the hit at AT (of MAPPING, for addresses), added if new */
static struct annotate_hit *hit_for(struct annotate_hit **v, size_t *n, size_t *alloc, uint64_t at,
			   const struct profile_mapping *mapping)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if ((*v)[i].at == at && (*v)[i].mapping == mapping)
			return &(*v)[i];
	ALLOC_GROW(*v, *n + 1, *alloc);
	(*v)[*n] = (struct annotate_hit){ .at = at, .mapping = mapping };
	return &(*v)[(*n)++];
}

static int hit_cmp(const void *a, const void *b)
{
	const struct annotate_hit *x = a, *y = b;

	return x->at < y->at ? -1 : x->at > y->at;
}

/* the targets: functions named FUNC, else matching it; NULL with D filled if none */
static struct annotate_target *pick_targets(const struct profile *p, const char *func,
					    size_t *n, struct diag *d)
{
	struct annotate_target *t = NULL;
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
			t[k] = (struct annotate_target){ .name = f->name, .filename = f->filename };
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

static void count(const struct profile *p, int vi, struct annotate_target *t, size_t nt)
{
	struct frame *frames = NULL;
	size_t alloc = 0, i, j, k;

	for (i = 0; i < p->nsamples; i++) {
		const struct profile_sample *s = p->samples[i];
		int64_t v = s->values[vi];
		size_t n = profile_sample_frames(s, &frames, &alloc);

		for (j = 0; j < n; j++) {
			const struct frame *f = &frames[j];
			struct annotate_hit *h, *a;

			if (!f->function)
				continue;
			for (k = 0; k < nt; k++)
				if (t[k].name == f->function->name && t[k].filename == f->function->filename)
					break;
			if (k == nt)
				continue;
			h = hit_for(&t[k].lines, &t[k].nlines, &t[k].lines_alloc, (uint64_t)f->line,
				    NULL);
			a = hit_for(&t[k].addrs, &t[k].naddrs, &t[k].addrs_alloc, f->loc->address,
				    f->loc->mapping);
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

/*
 * PATH as a source file, or NULL. Only a regular file is read: anything
 * else there (a FIFO would hang fopen, a directory reads as nothing) is
 * told once and passed over, as a missing file is silently.
 */
static FILE *try_source(struct annotate_ctx *c, const char *path)
{
	FILE *f = fopen_regular(path);

	if (!f && errno != ENOENT && errno != ENOTDIR)
		annotate_warn(c, path, errno == EINVAL || errno == EISDIR
			      ? "source %s is not a regular file; annotating without it"
			      : "cannot read source %s: %s", path, strerror(errno));
	return f;
}

/* open the source FILE, looking in SOURCE_PATH's directories too; NULL if nowhere */
static FILE *open_source(struct annotate_ctx *c, const char *file, const char *source_path,
			 struct strbuf *found)
{
	const char *dir = source_path;
	FILE *f;

	strbuf_reset(found);
	if (!*file)
		return NULL;
	if ((f = try_source(c, file))) {
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
			if ((f = try_source(c, found->buf)))
				return f;
		}
		dir = colon ? colon + 1 : NULL;
	}
	strbuf_reset(found);
	return NULL;
}

static int64_t mtime_ns(const struct stat *st)
{
	return (int64_t)st->st_mtim.tv_sec * 1000000000 + st->st_mtim.tv_nsec;
}

/* the binary T's samples are in, where it can be read */
static const struct objfile *target_binary(struct annotate_ctx *c, const struct annotate_target *t)
{
	size_t i;

	for (i = 0; i < t->naddrs; i++) {
		const struct objfile *obj = annotate_objfile(c, t->addrs[i].mapping);

		if (obj && obj->fd >= 0 && !obj->is_vdso)
			return obj;
	}
	return NULL;
}

/*
 * A source edited since it was built or recorded no longer matches the
 * line numbers of the samples: say so (once per file) rather than show
 * the new lines against the old samples.
 */
static void check_source_age(struct annotate_ctx *c, const struct profile *p,
			     const struct annotate_target *t, FILE *src, const char *path)
{
	int64_t recorded = p->time_nanos ? p->time_nanos : c->ao->input_mtime_ns, src_ns;
	const struct objfile *bin;
	struct stat st;
	char key[32];

	if (fstat(fileno(src), &st) < 0)
		return;
	src_ns = mtime_ns(&st);
	snprintf(key, sizeof(key), "age %jd:%jd", (intmax_t)st.st_dev, (intmax_t)st.st_ino);
	if (recorded > 0 && src_ns > recorded) {
		annotate_warn(c, key, "%s is newer than the recording; lines may not match", path);
		return;
	}
	bin = target_binary(c, t);
	if (bin && !fstat(bin->fd, &st) && src_ns > mtime_ns(&st))
		annotate_warn(c, key, "%s is newer than its binary %s; lines may not match", path,
			      bin->path);
}

static void print_source(const struct annotate_target *t, FILE *src, int64_t total,
			 size_t context, FILE *out)
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
				annotate_pct(t->lines[h].self, total),
				annotate_pct(t->lines[h].cum, total),
				(long long)lineno, line.buf);
		else
			fprintf(out, "%10s %10s %7s %7s %6lld  %s\n", ".", ".", ".", ".",
				(long long)lineno, line.buf);
	} while (c != EOF && lineno < last);
	strbuf_release(&line);
}

int report_annotate(const struct profile *p, const struct top_opts *o,
		    const struct annotate_opts *ao, const char *func, FILE *out, struct diag *d)
{
	int vi = report_value_index(p, o);
	struct strbuf found = STRBUF_INIT;
	struct annotate_ctx c = { .ao = ao };
	struct annotate_target *t;
	size_t nt, i;

	if (!p->ntypes || vi < 0)
		return diag_set(d, "the profile holds no samples");
	if (!(t = pick_targets(p, func, &nt, d)) || !nt) {
		free(t);
		return -1;
	}
	for (i = 0; i < p->nsamples; i++)
		c.total = sat_add64(c.total, p->samples[i]->values[vi]);
	count(p, vi, t, nt);
	c.objs = objcache_new();
	report_print_header(p, o, vi, c.total, out);
	for (i = 0; i < nt; i++) {
		FILE *src;

		if (!t[i].cum)
			continue;
		qsort(t[i].lines, t[i].nlines, sizeof(*t[i].lines), hit_cmp);
		qsort(t[i].addrs, t[i].naddrs, sizeof(*t[i].addrs), hit_cmp);
		src = open_source(&c, t[i].filename, ao->source_path, &found);
		fprintf(out, "ROUTINE ======================== %s in %s\n", t[i].name,
			src ? found.buf : *t[i].filename ? t[i].filename : "?");
		fprintf(out, "%lld (%.2f%%) self, %lld (%.2f%%) cumulative, of %lld total\n",
			(long long)t[i].self, annotate_pct(t[i].self, c.total), (long long)t[i].cum,
			annotate_pct(t[i].cum, c.total), (long long)c.total);
		if (src) {
			check_source_age(&c, p, &t[i], src, found.buf);
			print_source(&t[i], src, c.total, ao->context, out);
			fclose(src);
		} else {
			if (*t[i].filename)
				fprintf(out, "# source not readable: %s\n", t[i].filename);
			else
				fprintf(out, "# source not readable: no line information\n");
			annotate_print_addresses(&c, &t[i], out);
		}
		fputc('\n', out);
	}
	for (i = 0; i < nt; i++) {
		free(t[i].lines);
		free(t[i].addrs);
	}
	free(t);
	for (i = 0; i < c.nwarned; i++)
		free(c.warned[i]);
	free(c.warned);
	symbolizer_free(c.sym);
	objcache_free(c.objs);
	strbuf_release(&found);
	return 0;
}
