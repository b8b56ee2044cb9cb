/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "profile/filter.h"
#include "profile/frames.h"
#include "profile/inline.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

void profile_filter_init(struct profile_filter *f)
{
	memset(f, 0, sizeof(*f));
}

void profile_filter_release(struct profile_filter *f)
{
	size_t i;

	if (f->has_focus)
		regfree(&f->focus);
	if (f->has_ignore)
		regfree(&f->ignore);
	if (f->has_hide)
		regfree(&f->hide);
	free(f->tids);
	free(f->pids);
	for (i = 0; i < f->ncomms; i++)
		free((char *)f->comms[i]);
	free(f->comms);
	memset(f, 0, sizeof(*f));
}

bool profile_filter_empty(const struct profile_filter *f)
{
	return !f->has_focus && !f->has_ignore && !f->has_hide && !f->ntids && !f->npids &&
	       !f->ncomms && !f->has_from && !f->has_to && !f->max_depth && !f->no_inline;
}

int profile_filter_set_regex(struct profile_filter *f, char which, const char *regex,
			     struct diag *d)
{
	regex_t *re = which == 'f' ? &f->focus : which == 'i' ? &f->ignore : &f->hide;
	bool *has = which == 'f' ? &f->has_focus : which == 'i' ? &f->has_ignore : &f->has_hide;
	int err;

	if (*has) {
		regfree(re);
		*has = false;
	}
	err = regcomp(re, regex, REG_EXTENDED | REG_NOSUB);
	if (err) {
		char msg[256];

		regerror(err, re, msg, sizeof(msg));
		diag_set(d, "invalid regular expression '%s': %s", regex, msg);
		return -1;
	}
	*has = true;
	return 0;
}

/* what one line (frame) of a location matched */
enum { MATCH_FOCUS = 1, MATCH_IGNORE = 2, MATCH_HIDE = 4 };

struct filter_run {
	const struct profile_filter *f;
	struct profile *p;
	/* per location (by id - 1): the OR of its frames' matches + 8 once known */
	uint8_t *loc_match;
	/* per location: its replacement once hidden frames are gone (NULL: removed) */
	const struct profile_location **hidden_to;
	bool *hidden_known;
	struct strbuf name;
	struct frame *frames;
	size_t frames_alloc;
};

#define MATCH_KNOWN 8

static bool frame_matches(struct filter_run *r, const regex_t *re, const struct frame *f)
{
	const struct profile_mapping *m = f->loc->mapping;

	strbuf_reset(&r->name);
	frame_name(f, &r->name);
	if (!regexec(re, r->name.buf, 0, NULL, 0))
		return true;
	/* base names: a directory (say /work) must not make every frame match */
	if (f->function && *f->function->filename &&
	    !regexec(re, path_basename(f->function->filename), 0, NULL, 0))
		return true;
	return m && *m->file && !regexec(re, path_basename(m->file), 0, NULL, 0);
}

static uint8_t line_match(struct filter_run *r, const struct frame *fr)
{
	uint8_t m = 0;

	if (r->f->has_focus && frame_matches(r, &r->f->focus, fr))
		m |= MATCH_FOCUS;
	if (r->f->has_ignore && frame_matches(r, &r->f->ignore, fr))
		m |= MATCH_IGNORE;
	if (r->f->has_hide && frame_matches(r, &r->f->hide, fr))
		m |= MATCH_HIDE;
	return m;
}

/* the frames of a single location, as profile_sample_frames() gives them */
static size_t location_frames(struct filter_run *r, const struct profile_location *l)
{
	struct profile_sample one = { .nlocs = 1, .locs = &l };

	return profile_sample_frames(&one, &r->frames, &r->frames_alloc);
}

static uint8_t location_match(struct filter_run *r, const struct profile_location *l)
{
	uint8_t *m = &r->loc_match[l->id - 1];
	size_t n, i;

	if (!(*m & MATCH_KNOWN)) {
		*m = MATCH_KNOWN;
		n = location_frames(r, l);
		for (i = 0; i < n; i++)
			*m |= line_match(r, &r->frames[i]);
	}
	return *m;
}

/* L without its hidden frames: L itself, a new location, or NULL (all hidden) */
static const struct profile_location *location_unhidden(struct filter_run *r,
							const struct profile_location *l)
{
	size_t idx = l->id - 1, n, i, kept = 0;
	struct profile_line *lines;

	if (r->hidden_known[idx])
		return r->hidden_to[idx];
	r->hidden_known[idx] = true;
	n = location_frames(r, l);
	lines = xcalloc(n, sizeof(*lines));
	for (i = 0; i < n; i++)
		if (!(line_match(r, &r->frames[i]) & MATCH_HIDE) && l->nlines)
			lines[kept++] = l->lines[i];
	if (!l->nlines)
		r->hidden_to[idx] = (location_match(r, l) & MATCH_HIDE) ? NULL : l;
	else if (kept == l->nlines)
		r->hidden_to[idx] = l;
	else if (!kept)
		r->hidden_to[idx] = NULL;
	else
		r->hidden_to[idx] = profile_add_location(r->p, l->mapping, l->address, lines, kept);
	free(lines);
	return r->hidden_to[idx];
}

