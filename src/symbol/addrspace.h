/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * One process image's executable mappings, kept sorted, as the recorder
 * learns them from its sources (MMAP2 records, /proc). An exec starts a
 * new address space for the same pid; a fork copies the parent's. It
 * sits below both the recorder and the unwinder, which keeps its state
 * here through an opaque pointer and the function that frees it.
 */
#ifndef CPROF_SYMBOL_ADDRSPACE_H
#define CPROF_SYMBOL_ADDRSPACE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "symbol/objfile.h"

struct as_map {
	uint64_t start, end, pgoff;
	uint32_t mapping_id; /* the recorder's, unique over its life */
	uint32_t kind;       /* the recorder's mapping kind (user, vdso) */
	char *path;          /* owned; "" for anonymous memory */
	char *build_id;      /* owned; hex, or "" */
	struct objfile *obj; /* NULL for anonymous or unreadable code */
	uint64_t bias;       /* runtime address - ELF virtual address */
	bool has_bias;
};

struct addrspace {
	pid_t pid;
	struct as_map *maps;
	size_t nmaps, alloc;
	unsigned generation; /* bumped on every change, for the unwinder */
	void *unwind;        /* the unwinder's state, freed by unwind_free */
	void (*unwind_free)(void *unwind);
};

struct addrspace *addrspace_new(pid_t pid);
/* a copy for a forked child, without unwinder state (mapping ids copied too) */
struct addrspace *addrspace_clone(const struct addrspace *as, pid_t pid);
void addrspace_free(struct addrspace *as);
/*
 * add M, dropping whatever it overlaps (a new mmap replaces old pages);
 * M's path and build-id are copied
 */
void addrspace_add(struct addrspace *as, const struct as_map *m);
/* the mapping containing ADDR, or NULL */
const struct as_map *addrspace_find(const struct addrspace *as, uint64_t addr);

#endif
