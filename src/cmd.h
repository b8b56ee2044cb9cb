/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The subcommands. Adding one:
 *  1. src/cmd/NAME.c with `int cmd_NAME(int argc, char **argv)`, which
 *     parses its options, calls library code and prints;
 *  2. its prototype here and a row in commands[] in src/cprof.c;
 *  3. the file in Makefile.am;
 *  4. doc/cprof-NAME.1, completions/, and tests in tests/t/.
 * A command returns its exit status (0, EXIT_PROBLEMS, EXIT_FATAL).
 */
#ifndef CPROF_CMD_H
#define CPROF_CMD_H

int cmd_record(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_annotate(int argc, char **argv);
int cmd_info(int argc, char **argv);
int cmd_flamegraph(int argc, char **argv);
int cmd_collapse(int argc, char **argv);
int cmd_pprof(int argc, char **argv);
int cmd_otlp(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_help(int argc, char **argv);

/* print the usage of COMMAND (or the global one) to stdout; 0, or -1 if unknown */
int cprof_print_usage(const char *command);

#endif
