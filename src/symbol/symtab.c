/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/symtab.h"
#include "util/xalloc.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/* how far back a lookup looks for a symbol holding the address */
#define MAX_SCAN 4096

struct sym {
	GElf_Addr addr, size;
	const char *name;
	uint32_t index; /* in libdwfl's table: ties go to the first, as there */
	int binding;    /* higher is better: global, weak, local */
};

/* the symbols of one binding class, as libdwfl searches them in turn */
struct table {
	struct sym *sized;  /* by address, then index */
	GElf_Addr *max_end; /* max_end[i]: the highest end of sized[0..i] */
	size_t nsized, sized_alloc;
	struct sym *sizeless; /* by address, then index */
	size_t nsizeless, sizeless_alloc;
};

struct symtab {
	struct table globals, locals;
};

/* the state of one lookup, as dwfl_module_addrsym keeps it */
struct best {
	const struct sym *closest, *sizeless;
	GElf_Addr min_label;
};

static int binding_value(unsigned char info)
{
	switch (GELF_ST_BIND(info)) {
	case STB_GLOBAL:
		return 3;
	case STB_WEAK:
		return 2;
	case STB_LOCAL:
		return 1;
	default:
		return 0;
	}
}

static int sym_cmp(const void *a, const void *b)
{
	const struct sym *x = a, *y = b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

static void table_sort(struct table *t)
{
	size_t i;

	if (t->nsized)
		qsort(t->sized, t->nsized, sizeof(*t->sized), sym_cmp);
	if (t->nsizeless)
		qsort(t->sizeless, t->nsizeless, sizeof(*t->sizeless), sym_cmp);
	t->max_end = xmalloc((t->nsized ? t->nsized : 1) * sizeof(*t->max_end));
	for (i = 0; i < t->nsized; i++) {
		GElf_Addr end = t->sized[i].addr + t->sized[i].size;

		t->max_end[i] = i && t->max_end[i - 1] > end ? t->max_end[i - 1] : end;
	}
}

struct symtab *symtab_build(Dwfl_Module *mod)
{
	struct symtab *t = xcalloc(1, sizeof(*t));
	int n = dwfl_module_getsymtab(mod), i;

	for (i = 1; i < n; i++) {
		GElf_Sym sym;
		GElf_Addr addr;
		GElf_Word shndx;
		const char *name = dwfl_module_getsym_info(mod, i, &sym, &addr, &shndx, NULL, NULL);
		int type = GELF_ST_TYPE(sym.st_info);
		struct table *tb;
		struct sym *s;

		/* what dwfl_module_addrsym considers */
		if (!name || !*name || sym.st_shndx == SHN_UNDEF || type == STT_SECTION ||
		    type == STT_FILE || type == STT_TLS)
			continue;
		tb = GELF_ST_BIND(sym.st_info) == STB_LOCAL ? &t->locals : &t->globals;
		if (sym.st_size) {
			ALLOC_GROW(tb->sized, tb->nsized + 1, tb->sized_alloc);
			s = &tb->sized[tb->nsized++];
		} else {
			ALLOC_GROW(tb->sizeless, tb->nsizeless + 1, tb->sizeless_alloc);
			s = &tb->sizeless[tb->nsizeless++];
		}
		*s = (struct sym){ addr, sym.st_size, name, (uint32_t)i, binding_value(sym.st_info) };
	}
	table_sort(&t->globals);
	table_sort(&t->locals);
	return t;
}

static void table_free(struct table *t)
{
	free(t->sized);
	free(t->max_end);
	free(t->sizeless);
}

void symtab_free(struct symtab *t)
{
	if (!t)
		return;
	table_free(&t->globals);
	table_free(&t->locals);
	free(t);
}

/* the number of entries of V (sorted by address) at or below ADDR */
static size_t count_at_or_below(const struct sym *v, size_t n, GElf_Addr addr)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* does S, holding the address at the closest one's address, replace it? */
static bool better_at_same_address(const struct sym *closest, const struct sym *s)
{
	if (closest->binding < s->binding)
		return true;
	return (closest->size > s->size && closest->binding <= s->binding) ||
	       (closest->size >= s->size && closest->binding < s->binding);
}

/* one table's candidates, as dwfl_module_addrsym's search_table weighs them */
static void search_table(const struct table *t, GElf_Addr addr, struct best *b)
{
	size_t n = count_at_or_below(t->sized, t->nsized, addr), i, first, scanned = 0;
	size_t nl = count_at_or_below(t->sizeless, t->nsizeless, addr);
	GElf_Addr at;

	if (n && t->max_end[n - 1] > b->min_label)
		b->min_label = t->max_end[n - 1];
	if (nl && t->sizeless[nl - 1].addr > b->min_label)
		b->min_label = t->sizeless[nl - 1].addr;
	/* the closest sized symbol holding ADDR: the highest address wins */
	for (i = n; i-- > 0 && t->max_end[i] > addr && scanned++ < MAX_SCAN;)
		if (addr - t->sized[i].addr < t->sized[i].size)
			break;
	if (i < n && t->max_end[i] > addr && addr - t->sized[i].addr < t->sized[i].size) {
		at = t->sized[i].addr;
		first = i;
		while (first > 0 && t->sized[first - 1].addr == at)
			first--;
		/* the ties, in table order */
		for (i = first; i < n && t->sized[i].addr == at; i++) {
			const struct sym *s = &t->sized[i];

			if (addr - s->addr >= s->size)
				continue;
			if (!b->closest || better_at_same_address(b->closest, s))
				b->closest = s;
		}
	}
	/* sizeless symbols count only while no sized one holds ADDR */
	if (!b->closest && nl) {
		const struct sym *s;

		at = t->sizeless[nl - 1].addr;
		first = nl - 1;
		while (first > 0 && t->sizeless[first - 1].addr == at)
			first--;
		for (i = first; i < nl; i++) {
			s = &t->sizeless[i];
			if (!b->sizeless || b->sizeless->addr < s->addr ||
			    (b->sizeless->addr == s->addr && b->sizeless->binding < s->binding))
				b->sizeless = s;
		}
	}
}

const char *symtab_lookup(const struct symtab *t, GElf_Addr addr)
{
	struct best b = { NULL, NULL, 0 };

	if (!t)
		return NULL;
	search_table(&t->globals, addr, &b);
	/* the locals only when no global holds ADDR or sits exactly at it */
	if (!b.closest && (!b.sizeless || b.sizeless->addr != addr))
		search_table(&t->locals, addr, &b);
	if (b.closest)
		return b.closest->name;
	if (b.sizeless && b.sizeless->addr >= b.min_label)
		return b.sizeless->name;
	return NULL;
}
