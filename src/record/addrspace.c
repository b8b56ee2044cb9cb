/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "record/addrspace.h"
#include "unwind/unwind.h"
#include "util/xalloc.h"

#include <stdlib.h>
#include <string.h>

struct addrspace *addrspace_new(pid_t pid)
{
	struct addrspace *as = xcalloc(1, sizeof(*as));

	as->pid = pid;
	return as;
}

struct addrspace *addrspace_clone(const struct addrspace *as, pid_t pid)
{
	struct addrspace *c = addrspace_new(pid);

	if (as->nmaps) {
		c->maps = xmalloc(st_mult(as->nmaps, sizeof(*c->maps)));
		memcpy(c->maps, as->maps, as->nmaps * sizeof(*c->maps));
		c->nmaps = c->alloc = as->nmaps;
	}
	c->generation = 1;
	return c;
}

void addrspace_free(struct addrspace *as)
{
	if (!as)
		return;
	unwind_release(as);
	free(as->maps);
	free(as);
}

void addrspace_add(struct addrspace *as, const struct as_map *m)
{
	size_t i, j = 0;

	/* drop overlapped mappings, keep the rest in order */
	for (i = 0; i < as->nmaps; i++) {
		const struct as_map *o = &as->maps[i];

		if (o->start < m->end && m->start < o->end)
			continue;
		as->maps[j++] = *o;
	}
	as->nmaps = j;
	ALLOC_GROW(as->maps, as->nmaps + 1, as->alloc);
	for (i = as->nmaps; i > 0 && as->maps[i - 1].start > m->start; i--)
		as->maps[i] = as->maps[i - 1];
	as->maps[i] = *m;
	as->nmaps++;
	as->generation++;
}

const struct as_map *addrspace_find(const struct addrspace *as, uint64_t addr)
{
	size_t lo = 0, hi = as->nmaps;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const struct as_map *m = &as->maps[mid];

		if (addr < m->start)
			hi = mid;
		else if (addr >= m->end)
			lo = mid + 1;
		else
			return m;
	}
	return NULL;
}
