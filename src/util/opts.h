/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CPROF_UTIL_OPTS_H
#define CPROF_UTIL_OPTS_H

/*
 * Report the option getopt_long() just refused and exit 64. Commands
 * set opterr = 0 and start their option string with ':' so that a
 * missing argument and an unknown option can be told apart here.
 */
__attribute__((noreturn)) void bad_option(const char *cmd, int c, char **argv);

/*
 * The non-negative decimal number S, or a usage error naming WHAT
 * ("invalid frequency '12x'") for command CMD.
 */
unsigned long opt_parse_ulong(const char *cmd, const char *s, const char *what);

#endif
