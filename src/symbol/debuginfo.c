/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/debuginfo.h"
#include "util/strbuf.h"

#include <stdbool.h>
#include <string.h>
#include <sys/stat.h>

/* PATH is there and is not a regular file */
static bool not_regular(const char *path)
{
	struct stat st;

	return !stat(path, &st) && !S_ISREG(st.st_mode);
}

/*
 * libdwfl's search for a separate debug file, unless one of the places it
 * opens (the build-id path, the .gnu_debuglink name beside the binary, in
 * .debug/ or under /usr/lib/debug) holds a FIFO, a device or a directory:
 * its plain open() would hang on a FIFO. Then the module goes without.
 */
int debuginfo_find_regular(Dwfl_Module *mod, void **userdata, const char *modname,
			   GElf_Addr base, const char *file_name, const char *debuglink,
			   GElf_Word crc, char **debuginfo_file_name)
{
	const unsigned char *id;
	GElf_Addr id_vaddr;
	struct strbuf p = STRBUF_INIT;
	bool refused = false;
	int n = dwfl_module_build_id(mod, &id, &id_vaddr), i;

	if (n > 1) {
		strbuf_addf(&p, "/usr/lib/debug/.build-id/%02x/", id[0]);
		for (i = 1; i < n; i++)
			strbuf_addf(&p, "%02x", id[i]);
		strbuf_addstr(&p, ".debug");
		refused = not_regular(p.buf);
	}
	if (!refused && debuglink && *debuglink && file_name && strchr(file_name, '/')) {
		int dirlen = (int)(strrchr(file_name, '/') - file_name);
		const char *prefix[] = { "", "", "/usr/lib/debug" }, *sub[] = { "/", "/.debug/", "/" };

		for (i = 0; i < 3 && !refused; i++) {
			strbuf_reset(&p);
			strbuf_addf(&p, "%s%.*s%s%s", prefix[i], dirlen, file_name, sub[i], debuglink);
			refused = not_regular(p.buf);
		}
	}
	strbuf_release(&p);
	if (refused)
		return -1;
	return dwfl_standard_find_debuginfo(mod, userdata, modname, base, file_name, debuglink,
					    crc, debuginfo_file_name);
}

