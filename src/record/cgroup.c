/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "record/cgroup.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

/* the rank of a cgroup line's path: 3 v2, 2 systemd's, 1 another v1, +4 if not the root */
static int line_rank(const char *line, const char *c1, const char *path)
{
	int rank = !strncmp(line, "0::", 3) ? 3 : !strncmp(c1 + 1, "name=systemd:", 13) ? 2 : 1;

	return rank + (path[0] == '/' && path[1] != '\n' && path[1] ? 4 : 0);
}

bool cgroup_from_text(const char *text, char *buf, size_t size)
{
	const char *line = text, *chosen = NULL;
	int best = 0;

	/*
	 * The unified (v2) path, else systemd's v1 one, else any; a path
	 * below the root beats the root, for hybrid hierarchies where v2
	 * holds nothing and a v1 controller says where the process is
	 */
	while (line && *line) {
		const char *nl = strchr(line, '\n');
		const char *c1 = strchr(line, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

		if (c2 && (!nl || c2 < nl)) {
			int rank = line_rank(line, c1, c2 + 1);

			if (rank > best) {
				best = rank;
				chosen = c2 + 1;
			}
		}
		line = nl ? nl + 1 : NULL;
	}
	if (!chosen || !size)
		return false;
	snprintf(buf, size, "%.*s", (int)strcspn(chosen, "\n"), chosen);
	return *buf != '\0';
}

bool cgroup_of_pid(pid_t pid, char *buf, size_t size)
{
	char path[64], text[4096];
	size_t n;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return false;
	n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	return cgroup_from_text(text, buf, size);
}

/* the length of the run of hex digits at S */
static size_t hex_run(const char *s)
{
	size_t n = 0;

	while (isxdigit((unsigned char)s[n]) && !isupper((unsigned char)s[n]))
		n++;
	return n;
}

bool cgroup_container_id(const char *path, char *id, size_t size)
{
	const char *found = NULL, *p;

	/*
	 * docker-ID.scope, /docker/ID, cri-containerd-ID.scope, crio-ID.scope,
	 * libpod-ID.scope, /kubepods/.../ID, systemd's "...slice:cri-containerd:ID":
	 * an id of exactly 64 hex digits, starting a component or after a '-'
	 * or ':', the last one in the path
	 */
	for (p = path; *p; p++) {
		size_t n;

		if (p != path && p[-1] != '/' && p[-1] != '-' && p[-1] != ':')
			continue;
		n = hex_run(p);
		if (n == CGROUP_CONTAINER_ID_LEN && (!p[n] || p[n] == '/' || p[n] == '.'))
			found = p;
	}
	if (!found || size <= CGROUP_CONTAINER_ID_LEN)
		return false;
	memcpy(id, found, CGROUP_CONTAINER_ID_LEN);
	id[CGROUP_CONTAINER_ID_LEN] = '\0';
	return true;
}
