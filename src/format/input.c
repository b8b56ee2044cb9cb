/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "format/input.h"
#include "format/cdata.h"
#include "format/cdata_profile.h"
#include "format/folded.h"
#include "format/pprof.h"
#include "util/strbuf.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
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
		      struct profile *p, struct diag *d)
{
	struct cdata_recording rec;
	int ret;

	/* without times, no need to hold every sample: the model merges them anyway */
	if (cdata_read_named(in->data, in->len, path,
			     flags & INPUT_SAMPLE_TIMES ? 0 : CDATA_READ_FOLD, &rec, d) < 0) {
		char msg[sizeof(d->msg)];

		cdata_recording_release(&rec);
		memcpy(msg, d->msg, sizeof(msg));
		return diag_set(d, "%s: %s", path, msg);
	}
	profile_release(p);
	ret = cdata_to_profile(&rec, flags & INPUT_SAMPLE_TIMES, p, d);
	cdata_recording_release(&rec);
	return ret;
}

/* "PATH: message" */
static void prefix_path(struct diag *d, const char *path)
{
	char msg[sizeof(d->msg)];

	memcpy(msg, d->msg, sizeof(msg));
	diag_set(d, "%s: %s", path, msg);
}

int input_load(const char *path, unsigned flags, struct profile *p, struct diag *d)
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
		ret = load_cdata(path, &in, flags, p, d);
	} else if (pprof_sniff_gzip(in.data, in.len)) {
		ret = pprof_read(in.data, in.len, p, d);
		if (ret < 0)
			prefix_path(d, path);
	} else if (folded_sniff(in.data, in.len)) {
		ret = folded_read(in.data, in.len, p, d);
		if (ret < 0)
			prefix_path(d, path);
	} else if (pprof_read(in.data, in.len, p, d) == 0) {
		ret = 0; /* uncompressed pprof */
	} else {
		ret = diag_set(d, "'%s' is not a cprof recording, a pprof profile or folded stacks",
			       path);
	}
	input_release(&in);
	return ret;
}
