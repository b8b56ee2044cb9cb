/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/symbolize.h"
#include "symbol/debuginfo.h"
#include "symbol/demangle.h"
#include "symbol/dwarf_index.h"
#include "symbol/objdwfl.h"
#include "symbol/plt.h"
#include "symbol/symtab.h"
#include "util/arena.h"
#include "util/hashidx.h"
#include "util/xalloc.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* an address range of a compilation unit, for files without .debug_aranges */
struct cu_range {
	Dwarf_Addr lo, hi;
	Dwarf_Off die_off;
};

/* one Dwfl per object file: non-PIE executables would overlap in a shared one */
struct sym_module {
	struct objfile *obj;
	Dwfl *dwfl;
	Dwfl_Module *mod;
	/* built on the first miss of dwfl_module_addrdie */
	bool ranges_built;
	struct cu_range *ranges;
	size_t nranges;
	Dwarf *dwarf;
	Dwarf_Addr dwarf_bias;
	struct plt_table *plt; /* NULL: no PLT entries to name */
	struct dwarf_index *index; /* each CU's functions, built as addresses come */
	struct symtab *symtab;     /* built on the first frame DWARF does not name */
	struct arena arena;        /* its answers and their strings, gone with it */
	bool opened;               /* its file read (not since closed) */
};

struct sym_entry {
	struct objfile *obj;
	uint64_t vaddr;
	int nframes;
	struct sym_frame *frames;
};

struct symbolizer {
	struct arena *strings; /* the arena of the module being looked up in */
	struct sym_module *mods;
	size_t nmods, mods_alloc;
	struct sym_entry *entries;
	size_t nentries, entries_alloc;
	struct hashidx index;
	char *debuginfo_path;
	/* CPROF_SYMBOLIZE_SCOPES=1: libdw's dwarf_getscopes and libdwfl's symbol search per address, as before the indexes */
	bool use_scopes;
};

static const Dwfl_Callbacks offline_callbacks = {
	.find_elf = objdwfl_find_elf,
	.find_debuginfo = debuginfo_find_regular,
	.section_address = dwfl_offline_section_address,
};

struct symbolizer *symbolizer_new(void)
{
	struct symbolizer *s = xcalloc(1, sizeof(*s));

	const char *scopes = getenv("CPROF_SYMBOLIZE_SCOPES");

	hashidx_init(&s->index);
	s->use_scopes = scopes && !strcmp(scopes, "1");
	return s;
}

/* what was read of M's file; its answers (in its arena) stay */
static void module_close(struct sym_module *m)
{
	if (m->dwfl)
		dwfl_end(m->dwfl);
	free(m->ranges);
	plt_table_free(m->plt);
	dwarf_index_free(m->index);
	symtab_free(m->symtab);
	m->dwfl = NULL;
	m->mod = NULL;
	m->dwarf = NULL;
	m->ranges = NULL;
	m->nranges = 0;
	m->ranges_built = false;
	m->plt = NULL;
	m->index = NULL;
	m->symtab = NULL;
	m->opened = false;
}

static void module_release(struct sym_module *m)
{
	module_close(m);
	arena_release(&m->arena);
}

void symbolizer_free(struct symbolizer *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nmods; i++)
		module_release(&s->mods[i]);
	free(s->mods);
	free(s->entries);
	hashidx_release(&s->index);
	free(s);
}

void symbolizer_forget(struct symbolizer *s, const struct objfile *obj)
{
	size_t i, j;

	if (!s)
		return;
	for (i = 0; i < s->nmods && s->mods[i].obj != obj; i++)
		;
	if (i == s->nmods)
		return;
	module_release(&s->mods[i]);
	s->mods[i] = s->mods[--s->nmods];
	hashidx_release(&s->index);
	hashidx_init(&s->index);
	for (i = j = 0; i < s->nentries; i++) {
		const struct sym_entry *e = &s->entries[i];

		if (e->obj == obj)
			continue;
		s->entries[j] = *e;
		hashidx_insert(&s->index, hash_combine(hash_u64((uintptr_t)e->obj), e->vaddr), j++);
	}
	s->nentries = j;
}

void symbolizer_close(struct symbolizer *s, const struct objfile *obj)
{
	size_t i;

	for (i = 0; s && i < s->nmods; i++)
		if (s->mods[i].obj == obj)
			module_close(&s->mods[i]);
}

/* read M's file, when it is open and was not read since it last was */
static void module_open(struct sym_module *m)
{
	struct objfile *obj = m->obj;

	if (m->opened || obj->fd < 0 || obj->mismatch)
		return;
	m->opened = true;
	m->plt = plt_table_build(obj->fd);
	m->dwfl = dwfl_begin(&offline_callbacks);
	if (!m->dwfl)
		return;
	/* bias 0: addresses are the file's own virtual addresses */
	dwfl_report_begin(m->dwfl);
	m->mod = objdwfl_report(m->dwfl, obj, 0);
	dwfl_report_end(m->dwfl, NULL, NULL);
}

