/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "format/cdata_profile.h"
#include "util/arith.h"
#include "util/hashidx.h"
#include "util/progress.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

static void set_types(const struct cdata_recording *rec, struct profile *p)
{
	const char *event = cdata_meta(rec, "event");
	const char *unit = cdata_meta(rec, "event_unit");
	struct profile_value_type types[2] = { { "samples", "count" }, { "cpu", "nanoseconds" } };
	const char *freq = cdata_meta(rec, "frequency"), *period = cdata_meta(rec, "period");

	if (event && unit && strcmp(unit, "nanoseconds")) {
		types[1].type = event;
		types[1].unit = unit;
	}
	profile_set_types(p, 2, types);
	p->default_sample_type = p->types[1].type;
	p->period_type = p->types[1];
	if (period && atoll(period) > 0)
		p->period = atoll(period);
	else if (freq && atoll(freq) > 0 && !strcmp(p->types[1].unit, "nanoseconds"))
		p->period = 1000000000LL / atoll(freq);
}

static void copy_meta(const struct cdata_recording *rec, struct profile *p)
{
	static const char *const keys[] = {
		"command", "host", "kernel", "start_time", "event", "frequency", "period",
		"call_graph", "mode", "cprof_version", "kernel_frames", "start_mono_ns",
	};
	const char *v;
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if ((v = cdata_meta(rec, keys[i])))
			profile_set_attr(p, keys[i], v);
	if ((v = cdata_health(rec, "lost")))
		profile_set_attr(p, "lost_samples", v);
	if ((v = cdata_meta(rec, "start_time_ns")))
		p->time_nanos = atoll(v);
	/* sample times are the recorder's CLOCK_MONOTONIC: where they stand in Unix time */
	if (p->time_nanos && (v = cdata_meta(rec, "start_mono_ns"))) {
		p->sample_time_origin.known = true;
		p->sample_time_origin.unix_ns = p->time_nanos - atoll(v);
	}
	if ((v = cdata_meta(rec, "duration_ns"))) {
		p->duration_nanos = atoll(v);
	} else if (rec->nrecorded) {
		/* cut short: the span of the samples is the best estimate */
		p->duration_nanos = (int64_t)(rec->last_time - rec->first_time);
	}
	snprintf(buf, sizeof(buf), "%s", rec->complete ? "yes" : "no");
	profile_set_attr(p, "complete", buf);
}

/*
 * Records by a numeric id, the last record of each id kept: the kernel
 * reuses thread and process ids, and a later record is the newer one
 */
struct latest_by_id {
	struct id_rec {
		uint32_t id;
		size_t order;
		const void *rec;
	} *v;
	size_t n;
};

static int id_rec_cmp(const void *a, const void *b)
{
	const struct id_rec *x = a, *y = b;

	if (x->id != y->id)
		return x->id < y->id ? -1 : 1;
	return x->order < y->order ? -1 : x->order > y->order;
}

/* index N records of STRIDE bytes at BASE by the u32 at ID_OFFSET of each */
static void latest_build(struct latest_by_id *ix, const void *base, size_t n, size_t stride,
			 size_t id_offset)
{
	size_t i, kept = 0;

	ix->v = xcalloc(n + 1, sizeof(*ix->v));
	for (i = 0; i < n; i++) {
		const char *rec = (const char *)base + i * stride;

		memcpy(&ix->v[i].id, rec + id_offset, sizeof(ix->v[i].id));
		ix->v[i].order = i;
		ix->v[i].rec = rec;
	}
	if (n)
		qsort(ix->v, n, sizeof(*ix->v), id_rec_cmp);
	for (i = 0; i < n; i++) {
		if (kept && ix->v[kept - 1].id == ix->v[i].id)
			kept--;
		ix->v[kept++] = ix->v[i];
	}
	ix->n = kept;
}

static const void *latest_find(const struct latest_by_id *ix, uint32_t id)
{
	size_t lo = 0, hi = ix->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ix->v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < ix->n && ix->v[lo].id == id ? ix->v[lo].rec : NULL;
}

/* thread (and process) names by tid, cgroups by pid */
struct thread_names {
	struct latest_by_id threads, cgroups;
};

static void thread_names_build(const struct cdata_recording *rec, struct thread_names *t)
{
	latest_build(&t->threads, rec->threads, rec->nthreads, sizeof(*rec->threads),
		     offsetof(struct cdata_thread, tid));
	latest_build(&t->cgroups, rec->cgroups, rec->ncgroups, sizeof(*rec->cgroups),
		     offsetof(struct cdata_cgroup, pid));
}

static void thread_names_release(struct thread_names *t)
{
	free(t->threads.v);
	free(t->cgroups.v);
}

