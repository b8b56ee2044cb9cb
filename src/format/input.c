/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "format/input.h"
#include "format/cdata.h"
#include "format/cdata_profile.h"
#include "format/folded.h"
#include "format/pprof.h"
#include "util/strbuf.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <stdbool.h>
#include <string.h>
#include <unistd.h>

/* the whole input: mapped when it is a regular file, read otherwise */
struct input_data {
	const char *data;
	size_t len;
	void *map;
	struct strbuf sb;
};

static int input_read(const char *path, struct input_data *in, struct diag *d)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
	struct stat st;
	int ret = 0;

	memset(in, 0, sizeof(*in));
	strbuf_init(&in->sb);
	if (fd < 0) {
		if (errno == ENOENT)
			return diag_set(d, "cannot open '%s': No such file (record one with "
					"'cprof record')", path);
		return diag_set(d, "cannot open '%s': %s", path, strerror(errno));
	}
	/* mapping spares a copy of inputs that can be hundreds of megabytes */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		in->map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
		if (in->map != MAP_FAILED) {
			in->data = in->map;
			in->len = (size_t)st.st_size;
			close(fd);
			return 0;
		}
		in->map = NULL;
	}
	if (strbuf_read_fd(&in->sb, fd) < 0)
		ret = diag_set(d, "cannot read '%s': %s", path, strerror(errno));
	in->data = in->sb.buf;
	in->len = in->sb.len;
	if (fd != STDIN_FILENO)
		close(fd);
	return ret;
}

static void input_release(struct input_data *in)
{
	if (in->map)
		munmap(in->map, in->len);
	strbuf_release(&in->sb);
}

static int load_cdata(const char *path, const struct input_data *in, unsigned flags,
		      const struct progress_target *progress, struct profile *p, struct diag *d)
{
	struct cdata_recording rec;
	int ret;

	/* without times, no need to hold every sample: the model merges them anyway */
	if (cdata_read_named(in->data, in->len, path,
			     flags & INPUT_SAMPLE_TIMES ? 0 : CDATA_READ_FOLD, progress, &rec,
			     d) < 0) {
		char msg[sizeof(d->msg)];

		cdata_recording_release(&rec);
		memcpy(msg, d->msg, sizeof(msg));
		return diag_set(d, "%s: %s", path, msg);
	}
	profile_release(p);
	ret = cdata_to_profile(&rec, flags & INPUT_SAMPLE_TIMES, progress, p, d);
	cdata_recording_release(&rec);
	return ret;
}

/* perf record's output (perf's util/header.c: "PERFILE2", either byte order, or v1) */
static bool perf_data_sniff(const char *data, size_t len)
{
	return len >= 8 && (!memcmp(data, "PERFILE2", 8) || !memcmp(data, "2ELIFREP", 8) ||
			    !memcmp(data, "PERFFILE", 8));
}

/* LINE (LEN bytes) holds perf script's " 12345.678901:" time stamp */
static bool has_perf_time(const char *line, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t int_digits = 0, frac_digits = 0;

		if (line[i] != ' ') {
			i++;
			continue;
		}
		for (i++; i < len && isdigit((unsigned char)line[i]); i++)
			int_digits++;
		if (!int_digits || i >= len || line[i] != '.')
			continue;
		for (i++; i < len && isdigit((unsigned char)line[i]); i++)
			frac_digits++;
		if (frac_digits && i < len && line[i] == ':')
			return true;
	}
	return false;
}

/*
 * perf script's text: a sample's line ("comm pid [cpu] time: period
 * event:") and then its frames, indented ("\t  401136 leaf+0x16 (/bin/x)").
 * The first line that is not blank or a comment decides.
 */
