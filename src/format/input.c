/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "format/input.h"
#include "format/cdata.h"
#include "format/cdata_profile.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

int input_load(const char *path, struct profile *p, struct diag *d)
{
	struct cdata_recording rec;
	unsigned char magic[8];
	ssize_t n;
	int fd, ret;

	profile_init(p);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return diag_set(d, "cannot open '%s': No such file (record one with "
					"'cprof record')", path);
		return diag_set(d, "cannot open '%s': %s", path, strerror(errno));
	}
	n = read(fd, magic, sizeof(magic));
	close(fd);
	if (n < 0)
		return diag_set(d, "cannot read '%s': %s", path, strerror(errno));
	if (!cdata_sniff(magic, (size_t)n))
		return diag_set(d, "'%s' is not a cprof recording", path);

	profile_release(p);
	if (cdata_read_file(path, &rec, d) < 0) {
		char msg[sizeof(d->msg)];

		cdata_recording_release(&rec);
		profile_init(p);
		memcpy(msg, d->msg, sizeof(msg));
		return diag_set(d, "%s: %s", path, msg);
	}
	ret = cdata_to_profile(&rec, p, d);
	cdata_recording_release(&rec);
	return ret;
}
