/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * How cprof opens the file behind a mapping. A process names a file by a
 * path in its own mount namespace, which may be another than cprof's (a
 * container, unshare -m): /proc/PID/root resolves it there. A file
 * deleted or replaced while mapped, or never on disk at all (memfd), has
 * no usable path; while the process lives, /proc/PID/map_files and
 * /proc/PID/exe still open what it mapped. Nothing here blocks: only
 * regular files are opened.
 */
#ifndef CPROF_SYMBOL_OBJOPEN_H
#define CPROF_SYMBOL_OBJOPEN_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* true when PATH cannot name the mapped file: " (deleted)", or a memfd */
bool objopen_path_unlinked(const char *path);

/*
 * The file PID names PATH, through /proc/PID/root when PID > 0, else PATH
 * itself. *OPEN_PATH is set (malloc'd) to what was opened; -1 with errno.
 */
int objopen_in_root(pid_t pid, const char *path, char **open_path);

/*
 * The file live process PID maps at [START, END) (or at a mapping holding
 * START, once the kernel has split or merged it), through
 * /proc/PID/map_files, else /proc/PID/exe when that is the file PATH
 * names. -1 with errno once the process or the mapping is gone.
 */
int objopen_mapped(pid_t pid, uint64_t start, uint64_t end, const char *path, char **open_path);

#endif
