/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CPROF_UTIL_OPTS_H
#define CPROF_UTIL_OPTS_H

#include <getopt.h>

/*
 * Report the option getopt_long() just refused and exit 64, naming the
 * option even inside a cluster ("-xq": -x). Commands set opterr = 0
 * and start their option string with ':' so that a missing argument
 * and an unknown option can be told apart here.
 */
__attribute__((noreturn)) void bad_option(const char *cmd, int c, char **argv);

/*
 * getopt_long(ARGC, ARGV, SHORTOPTS, LONGOPTS, NULL) for command CMD,
 * which first, once per ARGV, refuses a single-dash word that is
 * pprof's option (-top, -list, -peek, -nodecount, -http) or one of
 * CMD's long options with one dash (-output), naming what cprof takes
 * (exit 64): getopt alone would read "-top" as -t op, "-output" as
 * -o utput and "-http" as -h.
 */
int opt_next(const char *cmd, int argc, char **argv, const char *shortopts,
	     const struct option *longopts);

/*
 * The non-negative decimal number S, or a usage error naming WHAT
 * ("invalid frequency '12x'") for command CMD.
 */
unsigned long opt_parse_ulong(const char *cmd, const char *s, const char *what);

#endif
