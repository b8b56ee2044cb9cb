/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The overhead cap (--max-overhead): from the recorder's own CPU time
 * over the last interval, the sampling frequency to use next. Above the
 * cap it drops in proportion, with margin; well below it, it climbs back
 * towards what was asked, at most doubling per step, so that it settles
 * rather than oscillates.
 */
#ifndef CPROF_RECORD_RATE_CONTROL_H
#define CPROF_RECORD_RATE_CONTROL_H

#include <stdint.h>

/* how often the recorder's CPU is measured */
#define RATE_CONTROL_INTERVAL_NS 1000000000ULL

struct rate_control {
	double cap_pct;   /* of one CPU */
	unsigned max_hz;  /* the frequency asked for */
	unsigned hz;      /* the one in use */
	uint64_t wall_ns, cpu_ns; /* at the last measurement */
	double last_pct;  /* measured then */
};

void rate_control_init(struct rate_control *rc, double cap_pct, unsigned hz, uint64_t wall_ns,
		       uint64_t cpu_ns);
/*
 * A measurement at WALL_NS with the recorder's CPU time CPU_NS: the
 * frequency to use from now on (rc->hz unless it should change). Call
 * about every RATE_CONTROL_INTERVAL_NS; shorter intervals are ignored.
 */
unsigned rate_control_update(struct rate_control *rc, uint64_t wall_ns, uint64_t cpu_ns);

#endif
