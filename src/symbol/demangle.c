/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/demangle.h"
#include "util/xalloc.h"

#include <libiberty/demangle.h>
#include <stdlib.h>
#include <string.h>

char *demangle_symbol(const char *name)
{
	const char *at = strchr(name, '@');
	char *plain = at ? xstrndup(name, (size_t)(at - name)) : xstrdup(name);
	char *readable;

	if (plain[0] != '_' || (plain[1] != 'Z' && plain[1] != 'R'))
		return plain;
	/* DMGL_AUTO tries Rust first (legacy hashes are dropped), then C++ */
	readable = cplus_demangle(plain, DMGL_PARAMS | DMGL_ANSI | DMGL_AUTO);
	if (!readable)
		return plain;
	free(plain);
	return readable;
}
