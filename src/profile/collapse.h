/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A profile's samples as named stacks, root first, with identical stacks
 * merged: what folded output and flamegraphs are drawn from.
 */
#ifndef CPROF_PROFILE_COLLAPSE_H
#define CPROF_PROFILE_COLLAPSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "profile/profile.h"
#include "util/arena.h"
#include "util/hashidx.h"

enum frame_kind {
	FRAME_USER = 0,   /* code of the program itself */
	FRAME_LIBRARY,    /* a shared library */
	FRAME_KERNEL,
	FRAME_INLINED,    /* inlined into the frame below it */
	FRAME_UNRESOLVED, /* no symbol: shown as file+offset */
};

/* a frame's name and kind, interned so equal frames are equal pointers */
struct cframe {
	const char *name;
	enum frame_kind kind;
};

struct cstack {
	const struct cframe **frames; /* root first */
	size_t nframes;
	int64_t value;
	int64_t time_ns; /* first sample's time, for flame charts */
};

struct collapse_opts {
	int value_index;  /* which sample value; -1: profile_value_index()'s default */
	bool merge;       /* merge identical stacks (false: one per sample, in time order) */
	bool reverse;     /* leaf first */
};

struct collapsed {
	struct cstack *stacks;
	size_t nstacks, alloc;
	int64_t total;
	struct arena arena;
	struct hashidx frame_index, stack_index;
	const struct cframe **frames; /* every distinct frame */
	size_t nframes, frames_alloc;
};

void profile_collapse(const struct profile *p, const struct collapse_opts *o, struct collapsed *out);
void collapsed_release(struct collapsed *c);

/* sort stacks frame by frame, by name (what merges prefixes in a flamegraph) */
void collapsed_sort(struct collapsed *c);

/* the frame named NAME of KIND, added if new (for readers of folded text) */
const struct cframe *collapsed_frame(struct collapsed *c, const char *name, size_t len,
				     enum frame_kind kind);

#endif
