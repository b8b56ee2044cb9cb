/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One process image's executable mappings, kept sorted, as the recorder
 * learns them from MMAP2 records and /proc. An exec starts a new address
 * space for the same pid; a fork copies the parent's.
 */
#ifndef CPROF_RECORD_ADDRSPACE_H
#define CPROF_RECORD_ADDRSPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "symbol/objfile.h"

struct as_map {
	uint64_t start, end, pgoff;
	uint32_t mapping_id;
	struct objfile *obj; /* NULL for anonymous or unreadable code */
	uint64_t bias;       /* runtime address - ELF virtual address */
	bool has_bias;
};

struct unwind_state;

struct addrspace {
	pid_t pid;
	struct as_map *maps;
	size_t nmaps, alloc;
	unsigned generation;       /* bumped on every change, for the unwinder */
	struct unwind_state *unwind; /* owned by the unwinder */
};

struct addrspace *addrspace_new(pid_t pid);
/* a copy for a forked child, without unwinder state */
struct addrspace *addrspace_clone(const struct addrspace *as, pid_t pid);
void addrspace_free(struct addrspace *as);
/* add M, dropping whatever it overlaps (a new mmap replaces old pages) */
void addrspace_add(struct addrspace *as, const struct as_map *m);
/* the mapping containing ADDR, or NULL */
const struct as_map *addrspace_find(const struct addrspace *as, uint64_t addr);

#endif
