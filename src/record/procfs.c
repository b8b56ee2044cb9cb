/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "record/procfs.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int procfs_threads(pid_t pid, pid_t **tids, size_t *ntids)
{
	char path[64];
	DIR *dir;
	struct dirent *de;
	size_t alloc = 0;

	*tids = NULL;
	*ntids = 0;
	snprintf(path, sizeof(path), "/proc/%d/task", (int)pid);
	dir = opendir(path);
	if (!dir)
		return -1;
	while ((de = readdir(dir))) {
		char *end;
		long tid = strtol(de->d_name, &end, 10);

		if (*end || tid <= 0)
			continue;
		ALLOC_GROW(*tids, *ntids + 1, alloc);
		(*tids)[(*ntids)++] = (pid_t)tid;
	}
	closedir(dir);
	return 0;
}

void procfs_comm(pid_t pid, pid_t tid, char *out, size_t outsz)
{
	char path[64];
	FILE *f;

	out[0] = '\0';
	snprintf(path, sizeof(path), "/proc/%d/task/%d/comm", (int)pid, (int)tid);
	f = fopen(path, "re");
	if (!f)
		return;
	if (fgets(out, (int)outsz, f))
		out[strcspn(out, "\n")] = '\0';
	fclose(f);
}

int procfs_exec_maps(pid_t pid, struct proc_map **maps, size_t *nmaps)
{
	char path[64], line[4096];
	FILE *f;
	size_t alloc = 0;

	*maps = NULL;
	*nmaps = 0;
	snprintf(path, sizeof(path), "/proc/%d/maps", (int)pid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f)) {
		unsigned long long start, end, pgoff;
		char perms[8];
		int pos = 0;
		char *name;

		if (sscanf(line, "%llx-%llx %7s %llx %*s %*s%n", &start, &end, perms, &pgoff, &pos) < 4)
			continue;
		if (perms[2] != 'x')
			continue;
		name = line + pos;
		while (*name == ' ')
			name++;
		name[strcspn(name, "\n")] = '\0';
		/* files, the vDSO, and anonymous code, named as MMAP2 names it */
		if (!*name)
			name = "//anon";
		else if (*name != '/' && strcmp(name, "[vdso]") && strncmp(name, "[anon:", 6))
			continue;
		ALLOC_GROW(*maps, *nmaps + 1, alloc);
		(*maps)[*nmaps].start = start;
		(*maps)[*nmaps].end = end;
		(*maps)[*nmaps].pgoff = pgoff;
		(*maps)[(*nmaps)++].path = xstrdup(name);
	}
	fclose(f);
	return 0;
}

void procfs_free_maps(struct proc_map *maps, size_t nmaps)
{
	size_t i;

	for (i = 0; i < nmaps; i++)
		free(maps[i].path);
	free(maps);
}

pid_t procfs_tgid(pid_t tid)
{
	char path[64], line[256];
	FILE *f;
	pid_t tgid = -1;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)tid);
	f = fopen(path, "re");
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		if (sscanf(line, "Tgid: %d", &tgid) == 1)
			break;
	fclose(f);
	return tgid;
}

char *procfs_cmdline(pid_t pid)
{
	char path[64], buf[4096];
	int fd;
	ssize_t n;
	struct strbuf sb = STRBUF_INIT;
	ssize_t i;

	snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return NULL;
	if (buf[n - 1] == '\0')
		n--;
	for (i = 0; i < n; i++)
		strbuf_addch(&sb, buf[i] ? buf[i] : ' ');
	return strbuf_detach(&sb);
}

bool procfs_uses_tty(pid_t pid, dev_t tty)
{
	char path[64];
	struct stat st;
	int fd;

	for (fd = 0; fd <= 2; fd++) {
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fd);
		if (stat(path, &st) < 0) {
			if (errno == ENOENT)
				continue; /* closed, or the process is gone */
			return true;
		}
		if (S_ISCHR(st.st_mode) && st.st_rdev == tty)
			return true;
	}
	return false;
}
