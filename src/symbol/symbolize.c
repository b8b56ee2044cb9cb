/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/symbolize.h"
#include "symbol/demangle.h"
#include "util/arena.h"
#include "util/hashidx.h"
#include "util/xalloc.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* one Dwfl per object file: non-PIE executables would overlap in a shared one */
struct sym_module {
	struct objfile *obj;
	Dwfl *dwfl;
	Dwfl_Module *mod;
};

struct sym_entry {
	struct objfile *obj;
	uint64_t vaddr;
	int nframes;
	struct sym_frame *frames;
};

struct symbolizer {
	struct arena arena;
	struct sym_module *mods;
	size_t nmods, mods_alloc;
	struct sym_entry *entries;
	size_t nentries, entries_alloc;
	struct hashidx index;
	char *debuginfo_path;
};

static const Dwfl_Callbacks offline_callbacks = {
	.find_elf = dwfl_build_id_find_elf,
	.find_debuginfo = dwfl_standard_find_debuginfo,
	.section_address = dwfl_offline_section_address,
};

struct symbolizer *symbolizer_new(void)
{
	struct symbolizer *s = xcalloc(1, sizeof(*s));

	arena_init(&s->arena);
	hashidx_init(&s->index);
	return s;
}

void symbolizer_free(struct symbolizer *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nmods; i++)
		if (s->mods[i].dwfl)
			dwfl_end(s->mods[i].dwfl);
	free(s->mods);
	free(s->entries);
	hashidx_release(&s->index);
	arena_release(&s->arena);
	free(s);
}

static struct sym_module *module_for(struct symbolizer *s, struct objfile *obj)
{
	struct sym_module *m;
	size_t i;
	int fd;

	for (i = 0; i < s->nmods; i++)
		if (s->mods[i].obj == obj)
			return &s->mods[i];
	ALLOC_GROW(s->mods, s->nmods + 1, s->mods_alloc);
	m = &s->mods[s->nmods++];
	memset(m, 0, sizeof(*m));
	m->obj = obj;
	if (obj->fd < 0 || obj->mismatch)
		return m;
	m->dwfl = dwfl_begin(&offline_callbacks);
	if (!m->dwfl)
		return m;
	/* libdwfl owns and closes the descriptor it is given */
	fd = dup(obj->fd);
	if (fd < 0)
		return m;
	/* base 0: addresses are the file's own virtual addresses */
	m->mod = dwfl_report_elf(m->dwfl, obj->path, obj->is_vdso ? obj->open_path : obj->path,
				 fd, 0, true);
	dwfl_report_end(m->dwfl, NULL, NULL);
	if (!m->mod)
		close(fd);
	return m;
}

static const char *keep(struct symbolizer *s, const char *str)
{
	return str ? arena_strndup(&s->arena, str, strlen(str)) : "";
}

/* the mangled name of a DWARF function, or its plain name */
static const char *die_system_name(Dwarf_Die *die)
{
	Dwarf_Attribute attr;
	const char *n = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_linkage_name, &attr));

	if (!n)
		n = dwarf_formstring(dwarf_attr_integrate(die, DW_AT_MIPS_linkage_name, &attr));
	if (!n)
		n = dwarf_diename(die);
	return n;
}

static void set_names(struct symbolizer *s, struct sym_frame *f, const char *system_name)
{
	char *readable = demangle_symbol(system_name);

	f->name = keep(s, readable);
	f->system_name = keep(s, system_name);
	free(readable);
}

/*
 * FILE made absolute with the compilation directory of DIE's unit, so
 * pprof -list finds sources from anywhere; "dir/../" is folded away.
 */
static const char *absolute_source(struct symbolizer *s, Dwarf_Die *die, const char *file)
{
	Dwarf_Die cu;
	Dwarf_Attribute attr;
	const char *dir;
	char *joined, *p;

	if (!file || file[0] == '/' || !dwarf_diecu(die, &cu, NULL, NULL))
		return keep(s, file);
	dir = dwarf_formstring(dwarf_attr(&cu, DW_AT_comp_dir, &attr));
	if (!dir || dir[0] != '/')
		return keep(s, file);
	joined = xasprintf("%s/%s", dir, file);
	/* fold "/name/../" into "/" */
	while ((p = strstr(joined, "/../")) && p != joined) {
		char *prev = p - 1;

		while (prev > joined && *prev != '/')
			prev--;
		memmove(prev, p + 3, strlen(p + 3) + 1);
	}
	file = keep(s, joined);
	free(joined);
	return file;
}

