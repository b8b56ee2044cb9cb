/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "record/rate_control.h"

#include <string.h>

/* aim this far under the cap, so that noise does not cross it */
#define TARGET_SHARE 0.8
/* climb back only when this far under it */
#define RAISE_BELOW 0.5

void rate_control_init(struct rate_control *rc, double cap_pct, unsigned hz, uint64_t wall_ns,
		       uint64_t cpu_ns)
{
	memset(rc, 0, sizeof(*rc));
	rc->cap_pct = cap_pct;
	rc->max_hz = rc->hz = hz ? hz : 1;
	rc->wall_ns = wall_ns;
	rc->cpu_ns = cpu_ns;
}

unsigned rate_control_update(struct rate_control *rc, uint64_t wall_ns, uint64_t cpu_ns)
{
	double pct, want;
	uint64_t wall = wall_ns - rc->wall_ns;

	if (wall_ns <= rc->wall_ns || wall < RATE_CONTROL_INTERVAL_NS / 2)
		return rc->hz;
	pct = cpu_ns > rc->cpu_ns ? 100.0 * (double)(cpu_ns - rc->cpu_ns) / (double)wall : 0;
	rc->wall_ns = wall_ns;
	rc->cpu_ns = cpu_ns;
	rc->last_pct = pct;
	/* the recorder's cost is about proportional to the samples it takes */
	if (pct > rc->cap_pct) {
		want = (double)rc->hz * rc->cap_pct * TARGET_SHARE / pct;
	} else if (pct < rc->cap_pct * RAISE_BELOW && rc->hz < rc->max_hz) {
		want = pct > 0 ? (double)rc->hz * rc->cap_pct * TARGET_SHARE / pct
			       : (double)rc->hz * 2;
		if (want > (double)rc->hz * 2)
			want = (double)rc->hz * 2;
		if (want < (double)rc->hz + 1)
			want = (double)rc->hz + 1;
	} else {
		return rc->hz;
	}
	if (want > (double)rc->max_hz)
		want = rc->max_hz;
	if (want < 1)
		want = 1;
	rc->hz = (unsigned)want;
	return rc->hz;
}
