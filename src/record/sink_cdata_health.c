/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The end of a recording segment: symbols for every unique location, and
 * the health summary that says how much of the profile can be trusted.
 */
#include "record/sink_cdata.h"
#include "symbol/resolve.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * Functions that end a thread's stack by design, so a stack that reaches
 * one is whole (documented in cprof-record(1)): the C runtime's and
 * glibc's thread starts, main for frame-pointer chains, the dynamic
 * loader's entry, and Go's (goroutines start at runtime.goexit, threads
 * at runtime.mstart, the first at runtime.rt0_go; assembly functions
 * carry an ".abi0" suffix).
 */
static const char *const root_functions[] = {
	"_start", "__libc_start_main", "__libc_start_call_main", "start_thread", "clone",
	"clone3", "__clone", "__clone3", "__clone_internal", "main", "_dl_start_user",
	"_dl_start", "runtime.goexit", "runtime.mstart", "runtime.mstart0", "runtime.rt0_go",
	"runtime.clone", "runtime.main",
};

static bool is_root_function(const char *name)
{
	static const char go_abi[] = ".abi0";
	size_t i, len = strlen(name);

	/* Go's assembly functions: runtime.goexit.abi0 */
	if (len > sizeof(go_abi) - 1 && !strcmp(name + len - (sizeof(go_abi) - 1), go_abi))
		len -= sizeof(go_abi) - 1;
	for (i = 0; i < sizeof(root_functions) / sizeof(root_functions[0]); i++)
		if (strlen(root_functions[i]) == len && !strncmp(name, root_functions[i], len))
			return true;
	/* Rust's thread start: std::sys::pal::unix::thread::Thread::new::thread_start (and older paths) */
	return !strncmp(name, "std::sys", 8) && strstr(name, "::thread_start");
}

void session_health_init(struct session_health *h)
{
	memset(h, 0, sizeof(*h));
	strbuf_init(&h->no_symbols);
	strbuf_init(&h->no_unwind);
	strbuf_init(&h->mismatched);
	strbuf_init(&h->jit_maps);
}

void session_health_release(struct session_health *h)
{
	strbuf_release(&h->no_symbols);
	strbuf_release(&h->no_unwind);
	strbuf_release(&h->mismatched);
	strbuf_release(&h->jit_maps);
}

/* a mapping in the resolver's terms */
static struct sym_mapping sym_mapping_of(const struct cdata_mapping *m)
{
	return (struct sym_mapping){
		.pid = (pid_t)m->pid,
		.start = m->start,
		.end = m->end,
		.pgoff = m->pgoff,
		.kind = m->kind == CDATA_MAP_KERNEL ? SYM_MAP_KERNEL
			: m->kind == CDATA_MAP_VDSO ? SYM_MAP_VDSO
						    : SYM_MAP_USER,
		.path = m->path,
		.build_id = m->build_id,
	};
}

/* the segment's mappings in the resolver's terms, in the same order */
static struct sym_mapping *sym_mappings_of(const struct sink_cdata *c)
{
	struct sym_mapping *maps = xcalloc(c->nmappings + 1, sizeof(*maps));
	size_t i;

	for (i = 0; i < c->nmappings; i++)
		maps[i] = sym_mapping_of(&c->mappings[i]);
	return maps;
}

/*
 * Symbolize on exit: the locations in the mappings IDS, resolved while
 * their file is open, so that the answers outlive it (a test program
 * deleted once it ran, a library replaced)
 */
