/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/addrspace.h"
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

	size_t i;

	if (as->nmaps) {
		c->maps = xmalloc(st_mult(as->nmaps, sizeof(*c->maps)));
		memcpy(c->maps, as->maps, as->nmaps * sizeof(*c->maps));
		c->nmaps = c->alloc = as->nmaps;
		for (i = 0; i < c->nmaps; i++) {
			c->maps[i].path = xstrdup(as->maps[i].path);
			c->maps[i].build_id = xstrdup(as->maps[i].build_id);
			if (c->maps[i].obj)
				c->maps[i].obj->live_maps++;
		}
	}
	c->generation = 1;
	return c;
}

static void map_release(struct as_map *m)
{
	if (m->obj && m->obj->live_maps)
		m->obj->live_maps--;
	free(m->path);
	free(m->build_id);
}

void addrspace_free(struct addrspace *as)
{
	size_t i;

	if (!as)
		return;
	if (as->unwind && as->unwind_free)
		as->unwind_free(as->unwind);
	for (i = 0; i < as->nmaps; i++)
		map_release(&as->maps[i]);
	free(as->maps);
	free(as);
}

void addrspace_add(struct addrspace *as, const struct as_map *m)
{
	size_t i, j = 0;

	/* drop overlapped mappings, keep the rest in order */
	for (i = 0; i < as->nmaps; i++) {
		const struct as_map *o = &as->maps[i];

		if (o->start < m->end && m->start < o->end) {
			map_release(&as->maps[i]);
			continue;
		}
		as->maps[j++] = *o;
	}
	as->nmaps = j;
	ALLOC_GROW(as->maps, as->nmaps + 1, as->alloc);
	for (i = as->nmaps; i > 0 && as->maps[i - 1].start > m->start; i--)
		as->maps[i] = as->maps[i - 1];
	as->maps[i] = *m;
	as->maps[i].path = xstrdup(m->path ? m->path : "");
	as->maps[i].build_id = xstrdup(m->build_id ? m->build_id : "");
	if (m->obj)
		m->obj->live_maps++;
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
