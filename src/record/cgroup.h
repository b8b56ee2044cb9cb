/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Where a process runs: its control group, from /proc/PID/cgroup (the
 * unified v2 hierarchy's path, else systemd's v1 one), and the container
 * the path names when a container runtime made it (Docker, containerd,
 * CRI-O, Podman, Kubernetes pods: a 64-hex-digit id in the last
 * component that has one).
 */
#ifndef CPROF_RECORD_CGROUP_H
#define CPROF_RECORD_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#define CGROUP_CONTAINER_ID_LEN 64

/* PID's cgroup path into BUF: true, or false when it cannot be read */
bool cgroup_of_pid(pid_t pid, char *buf, size_t size);
/* the cgroup line of /proc/PID/cgroup contents TEXT that names the process's group */
bool cgroup_from_text(const char *text, char *buf, size_t size);
/* the container id in cgroup PATH into ID (65 bytes at least): true if there is one */
bool cgroup_container_id(const char *path, char *id, size_t size);

#endif
