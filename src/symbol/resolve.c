/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/resolve.h"
#include "symbol/kallsyms.h"
#include "symbol/perfmap.h"
#include "symbol/symbolize.h"
#include "util/hashidx.h"
#include "util/progress.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct func_table {
	struct resolved *r;
	struct hashidx index;
};

struct func_key {
	const struct resolved *r;
	const char *name, *system_name, *file;
	uint32_t line;
};

static int func_eq(const void *ctx, size_t pos)
{
	const struct func_key *k = ctx;
	const struct resolved_function *f = &k->r->functions[pos];

	return f->start_line == k->line && !strcmp(f->name, k->name) &&
	       !strcmp(f->system_name, k->system_name) && !strcmp(f->filename, k->file);
}

static uint32_t function_id(struct func_table *t, const char *name, const char *system_name,
			    const char *file, uint32_t line)
{
	struct resolved *r = t->r;
	struct func_key k = { r, name, system_name, file, line };
	uint64_t h = hash_combine(hash_bytes(name, strlen(name), 0), hash_bytes(file, strlen(file), line));
	size_t pos = hashidx_find(&t->index, h, func_eq, &k);
	struct resolved_function *f;

	if (pos != HASHIDX_NONE)
		return (uint32_t)pos + 1;
	ALLOC_GROW(r->functions, r->nfunctions + 1, r->functions_alloc);
	f = &r->functions[r->nfunctions];
	f->id = (uint32_t)r->nfunctions + 1;
	f->name = arena_strndup(&r->arena, name, strlen(name));
	f->system_name = arena_strndup(&r->arena, system_name, strlen(system_name));
	f->filename = arena_strndup(&r->arena, file, strlen(file));
	f->start_line = line;
	hashidx_insert(&t->index, h, r->nfunctions++);
	return f->id;
}

/* each process's perf map, read on its first anonymous location */
struct jit_maps {
	struct jit_map {
		pid_t pid;
		struct perfmap *map; /* NULL: none, or unreadable */
	} *v;
	size_t n, alloc;
};

static const struct perfmap *jit_map_of(struct jit_maps *t, const struct objcache *objs,
					pid_t pid, struct strbuf *warnings)
{
	char root[32];
	pid_t root_pid = pid;
	bool has_root = objcache_root(objs, pid, root, sizeof(root), &root_pid);
	struct diag d;
	size_t i;

	for (i = 0; i < t->n; i++)
		if (t->v[i].pid == pid)
			return t->v[i].map;
	ALLOC_GROW(t->v, t->n + 1, t->alloc);
	t->v[t->n].pid = pid;
	t->v[t->n].map = perfmap_load_pid(pid, has_root ? root : NULL, root_pid, &d);
	if (!t->v[t->n].map && d.msg[0]) {
		strbuf_addstr(warnings, d.msg);
		strbuf_addch(warnings, '\n');
	}
	return t->v[t->n++].map;
}

static void jit_maps_release(struct jit_maps *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		perfmap_free(t->v[i].map);
	free(t->v);
}

static void add_lines(struct resolved *r, uint32_t location_id, const struct resolved_line *lines,
		      uint32_t n)
{
	struct resolved_lines *l;

	ALLOC_GROW(r->lines, r->nlines + 1, r->lines_alloc);
	l = &r->lines[r->nlines++];
	l->location_id = location_id;
	l->nlines = n;
	l->lines = arena_memdup(&r->arena, lines, sizeof(*lines) * n);
}

/* a location named and nothing more (the kernel's, a JIT's): one frame, no line */
static void add_name(struct func_table *ft, uint32_t location_id, size_t mapping, const char *name)
{
	struct resolved_line line = { 0 };

	line.function_id = function_id(ft, name, name, "", 0);
	add_lines(ft->r, location_id, &line, 1);
	ft->r->mapinfo[mapping] |= RESOLVE_MAPINFO_SYMBOLS;
}

/*
 * KSYMS_OWNED: KSYMS is taken over, and read from /proc/kallsyms when
 * NULL and a kernel address needs it; otherwise it is borrowed, NULL
 * meaning no kernel names.
 */
