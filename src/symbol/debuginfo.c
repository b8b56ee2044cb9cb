/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/debuginfo.h"
#include "util/strbuf.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* PATH is there and is not a regular file */
static bool not_regular(const char *path)
{
	struct stat st;

	return !stat(path, &st) && !S_ISREG(st.st_mode);
}

/* PATH is there, a regular file (followed through links) */
static bool regular(const char *path)
{
	struct stat st;

	return !stat(path, &st) && S_ISREG(st.st_mode);
}

/*
 * Whether the places libdwfl looks in for DEBUGLINK beside FILE_NAME
 * (its directory, .debug/ in it, the same under /usr/lib/debug) hold a
 * regular file; *REFUSED when one holds something else
 */
static bool debuglink_present(const char *file_name, const char *debuglink, bool *refused)
{
	const char *prefix[] = { "", "", "/usr/lib/debug" }, *sub[] = { "/", "/.debug/", "/" };
	struct strbuf p = STRBUF_INIT;
	int dirlen = (int)(strrchr(file_name, '/') - file_name), i;
	bool found = false;

	for (i = 0; i < 3 && !*refused; i++) {
		strbuf_reset(&p);
		strbuf_addf(&p, "%s%.*s%s%s", prefix[i], dirlen, file_name, sub[i], debuglink);
		*refused = not_regular(p.buf);
		found |= regular(p.buf);
	}
	strbuf_release(&p);
	return found;
}

/*
 * libdwfl's search for a separate debug file, unless one of the places it
 * opens (the build-id path, the .gnu_debuglink name beside the binary, in
 * .debug/ or under /usr/lib/debug) holds a FIFO, a device or a directory:
 * its plain open() would hang on a FIFO. Then the module goes without.
 * Where none of those places holds a file, libdwfl is not asked unless
 * DEBUGINFOD_URLS names a server: its debuginfod client (libcurl) would
 * otherwise be started for nothing, keeping two descriptors for every
 * file without debug information for as long as the module lives.
 */
int debuginfo_find_regular(Dwfl_Module *mod, void **userdata, const char *modname,
			   GElf_Addr base, const char *file_name, const char *debuglink,
			   GElf_Word crc, char **debuginfo_file_name)
{
	const unsigned char *id;
	GElf_Addr id_vaddr;
	struct strbuf p = STRBUF_INIT;
	const char *urls = getenv("DEBUGINFOD_URLS");
	bool refused = false, found = false;
	int n = dwfl_module_build_id(mod, &id, &id_vaddr), i;

	if (n > 1) {
		strbuf_addf(&p, "/usr/lib/debug/.build-id/%02x/", id[0]);
		for (i = 1; i < n; i++)
			strbuf_addf(&p, "%02x", id[i]);
		strbuf_addstr(&p, ".debug");
		refused = not_regular(p.buf);
		found = regular(p.buf);
	}
	strbuf_release(&p);
	if (!refused && debuglink && *debuglink && file_name && strchr(file_name, '/')) {
		char *real = realpath(file_name, NULL);

		found |= debuglink_present(file_name, debuglink, &refused);
		/* libdwfl also looks beside the file a link names */
		if (!refused && real && strcmp(real, file_name))
			found |= debuglink_present(real, debuglink, &refused);
		free(real);
	}
	if (refused || (!found && !(urls && *urls)))
		return -1;
	return dwfl_standard_find_debuginfo(mod, userdata, modname, base, file_name, debuglink,
					    crc, debuginfo_file_name);
}