static void set_decl(struct symbolizer *s, struct sym_frame *f, Dwarf_Die *die)
{
	int line = 0;

	f->decl_file = absolute_source(s, die, dwarf_decl_file(die));
	if (dwarf_decl_line(die, &line) == 0 && line > 0)
		f->decl_line = (uint32_t)line;
}

/* the DWARF frames of ADDR, innermost first; 0 when there is no DWARF */
static int dwarf_frames(struct symbolizer *s, struct sym_module *m, Dwarf_Addr addr,
			struct sym_frame *frames, int max, const char *symname)
{
	Dwarf_Addr cubias;
	Dwarf_Die *cudie = dwfl_module_addrdie(m->mod, addr, &cubias);
	Dwarf_Die *scopes = NULL, *chain = NULL;
	Dwfl_Line *dline;
	int nscopes, nchain, i, n = 0, lineno = 0;

	if (!cudie)
		return 0;
	dline = dwfl_module_getsrc(m->mod, addr);
	if (dline)
		dwfl_lineinfo(dline, NULL, &lineno, NULL, NULL, NULL);
	nscopes = dwarf_getscopes(cudie, addr - cubias, &scopes);
	for (i = 0; i < nscopes; i++) {
		int tag = dwarf_tag(&scopes[i]);

		if (tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine)
			break;
	}
	if (i >= nscopes) {
		free(scopes);
		return 0;
	}
	nchain = dwarf_getscopes_die(&scopes[i], &chain);
	free(scopes);
	for (i = 0; i < nchain && n < max; i++) {
		Dwarf_Die *die = &chain[i];
		int tag = dwarf_tag(die);
		struct sym_frame *f;
		Dwarf_Attribute attr;
		Dwarf_Word call_line = 0;

		if (tag != DW_TAG_subprogram && tag != DW_TAG_inlined_subroutine)
			continue;
		f = &frames[n++];
		memset(f, 0, sizeof(*f));
		f->line = lineno > 0 ? (uint32_t)lineno : 0;
		set_decl(s, f, die);
		if (tag == DW_TAG_subprogram) {
			/* the symbol table's name is the complete one for C++ */
			const char *dn = die_system_name(die);

			set_names(s, f, dn ? dn : symname ? symname : "");
			break;
		}
		set_names(s, f, die_system_name(die) ? die_system_name(die) : "");
		/* the caller's line is where this inlined copy was called */
		if (dwarf_formudata(dwarf_attr(die, DW_AT_call_line, &attr), &call_line) == 0)
			lineno = (int)call_line;
		else
			lineno = 0;
	}
	free(chain);
	return n;
}

struct entry_key {
	const struct symbolizer *s;
	const struct objfile *obj;
	uint64_t vaddr;
};

static int entry_eq(const void *ctx, size_t pos)
{
	const struct entry_key *k = ctx;
	const struct sym_entry *e = &k->s->entries[pos];

	return e->obj == k->obj && e->vaddr == k->vaddr;
}

int symbolizer_lookup(struct symbolizer *s, struct objfile *obj, uint64_t vaddr,
		      const struct sym_frame **out)
{
	struct entry_key key = { s, obj, vaddr };
	uint64_t h = hash_combine(hash_u64((uintptr_t)obj), vaddr);
	size_t pos = hashidx_find(&s->index, h, entry_eq, &key);
	struct sym_frame frames[SYM_MAX_FRAMES];
	struct sym_module *m;
	struct sym_entry *e;
	int n = 0;

	if (pos != HASHIDX_NONE) {
		*out = s->entries[pos].frames;
		return s->entries[pos].nframes;
	}
	m = module_for(s, obj);
	if (m->mod) {
		GElf_Off off;
		GElf_Sym sym;
		const char *symname = dwfl_module_addrinfo(m->mod, vaddr, &off, &sym, NULL, NULL, NULL);

		n = dwarf_frames(s, m, vaddr, frames, SYM_MAX_FRAMES, symname);
		if (n > 0 && !*frames[n - 1].name && symname)
			set_names(s, &frames[n - 1], symname);
		if (n == 0 && symname) {
			memset(&frames[0], 0, sizeof(frames[0]));
			set_names(s, &frames[0], symname);
			frames[0].decl_file = "";
			n = 1;
		}
	}
	ALLOC_GROW(s->entries, s->nentries + 1, s->entries_alloc);
	e = &s->entries[s->nentries];
	e->obj = obj;
	e->vaddr = vaddr;
	e->nframes = n;
	e->frames = arena_memdup(&s->arena, frames, sizeof(frames[0]) * (size_t)n);
	hashidx_insert(&s->index, h, s->nentries++);
	*out = e->frames;
	return n;
}
