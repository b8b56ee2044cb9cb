/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/objopen.h"
#include "util/regfile.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool objopen_path_unlinked(const char *path)
{
	static const char deleted[] = " (deleted)";
	size_t len = strlen(path), dlen = sizeof(deleted) - 1;

	return !strncmp(path, "/memfd:", 7) ||
	       (len > dlen && !strcmp(path + len - dlen, deleted));
}

int objopen_in_root(pid_t pid, const char *path, char **open_path)
{
	char *p;
	int fd = -1;

	if (pid > 0) {
		p = xasprintf("/proc/%d/root%s", (int)pid, path);
		fd = open_regular(p);
		if (fd >= 0) {
			*open_path = p;
			return fd;
		}
		free(p);
	}
	fd = open_regular(path);
	if (fd >= 0)
		*open_path = xstrdup(path);
	return fd;
}

static int open_as(char *p, char **open_path)
{
	int fd = open_regular(p);

	if (fd >= 0)
		*open_path = p;
	else
		free(p);
	return fd;
}

/* the map_files entry of a mapping holding START, when none is exactly [START, END) */
static char *map_files_holding(pid_t pid, uint64_t start)
{
	char dir[64], *found = NULL;
	struct dirent *de;
	DIR *d;

	snprintf(dir, sizeof(dir), "/proc/%d/map_files", (int)pid);
	d = opendir(dir);
	if (!d)
		return NULL;
	while (!found && (de = readdir(d))) {
		uint64_t s, e;

		if (sscanf(de->d_name, "%" SCNx64 "-%" SCNx64, &s, &e) == 2 && s <= start &&
		    start < e)
			found = xasprintf("%s/%s", dir, de->d_name);
	}
	closedir(d);
	return found;
}

/* true when /proc/PID/exe links to PATH (which may end in " (deleted)") */
static bool is_exe(pid_t pid, const char *path)
{
	char link[64], target[PATH_MAX];
	ssize_t n;

	snprintf(link, sizeof(link), "/proc/%d/exe", (int)pid);
	n = readlink(link, target, sizeof(target) - 1);
	if (n <= 0)
		return false;
	target[n] = '\0';
	return !strcmp(target, path);
}

int objopen_mapped(pid_t pid, uint64_t start, uint64_t end, const char *path, char **open_path)
{
	char *p;
	int fd, err;

	if (pid <= 0 || end <= start) {
		errno = ENOENT;
		return -1;
	}
	fd = open_as(xasprintf("/proc/%d/map_files/%" PRIx64 "-%" PRIx64, (int)pid, start, end),
		     open_path);
	if (fd >= 0)
		return fd;
	err = errno;
	if (err == ENOENT && (p = map_files_holding(pid, start))) {
		fd = open_as(p, open_path);
		if (fd >= 0)
			return fd;
	}
	/* map_files needs CAP_SYS_ADMIN on older kernels; exe does not */
	if (is_exe(pid, path)) {
		fd = open_as(xasprintf("/proc/%d/exe", (int)pid), open_path);
		if (fd >= 0)
			return fd;
	}
	errno = err;
	return -1;
}