void sink_cdata_settle(struct sink *s, const struct sink_finish *f, const uint32_t *ids, size_t n)
{
	struct sink_cdata *c = (struct sink_cdata *)s;
	uint32_t *subset = xcalloc(c->nmappings + 1, sizeof(*subset));
	struct sym_mapping *maps = xcalloc(n + 1, sizeof(*maps));
	struct sym_location *locs = NULL;
	size_t i, nmaps = 0, nlocs = 0, locs_alloc = 0;
	struct resolved r;

	for (i = 0; i < n; i++) {
		uint32_t id = sink_cdata_segment_mapping(c, ids[i]);

		if (!id || subset[id])
			continue;
		maps[nmaps++] = sym_mapping_of(&c->mappings[id - 1]);
		subset[id] = (uint32_t)nmaps;
	}
	for (i = 0; nmaps && i < c->nlocations; i++) {
		const struct cdata_location *l = &c->locations[i];

		if (!l->mapping_id || !subset[l->mapping_id])
			continue;
		ALLOC_GROW(locs, nlocs + 1, locs_alloc);
		locs[nlocs++] = (struct sym_location){
			.id = l->id,
			.mapping = subset[l->mapping_id],
			.address = l->address,
		};
	}
	if (nlocs) {
		resolve_locations_cached(maps, nmaps, locs, nlocs, f->objs, f->sym, NULL, NULL, &r);
		resolved_release(&r);
	}
	free(locs);
	free(maps);
	free(subset);
}

static struct sym_location *sym_locations_of(const struct sink_cdata *c)
{
	struct sym_location *locs = xcalloc(c->nlocations + 1, sizeof(*locs));
	size_t i;

	for (i = 0; i < c->nlocations; i++) {
		const struct cdata_location *l = &c->locations[i];

		locs[i] = (struct sym_location){
			.id = l->id,
			/* the segment's mapping ids are their positions plus one */
			.mapping = l->mapping_id,
			.address = l->address,
		};
	}
	return locs;
}

/* the resolver's mapping flags as the recording stores them */
static uint32_t cdata_mapinfo_flags(uint32_t f)
{
	return (f & RESOLVE_MAPINFO_SYMBOLS ? CDATA_MAPINFO_SYMBOLS : 0) |
	       (f & RESOLVE_MAPINFO_LINES ? CDATA_MAPINFO_LINES : 0) |
	       (f & RESOLVE_MAPINFO_UNWIND ? CDATA_MAPINFO_UNWIND : 0) |
	       (f & RESOLVE_MAPINFO_MISMATCH ? CDATA_MAPINFO_MISMATCH : 0) |
	       (f & RESOLVE_MAPINFO_MISSING ? CDATA_MAPINFO_MISSING : 0);
}

/* R as FUNCTION, LINES and MAPINFO chunks */
static void write_resolved(struct cdata_writer *w, const struct resolved *r)
{
	struct cdata_line *lines = NULL;
	size_t lines_alloc = 0, i, j;

	for (i = 0; i < r->nfunctions; i++) {
		const struct resolved_function *f = &r->functions[i];
		struct cdata_function cf = {
			.id = f->id,
			.name = f->name,
			.system_name = f->system_name,
			.filename = f->filename,
			.start_line = f->start_line,
		};

		cdata_write_function(w, &cf);
	}
	for (i = 0; i < r->nlines; i++) {
		const struct resolved_lines *l = &r->lines[i];

		ALLOC_GROW(lines, l->nlines, lines_alloc);
		for (j = 0; j < l->nlines; j++)
			lines[j] = (struct cdata_line){
				.function_id = l->lines[j].function_id,
				.line = l->lines[j].line,
			};
		cdata_write_lines(w, l->location_id, lines, l->nlines);
	}
	for (i = 0; i < r->nmapinfo; i++)
		cdata_write_mapinfo(w, (uint32_t)i + 1, cdata_mapinfo_flags(r->mapinfo[i]));
	free(lines);
}

