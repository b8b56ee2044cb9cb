/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The top-N function table: self and cumulative shares per function,
 * under a header that says what was recorded.
 */
#ifndef CPROF_REPORT_TOP_H
#define CPROF_REPORT_TOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "profile/profile.h"
#include "report/aggregate.h"
#include "util/json.h"
#include "util/strbuf.h"

enum top_sort { TOP_SORT_SELF, TOP_SORT_CUM };

struct top_opts {
	size_t top;       /* rows to show; 0 = all */
	enum top_sort sort;
	size_t width;     /* fit rows in this many columns; 0 = no limit */
	bool utf8;        /* truncate with "…" rather than ".." */
	const char *input; /* shown in the header */
	int value_index;   /* -1: profile_value_index()'s default */
	struct agg_spec by; /* row keys; none: by function */
	bool json;          /* JSON (doc/cprof-json.5) rather than text */
	double threshold;   /* percent, for hotspots and the tree */
	double percent_limit; /* the table leaves out rows under this share (percent) */
};

/* the value index to show: O's, or the profile's default */
int report_value_index(const struct profile *p, const struct top_opts *o);

/* The header every text view starts with ("# cprof report: ..."). */
void report_print_header(const struct profile *p, const struct top_opts *o, int vi,
			 int64_t total, FILE *out);
/*
 * The fields every JSON view's object starts with (the object is open;
 * the caller adds its view and closes it).
 */
void report_json_header(struct json *j, const struct profile *p, const struct top_opts *o,
			int vi, int64_t total);

/* the filters P went through, as a JSON object of option name -> value ({} for none) */
void profile_filters_json(const struct profile *p, struct json *j);

/* Fit S into WIDTH columns of OUT, ending in an ellipsis when cut. */
void report_fit(struct strbuf *out, const char *s, size_t width, bool utf8);

void report_top(const struct profile *p, const struct top_opts *o, FILE *out);

#endif
