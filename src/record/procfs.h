/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the kernel does not replay when cprof attaches: the threads that
 * exist, their names, and the executable mappings, read from /proc.
 */
#ifndef CPROF_RECORD_PROCFS_H
#define CPROF_RECORD_PROCFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct proc_map {
	uint64_t start, end, pgoff;
	char *path;
};

/* the thread ids of PID; -1 with errno when the process is gone */
int procfs_threads(pid_t pid, pid_t **tids, size_t *ntids);
/* the thread's name (comm), or "" */
void procfs_comm(pid_t pid, pid_t tid, char *out, size_t outsz);
/* the executable, file-backed mappings (and [vdso]) of PID */
int procfs_exec_maps(pid_t pid, struct proc_map **maps, size_t *nmaps);
void procfs_free_maps(struct proc_map *maps, size_t nmaps);
/* the process id owning thread TID, or -1 */
pid_t procfs_tgid(pid_t tid);
/* the command line of PID joined by spaces, malloc'd, or NULL */
char *procfs_cmdline(pid_t pid);
/*
 * Whether PID has the terminal device TTY open as its standard input,
 * output or error (/proc/PID/fd/0-2); true also when that cannot be
 * read, so that a caller sharing the terminal stays out of its way.
 */
bool procfs_uses_tty(pid_t pid, dev_t tty);

#endif
