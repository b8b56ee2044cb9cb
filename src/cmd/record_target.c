/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What cprof record profiles: a command it launches, processes or
 * threads it attaches to; and how the launched command is stopped and
 * its exit status passed on.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "cmd/record.h"
#include "record/procfs.h"
#include "util/strbuf.h"
#include "util/usage.h"
#include "util/xalloc.h"

static void attach_threads(struct record *r, pid_t **tids, size_t *ntids)
{
	size_t i, j, alloc = 0;

	*tids = NULL;
	*ntids = 0;
	for (i = 0; i < r->ntargets; i++) {
		pid_t *t;
		size_t n;

		if (procfs_threads(r->targets[i], &t, &n) < 0)
			die("no such process: %d", (int)r->targets[i]);
		for (j = 0; j < n; j++) {
			ALLOC_GROW(*tids, *ntids + 1, alloc);
			(*tids)[(*ntids)++] = t[j];
		}
		free(t);
	}
}

char *record_command_line(struct record *r)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (r->mode == MODE_SYSTEM)
		return xstrdup("(system-wide)");
	if (r->mode == MODE_LAUNCH) {
		for (i = 0; r->opts.argv[i]; i++) {
			if (i)
				strbuf_addch(&sb, ' ');
			strbuf_addstr(&sb, r->opts.argv[i]);
		}
		return strbuf_detach(&sb);
	}
	for (i = 0; i < r->ntargets; i++) {
		pid_t pid = r->mode == MODE_THREADS ? procfs_tgid(r->targets[i]) : r->targets[i];
		char *cmd = procfs_cmdline(pid);

		if (i)
			strbuf_addstr(&sb, "; ");
		strbuf_addstr(&sb, cmd ? cmd : "?");
		free(cmd);
	}
	return strbuf_detach(&sb);
}

void record_open_events(struct record *r, struct pe_session *pe)
{
	struct diag d;
	pid_t *tids = NULL;
	size_t ntids = 0;

	if (r->mode == MODE_LAUNCH || r->mode == MODE_SYSTEM) {
		int ret;

		if (r->mode == MODE_LAUNCH && workload_prepare(&r->wl, r->opts.argv, &d) < 0)
			die("%s", d.msg);
		/* -a: every process on the CPUs, the command's among them */
		ret = r->system_wide ? pe_open_cpus(pe, &r->cfg, r->cpus, r->ncpus, &d)
				     : pe_open(pe, &r->cfg, &r->wl.pid, 1, &d);
		if (ret < 0) {
			workload_cancel(&r->wl);
			die("%s", d.msg);
		}
		return;
	}
	if (r->mode == MODE_ATTACH) {
		attach_threads(r, &tids, &ntids);
	} else {
		size_t i;

		for (i = 0; i < r->ntargets; i++)
			if (kill(r->targets[i], 0) < 0 && errno == ESRCH)
				die("no such thread: %d", (int)r->targets[i]);
		tids = xmalloc(st_mult(r->ntargets, sizeof(*tids)));
		memcpy(tids, r->targets, r->ntargets * sizeof(*tids));
		ntids = r->ntargets;
	}
	if (pe_open(pe, &r->cfg, tids, ntids, &d) < 0)
		die("%s", d.msg);
	free(tids);
}

/* false once there is nothing left to profile */
bool record_targets_alive(struct record *r)
{
	size_t i;

	if (r->mode == MODE_SYSTEM)
		return true; /* until stopped or the duration ends */
	if (r->mode == MODE_LAUNCH) {
		int status;

		if (r->child_exited)
			return false;
		if (waitpid(r->wl.pid, &status, WNOHANG) == r->wl.pid) {
			r->child_exited = true;
			r->child_status = status;
			return false;
		}
		return true;
	}
	for (i = 0; i < r->ntargets; i++)
		if (kill(r->targets[i], 0) == 0 || errno != ESRCH)
			return true;
	return false;
}

/*
 * SIG to PID and every process descending from it (the children of
 * children found through /proc/PID/task/TID/children), so that a shell's
 * background jobs end with it rather than outlive cprof.
 */
static void kill_tree(pid_t pid, int sig)
{
	pid_t *procs = NULL;
	size_t n = 0, i, alloc = 0;

	ALLOC_GROW(procs, n + 1, alloc);
	procs[n++] = pid;
	for (i = 0; i < n && n < 100000; i++) {
		pid_t *tids;
		size_t ntids, j;

		if (procfs_threads(procs[i], &tids, &ntids) < 0)
			continue;
		for (j = 0; j < ntids; j++) {
			char path[64];
			FILE *f;
			int c;

			snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)procs[i],
				 (int)tids[j]);
			f = fopen(path, "re");
			if (!f)
				continue;
			while (fscanf(f, "%d", &c) == 1) {
				ALLOC_GROW(procs, n + 1, alloc);
				procs[n++] = (pid_t)c;
			}
			fclose(f);
		}
		free(tids);
	}
	for (i = 0; i < n; i++)
		kill(procs[i], sig);
	free(procs);
}

void record_stop_child(struct record *r)
{
	int i, status;

	if (r->mode != MODE_LAUNCH || r->child_exited)
		return;
	r->stopped_child = true;
	kill_tree(r->wl.pid, SIGTERM);
	for (i = 0; i < 50; i++) {
		if (waitpid(r->wl.pid, &status, WNOHANG) == r->wl.pid) {
			r->child_exited = true;
			r->child_status = status;
			return;
		}
		usleep(20000);
	}
	kill_tree(r->wl.pid, SIGKILL);
	if (waitpid(r->wl.pid, &status, 0) == r->wl.pid) {
		r->child_exited = true;
		r->child_status = status;
	}
}

/*
 * Writing the recording failed (a full disk, say): stop the command we
 * started, as Ctrl-C would, and say what is left where.
 */
int record_exit_status(struct record *r)
{
	int st = r->child_status;

	if (r->mode != MODE_LAUNCH || !r->child_exited)
		return 0;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st)) {
		/* a stop that cprof asked for (or was asked for) is no failure */
		if (r->stopped_child || r->stop_signalled)
			return 0;
		fprintf(stderr, "cprof: command terminated by signal %d (%s)%s\n", WTERMSIG(st),
			strsignal(WTERMSIG(st)), WCOREDUMP(st) ? ", core dumped" : "");
		return 128 + WTERMSIG(st);
	}
	return 0;
}

