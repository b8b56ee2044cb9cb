/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/symbolize_profile.h"
#include "symbol/perfmap.h"
#include "symbol/resolve.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

bool profile_needs_symbols(const struct profile *p)
{
	const char *v = profile_attr(p, PROFILE_ATTR_SYMBOLS);

	return v && !strcmp(v, PROFILE_SYMBOLS_NOT_STORED);
}

/* the model's mappings in the resolver's terms, in the same order */
static struct sym_mapping *as_sym_mappings(const struct profile *p)
{
	struct sym_mapping *maps = xcalloc(p->nmappings + 1, sizeof(*maps));
	size_t i;

	for (i = 0; i < p->nmappings; i++) {
		const struct profile_mapping *pm = p->mappings[i];

		maps[i] = (struct sym_mapping){
			/*
			 * The process is gone by now: its files are read from
			 * here, its JIT's perf map from /tmp if it is still there.
			 */
			.pid = perfmap_anonymous(pm->file) ? (pid_t)pm->pid : 0,
			.start = pm->start,
			.end = pm->limit,
			.pgoff = pm->offset,
			.kind = pm->kind == PROFILE_MAPPING_KERNEL ? SYM_MAP_KERNEL
				: !strcmp(pm->file, "[vdso]")     ? SYM_MAP_VDSO
								  : SYM_MAP_USER,
			.path = pm->file,
			.build_id = pm->build_id,
		};
	}
	return maps;
}

/* the locations that want names: a mapping, no lines */
static struct sym_location *unnamed_locations(const struct profile *p, size_t *n)
{
	struct sym_location *locs = xcalloc(p->nlocations + 1, sizeof(*locs));
	size_t i;

	*n = 0;
	for (i = 0; i < p->nlocations; i++) {
		const struct profile_location *l = p->locations[i];

		if (!l->mapping || l->nlines)
			continue;
		locs[(*n)++] = (struct sym_location){
			.id = (uint32_t)l->id,
			/* mapping ids are their positions plus one */
			.mapping = (uint32_t)l->mapping->id,
			.address = l->address,
		};
	}
	return locs;
}

static void apply_lines(struct profile *p, const struct resolved *r)
{
	size_t i, j;

	for (i = 0; i < r->nlines; i++) {
		const struct resolved_lines *ll = &r->lines[i];
		struct profile_location *l = p->locations[ll->location_id - 1];

		l->lines = arena_alloc(&p->arena, st_mult(ll->nlines, sizeof(*l->lines)));
		for (j = 0; j < ll->nlines; j++) {
			const struct resolved_function *f = &r->functions[ll->lines[j].function_id - 1];

			l->lines[j] = (struct profile_line){
				.function = profile_function(p, f->name, f->system_name, f->filename,
							     f->start_line),
				.line = ll->lines[j].line,
			};
		}
		l->nlines = ll->nlines;
	}
}

static void apply_mapinfo(struct profile *p, const struct resolved *r)
{
	struct strbuf mismatched = STRBUF_INIT;
	const char *v = profile_attr(p, "mismatched");
	size_t i;

	if (v)
		strbuf_addstr(&mismatched, v);
	for (i = 0; i < r->nmapinfo && i < p->nmappings; i++) {
		struct profile_mapping *pm = p->mappings[i];
		uint32_t f = r->mapinfo[i];

		pm->has_functions |= !!(f & RESOLVE_MAPINFO_SYMBOLS);
		pm->has_filenames |= !!(f & RESOLVE_MAPINFO_LINES);
		pm->has_line_numbers |= !!(f & RESOLVE_MAPINFO_LINES);
		pm->has_inline_frames |= !!(f & RESOLVE_MAPINFO_LINES);
		if (f & RESOLVE_MAPINFO_MISMATCH)
			strbuf_add_list_item(&mismatched, pm->file);
	}
	if (mismatched.len)
		profile_set_attr(p, "mismatched", mismatched.buf);
	strbuf_release(&mismatched);
}

void profile_symbolize(struct profile *p, const struct progress_target *progress,
		       struct strbuf *warnings)
{
	struct sym_mapping *maps = as_sym_mappings(p);
	size_t nlocs;
	struct sym_location *locs = unnamed_locations(p, &nlocs);
	struct objcache *objs = objcache_new();
	struct resolved r;

	resolve_locations(maps, p->nmappings, locs, nlocs, objs, NULL, progress, &r);
	apply_lines(p, &r);
	apply_mapinfo(p, &r);
	if (warnings)
		strbuf_addstr(warnings, r.warnings.buf);
	profile_set_attr(p, PROFILE_ATTR_SYMBOLS, PROFILE_SYMBOLS_RESOLVED_NOW);
	resolved_release(&r);
	objcache_free(objs);
	free(locs);
	free(maps);
}