static bool perf_script_sniff(const char *data, size_t len)
{
	size_t off = 0;

	while (off < len) {
		const char *line = data + off, *next;
		const char *nl = memchr(line, '\n', len - off);
		size_t n = nl ? (size_t)(nl - line) : len - off, i;

		off += n + (nl ? 1 : 0);
		if (!n || line[0] == '#')
			continue;
		if (!has_perf_time(line, n)) /* the command name may be right-aligned */
			return false;
		/* without call chains the frame ends the sample's line */
		if (line[n - 1] == ')')
			return true;
		next = data + off;
		for (i = 0; off + i < len && (next[i] == ' ' || next[i] == '\t'); i++)
			;
		if (!i || off + i >= len || !isxdigit((unsigned char)next[i]))
			return false;
		while (off + i < len && isxdigit((unsigned char)next[i]))
			i++;
		return off + i < len && next[i] == ' ';
	}
	return false;
}

/* S as one word of a shell command line */
static void add_shell_word(struct strbuf *sb, const char *s)
{
	const char *p;

	if (*s && strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
			    "@%+=:,./_-") == strlen(s)) {
		strbuf_addstr(sb, s);
		return;
	}
	strbuf_addch(sb, '\'');
	for (p = s; *p; p++)
		if (*p == '\'')
			strbuf_addstr(sb, "'\\''");
		else
			strbuf_addch(sb, *p);
	strbuf_addch(sb, '\'');
}

/*
 * PATH holds WHAT, which perf reads and cprof does not (yet): name the
 * command that makes folded stacks of perf's recording PERF_DATA (IT in
 * the message), which every cprof command reads.
 */
static int perf_convert_hint(struct diag *d, const char *path, const char *what,
			     const char *it, const char *perf_data)
{
	struct strbuf cmd = STRBUF_INIT;
	int ret;

	strbuf_addstr(&cmd, "perf script report stackcollapse -i ");
	add_shell_word(&cmd, strcmp(perf_data, "-") ? perf_data : "perf.data");
	strbuf_addstr(&cmd, " > perf.folded");
	ret = diag_set(d, "%s: %s, which cprof does not read yet; convert %s to folded stacks, "
			  "which cprof reads: %s",
		       strcmp(path, "-") ? path : "standard input", what, it, cmd.buf);
	strbuf_release(&cmd);
	return ret;
}

/* "PATH: message" */
static void prefix_path(struct diag *d, const char *path)
{
	char msg[sizeof(d->msg)];

	memcpy(msg, d->msg, sizeof(msg));
	diag_set(d, "%s: %s", path, msg);
}

int input_load(const char *path, unsigned flags, const struct progress_target *progress,
	       struct profile *p, struct diag *d)
{
	struct input_data in;
	int ret;

	profile_init(p);
	if (input_read(path, &in, d) < 0) {
		input_release(&in);
		return -1;
	}
	/* not an empty profile: an empty file is a recording that failed or a wrong name */
	if (!in.len) {
		ret = !strcmp(path, "-") ? diag_set(d, "standard input is empty, not a recording")
					 : diag_set(d, "%s: empty file, not a recording", path);
	} else if (cdata_sniff(in.data, in.len)) {
		ret = load_cdata(path, &in, flags, progress, p, d);
	} else if (pprof_sniff_gzip(in.data, in.len)) {
		ret = pprof_read(in.data, in.len, p, d);
		if (ret < 0)
			prefix_path(d, path);
	} else if (folded_sniff(in.data, in.len)) {
		ret = folded_read(in.data, in.len, p, d);
		if (ret < 0)
			prefix_path(d, path);
	} else if (perf_data_sniff(in.data, in.len)) {
		ret = perf_convert_hint(d, path, "a perf recording", "it", path);
	} else if (perf_script_sniff(in.data, in.len)) {
		ret = perf_convert_hint(d, path, "perf script output", "the perf.data it came from",
					"perf.data");
	} else if (pprof_read(in.data, in.len, p, d) == 0) {
		ret = 0; /* uncompressed pprof */
	} else {
		ret = diag_set(d, "'%s' is not a cprof recording, a pprof profile or folded stacks",
			       path);
	}
	input_release(&in);
	return ret;
}
