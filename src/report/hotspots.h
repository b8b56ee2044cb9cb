/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Hotspots: the functions whose self share reaches a threshold, each with
 * the source lines its self time was spent on, hottest first.
 */
#ifndef CPROF_REPORT_HOTSPOTS_H
#define CPROF_REPORT_HOTSPOTS_H

#include <stdio.h>

#include "profile/profile.h"
#include "report/top.h"

/* lines shown per function */
#define HOTSPOT_LINES 5

void report_hotspots(const struct profile *p, const struct top_opts *o, FILE *out);

#endif
