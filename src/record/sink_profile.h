/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The in-memory sink: a segment becomes a profile (profile/profile.h),
 * symbolized, for a server or an exporter to send without a file. It is
 * the recording-file sink writing to memory (open_memstream), read back
 * when the segment ends, so a profile from memory and one from a file
 * are the same.
 */
#ifndef CPROF_RECORD_SINK_PROFILE_H
#define CPROF_RECORD_SINK_PROFILE_H

#include "profile/profile.h"
#include "record/sink.h"

/* a sink whose segment ends as a profile: NULL with D filled */
struct sink *sink_profile_open(struct diag *d);
/*
 * The finished segment's profile into OUT (taken: the sink keeps none),
 * with per-sample times when SAMPLE_TIMES; 0, or -1 with D filled when
 * the segment did not finish or does not read.
 */
int sink_profile_take(struct sink *s, bool sample_times, struct profile *out, struct diag *d);

#endif
