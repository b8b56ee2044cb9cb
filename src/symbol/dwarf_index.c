/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/dwarf_index.h"
#include "util/hashidx.h"
#include "util/xalloc.h"

#include <dwarf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* DIE trees nest far less deeply than this; a hostile file may not */
#define MAX_DIE_DEPTH 256
/* DW_TAG_imported_unit followed per CU (dwz shares DIEs between CUs) */
#define MAX_IMPORTS 4096

/* a subprogram or inlined subroutine with code */
struct fn_node {
	Dwarf_Die die;
	int32_t caller; /* the enclosing function's node, or -1 */
	uint32_t depth; /* functions enclosing it */
	bool is_subprogram;
};

/* [lo, hi) where NODE is the innermost function */
struct segment {
	Dwarf_Addr lo, hi;
	int32_t node;
};

struct cu_index {
	const void *cu_key; /* the CU DIE's address in the DWARF data */
	struct fn_node *nodes;
	size_t nnodes;
	struct segment *segs;
	size_t nsegs;
};

struct dwarf_index {
	struct cu_index *cus;
	size_t ncus, cus_alloc;
	struct hashidx by_cu;
};

/* a range of one node, before flattening */
struct raw_range {
	Dwarf_Addr lo, hi;
	int32_t node;
	uint32_t depth;
};

struct walk {
	struct fn_node *nodes;
	size_t nnodes, nodes_alloc;
	struct raw_range *ranges;
	size_t nranges, ranges_alloc;
	unsigned imports;
};

struct dwarf_index *dwarf_index_new(void)
{
	struct dwarf_index *ix = xcalloc(1, sizeof(*ix));

	hashidx_init(&ix->by_cu);
	return ix;
}

void dwarf_index_free(struct dwarf_index *ix)
{
	size_t i;

	if (!ix)
		return;
	for (i = 0; i < ix->ncus; i++) {
		free(ix->cus[i].nodes);
		free(ix->cus[i].segs);
	}
	free(ix->cus);
	hashidx_release(&ix->by_cu);
	free(ix);
}

/* DIE's ranges as a node under CALLER; -1 when it has no code */
static int32_t add_function(struct walk *w, Dwarf_Die *die, int32_t caller, uint32_t depth)
{
	Dwarf_Addr base, lo, hi;
	ptrdiff_t off = 0;
	int32_t node = -1;

	while ((off = dwarf_ranges(die, off, &base, &lo, &hi)) > 0) {
		/* lo 0 is where linkers put the code they dropped */
		if (hi <= lo || lo == 0)
			continue;
		if (node < 0) {
			if (w->nnodes >= INT32_MAX)
				return -1;
			ALLOC_GROW(w->nodes, w->nnodes + 1, w->nodes_alloc);
			node = (int32_t)w->nnodes++;
			w->nodes[node].die = *die;
			w->nodes[node].caller = caller;
			w->nodes[node].depth = depth;
			w->nodes[node].is_subprogram = dwarf_tag(die) == DW_TAG_subprogram;
		}
		ALLOC_GROW(w->ranges, w->nranges + 1, w->ranges_alloc);
		w->ranges[w->nranges++] = (struct raw_range){ lo, hi, node, depth };
	}
	return node;
}

/* the DIEs under PARENT that hold or lead to functions with code */
static void walk_children(struct walk *w, Dwarf_Die *parent, int32_t caller, uint32_t depth,
			  int level)
{
	Dwarf_Die child;

	if (level > MAX_DIE_DEPTH || dwarf_child(parent, &child) != 0)
		return;
	do {
		Dwarf_Attribute attr;
		Dwarf_Die unit;
		int32_t node;

		switch (dwarf_tag(&child)) {
		case DW_TAG_subprogram:
		case DW_TAG_inlined_subroutine:
			/* a declaration or an abstract instance holds no code */
			node = add_function(w, &child, caller, depth);
			if (node >= 0)
				walk_children(w, &child, node, depth + 1, level + 1);
			break;
		case DW_TAG_imported_unit:
			if (w->imports++ < MAX_IMPORTS &&
			    dwarf_formref_die(dwarf_attr(&child, DW_AT_import, &attr), &unit))
				walk_children(w, &unit, caller, depth, level + 1);
			break;
		/* scopes without code of their own that can hold functions */
		case DW_TAG_namespace:
		case DW_TAG_module:
		case DW_TAG_lexical_block:
		case DW_TAG_try_block:
		case DW_TAG_catch_block:
		case DW_TAG_with_stmt:
		case DW_TAG_class_type:
		case DW_TAG_structure_type:
		case DW_TAG_union_type:
		case DW_TAG_interface_type:
			walk_children(w, &child, caller, depth, level + 1);
			break;
		default:
			break;
		}
	} while (dwarf_siblingof(&child, &child) == 0);
}