static struct sym_module *module_for(struct symbolizer *s, struct objfile *obj)
{
	struct sym_module *m = NULL;
	size_t i;

	for (i = 0; i < s->nmods && !m; i++)
		if (s->mods[i].obj == obj)
			m = &s->mods[i];
	if (!m) {
		ALLOC_GROW(s->mods, s->nmods + 1, s->mods_alloc);
		m = &s->mods[s->nmods++];
		memset(m, 0, sizeof(*m));
		m->obj = obj;
		/* one per file sampled, some with a handful of answers */
		arena_init_small(&m->arena);
	}
	/* a file closed since and opened again is read again */
	module_open(m);
	return m;
}

static const char *keep(struct symbolizer *s, const char *str)
{
	return str ? arena_strndup(s->strings, str, strlen(str)) : "";
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

/*
 * The file of a function's first instruction, from the line table: libdw
 * 0.188 cannot read DW_AT_decl_file of clang's DWARF 5, whose file
 * numbers start at 0.
 */
static const char *entry_file(Dwarf_Die *die)
{
	Dwarf_Die cu;
	Dwarf_Addr pc;
	Dwarf_Line *line;

	if (dwarf_tag(die) != DW_TAG_subprogram || dwarf_entrypc(die, &pc) != 0 ||
	    !dwarf_diecu(die, &cu, NULL, NULL) || !(line = dwarf_getsrc_die(&cu, pc)))
		return NULL;
	return dwarf_linesrc(line, NULL, NULL);
}

static void set_decl(struct symbolizer *s, struct sym_frame *f, Dwarf_Die *die)
{
	const char *file = dwarf_decl_file(die);
	int line = 0;

	if (!file)
		file = entry_file(die);
	f->decl_file = absolute_source(s, die, file);
	if (dwarf_decl_line(die, &line) == 0 && line > 0)
		f->decl_line = (uint32_t)line;
}

static int range_cmp(const void *a, const void *b)
{
	const struct cu_range *x = a, *y = b;

	return x->lo < y->lo ? -1 : x->lo > y->lo;
}

/*
 * Every CU's address ranges, from the CUs themselves. libdw finds a CU by
 * .debug_aranges, which clang and Go do not write: without this their
 * files would have names from the symbol table but no lines or inlines.
 */
static void build_cu_ranges(struct sym_module *m)
{
	Dwarf_Off off = 0, next;
	size_t hsize, alloc = 0;

	m->ranges_built = true;
	m->dwarf = dwfl_module_getdwarf(m->mod, &m->dwarf_bias);
	if (!m->dwarf)
		return;
	while (dwarf_nextcu(m->dwarf, off, &next, &hsize, NULL, NULL, NULL) == 0) {
		Dwarf_Die cu;
		Dwarf_Addr base, lo, hi;
		ptrdiff_t r = 0;

		if (dwarf_offdie(m->dwarf, off + hsize, &cu)) {
			while ((r = dwarf_ranges(&cu, r, &base, &lo, &hi)) > 0) {
				if (hi <= lo)
					continue;
				ALLOC_GROW(m->ranges, m->nranges + 1, alloc);
				m->ranges[m->nranges].lo = lo;
				m->ranges[m->nranges].hi = hi;
				m->ranges[m->nranges++].die_off = off + hsize;
			}
		}
		off = next;
	}
	if (m->nranges)
		qsort(m->ranges, m->nranges, sizeof(*m->ranges), range_cmp);
}

/* the CU holding ADDR when .debug_aranges does not say; false if none */
static bool cu_by_ranges(struct sym_module *m, Dwarf_Addr addr, Dwarf_Die *cu,
			 Dwarf_Addr *cubias)
{
	Dwarf_Addr a;
	size_t lo = 0, hi, i;

	if (!m->ranges_built)
		build_cu_ranges(m);
	if (!m->nranges)
		return false;
	a = addr - m->dwarf_bias;
	/* the last range starting at or below A, then back over overlaps */
	hi = m->nranges;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->ranges[mid].lo <= a)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (i = lo; i-- > 0;) {
		if (a < m->ranges[i].hi) {
			*cubias = m->dwarf_bias;
			return dwarf_offdie(m->dwarf, m->ranges[i].die_off, cu) != NULL;
		}
		if (lo - i > 64)
			break;
	}
	return false;
}

/*
 * The functions of CHAIN (DIEs outward from the innermost; those that are
 * neither subprograms nor inlined subroutines are skipped) as frames, up
 * to the first subprogram. LINENO is the line executing in the innermost.
 * A subprogram without a name in DWARF gets one from the symbol table
 * later, which is only searched then: libdwfl searches it linearly.
 */
static int chain_frames(struct symbolizer *s, Dwarf_Die *chain, int nchain, int lineno,
			struct sym_frame *frames, int max)
{
	int i, n = 0;

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
			const char *dn = die_system_name(die);