static void compute_health(struct sink_cdata *s, const struct resolved *r, struct session_health *h)
{
	const char **outer_name = xcalloc(s->nlocations + 1, sizeof(*outer_name));
	bool *resolved = xcalloc(s->nlocations + 1, sizeof(*resolved));
	bool *sampled = xcalloc(s->nmappings + 1, sizeof(*sampled));
	size_t i, j;

	for (i = 0; i < r->nlines; i++) {
		const struct resolved_lines *l = &r->lines[i];

		resolved[l->location_id] = true;
		outer_name[l->location_id] = r->functions[l->lines[l->nlines - 1].function_id - 1].name;
	}
	for (i = 0; i < s->nstacks; i++) {
		const uint32_t *frames = s->stack_frames + s->stacks[i].first;
		uint64_t count = s->stacks[i].samples;
		bool has_user = false, rooted = false;

		for (j = 0; j < s->stacks[i].n; j++) {
			const struct cdata_location *l = &s->locations[frames[j] - 1];
			const struct cdata_mapping *m = l->mapping_id ? &s->mappings[l->mapping_id - 1]
								      : NULL;

			h->frames += count;
			if (resolved[l->id])
				h->resolved += count;
			if (m && m->kind == CDATA_MAP_KERNEL)
				continue;
			has_user = true;
			if (m)
				sampled[m->id] = true;
			if (outer_name[l->id] && is_root_function(outer_name[l->id]))
				rooted = true;
			if (!resolved[l->id])
				strbuf_add_list_item(&h->no_symbols, m ? m->path : "[unknown]");
		}
		if (has_user) {
			h->user_stacks += count;
			if (rooted)
				h->rooted += count;
		}
	}
	for (i = 0; i < s->nmappings; i++) {
		const struct cdata_mapping *m = &s->mappings[i];

		if (!sampled[m->id] || m->kind == CDATA_MAP_KERNEL)
			continue;
		if (r->mapinfo[i] & RESOLVE_MAPINFO_MISMATCH)
			strbuf_add_list_item(&h->mismatched, m->path);
		else if (!(r->mapinfo[i] & (RESOLVE_MAPINFO_UNWIND | RESOLVE_MAPINFO_MISSING)) &&
			 m->path[0] == '/')
			strbuf_add_list_item(&h->no_unwind, m->path);
	}
	free(outer_name);
	free(resolved);
	free(sampled);
}

static void write_health_u64(struct cdata_writer *w, const char *key, uint64_t v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)v);
	cdata_write_health(w, key, buf);
}

int sink_cdata_write_symbols(struct sink_cdata *c, const struct sink_finish *f,
			     struct session_health *h, struct diag *d)
{
	const struct session_stats *st = f->stats;
	struct sym_mapping *maps;
	struct sym_location *locs;
	struct resolved r;

	session_health_init(h);
	/* samples and their stacks reach the file before the slow part */
	if (cdata_writer_flush(c->w, d) < 0)
		return -1;
	maps = sym_mappings_of(c);
	locs = sym_locations_of(c);
	resolve_locations_cached(maps, c->nmappings, locs, c->nlocations, f->objs, f->sym,
				 f->ksyms, f->progress, &r);
	free(locs);
	free(maps);
	write_resolved(c->w, &r);
	compute_health(c, &r, h);
	strbuf_addstr(&h->jit_maps, r.warnings.buf);
	resolved_release(&r);

	write_health_u64(c->w, "samples", st->samples);
	write_health_u64(c->w, "lost", st->lost);
	write_health_u64(c->w, "throttled", st->throttled);
	write_health_u64(c->w, "user_stacks", h->user_stacks);
	write_health_u64(c->w, "rooted_stacks", h->rooted);
	write_health_u64(c->w, "frames", h->frames);
	write_health_u64(c->w, "resolved_frames", h->resolved);
	write_health_u64(c->w, "unwind_complete", st->unwind_complete);
	write_health_u64(c->w, "unwind_truncated", st->unwind_truncated);
	write_health_u64(c->w, "unwind_failed", st->unwind_failed);
	cdata_write_health(c->w, "no_symbols", h->no_symbols.buf);
	cdata_write_health(c->w, "no_unwind", h->no_unwind.buf);
	cdata_write_health(c->w, "mismatched", h->mismatched.buf);
	return cdata_writer_flush(c->w, d);
}
