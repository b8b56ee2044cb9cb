/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "util/share.h"

#include <stdio.h>

const char *share_text(uint64_t part, uint64_t whole, char *buf, size_t size)
{
	unsigned long long tenths;

	if (!whole) {
		snprintf(buf, size, "n/a");
		return buf;
	}
	if (part > whole)
		part = whole;
	/* in 128 bits: part * 1000 overflows 64 for counts past 1.8e16 */
	tenths = (unsigned long long)((unsigned __int128)part * 1000 / whole);
	snprintf(buf, size, "%llu.%llu%%", tenths / 10, tenths % 10);
	return buf;
}