static const char *thread_name(const struct thread_names *t, uint32_t tid)
{
	const struct cdata_thread *th = latest_find(&t->threads, tid);

	return th ? th->comm : "";
}

static const struct cdata_cgroup *cgroup_of(const struct thread_names *t, uint32_t pid)
{
	return latest_find(&t->cgroups, pid);
}

/* name the files whose build-id no longer matches, so outputs can say so */
static void note_mismatches(const struct cdata_recording *rec, struct profile *p)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	for (i = 0; i < rec->nmappings; i++) {
		bool bad = false;
		size_t j;

		for (j = 0; !bad && j < rec->nmapinfo; j++)
			bad = rec->mapinfo[j].mapping_id == i + 1 &&
			      (rec->mapinfo[j].flags & CDATA_MAPINFO_MISMATCH);
		if (bad)
			strbuf_add_list_item(&sb, rec->mappings[i].path);
	}
	if (sb.len)
		profile_set_attr(p, "mismatched", sb.buf);
	strbuf_release(&sb);
}

/*
 * Recorded samples of one stack in one thread, found by a hash: without
 * per-sample times they are one model sample (as pprof merges them), so
 * that the outputs work per unique stack; with times, each is a model
 * sample of its own that shares the first one's stack and labels.
 * (input_load() has the reader fold them already when times are not
 * wanted; this also serves recordings read without CDATA_READ_FOLD.)
 */
struct merged_sample {
	struct profile_sample *ps;
	const struct cdata_sample *first; /* the recorded sample it began with */
};

struct sample_merge {
	struct merged_sample *v;
	size_t n, alloc;
	struct hashidx index;
};

struct merge_key {
	const struct sample_merge *m;
	const struct cdata_sample *s;
};

static int same_sample(const void *ctx, size_t pos)
{
	const struct merge_key *k = ctx;

	return cdata_same_stack_thread(k->m->v[pos].first, k->s);
}

/* a sample's count or period as a model value */
static int64_t as_value(uint64_t v)
{
	return v > INT64_MAX ? INT64_MAX : (int64_t)v;
}

/* a model sample for recorded sample S with stack LOCS (N deep) */
static struct profile_sample *add_sample(const struct thread_names *names, struct profile *p,
					 const struct cdata_sample *s,
					 const struct profile_location **locs, size_t n)
{
	int64_t values[2] = { as_value(s->count), as_value(s->period) };
	/* the process is named by its main thread, whether or not that took samples */
	const char *process = thread_name(names, s->pid);
	const struct cdata_cgroup *cg = cgroup_of(names, s->pid);
	struct profile_label labels[6] = {
		{ .key = "pid", .num = s->pid },
		{ .key = "tid", .num = s->tid },
		{ .key = "thread", .str = thread_name(names, s->tid) },
	};
	size_t nlabels = 3;

	if (*process)
		labels[nlabels++] = (struct profile_label){ .key = "process", .str = process };
	if (cg && *cg->path)
		labels[nlabels++] = (struct profile_label){ .key = "cgroup", .str = cg->path };
	if (cg && *cg->container)
		labels[nlabels++] = (struct profile_label){ .key = "container", .str = cg->container };
	return profile_add_sample(p, locs, n, values, labels, nlabels);
}

