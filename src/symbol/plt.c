/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/plt.h"
#include "util/xalloc.h"

#include <gelf.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

struct plt_entry {
	uint64_t start, end;
	char *name;
};

struct plt_table {
	struct plt_entry *entries;
	size_t nentries, alloc;
};

/* a GOT slot a dynamic relocation fills with a symbol's address */
struct got_slot {
	uint64_t addr;
	const char *name; /* in libelf's copy of .dynstr */
};

struct relocs {
	struct got_slot *slots; /* every JUMP_SLOT and GLOB_DAT, by address */
	size_t nslots, slots_alloc;
	const char **jmprel; /* .rela.plt's names in order, for lazy IBT entries */
	size_t njmprel, jmprel_alloc;
};

static int slot_cmp(const void *a, const void *b)
{
	const struct got_slot *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct plt_entry *x = a, *y = b;

	return x->start < y->start ? -1 : x->start > y->start;
}

static uint32_t le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* the name of symbol SYMNDX of the symbol table in section SYMSCN */
static const char *reloc_symbol(Elf *elf, Elf_Scn *symscn, size_t symndx)
{
	GElf_Shdr sh;
	GElf_Sym sym;
	Elf_Data *d;

	if (!symscn || !gelf_getshdr(symscn, &sh) || !(d = elf_getdata(symscn, NULL)) ||
	    !gelf_getsym(d, (int)symndx, &sym) || !sym.st_name)
		return NULL;
	return elf_strptr(elf, sh.sh_link, sym.st_name);
}

static void collect_relocs(Elf *elf, Elf_Scn *scn, const GElf_Shdr *sh, bool is_jmprel,
			   struct relocs *r)
{
	Elf_Scn *symscn = elf_getscn(elf, sh->sh_link);
	Elf_Data *d = elf_getdata(scn, NULL);
	size_t i, n;

	if (!d || !sh->sh_entsize)
		return;
	n = sh->sh_size / sh->sh_entsize;
	for (i = 0; i < n; i++) {
		GElf_Rela rela;
		const char *name;
		uint32_t type;

		if (!gelf_getrela(d, (int)i, &rela))
			break;
		type = (uint32_t)GELF_R_TYPE(rela.r_info);
		name = reloc_symbol(elf, symscn, GELF_R_SYM(rela.r_info));
		if (is_jmprel) {
			ALLOC_GROW(r->jmprel, r->njmprel + 1, r->jmprel_alloc);
			r->jmprel[r->njmprel++] = type == R_X86_64_JUMP_SLOT ? name : NULL;
		}
		if (!name || !*name || (type != R_X86_64_JUMP_SLOT && type != R_X86_64_GLOB_DAT))
			continue;
		ALLOC_GROW(r->slots, r->nslots + 1, r->slots_alloc);
		r->slots[r->nslots].addr = rela.r_offset;
		r->slots[r->nslots++].name = name;
	}
}

static const char *slot_name(const struct relocs *r, uint64_t addr)
{
	struct got_slot key = { addr, NULL }, *hit;

	if (!r->nslots)
		return NULL;
	hit = bsearch(&key, r->slots, r->nslots, sizeof(key), slot_cmp);
	return hit ? hit->name : NULL;
}

/*
 * The symbol of the entry at P (LEN bytes at VADDR): the target of its
 * "jmp *disp32(%rip)" (ff 25), after an optional endbr64 and bnd prefix;
 * else, for the lazy entries of an IBT .plt (endbr64; push $N; jmp .plt),
 * .rela.plt's entry N.
 */
