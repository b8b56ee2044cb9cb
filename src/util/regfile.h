/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Opening a file because an input named it (a recording's binaries, the
 * source files of their debug information): whatever now stands at that
 * path, a FIFO, a device or a directory, must not hang or feed cprof, so
 * the file is opened without blocking and refused unless regular.
 */
#ifndef CPROF_UTIL_REGFILE_H
#define CPROF_UTIL_REGFILE_H

#include <stdio.h>

/*
 * A read-only descriptor (O_CLOEXEC) on PATH if it is a regular file;
 * else -1 with errno set: EISDIR for a directory, EINVAL for anything
 * else that is not a regular file, or open()'s error.
 */
int open_regular(const char *path);

/* the same as a stdio stream, or NULL with errno set */
FILE *fopen_regular(const char *path);

#endif
