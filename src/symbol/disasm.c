/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/disasm.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
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

static int run(const char *objdump, char *const argv[], int *out_fd, pid_t *pid)
{
	posix_spawn_file_actions_t fa;
	int pfd[2], rc;

	if (pipe2(pfd, O_CLOEXEC) < 0)
		return errno;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 1);
	posix_spawn_file_actions_adddup2(&fa, pfd[1], 2);
	rc = strchr(objdump, '/') ? posix_spawn(pid, objdump, &fa, NULL, argv, environ)
				  : posix_spawnp(pid, objdump, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(pfd[1]);
	if (rc) {
		close(pfd[0]);
		return rc;
	}
	*out_fd = pfd[0];
	return 0;
}

int disasm_range(const char *objdump, int fd, uint64_t start, uint64_t stop, struct disasm *out,
		 struct diag *d)
{
	char file[64], start_arg[48], stop_arg[48];
	char *argv[] = { (char *)objdump, "-d", "--no-show-raw-insn", "-C", start_arg, stop_arg,
			 file, NULL };
	struct strbuf err = STRBUF_INIT;
	char *line = NULL;
	size_t cap = 0;
	int rc, status, out_fd = -1;
	FILE *f;
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
	if (!(f = fdopen(out_fd, "r"))) {
		close(out_fd);
		f = NULL;
	}
	while (f && getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\n")] = '\0';
		parse_line(out, objdump, line, &err);
	}
	if (f)
		fclose(f);
	free(line);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
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
		strbuf_release(&err);
		disasm_release(out);
		return -1;
	}
	strbuf_release(&err);
	return 0;
}

void disasm_release(struct disasm *dis)
{
	size_t i;

	for (i = 0; i < dis->nlines; i++)
		free(dis->lines[i].text);
	free(dis->lines);
	memset(dis, 0, sizeof(*dis));
}
