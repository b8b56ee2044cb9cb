/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "util/units.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct unit {
	const char *suffix;
	double scale;
};

static const struct unit duration_units[] = {
	{ "", 1e9 },   { "s", 1e9 },  { "ms", 1e6 },     { "us", 1e3 },     { "ns", 1 },
	{ "m", 60e9 }, { "min", 60e9 }, { "h", 3600e9 }, { "d", 86400e9 },
};

static const struct unit size_units[] = {
	{ "", 1 },
	{ "B", 1 },
	{ "K", 1024.0 },
	{ "KB", 1024.0 },
	{ "KiB", 1024.0 },
	{ "M", 1024.0 * 1024 },
	{ "MB", 1024.0 * 1024 },
	{ "MiB", 1024.0 * 1024 },
	{ "G", 1024.0 * 1024 * 1024 },
	{ "GB", 1024.0 * 1024 * 1024 },
	{ "GiB", 1024.0 * 1024 * 1024 },
	{ "T", 1024.0 * 1024 * 1024 * 1024 },
	{ "TB", 1024.0 * 1024 * 1024 * 1024 },
	{ "TiB", 1024.0 * 1024 * 1024 * 1024 },
};

/* a non-negative decimal number and one of UNITS after it */
static int parse_scaled(const char *s, const struct unit *units, size_t nunits, uint64_t *out)
{
	size_t digits, i;
	char *end;
	double v;

	if (!s)
		return -1;
	/* plain decimals only: strtod() would also take "0x10" and "1e3" */
	digits = strspn(s, "0123456789.");
	if (!digits || memchr(s, '.', digits) != memrchr(s, '.', digits))
		return -1;
	errno = 0;
	v = strtod(s, &end);
	if (errno || end != s + digits || !isfinite(v) || v < 0)
		return -1;
	for (i = 0; i < nunits; i++) {
		if (strcmp(end, units[i].suffix))
			continue;
		v *= units[i].scale;
		if (v >= 18446744073709551615.0)
			return -1;
		/* the nearest unit: 1.001 is a hair under in binary, "1.001s" not 1000999999 ns */
		*out = (uint64_t)(v + 0.5);
		return 0;
	}
	return -1;
}

int parse_duration_ns(const char *s, uint64_t *ns)
{
	/* suffixes are case-sensitive: "10m" is ten minutes, "10M" ten MiB */
	return parse_scaled(s, duration_units, sizeof(duration_units) / sizeof(duration_units[0]),
			    ns);
}

int parse_size_bytes(const char *s, uint64_t *bytes)
{
	return parse_scaled(s, size_units, sizeof(size_units) / sizeof(size_units[0]), bytes);
}

bool has_unit_suffix(const char *s)
{
	size_t len = strlen(s);

	return len && !isdigit((unsigned char)s[len - 1]) && s[len - 1] != '.';
}
