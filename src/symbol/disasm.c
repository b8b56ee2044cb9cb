/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/disasm.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static void add_line(struct disasm *dis, uint64_t addr, const char *text, size_t len,
		     int is_label)
{
	ALLOC_GROW(dis->lines, dis->nlines + 1, dis->alloc);
	dis->lines[dis->nlines++] = (struct disasm_line){
		.addr = addr,
		.text = xstrndup(text, len),
		.is_label = is_label,
	};
}

/*
 * One line of objdump -d: "    1139:\tpush   %rbp" (an instruction) or
 * "0000000000001139 <spin>:" (a label). Anything else (the file format,
 * section headers, "...") is not kept; objdump's own complaints start
 * with its name and become the error.
 */
static void parse_line(struct disasm *dis, const char *objdump, const char *line,
		       struct strbuf *err)
{
	const char *p = line;
	char *end;
	uint64_t addr;

	while (*p == ' ')
		p++;
	addr = strtoull(p, &end, 16);
	if (end == p)
		goto other;
	if (end[0] == ':' && end[1] == '\t') {
		const char *text = end + 2;
		size_t len = strlen(text);

		while (len && (text[len - 1] == ' ' || text[len - 1] == '\t'))
			len--;
		add_line(dis, addr, text, len, 0);
		return;
	}
	if (p == line && end[0] == ' ' && end[1] == '<' && strlen(end) > 3 &&
	    !strcmp(end + strlen(end) - 2, ">:")) {
		add_line(dis, addr, end + 1, strlen(end + 1), 1);
		return;
	}
other:
	if (!err->len && !strncmp(line, objdump, strlen(objdump)) && line[strlen(objdump)] == ':')
		strbuf_addstr(err, line);
}

/*
 * objdump -d of one function takes well under a second and prints some
 * tens of bytes per instruction; beyond these, the objdump given (it may
 * be any program, through --objdump) is stopped rather than waited for.
 */
#define DISASM_TIMEOUT_MS 10000
#define DISASM_MAX_OUTPUT (64u << 20)

/* OBJDUMP started with ARGV, its output (and errors) on *OUT_FD, in a process group of its own */
static int run(const char *objdump, char *const argv[], int *out_fd, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t attr;
	int pfd[2], rc;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return errno;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 2);
	/* its own group, so that a timeout stops whatever it started too */
	posix_spawnattr_init(&attr);
	posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP);
	posix_spawnattr_setpgroup(&attr, 0);
	rc = strchr(objdump, '/') ? posix_spawn(pid, objdump, &fa, &attr, argv, environ)
				  : posix_spawnp(pid, objdump, &fa, &attr, argv, environ);
	posix_spawnattr_destroy(&attr);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (rc) {
		close(pfd[0]);
		return rc;
	}
	*out_fd = pfd[0];
	return 0;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* the complete lines of BUF parsed into DIS, and removed from it */
static void parse_lines(struct disasm *dis, const char *objdump, struct strbuf *buf,
			struct strbuf *err, bool all)
{
	size_t at = 0;
	char *nl;

	while ((nl = memchr(buf->buf + at, '\n', buf->len - at))) {
		*nl = '\0';
		parse_line(dis, objdump, buf->buf + at, err);
		at = (size_t)(nl - buf->buf) + 1;
	}
	if (all && at < buf->len) {
		parse_line(dis, objdump, buf->buf + at, err);
		at = buf->len;
	}
	memmove(buf->buf, buf->buf + at, buf->len - at);
	buf->len -= at;
	buf->buf[buf->len] = '\0';
}

/*
 * FD's output parsed into DIS until end of file; NULL, or why it was cut
 * short (too slow, too much).
 */
static const char *read_output(int fd, const char *objdump, struct disasm *dis,
			       struct strbuf *err)
{
	int64_t deadline = now_ms() + DISASM_TIMEOUT_MS;
	struct strbuf buf = STRBUF_INIT;
	const char *why = NULL;
	size_t total = 0;
	char chunk[65536];

	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int64_t left = deadline - now_ms();
		ssize_t n;
		int rc;

		if (left <= 0) {
			why = "took over 10 s: stopped";
			break;
		}
		rc = poll(&pfd, 1, (int)left);
		if (rc < 0 && errno == EINTR)
			continue;
		if (rc <= 0)
			continue; /* the deadline is checked above */
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (n <= 0)
			break;
		total += (size_t)n;
		if (total > DISASM_MAX_OUTPUT) {
			why = "printed over 64 MiB: stopped";
			break;
		}
		strbuf_add(&buf, chunk, (size_t)n);
		parse_lines(dis, objdump, &buf, err, false);
	}
	if (!why && buf.len)
		parse_lines(dis, objdump, &buf, err, true);
	strbuf_release(&buf);
	return why;
}

int disasm_range(const char *objdump, int fd, uint64_t start, uint64_t stop, struct disasm *out,
		 struct diag *d)
{
	char file[64], start_arg[48], stop_arg[48];
	char *argv[] = { (char *)objdump, "-d", "--no-show-raw-insn", "-C", start_arg, stop_arg,
			 file, NULL };
	struct strbuf err = STRBUF_INIT;
	const char *cut;
	int rc, status = 0, out_fd = -1;
	pid_t pid;

	memset(out, 0, sizeof(*out));
	snprintf(file, sizeof(file), "/proc/%d/fd/%d", (int)getpid(), fd);
	snprintf(start_arg, sizeof(start_arg), "--start-address=0x%" PRIx64, start);
	snprintf(stop_arg, sizeof(stop_arg), "--stop-address=0x%" PRIx64, stop);
	rc = run(objdump, argv, &out_fd, &pid);
	if (rc == ENOENT || rc == EACCES)
		return DISASM_NO_TOOL;
	if (rc)
		return diag_set(d, "cannot run %s: %s", objdump, strerror(rc));
	cut = read_output(out_fd, objdump, out, &err);
	close(out_fd);
	if (cut)
		kill(-pid, SIGKILL);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (cut) {
		diag_set(d, "%s -d %s", objdump, cut);
		strbuf_release(&err);
		disasm_release(out);
		return DISASM_STOPPED;
	}
	/* posix_spawnp reports a missing program as an exit of 127 on some libcs */
	if (WIFEXITED(status) && WEXITSTATUS(status) == 127 && !out->nlines) {
		strbuf_release(&err);
		return DISASM_NO_TOOL;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) || !out->nlines) {
		if (!err.len)
			strbuf_addstr(&err, WIFEXITED(status) && !WEXITSTATUS(status)
				      ? "no instructions in that range"
				      : "it failed");
		diag_set(d, "%s -d: %s", objdump, err.buf);
		goto failed;
	}
	strbuf_release(&err);
	return 0;
failed:
	strbuf_release(&err);
	disasm_release(out);
	return -1;
}

void disasm_release(struct disasm *dis)
{
	size_t i;

	for (i = 0; i < dis->nlines; i++)
		free(dis->lines[i].text);
	free(dis->lines);
	memset(dis, 0, sizeof(*dis));
}
