/* SPDX-License-Identifier: GPL-3.0-or-later */
/* What the post-processing commands share: naming and opening their input and output. */
#ifndef CPROF_CMD_COMMON_H
#define CPROF_CMD_COMMON_H

#include "format/input.h"
#include "profile/profile.h"
#include "report/annotate.h"
#include "util/outfile.h"

/*
 * The input: INPUT (from -i), or the one argument left after the
 * options, or cprof.data. A usage error for more than one.
 */
const char *cmd_input_arg(const char *cmd, const char *input, int argc, char **argv);
/* read INPUT into P (FLAGS: enum input_flags), or die with what went wrong */
void cmd_load_profile(const char *input, unsigned flags, struct profile *p);
/*
 * What annotate's listing needs from outside: its warnings go to standard
 * error, and INPUT's modification time stands for when it was recorded
 * when the profile does not say.
 */
void cmd_annotate_setup(struct annotate_opts *ao, const char *input);
/* the value index named by SPEC (--sample-index; NULL: the default), or die */
int cmd_value_index(const struct profile *p, const char *spec);
/* --format's argument: true for json, false for text, else a usage error */
bool cmd_parse_format(const char *cmd, const char *s);
/* open OUTPUT ("-" or NULL: standard output), or die */
void cmd_open_output(struct outfile *of, const char *output);
/* finish OUTPUT (rename it into place), or die */
void cmd_commit_output(struct outfile *of);

#endif
