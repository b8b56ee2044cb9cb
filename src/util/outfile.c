/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "util/outfile.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int outfile_open(struct outfile *of, const char *path, struct diag *d)
{
	struct stat st;
	int fd;

	memset(of, 0, sizeof(*of));
	if (!path || !strcmp(path, "-")) {
		of->fp = stdout;
		return 0;
	}
	/*
	 * A device or a FIFO (-o /dev/null) is written in place: renaming a
	 * temporary file over it would replace the device with a file.
	 */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		of->fp = fopen(path, "w");
		if (!of->fp)
			return diag_set(d, "cannot write '%s': %s", path, strerror(errno));
		of->path = xstrdup(path);
		return 0;
	}
	of->path = xstrdup(path);
	of->tmp_path = xasprintf("%s.tmpXXXXXX", path);
	fd = mkstemp(of->tmp_path);
	if (fd < 0) {
		int e = errno;

		free(of->path);
		free(of->tmp_path);
		memset(of, 0, sizeof(*of));
		return diag_set(d, "cannot create '%s': %s", path, strerror(e));
	}
	/* mkstemp makes 0600; an output file is as any other the user creates */
	{
		mode_t mask = umask(0);

		umask(mask);
		fchmod(fd, 0666 & ~mask);
	}
	of->fp = fdopen(fd, "w");
	if (!of->fp) {
		int e = errno;

		close(fd);
		outfile_abort(of);
		return diag_set(d, "cannot write '%s': %s", path, strerror(e));
	}
	return 0;
}

int outfile_commit(struct outfile *of, struct diag *d)
{
	int failed;

	if (!of->tmp_path) {
		failed = fflush(of->fp) || ferror(of->fp);
		if (of->path && fclose(of->fp))
			failed = 1;
		of->fp = NULL;
		if (failed && of->path)
			diag_set(d, "write failure on '%s': %s", of->path, strerror(errno));
		else if (failed)
			diag_set(d, "write failure on standard output: %s", strerror(errno));
		free(of->path);
		memset(of, 0, sizeof(*of));
		return failed ? -1 : 0;
	}
	failed = fflush(of->fp) || ferror(of->fp);
	if (fclose(of->fp))
		failed = 1;
	of->fp = NULL;
	if (failed || rename(of->tmp_path, of->path) < 0) {
		diag_set(d, "cannot write '%s': %s", of->path, strerror(errno));
		outfile_abort(of);
		return -1;
	}
	free(of->path);
	free(of->tmp_path);
	memset(of, 0, sizeof(*of));
	return 0;
}

void outfile_abort(struct outfile *of)
{
	if (of->fp && of->path)
		fclose(of->fp);
	if (of->tmp_path)
		unlink(of->tmp_path);
	free(of->path);
	free(of->tmp_path);
	memset(of, 0, sizeof(*of));
}