static bool in_list(const int64_t *list, size_t n, int64_t v)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (list[i] == v)
			return true;
	return false;
}

static bool keep_by_labels(const struct profile_filter *f, const struct profile_sample *s)
{
	size_t i;

	if (f->ntids && !in_list(f->tids, f->ntids, profile_sample_num_label(s, "tid", -1)))
		return false;
	if (f->npids && !in_list(f->pids, f->npids, profile_sample_num_label(s, "pid", -1)))
		return false;
	if (f->ncomms) {
		const char *comm = profile_sample_str_label(s, "thread");

		if (!comm)
			return false;
		for (i = 0; i < f->ncomms && strcmp(f->comms[i], comm); i++)
			;
		if (i == f->ncomms)
			return false;
	}
	return true;
}

/* where the recording's clock starts, for --time; -1 with D filled if there are no times */
static int64_t time_origin(const struct profile *p, struct diag *d)
{
	const char *v = profile_attr(p, "start_mono_ns");
	int64_t lo = INT64_MAX;
	size_t i;

	for (i = 0; i < p->nsamples; i++)
		if (p->samples[i]->time_ns && p->samples[i]->time_ns < lo)
			lo = p->samples[i]->time_ns;
	if (lo == INT64_MAX && p->nsamples) {
		diag_set(d, "the profile has no sample times (only cprof recordings do), "
			    "so --time, --from and --to cannot apply");
		return -1;
	}
	if (v && *v)
		return strtoll(v, NULL, 10);
	return lo == INT64_MAX ? 0 : lo;
}

/* the new leaf-first stack of S, or S's own when nothing changes */
static void rewrite_stack(struct filter_run *r, struct profile_sample *s)
{
	const struct profile_filter *f = r->f;
	const struct profile_location **locs = NULL;
	size_t n = 0, i, depth = 0, start;
	bool changed = false;

	locs = arena_alloc(&r->p->arena, (s->nlocs ? s->nlocs : 1) * sizeof(*locs));
	for (i = 0; i < s->nlocs; i++) {
		const struct profile_location *l = s->locs[i];

		if (f->has_hide && (location_match(r, l) & MATCH_HIDE))
			l = location_unhidden(r, l);
		if (l != s->locs[i])
			changed = true;
		if (l)
			locs[n++] = l;
	}
	if (f->max_depth) {
		/* keep the outermost max_depth frames: walk from the root */
		for (start = n; start > 0; start--) {
			const struct profile_location *l = locs[start - 1];
			size_t nl = l->nlines ? l->nlines : 1;

			if (depth + nl > f->max_depth) {
				size_t room = f->max_depth - depth;

				if (room) {
					/* the outer lines of an inlined chain (innermost first) */
					locs[start - 1] = profile_add_location(
						r->p, l->mapping, l->address,
						l->lines + (l->nlines - room), room);
					start--;
				}
				break;
			}
			depth += nl;
		}
		if (start) {
			memmove(locs, locs + start, (n - start) * sizeof(*locs));
			n -= start;
			changed = true;
		}
	}
	if (changed) {
		s->locs = locs;
		s->nlocs = n;
	}
}

int profile_filter_apply(struct profile *p, const struct profile_filter *f, struct diag *d)
{
	struct filter_run r = { .f = f, .p = p, .name = STRBUF_INIT };
	size_t nloc0 = p->nlocations, i, kept = 0;
	int64_t origin = 0;

	if (profile_filter_empty(f))
		return 0;
	if (f->has_from || f->has_to) {
		origin = time_origin(p, d);
		if (origin < 0)
			return -1;
	}
	if (f->no_inline)
		profile_fold_inline(p);
	nloc0 = p->nlocations;
	r.loc_match = xcalloc(nloc0 + 1, 1);
	r.hidden_to = xcalloc(nloc0 + 1, sizeof(*r.hidden_to));
	r.hidden_known = xcalloc(nloc0 + 1, sizeof(bool));
	for (i = 0; i < p->nsamples; i++) {
		struct profile_sample *s = p->samples[i];
		bool focused = !f->has_focus;
		size_t j;

		if (!keep_by_labels(f, s))
			continue;
		if (f->has_from || f->has_to) {
			double t = (double)(s->time_ns - origin) / 1e9;

			if ((f->has_from && t < f->from_s) || (f->has_to && t >= f->to_s))
				continue;
		}
		if (f->has_focus || f->has_ignore) {
			bool ignored = false;

			for (j = 0; j < s->nlocs; j++) {
				/* only locations from before filtering: new ones come from hide */
				uint8_t m = location_match(&r, s->locs[j]);

				focused |= (m & MATCH_FOCUS) != 0;
				ignored |= (m & MATCH_IGNORE) != 0;
			}
			if (!focused || ignored)
				continue;
		}
		if (f->has_hide || f->max_depth)
			rewrite_stack(&r, s);
		p->samples[kept++] = s;
	}
	p->nsamples = kept;
	profile_compact(p);
	free(r.loc_match);
	free(r.hidden_to);
	free(r.hidden_known);
	free(r.frames);
	strbuf_release(&r.name);
	return 0;
}