			set_names(s, f, dn ? dn : "");
			break;
		}
		set_names(s, f, die_system_name(die) ? die_system_name(die) : "");
		/* the caller's line is where this inlined copy was called */
		if (dwarf_formudata(dwarf_attr(die, DW_AT_call_line, &attr), &call_line) == 0)
			lineno = (int)call_line;
		else
			lineno = 0;
	}
	return n;
}

/* the chain of ADDR as libdw's dwarf_getscopes walks it, for CPROF_SYMBOLIZE_SCOPES=1 */
static int scopes_frames(struct symbolizer *s, Dwarf_Die *cudie, Dwarf_Addr addr, int lineno,
			 struct sym_frame *frames, int max)
{
	Dwarf_Die *scopes = NULL, *chain = NULL;
	int nscopes, nchain, i, n;

	nscopes = dwarf_getscopes(cudie, addr, &scopes);
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
	n = chain_frames(s, chain, nchain, lineno, frames, max);
	free(chain);
	return n;
}

/* the DWARF frames of ADDR, innermost first; 0 when there is no DWARF */
static int dwarf_frames(struct symbolizer *s, struct sym_module *m, Dwarf_Addr addr,
			struct sym_frame *frames, int max)
{
	Dwarf_Addr cubias;
	Dwarf_Die *cudie = dwfl_module_addrdie(m->mod, addr, &cubias), cu_found;
	Dwarf_Die chain[SYM_MAX_FRAMES];
	Dwfl_Line *dline;
	int lineno = 0;

	if (cudie) {
		dline = dwfl_module_getsrc(m->mod, addr);
		if (dline)
			dwfl_lineinfo(dline, NULL, &lineno, NULL, NULL, NULL);
	} else if (cu_by_ranges(m, addr, &cu_found, &cubias)) {
		Dwarf_Line *line = dwarf_getsrc_die(&cu_found, addr - cubias);

		cudie = &cu_found;
		if (line)
			dwarf_lineno(line, &lineno);
	} else {
		return 0;
	}
	if (s->use_scopes)
		return scopes_frames(s, cudie, addr - cubias, lineno, frames, max);
	if (!m->index)
		m->index = dwarf_index_new();
	return chain_frames(s, chain,
			    dwarf_index_chain(m->index, cudie, addr - cubias, chain, SYM_MAX_FRAMES),
			    lineno, frames, max);
}

/*
 * A frame in a PLT entry, named as objdump labels it ("read@plt"). No
 * symbol covers the entries; the nearest one before them (_init) would be
 * a wrong name.
 */
static bool plt_entry_frame(struct symbolizer *s, struct sym_module *m, uint64_t vaddr,
			   struct sym_frame *f)
{
	const char *target = plt_name(m->plt, vaddr);
	char *readable, *name;

	if (!target)
		return false;
	memset(f, 0, sizeof(*f));
	readable = demangle_symbol(target);
	name = xasprintf("%s@plt", readable);
	f->name = keep(s, name);
	free(name);
	free(readable);
	name = xasprintf("%s@plt", target);
	f->system_name = keep(s, name);
	free(name);
	f->decl_file = "";
	return true;
}

/* the symbol table's name for VADDR */
static const char *symbol_name(struct symbolizer *s, struct sym_module *m, uint64_t vaddr)
{
	GElf_Off off;
	GElf_Sym sym;

	if (s->use_scopes)
		return dwfl_module_addrinfo(m->mod, vaddr, &off, &sym, NULL, NULL, NULL);
	if (!m->symtab)
		m->symtab = symtab_build(m->mod);
	return symtab_lookup(m->symtab, vaddr);
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
	s->strings = &m->arena;
	if (plt_entry_frame(s, m, vaddr, &frames[0])) {
		n = 1;
	} else if (m->mod) {
		const char *symname = NULL;

		n = dwarf_frames(s, m, vaddr, frames, SYM_MAX_FRAMES);
		/* DWARF named the function: the symbol table is not needed */
		if (n == 0 || !*frames[n - 1].name)
			symname = symbol_name(s, m, vaddr);
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
	e->frames = arena_memdup(&m->arena, frames, sizeof(frames[0]) * (size_t)n);
	hashidx_insert(&s->index, h, s->nentries++);
	*out = e->frames;
	return n;
}

bool symbolizer_symbol_range(struct symbolizer *s, struct objfile *obj, uint64_t vaddr,
			     uint64_t *lo, uint64_t *hi)
{
	struct sym_module *m = module_for(s, obj);
	GElf_Off off;
	GElf_Sym sym;

	if (!m->mod || !dwfl_module_addrinfo(m->mod, vaddr, &off, &sym, NULL, NULL, NULL))
		return false;
	*lo = vaddr - off;
	*hi = *lo + (sym.st_size ? sym.st_size : 1);
	return true;
}
