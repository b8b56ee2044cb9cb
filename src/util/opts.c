/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "util/opts.h"
#include "util/usage.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>

void bad_option(const char *cmd, int c, char **argv)
{
	const char *arg = argv[optind - 1];

	if (c == ':')
		usage_error(cmd, "option '%s' needs a value", arg);
	if (optopt && arg[0] == '-' && arg[1] != '-')
		usage_error(cmd, "unknown option '-%c'", optopt);
	usage_error(cmd, "unknown option '%s'", arg);
}

unsigned long opt_parse_ulong(const char *cmd, const char *s, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-')
		usage_error(cmd, "invalid %s '%s'", what, s);
	return v;
}
