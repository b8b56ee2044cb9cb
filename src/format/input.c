/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "format/input.h"
#include "format/cdata.h"
#include "format/cdata_profile.h"
#include "format/folded.h"
#include "util/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

/* the whole of PATH ("-" = standard input) */
static int read_all(const char *path, struct strbuf *sb, struct diag *d)
{
	int fd = strcmp(path, "-") ? open(path, O_RDONLY | O_CLOEXEC) : STDIN_FILENO;
	int ret = 0;

	if (fd < 0) {
		if (errno == ENOENT)
			return diag_set(d, "cannot open '%s': No such file (record one with "
					"'cprof record')", path);
		return diag_set(d, "cannot open '%s': %s", path, strerror(errno));
	}
	if (strbuf_read_fd(sb, fd) < 0)
		ret = diag_set(d, "cannot read '%s': %s", path, strerror(errno));
	if (fd != STDIN_FILENO)
		close(fd);
	return ret;
}

static int load_cdata(const char *path, const struct strbuf *sb, struct profile *p,
		      struct diag *d)
{
	struct cdata_recording rec;
	int ret;

	if (cdata_read_buffer(sb->buf, sb->len, &rec, d) < 0) {
		char msg[sizeof(d->msg)];

		cdata_recording_release(&rec);
		memcpy(msg, d->msg, sizeof(msg));
		return diag_set(d, "%s: %s", path, msg);
	}
	profile_release(p);
	ret = cdata_to_profile(&rec, p, d);
	cdata_recording_release(&rec);
	return ret;
}

int input_load(const char *path, struct profile *p, struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	int ret;

	profile_init(p);
	if (read_all(path, &sb, d) < 0) {
		strbuf_release(&sb);
		return -1;
	}
	if (cdata_sniff(sb.buf, sb.len)) {
		ret = load_cdata(path, &sb, p, d);
	} else if (folded_sniff(sb.buf, sb.len)) {
		ret = folded_read(sb.buf, sb.len, p, d);
		if (ret < 0) {
			char msg[sizeof(d->msg)];

			memcpy(msg, d->msg, sizeof(msg));
			diag_set(d, "%s: %s", path, msg);
		}
	} else {
		ret = diag_set(d, "'%s' is neither a cprof recording nor folded stacks", path);
	}
	strbuf_release(&sb);
	return ret;
}
