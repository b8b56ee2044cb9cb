/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Durations and sizes as users write them on the command line, with
 * perf's suffixes: "30s", "500ms", "10m", "2h", "1d" (a bare number is
 * seconds) and "100M", "512K", "2G", "4096B" (a bare number is bytes;
 * K, M, G and T are powers of 1024, as perf's --switch-output reads
 * them). Suffixes are case-sensitive: "10m" is minutes, "10M" MiB.
 */
#ifndef CPROF_UTIL_UNITS_H
#define CPROF_UTIL_UNITS_H

#include <stdbool.h>
#include <stdint.h>

/* S as nanoseconds: 0, or -1 when it is not a duration (or overflows) */
int parse_duration_ns(const char *s, uint64_t *ns);
/* S as bytes: 0, or -1 */
int parse_size_bytes(const char *s, uint64_t *bytes);
/* S ends in a unit, not a digit ("30s", not "30") */
bool has_unit_suffix(const char *s);

#endif
