/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "util/regfile.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

int open_regular(const char *path)
{
	struct stat st;
	int err = 0, fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);

	if (fd < 0)
		return -1;
	if (fstat(fd, &st) < 0)
		err = errno;
	else if (!S_ISREG(st.st_mode))
		err = S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
	if (err) {
		close(fd);
		errno = err;
		return -1;
	}
	return fd;
}

FILE *fopen_regular(const char *path)
{
	int fd = open_regular(path), err;
	FILE *f;

	if (fd < 0)
		return NULL;
	if (!(f = fdopen(fd, "r"))) {
		err = errno;
		close(fd);
		errno = err;
	}
	return f;
}
