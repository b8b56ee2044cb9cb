/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Frames as outputs show them: a location expands to one frame per line
 * (inlined functions first), and a location that resolved to nothing is
 * still a frame, named by its file and offset ("libfoo.so+0x1a2b"),
 * never dropped.
 */
#ifndef CPROF_PROFILE_FRAMES_H
#define CPROF_PROFILE_FRAMES_H

#include <stdbool.h>

#include "profile/profile.h"
#include "util/strbuf.h"

struct frame {
	const struct profile_location *loc;
	const struct profile_function *function; /* NULL when unresolved */
	int64_t line;
	bool inlined; /* called from the next (outer) frame without a call */
};

/*
 * The frames of S, leaf first, into OUT (grown as needed); returns their
 * number.
 */
size_t profile_sample_frames(const struct profile_sample *s, struct frame **out, size_t *alloc);

/* append the frame's display name: the function, or "dso+0xoffset" */
void frame_name(const struct frame *f, struct strbuf *out);

/* the last path component */
const char *path_basename(const char *path);

#endif
