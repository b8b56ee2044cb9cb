/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Shares for health lines, written so that they never overstate: 99.96%
 * prints as 99.9%, not 100.0%, beside a list of files that had
 * unresolved frames; a share of nothing says so instead of 100%.
 */
#ifndef CPROF_UTIL_SHARE_H
#define CPROF_UTIL_SHARE_H

#include <stddef.h>
#include <stdint.h>

/* PART of WHOLE in percent, rounded down to 0.1 ("99.9%"), or "n/a" when WHOLE is 0 */
const char *share_text(uint64_t part, uint64_t whole, char *buf, size_t size);

#endif
