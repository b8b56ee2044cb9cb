/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The files of a rotating recording, named as perf names its
 * --switch-output segments: FILE.YYYYmmddHHMMSSmmm (local time, when the
 * segment ended). Each is written under FILE.part and renamed when done,
 * so a complete name is always a complete recording. Retention keeps
 * the newest N files, a total size or a maximum age, and only ever
 * removes files this recording wrote.
 */
#ifndef CPROF_RECORD_SEGMENT_FILES_H
#define CPROF_RECORD_SEGMENT_FILES_H

#include <stddef.h>
#include <stdint.h>

#include "util/usage.h"

struct segment_file {
	char *path;
	uint64_t bytes;
	uint64_t end_ns; /* CLOCK_REALTIME when it was done */
};

struct segment_retention {
	size_t max_files;    /* 0: no limit */
	uint64_t max_bytes;  /* over all kept files; 0: no limit */
	uint64_t max_age_ns; /* 0: no limit */
};

struct segment_files {
	char *base;      /* FILE */
	char *part_path; /* FILE.part, where the current segment is written */
	struct segment_retention keep;
	struct segment_file *files; /* oldest first */
	size_t nfiles, files_alloc;
	uint64_t total_bytes;
};

void segment_files_init(struct segment_files *sf, const char *base,
			const struct segment_retention *keep);
void segment_files_release(struct segment_files *sf);

/*
 * The current segment (at part_path) is done at END_NS (CLOCK_REALTIME):
 * rename it to its final name, returned (owned by SF). NULL with D
 * filled: the file stays at part_path.
 */
const char *segment_files_commit(struct segment_files *sf, uint64_t end_ns, struct diag *d);

/*
 * Remove the oldest files beyond the limits, as of NOW_NS (REALTIME);
 * the newest is always kept. Their number; -1 with D filled when one
 * could not be removed (the others still are).
 */
int segment_files_prune(struct segment_files *sf, uint64_t now_ns, struct diag *d);

/* FILE.YYYYmmddHHMMSSmmm for TIME_NS in local time, into BUF */
void segment_file_name(const char *base, uint64_t time_ns, char *buf, size_t size);

#endif
