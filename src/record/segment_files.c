/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "record/segment_files.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

void segment_files_init(struct segment_files *sf, const char *base,
			const struct segment_retention *keep)
{
	memset(sf, 0, sizeof(*sf));
	sf->base = xstrdup(base);
	sf->part_path = xasprintf("%s.part", base);
	if (keep)
		sf->keep = *keep;
}

void segment_files_release(struct segment_files *sf)
{
	size_t i;

	for (i = 0; i < sf->nfiles; i++)
		free(sf->files[i].path);
	free(sf->files);
	free(sf->base);
	free(sf->part_path);
	memset(sf, 0, sizeof(*sf));
}

void segment_file_name(const char *base, uint64_t time_ns, char *buf, size_t size)
{
	time_t t = (time_t)(time_ns / 1000000000ULL);
	unsigned ms = (unsigned)(time_ns / 1000000ULL % 1000);
	char stamp[32];
	struct tm tm;

	localtime_r(&t, &tm);
	strftime(stamp, sizeof(stamp), "%Y%m%d%H%M%S", &tm);
	snprintf(buf, size, "%s.%s%03u", base, stamp, ms);
}

const char *segment_files_commit(struct segment_files *sf, uint64_t end_ns, struct diag *d)
{
	size_t len = strlen(sf->base) + 32;
	char *path = xmalloc(len);
	struct segment_file *f;
	struct stat st;
	int tries;

	/*
	 * Two segments ending in the same millisecond would share a name:
	 * the later takes the next free one. link() never replaces a file,
	 * so nothing another program (or recording) wrote is overwritten.
	 */
	for (tries = 0;; tries++) {
		segment_file_name(sf->base, end_ns + (uint64_t)tries * 1000000ULL, path, len);
		if (link(sf->part_path, path) == 0)
			break;
		/* a file system without hard links: rename, having looked first */
		if ((errno == EPERM || errno == EOPNOTSUPP) && access(path, F_OK) < 0 &&
		    rename(sf->part_path, path) == 0)
			break;
		if (errno != EEXIST || tries == 1000) {
			diag_set_errno(d, errno, "cannot name the segment '%s': %s", path,
				       strerror(errno));
			free(path);
			return NULL;
		}
	}
	unlink(sf->part_path);
	ALLOC_GROW(sf->files, sf->nfiles + 1, sf->files_alloc);
	f = &sf->files[sf->nfiles++];
	f->path = path;
	f->bytes = stat(path, &st) == 0 ? (uint64_t)st.st_size : 0;
	f->end_ns = end_ns;
	sf->total_bytes += f->bytes;
	return path;
}

static bool over_limits(const struct segment_files *sf, uint64_t now_ns)
{
	const struct segment_retention *k = &sf->keep;
	const struct segment_file *oldest = &sf->files[0];

	if (sf->nfiles <= 1)
		return false;
	if (k->max_files && sf->nfiles > k->max_files)
		return true;
	if (k->max_bytes && sf->total_bytes > k->max_bytes)
		return true;
	return k->max_age_ns && now_ns > oldest->end_ns && now_ns - oldest->end_ns > k->max_age_ns;
}

int segment_files_prune(struct segment_files *sf, uint64_t now_ns, struct diag *d)
{
	int removed = 0, failed = 0;

	while (over_limits(sf, now_ns)) {
		struct segment_file *f = &sf->files[0];

		if (unlink(f->path) < 0 && errno != ENOENT && !failed) {
			diag_set_errno(d, errno, "cannot remove the old segment '%s': %s", f->path,
				       strerror(errno));
			failed = 1;
		} else {
			removed++;
		}
		sf->total_bytes -= f->bytes;
		free(f->path);
		memmove(sf->files, sf->files + 1, --sf->nfiles * sizeof(*sf->files));
	}
	return failed ? -1 : removed;
}
