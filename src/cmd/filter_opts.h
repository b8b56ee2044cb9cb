/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The filter options that every command reading profiles takes, parsed
 * into a struct profile_filter. A command puts FILTER_LONGOPTS in its
 * long options and hands codes it does not know to filter_option().
 */
#ifndef CPROF_CMD_FILTER_OPTS_H
#define CPROF_CMD_FILTER_OPTS_H

#include <getopt.h>
#include <stdbool.h>

#include "profile/filter.h"

enum {
	FILTER_OPT_FOCUS = 512,
	FILTER_OPT_IGNORE,
	FILTER_OPT_HIDE,
	FILTER_OPT_TID,
	FILTER_OPT_PID,
	FILTER_OPT_COMM,
	FILTER_OPT_TIME,
	FILTER_OPT_FROM,
	FILTER_OPT_TO,
	FILTER_OPT_MAX_DEPTH,
	FILTER_OPT_NO_INLINE,
};

#define FILTER_LONGOPTS                                                        \
	{ "focus", required_argument, NULL, FILTER_OPT_FOCUS },                \
	{ "ignore", required_argument, NULL, FILTER_OPT_IGNORE },              \
	{ "hide", required_argument, NULL, FILTER_OPT_HIDE },                  \
	{ "tid", required_argument, NULL, FILTER_OPT_TID },                    \
	{ "pid", required_argument, NULL, FILTER_OPT_PID },                    \
	{ "comm", required_argument, NULL, FILTER_OPT_COMM },                  \
	{ "time", required_argument, NULL, FILTER_OPT_TIME },                  \
	{ "from", required_argument, NULL, FILTER_OPT_FROM },                  \
	{ "to", required_argument, NULL, FILTER_OPT_TO },                      \
	{ "max-depth", required_argument, NULL, FILTER_OPT_MAX_DEPTH },        \
	{ "no-inline", no_argument, NULL, FILTER_OPT_NO_INLINE }

/*
 * Take option C (with argument ARG) into F for command CMD if it is a
 * filter option; false if it is not one. A bad argument is a usage
 * error (exit 64).
 */
bool filter_option(const char *cmd, struct profile_filter *f, int c, const char *arg);

/*
 * Read INPUT into P and apply F, or die with what went wrong. FLAGS:
 * enum input_flags; sample times are kept anyway when F has a time range.
 */
void cmd_load_filtered(const char *input, unsigned flags, const struct profile_filter *f,
		       struct profile *p);

#endif
