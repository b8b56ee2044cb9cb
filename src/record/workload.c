/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "record/workload.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

int workload_prepare(struct workload *w, char *const argv[], struct diag *d)
{
	int go[2], err[2];

	if (pipe2(go, O_CLOEXEC) < 0 || pipe2(err, O_CLOEXEC) < 0)
		return diag_set_errno(d, errno, "pipe: %s", strerror(errno));
	w->pid = fork();
	if (w->pid < 0)
		return diag_set_errno(d, errno, "fork: %s", strerror(errno));
	if (w->pid == 0) {
		char c;
		int e;

		close(go[1]);
		close(err[0]);
		/* wait until the parent has the events open */
		if (read(go[0], &c, 1) != 1)
			_exit(127);
		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		execvp(argv[0], argv);
		e = errno;
		if (write(err[1], &e, sizeof(e)) < 0)
			_exit(127);
		_exit(127);
	}
	close(go[0]);
	close(err[1]);
	w->go_fd = go[1];
	w->err_fd = err[0];
	return 0;
}

int workload_start(struct workload *w, const char *cmd, struct diag *d)
{
	int e = 0;
	ssize_t n;

	if (write(w->go_fd, "g", 1) != 1) {
		e = errno; /* before workload_cancel() changes it */
		workload_cancel(w);
		return diag_set_errno(d, e, "cannot start '%s': %s", cmd, strerror(e));
	}
	close(w->go_fd);
	w->go_fd = -1;
	do
		n = read(w->err_fd, &e, sizeof(e));
	while (n < 0 && errno == EINTR);
	close(w->err_fd);
	w->err_fd = -1;
	if (n == (ssize_t)sizeof(e)) {
		waitpid(w->pid, NULL, 0);
		if (e == ENOENT)
			return diag_set_errno(d, e, "command not found: '%s'", cmd);
		return diag_set_errno(d, e, "cannot run '%s': %s", cmd, strerror(e));
	}
	return 0;
}

void workload_cancel(struct workload *w)
{
	if (w->go_fd >= 0)
		close(w->go_fd);
	if (w->err_fd >= 0)
		close(w->err_fd);
	w->go_fd = w->err_fd = -1;
	if (w->pid > 0) {
		kill(w->pid, SIGKILL);
		waitpid(w->pid, NULL, 0);
		w->pid = -1;
	}
}