static int raw_cmp(const void *a, const void *b)
{
	const struct raw_range *x = a, *y = b;

	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return x->depth < y->depth ? -1 : x->depth > y->depth;
}

static int addr_cmp(const void *a, const void *b)
{
	const Dwarf_Addr *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/*
 * The innermost of the ranges in ACTIVE: the deepest, and of functions as
 * deep (GNU as writes one subprogram per alias of an assembly function),
 * the first in the CU, as dwarf_getscopes() takes the first that holds it.
 */
static int32_t innermost(const struct raw_range *r, const size_t *active, size_t nactive)
{
	size_t i, best = active[0];

	for (i = 1; i < nactive; i++) {
		const struct raw_range *a = &r[active[i]], *b = &r[best];

		if (a->depth > b->depth || (a->depth == b->depth && a->node < b->node))
			best = active[i];
	}
	return r[best].node;
}

/*
 * Disjoint segments from the nested ranges: a sweep over every range's
 * ends, keeping the ranges open at each point. Compilers nest them
 * properly, so few are open at once; overlapping ones from a broken file
 * still give an answer.
 */
static void flatten(struct walk *w, struct cu_index *cu)
{
	struct raw_range *r = w->ranges;
	size_t n = w->nranges, npoints = 0, i, j = 0, nactive = 0, active_alloc = 0, segs_alloc = 0;
	Dwarf_Addr *points;
	size_t *active = NULL;

	if (!n)
		return;
	qsort(r, n, sizeof(*r), raw_cmp);
	points = xmalloc(2 * n * sizeof(*points));
	for (i = 0; i < n; i++) {
		points[npoints++] = r[i].lo;
		points[npoints++] = r[i].hi;
	}
	qsort(points, npoints, sizeof(*points), addr_cmp);
	for (i = 0; i + 1 < npoints; i++) {
		Dwarf_Addr p = points[i], next = points[i + 1];
		size_t k, kept = 0;
		int32_t node;

		if (p == next)
			continue;
		while (j < n && r[j].lo <= p) {
			ALLOC_GROW(active, nactive + 1, active_alloc);
			active[nactive++] = j++;
		}
		for (k = 0; k < nactive; k++)
			if (r[active[k]].hi > p)
				active[kept++] = active[k];
		nactive = kept;
		if (!nactive)
			continue;
		node = innermost(r, active, nactive);
		if (cu->nsegs && cu->segs[cu->nsegs - 1].hi == p && cu->segs[cu->nsegs - 1].node == node) {
			cu->segs[cu->nsegs - 1].hi = next;
			continue;
		}
		ALLOC_GROW(cu->segs, cu->nsegs + 1, segs_alloc);
		cu->segs[cu->nsegs++] = (struct segment){ p, next, node };
	}
	free(active);
	free(points);
}

struct cu_lookup {
	const struct dwarf_index *ix;
	const void *cu_key;
};

static int cu_eq(const void *ctx, size_t pos)
{
	const struct cu_lookup *k = ctx;

	return k->ix->cus[pos].cu_key == k->cu_key;
}

static struct cu_index *cu_for(struct dwarf_index *ix, Dwarf_Die *cudie)
{
	struct cu_lookup key = { ix, cudie->addr };
	uint64_t h = hash_u64((uintptr_t)cudie->addr);
	size_t pos = hashidx_find(&ix->by_cu, h, cu_eq, &key);
	struct walk w = { 0 };
	struct cu_index *cu;

	if (pos != HASHIDX_NONE)
		return &ix->cus[pos];
	walk_children(&w, cudie, -1, 0, 0);
	ALLOC_GROW(ix->cus, ix->ncus + 1, ix->cus_alloc);
	cu = &ix->cus[ix->ncus];
	memset(cu, 0, sizeof(*cu));
	cu->cu_key = cudie->addr;
	flatten(&w, cu);
	free(w.ranges);
	cu->nodes = w.nodes;
	cu->nnodes = w.nnodes;
	hashidx_insert(&ix->by_cu, h, ix->ncus++);
	return cu;
}

int dwarf_index_chain(struct dwarf_index *ix, Dwarf_Die *cudie, Dwarf_Addr addr,
		      Dwarf_Die *chain, int max)
{
	struct cu_index *cu = cu_for(ix, cudie);
	size_t lo = 0, hi = cu->nsegs;
	int32_t node;
	int n = 0;

	/* the last segment starting at or below ADDR */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (cu->segs[mid].lo <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || addr >= cu->segs[lo - 1].hi)
		return 0;
	for (node = cu->segs[lo - 1].node; node >= 0 && n < max; node = cu->nodes[node].caller) {
		chain[n++] = cu->nodes[node].die;
		if (cu->nodes[node].is_subprogram)
			break;
	}
	return n;
}
