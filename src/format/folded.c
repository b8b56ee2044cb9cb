/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "format/folded.h"
#include "profile/collapse.h"
#include "util/hashidx.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* a frame name made safe for the format: no ';' (it separates frames), no newline */
static void put_name(struct strbuf *sb, const char *name)
{
	for (; *name; name++) {
		char c = *name;

		strbuf_addch(sb, c == ';' ? ':' : (c == '\n' || c == '\r') ? ' ' : c);
	}
}

void folded_write(const struct profile *p, const struct folded_opts *o, FILE *out)
{
	struct collapse_opts co = { .value_index = o->value_index, .merge = true };
	struct collapsed c;
	struct strbuf line = STRBUF_INIT;
	size_t i, j;

	profile_collapse(p, &co, &c);
	collapsed_sort(&c);
	for (i = 0; i < c.nstacks; i++) {
		const struct cstack *s = &c.stacks[i];

		strbuf_reset(&line);
		for (j = 0; j < s->nframes; j++) {
			if (j)
				strbuf_addch(&line, ';');
			put_name(&line, s->frames[j]->name);
			if (o->annotate && s->frames[j]->kind == FRAME_KERNEL)
				strbuf_addstr(&line, "_[k]");
			else if (o->annotate && s->frames[j]->kind == FRAME_INLINED)
				strbuf_addstr(&line, "_[i]");
		}
		if (!s->nframes)
			strbuf_addstr(&line, "[no stack]");
		fprintf(out, "%s %lld\n", line.buf, (long long)s->value);
	}
	strbuf_release(&line);
	collapsed_release(&c);
}

/* ---- reading ---- */

/* a frame name as it appears in the input, and its function */
struct name_entry {
	const char *text; /* the profile's interned copy */
	size_t len;
	const struct profile_function *function;
};

struct folded_reader {
	struct profile *p;
	struct name_entry *names;
	size_t nnames, names_alloc;
	struct hashidx name_index;
	struct profile_line *chain; /* FOLDED_MAX_FRAMES: an inline chain being built */
	struct profile_mapping *kernel;
	struct hashidx loc_index;
	/* per location: its lines, for lookup */
	struct profile_location **locs;
	size_t nlocs, locs_alloc;
};

struct loc_key {
	const struct folded_reader *r;
	const struct profile_line *lines;
	size_t n;
	const struct profile_mapping *m;
};

static int loc_eq(const void *ctx, size_t pos)
{
	const struct loc_key *k = ctx;
	const struct profile_location *l = k->r->locs[pos];
	size_t i;

	if (l->nlines != k->n || l->mapping != k->m)
		return 0;
	for (i = 0; i < k->n; i++)
		if (l->lines[i].function != k->lines[i].function)
			return 0;
	return 1;
}

/* one location per distinct (inline chain, kernel or not) */
static const struct profile_location *location(struct folded_reader *r,
					       const struct profile_line *lines, size_t n,
					       bool kernel)
{
	struct loc_key k = { r, lines, n, NULL };
	uint64_t h = 0;
	size_t i, pos;
	struct profile_location *l;

	if (kernel) {
		if (!r->kernel) {
			struct profile_mapping m = { .file = "[kernel.kallsyms]",
						     .kind = PROFILE_MAPPING_KERNEL,
						     .has_functions = true };

			r->kernel = profile_add_mapping(r->p, &m);
		}
		k.m = r->kernel;
	}
	for (i = 0; i < n; i++)
		h = hash_combine(h, (uintptr_t)lines[i].function);
	h = hash_combine(h, (uintptr_t)k.m);
	pos = hashidx_find(&r->loc_index, h, loc_eq, &k);
	if (pos != HASHIDX_NONE)
		return r->locs[pos];
	l = profile_add_location(r->p, k.m, 0, lines, n);
	ALLOC_GROW(r->locs, r->nlocs + 1, r->locs_alloc);
	r->locs[r->nlocs] = l;
	hashidx_insert(&r->loc_index, h, r->nlocs++);
	return l;
}

struct name_key {
	const struct folded_reader *r;
	const char *text;
	size_t len;
};

static int name_eq(const void *ctx, size_t pos)
{
	const struct name_key *k = ctx;
	const struct name_entry *e = &k->r->names[pos];

	return e->len == k->len && !memcmp(e->text, k->text, k->len);
}

/* the function named by TEXT[0..LEN): one lookup per frame, the common case */
static const struct profile_function *function_named(struct folded_reader *r, const char *text,
						     size_t len)
{
	struct name_key k = { r, text, len };
	uint64_t h = hash_bytes(text, len, 0);
	size_t pos = hashidx_find(&r->name_index, h, name_eq, &k);
	struct name_entry *e;

	if (pos != HASHIDX_NONE)
		return r->names[pos].function;
	ALLOC_GROW(r->names, r->nnames + 1, r->names_alloc);
	e = &r->names[r->nnames];
	e->text = profile_intern_n(r->p, text, len);
	e->len = len;
	e->function = profile_function(r->p, e->text, e->text, "", 0);
	hashidx_insert(&r->name_index, h, r->nnames++);
	return e->function;
}

/* strip a trailing _[x] annotation; returns the letter, or 0 */
static char strip_annotation(const char *name, size_t *len)
{
	if (*len >= 4 && name[*len - 4] == '_' && name[*len - 3] == '[' && name[*len - 1] == ']') {
		char a = name[*len - 2];

		*len -= 4;
		return a;
	}
	return 0;
}