static void resolve(const struct sym_mapping *maps, size_t nmaps,
		    const struct sym_location *locs, size_t nlocs, struct objcache *objs,
		    struct symbolizer *sym, struct kallsyms *ksyms, bool ksyms_owned,
		    const struct progress_target *target, struct resolved *out)
{
	struct jit_maps jit = { 0 };
	struct func_table ft = { out };
	struct objfile **mobj;
	bool kernel_loaded = ksyms != NULL || !ksyms_owned;
	struct progress *progress = NULL;
	size_t i;

	memset(out, 0, sizeof(*out));
	ft.r = out;
	arena_init(&out->arena);
	strbuf_init(&out->warnings);
	hashidx_init(&ft.index);
	out->nmapinfo = nmaps;
	out->mapinfo = xcalloc(nmaps ? nmaps : 1, sizeof(*out->mapinfo));
	mobj = xcalloc(nmaps ? nmaps : 1, sizeof(*mobj));
	if (nlocs)
		progress = progress_start(target, "Symbolizing", nlocs);

	for (i = 0; i < nmaps; i++) {
		const struct sym_mapping *m = &maps[i];
		struct objfile *o;

		/* opening the files can take long too: let the meter appear */
		progress_update(progress, 0);

		if (m->kind == SYM_MAP_KERNEL || (m->path[0] != '/' && m->kind != SYM_MAP_VDSO) ||
		    perfmap_anonymous(m->path))
			continue;
		o = objcache_get_mapped(objs, m->pid, m->start, m->end, m->path, m->build_id);
		mobj[i] = o;
		/* a closed file's answers were taken while it was open */
		if (o->fd < 0 && !o->closed)
			out->mapinfo[i] |= RESOLVE_MAPINFO_MISSING;
		if (o->mismatch)
			out->mapinfo[i] |= RESOLVE_MAPINFO_MISMATCH;
		if (o->has_unwind)
			out->mapinfo[i] |= RESOLVE_MAPINFO_UNWIND;
	}

	for (i = 0; i < nlocs; i++) {
		const struct sym_location *l = &locs[i];
		struct resolved_line lines[SYM_MAX_FRAMES];
		const struct sym_frame *frames;
		uint64_t vaddr;
		size_t mi;
		int n, j;

		progress_update(progress, i);
		if (!l->mapping || l->mapping > nmaps)
			continue;
		mi = l->mapping - 1;
		if (maps[mi].kind == SYM_MAP_KERNEL) {
			const char *name;

			if (!kernel_loaded) {
				ksyms = kallsyms_load("/proc/kallsyms");
				kernel_loaded = true;
			}
			name = kallsyms_lookup(ksyms, l->address, NULL);
			if (name)
				add_name(&ft, l->id, mi, name);
			continue;
		}
		if (maps[mi].kind == SYM_MAP_USER && perfmap_anonymous(maps[mi].path)) {
			const char *name = perfmap_lookup(jit_map_of(&jit, objs, maps[mi].pid,
								      &out->warnings),
							  l->address);

			if (name)
				add_name(&ft, l->id, mi, name);
			continue;
		}
		if (!mobj[mi] || (mobj[mi]->fd < 0 && !mobj[mi]->closed) || mobj[mi]->mismatch ||
		    !objfile_elf_address(mobj[mi], maps[mi].start, maps[mi].pgoff, l->address, &vaddr))
			continue;
		n = symbolizer_lookup(sym, mobj[mi], vaddr, &frames);
		if (n <= 0)
			continue;
		for (j = 0; j < n; j++) {
			lines[j].function_id = function_id(&ft, frames[j].name, frames[j].system_name,
							   frames[j].decl_file, frames[j].decl_line);
			lines[j].line = frames[j].line;
		}
		add_lines(out, l->id, lines, (uint32_t)n);
		out->mapinfo[mi] |= RESOLVE_MAPINFO_SYMBOLS;
		if (frames[0].line)
			out->mapinfo[mi] |= RESOLVE_MAPINFO_LINES;
	}
	progress_update(progress, nlocs);
	progress_stop(&progress);
	if (ksyms_owned)
		kallsyms_free(ksyms);
	jit_maps_release(&jit);
	hashidx_release(&ft.index);
	free(mobj);
}

void resolve_locations(const struct sym_mapping *maps, size_t nmaps,
		       const struct sym_location *locs, size_t nlocs, struct objcache *objs,
		       struct kallsyms *ksyms, const struct progress_target *progress,
		       struct resolved *out)
{
	struct symbolizer *sym = symbolizer_new();

	resolve(maps, nmaps, locs, nlocs, objs, sym, ksyms, true, progress, out);
	symbolizer_free(sym);
}

void resolve_locations_cached(const struct sym_mapping *maps, size_t nmaps,
			      const struct sym_location *locs, size_t nlocs,
			      struct objcache *objs, struct symbolizer *sym,
			      const struct kallsyms *ksyms, const struct progress_target *progress,
			      struct resolved *out)
{
	resolve(maps, nmaps, locs, nlocs, objs, sym, (struct kallsyms *)ksyms, false, progress,
		out);
}

void resolved_release(struct resolved *r)
{
	free(r->functions);
	free(r->lines);
	free(r->mapinfo);
	arena_release(&r->arena);
	strbuf_release(&r->warnings);
	memset(r, 0, sizeof(*r));
}