int cdata_to_profile(const struct cdata_recording *rec, bool sample_times,
		     const struct progress_target *target, struct profile *p, struct diag *d)
{
	struct sample_merge merged = { 0 };
	struct merge_key key = { &merged, NULL };
	struct thread_names names = { 0 };
	struct profile_mapping **maps = xcalloc(rec->nmappings + 1, sizeof(*maps));
	struct profile_location **locs = xcalloc(rec->nlocations + 1, sizeof(*locs));
	const struct profile_function **funcs;
	const struct profile_location **stack = NULL;
	const struct cdata_function *functions = rec->functions;
	const struct cdata_lines *lines = rec->lines;
	const struct cdata_lines **lines_of = xcalloc(rec->nlocations + 1, sizeof(*lines_of));
	size_t nfunctions = rec->nfunctions, nlines = rec->nlines, i, j, stack_alloc = 0;
	struct profile_line *pl = xcalloc(CDATA_MAX_FRAMES, sizeof(*pl));
	struct progress *progress = NULL;
	/*
	 * Stacks the unwinder could not follow to a root frame (too deep, past
	 * the copied stack, or lost) end in a marker frame, so that they are
	 * neither dropped nor mistaken for complete ones.
	 */
	const struct profile_location *truncated = NULL;
	int ret;

	profile_init(p);
	set_types(rec, p);
	copy_meta(rec, p);

	/* names are the symbolization pass's job: reading opens no other file */
	if (!nfunctions && rec->nlocations)
		profile_set_attr(p, PROFILE_ATTR_SYMBOLS, PROFILE_SYMBOLS_NOT_STORED);

	for (i = 0; i < rec->nmappings; i++) {
		const struct cdata_mapping *m = &rec->mappings[i];
		struct profile_mapping pm = {
			.start = m->start,
			.limit = m->end,
			.offset = m->pgoff,
			.file = m->path,
			.build_id = m->build_id,
			.pid = m->pid,
			.kind = m->kind == CDATA_MAP_KERNEL ? PROFILE_MAPPING_KERNEL
							     : PROFILE_MAPPING_USER,
		};

		maps[m->id] = profile_add_mapping(p, &pm);
	}
	for (i = 0; i < rec->nmapinfo; i++) {
		struct profile_mapping *pm = maps[rec->mapinfo[i].mapping_id];
		uint32_t f = rec->mapinfo[i].flags;

		pm->has_functions = f & CDATA_MAPINFO_SYMBOLS;
		pm->has_filenames = pm->has_line_numbers = f & CDATA_MAPINFO_LINES;
		pm->has_inline_frames = f & CDATA_MAPINFO_LINES;
	}
	note_mismatches(rec, p);
	funcs = xcalloc(nfunctions + 1, sizeof(*funcs));
	for (i = 0; i < nfunctions; i++)
		funcs[i + 1] = profile_function(p, functions[i].name, functions[i].system_name,
						functions[i].filename, functions[i].start_line);
	for (i = 0; i < nlines; i++)
		lines_of[lines[i].location_id] = &lines[i];
	for (i = 0; i < rec->nlocations; i++) {
		const struct cdata_location *l = &rec->locations[i];
		const struct cdata_lines *ll = lines_of[l->id];
		size_t n = 0;

		for (j = 0; ll && j < ll->nlines; j++, n++) {
			pl[n].function = funcs[ll->lines[j].function_id];
			pl[n].line = ll->lines[j].line;
			pl[n].column = 0;
		}
		locs[l->id] = profile_add_location(p, l->mapping_id ? maps[l->mapping_id] : NULL,
						   l->address, pl, n);
	}
	if (rec->nsamples)
		progress = progress_start(target, "Building profile", rec->nsamples);
	hashidx_init(&merged.index);
	thread_names_build(rec, &names);
	for (i = 0; i < rec->nsamples; i++) {
		const struct cdata_sample *s = &rec->samples[i];
		const struct cdata_stack *st = s->stack_id ? &rec->stacks[s->stack_id - 1] : NULL;
		struct profile_sample *ps;
		uint64_t h;
		size_t n = st ? st->nframes : 0, pos;

		progress_update(progress, i + 1);
		h = cdata_stack_thread_hash(s);
		key.s = s;
		pos = hashidx_find(&merged.index, h, same_sample, &key);
		if (pos != HASHIDX_NONE && sample_times) {
			int64_t values[2] = { as_value(s->count), as_value(s->period) };

			ps = profile_add_sample_like(p, merged.v[pos].ps, values);
			ps->time_ns = (int64_t)s->time;
			continue;
		}
		if (pos != HASHIDX_NONE) {
			ps = merged.v[pos].ps;
			ps->values[0] = sat_add64(ps->values[0], as_value(s->count));
			ps->values[1] = sat_add64(ps->values[1], as_value(s->period));
			continue;
		}
		ALLOC_GROW(stack, n + 1, stack_alloc);
		for (j = 0; j < n; j++)
			stack[j] = locs[st->frames[j]];
		if (st && (st->flags & CDATA_STACK_TRUNCATED)) {
			if (!truncated) {
				struct profile_line marker = {
					.function = profile_function(p, TRUNCATED_FRAME, NULL, "", 0),
				};

				truncated = profile_add_location(p, NULL, 0, &marker, 1);
			}
			stack[n++] = truncated;
		}
		ps = add_sample(&names, p, s, stack, n);
		if (sample_times)
			ps->time_ns = (int64_t)s->time;
		ALLOC_GROW(merged.v, merged.n + 1, merged.alloc);
		merged.v[merged.n] = (struct merged_sample){ ps, s };
		hashidx_insert(&merged.index, h, merged.n++);
	}
	progress_stop(&progress);
	thread_names_release(&names);
	hashidx_release(&merged.index);
	free(merged.v);
	free(pl);
	free(stack);
	free(funcs);
	free(lines_of);
	free(locs);
	free(maps);
	ret = profile_check(p, d);
	return ret;
}