/* the count at the end of a line: digits only */
static int parse_count(const char *s, size_t len, int64_t *out)
{
	int64_t v = 0;
	size_t i;

	if (!len)
		return -1;
	for (i = 0; i < len; i++) {
		if (!isdigit((unsigned char)s[i]) || v > (INT64_MAX - 9) / 10 / 1024)
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 0;
}

static int read_line(struct folded_reader *r, const char *line, size_t len, size_t lineno,
		     const struct profile_location ***stack, size_t *stack_alloc, struct diag *d)
{
	const char *sp, *frames_end;
	int64_t count, before;
	struct profile_line *chain = r->chain;
	size_t nchain = 0, nlocs = 0, start = 0, i;
	bool chain_kernel = false;
	const struct profile_location **locs;
	int64_t value;

	while (len && (line[len - 1] == '\r' || line[len - 1] == ' ' || line[len - 1] == '\t'))
		len--;
	if (!len || line[0] == '#')
		return 0;
	sp = memrchr(line, ' ', len);
	if (!sp || parse_count(sp + 1, len - (size_t)(sp + 1 - line), &count) < 0) {
		d->offset = (long long)lineno;
		return diag_set(d, "line %zu: expected 'frame;frame;... COUNT'", lineno);
	}
	frames_end = sp;
	/* difffolded: "stack BEFORE AFTER"; draw AFTER */
	sp = memrchr(line, ' ', (size_t)(frames_end - line));
	if (sp && parse_count(sp + 1, (size_t)(frames_end - sp - 1), &before) == 0)
		frames_end = sp;
	while (frames_end > line && frames_end[-1] == ' ')
		frames_end--;
	len = (size_t)(frames_end - line);
	if (!len) {
		d->offset = (long long)lineno;
		return diag_set(d, "line %zu: no frames before the count", lineno);
	}

	ALLOC_GROW(*stack, FOLDED_MAX_FRAMES, *stack_alloc);
	locs = *stack;
	/* frames root first; an inlined frame joins its caller's location */
	for (i = 0; i <= len; i++) {
		size_t flen;
		char ann;
		const struct profile_function *f;

		if (i < len && line[i] != ';')
			continue;
		flen = i - start;
		ann = strip_annotation(line + start, &flen);
		if (nchain >= FOLDED_MAX_FRAMES || nlocs >= FOLDED_MAX_FRAMES) {
			d->offset = (long long)lineno;
			return diag_set(d, "line %zu: more than %d frames", lineno, FOLDED_MAX_FRAMES);
		}
		f = function_named(r, line + start, flen);
		if (ann != 'i' && nchain) {
			locs[nlocs++] = location(r, chain, nchain, chain_kernel);
			nchain = 0;
		}
		/* lines are innermost first: shift the chain to put F in front */
		memmove(chain + 1, chain, nchain * sizeof(*chain));
		chain[0].function = f;
		chain[0].line = 0;
		chain[0].column = 0;
		if (nchain == 0)
			chain_kernel = ann == 'k';
		nchain++;
		start = i + 1;
	}
	if (nchain) {
		if (nlocs >= FOLDED_MAX_FRAMES) {
			d->offset = (long long)lineno;
			return diag_set(d, "line %zu: more than %d frames", lineno, FOLDED_MAX_FRAMES);
		}
		locs[nlocs++] = location(r, chain, nchain, chain_kernel);
	}
	/* samples are leaf first */
	for (i = 0; i < nlocs / 2; i++) {
		const struct profile_location *t = locs[i];

		locs[i] = locs[nlocs - 1 - i];
		locs[nlocs - 1 - i] = t;
	}
	value = count;
	if (value)
		profile_add_sample(r->p, locs, nlocs, &value, NULL, 0);
	return 0;
}

int folded_read(const char *data, size_t len, struct profile *p, struct diag *d)
{
	struct folded_reader r = { .p = p };
	struct profile_value_type type = { "samples", "count" };
	const struct profile_location **stack = NULL;
	size_t stack_alloc = 0, lineno = 0, off = 0;
	int ret = 0;

	d->offset = -1;
	r.chain = xcalloc(FOLDED_MAX_FRAMES, sizeof(*r.chain));
	hashidx_init(&r.loc_index);
	hashidx_init(&r.name_index);
	profile_set_types(p, 1, &type);
	p->default_sample_type = p->types[0].type;
	while (off < len && ret == 0) {
		const char *nl = memchr(data + off, '\n', len - off);
		size_t n = nl ? (size_t)(nl - (data + off)) : len - off;

		lineno++;
		if (memchr(data + off, '\0', n)) {
			d->offset = (long long)lineno;
			ret = diag_set(d, "line %zu: NUL byte in text input", lineno);
			break;
		}
		ret = read_line(&r, data + off, n, lineno, &stack, &stack_alloc, d);
		off += n + 1;
	}
	free(r.chain);
	free(r.names);
	hashidx_release(&r.name_index);
	free(stack);
	free(r.locs);
	hashidx_release(&r.loc_index);
	if (ret == 0)
		ret = profile_check(p, d);
	return ret;
}

bool folded_sniff(const char *data, size_t len)
{
	size_t off = 0;

	/* the first line that is not blank or a comment decides */
	while (off < len) {
		const char *line = data + off;
		const char *nl = memchr(line, '\n', len - off);
		size_t n = nl ? (size_t)(nl - line) : len - off;
		const char *sp;
		int64_t v;

		off += n + (nl ? 1 : 0);
		while (n && (line[n - 1] == '\r' || line[n - 1] == ' '))
			n--;
		if (!n || line[0] == '#')
			continue;
		sp = memrchr(line, ' ', n);
		return sp && sp > line && !memchr(line, '\0', n) &&
		       parse_count(sp + 1, n - (size_t)(sp + 1 - line), &v) == 0;
	}
	/* nothing but blank and comment lines: folded stacks, none of them */
	return !memchr(data, '\0', len);
}
