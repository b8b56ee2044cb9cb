/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Launching the profiled command: fork, let the caller open events on the
 * child, then release it to exec. A failed exec comes back as an errno
 * through a close-on-exec pipe, so "command not found" is reported by
 * cprof, not by a child that silently exits 127.
 */
#ifndef CPROF_RECORD_WORKLOAD_H
#define CPROF_RECORD_WORKLOAD_H

#include <sys/types.h>

#include "util/usage.h"

struct workload {
	pid_t pid;
	int go_fd;  /* write a byte to release the child */
	int err_fd; /* the child's exec errno, or EOF when exec worked */
};

/* fork a child that waits to exec ARGV; 0, or -1 with D filled */
int workload_prepare(struct workload *w, char *const argv[], struct diag *d);
/* release the child and wait for its exec; 0, or -1 with D filled (the child is reaped) */
int workload_start(struct workload *w, const char *cmd, struct diag *d);
/* kill and reap a child that was never started */
void workload_cancel(struct workload *w);

#endif