static const char *entry_symbol(const unsigned char *p, size_t len, uint64_t vaddr, bool lazy,
			       const struct relocs *r)
{
	static const unsigned char endbr64[] = { 0xf3, 0x0f, 0x1e, 0xfa };
	size_t i = 0;

	if (len >= sizeof(endbr64) && !memcmp(p, endbr64, sizeof(endbr64)))
		i = sizeof(endbr64);
	if (i < len && p[i] == 0xf2)
		i++;
	if (i + 6 <= len && p[i] == 0xff && p[i + 1] == 0x25) {
		int32_t disp = (int32_t)le32(p + i + 2);

		return slot_name(r, vaddr + i + 6 + (uint64_t)(int64_t)disp);
	}
	if (lazy && i == sizeof(endbr64) && i + 5 <= len && p[i] == 0x68) {
		uint32_t index = le32(p + i + 1);

		return index < r->njmprel ? r->jmprel[index] : NULL;
	}
	return NULL;
}

static void add_entries(struct plt_table *t, Elf_Scn *scn, const GElf_Shdr *sh, const char *secname,
		      const struct relocs *r)
{
	Elf_Data *d = elf_getdata(scn, NULL);
	uint64_t entsize = sh->sh_entsize == 8 || sh->sh_entsize == 16 ? sh->sh_entsize : 16;
	bool lazy = !strcmp(secname, ".plt");
	uint64_t off;

	if (!d || !d->d_buf || sh->sh_type != SHT_PROGBITS)
		return;
	for (off = 0; off + entsize <= d->d_size; off += entsize) {
		const char *name = entry_symbol((const unsigned char *)d->d_buf + off, entsize,
					       sh->sh_addr + off, lazy, r);

		if (!name || !*name)
			continue;
		ALLOC_GROW(t->entries, t->nentries + 1, t->alloc);
		t->entries[t->nentries].start = sh->sh_addr + off;
		t->entries[t->nentries].end = sh->sh_addr + off + entsize;
		t->entries[t->nentries++].name = xstrdup(name);
	}
}

static bool is_plt_section(const char *name)
{
	return !strcmp(name, ".plt") || !strcmp(name, ".plt.sec") || !strcmp(name, ".plt.got");
}

struct plt_table *plt_table_build(int fd)
{
	struct plt_table *t = NULL;
	struct relocs r = { 0 };
	Elf_Scn *scn = NULL;
	GElf_Ehdr ehdr;
	size_t shstrndx;
	Elf *elf;

	elf_version(EV_CURRENT);
	/* read, not mapped: a file truncated meanwhile is an error, not SIGBUS */
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf || !gelf_getehdr(elf, &ehdr) || ehdr.e_machine != EM_X86_64 ||
	    elf_getshdrstrndx(elf, &shstrndx) != 0)
		goto out;
	/* relocations first: the entries are matched against them */
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;

		if (!gelf_getshdr(scn, &sh) || sh.sh_type != SHT_RELA ||
		    !(name = elf_strptr(elf, shstrndx, sh.sh_name)))
			continue;
		collect_relocs(elf, scn, &sh, !strcmp(name, ".rela.plt"), &r);
	}
	if (!r.nslots && !r.njmprel)
		goto out;
	if (r.nslots) /* qsort of a NULL array is undefined, even empty */
		qsort(r.slots, r.nslots, sizeof(*r.slots), slot_cmp);
	t = xcalloc(1, sizeof(*t));
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		const char *name;

		if (gelf_getshdr(scn, &sh) && (name = elf_strptr(elf, shstrndx, sh.sh_name)) &&
		    is_plt_section(name))
			add_entries(t, scn, &sh, name, &r);
	}
	if (!t->nentries) {
		plt_table_free(t);
		t = NULL;
	} else {
		qsort(t->entries, t->nentries, sizeof(*t->entries), entry_cmp);
	}
out:
	free(r.slots);
	free(r.jmprel);
	if (elf)
		elf_end(elf);
	return t;
}

void plt_table_free(struct plt_table *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->nentries; i++)
		free(t->entries[i].name);
	free(t->entries);
	free(t);
}

const char *plt_name(const struct plt_table *t, uint64_t vaddr)
{
	size_t lo = 0, hi;

	if (!t)
		return NULL;
	/* the last entry starting at or below VADDR */
	hi = t->nentries;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (t->entries[mid].start <= vaddr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || vaddr >= t->entries[lo - 1].end)
		return NULL;
	return t->entries[lo - 1].name;
}
