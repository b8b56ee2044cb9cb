/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CPROF_FORMAT_CDATA_PROFILE_H
#define CPROF_FORMAT_CDATA_PROFILE_H

#include <stdbool.h>

#include "format/cdata.h"
#include "profile/profile.h"
#include "util/progress.h"

/*
 * Build the profile model from a recording (values: samples/count and
 * the event's period), samples labelled with pid, tid and thread name.
 * With SAMPLE_TIMES, one model sample per recorded sample, with its
 * timestamp; without, one per stack and thread, its values summed and
 * no time (what every output but time filters and flame charts wants).
 * Opens no file: a recording without stored symbols (its writer died
 * first) gets the attr symbols=not stored and locations without lines,
 * for profile_symbolize() to name when the command wants names.
 * A stack the recorder marked truncated gets TRUNCATED_FRAME as its root.
 * The work is shown on PROGRESS ("Building profile"; NULL: silent).
 */
/* the frame at the root end of a stack the unwinder could not finish */
#define TRUNCATED_FRAME "[truncated]"

int cdata_to_profile(const struct cdata_recording *rec, bool sample_times,
		     const struct progress_target *progress, struct profile *p, struct diag *d);

#endif
