/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "record/pe_budget.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

/* a tenth of a second of samples, and never fewer than this per ring */
#define MIN_SAMPLES_PER_RING 16
#define CAP_IPC_LOCK_BIT 14

static size_t pow2_floor(size_t v)
{
	size_t p = 1;

	while (p <= v / 2)
		p *= 2;
	return p;
}

struct pe_budget_fit pe_budget_fit(const struct pe_budget_request *req)
{
	struct pe_budget_fit fit = { req->want_ring, req->stack };
	size_t page = req->page ? req->page : 4096;
	uint64_t want_samples, per_sample;

	if (req->lockable != PE_BUDGET_UNLIMITED && req->nrings) {
		/* each ring also locks its header page */
		uint64_t per_ring = req->lockable / req->nrings;
		size_t pages = per_ring > page ? (size_t)(per_ring / page) - 1 : 1;

		pages = pow2_floor(pages ? pages : 1);
		if ((uint64_t)pages * page < fit.ring)
			fit.ring = pages * page;
	}
	if (!req->stack)
		return fit;
	want_samples = req->rate / 10;
	if (want_samples < MIN_SAMPLES_PER_RING)
		want_samples = MIN_SAMPLES_PER_RING;
	per_sample = fit.ring / want_samples;
	if (per_sample >= (uint64_t)req->stack + PE_BUDGET_SAMPLE_OVERHEAD)
		return fit;
	per_sample = per_sample > PE_BUDGET_SAMPLE_OVERHEAD ? per_sample - PE_BUDGET_SAMPLE_OVERHEAD
							    : 0;
	/* round numbers read better in the message that names them */
	per_sample &= per_sample >= 1024 ? ~(uint64_t)511 : ~(uint64_t)7;
	if (per_sample < PE_BUDGET_MIN_STACK)
		per_sample = PE_BUDGET_MIN_STACK;
	if (per_sample < req->stack)
		fit.stack = (unsigned)per_sample;
	return fit;
}

static bool read_u64_file(const char *path, uint64_t *v)
{
	FILE *f = fopen(path, "re");
	unsigned long long x;
	bool ok;

	if (!f)
		return false;
	ok = fscanf(f, "%llu", &x) == 1;
	fclose(f);
	if (ok)
		*v = x;
	return ok;
}

/* CAP_IPC_LOCK in our effective set, and VmPin, from /proc/self/status */
static void read_status(bool *ipc_lock, uint64_t *pinned)
{
	FILE *f = fopen("/proc/self/status", "re");
	char line[256];
	unsigned long long v;

	*ipc_lock = false;
	*pinned = 0;
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "CapEff: %llx", &v) == 1)
			*ipc_lock = (v >> CAP_IPC_LOCK_BIT) & 1;
		else if (sscanf(line, "VmPin: %llu kB", &v) == 1)
			*pinned = (uint64_t)v * 1024;
	}
	fclose(f);
}

void pe_budget_limits(struct pe_budget_limits *lim)
{
	uint64_t mlock_kb = 516, pinned;
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct rlimit rl;
	bool ipc_lock;
	FILE *f;
	int paranoid = 2;

	memset(lim, 0, sizeof(*lim));
	read_u64_file("/proc/sys/kernel/perf_event_mlock_kb", &mlock_kb);
	lim->mlock_kb = (unsigned)mlock_kb;
	lim->online_cpus = cpus > 0 ? (unsigned)cpus : 1;
	lim->memlock_rlimit = PE_BUDGET_UNLIMITED;
	if (getrlimit(RLIMIT_MEMLOCK, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		lim->memlock_rlimit = rl.rlim_cur;
	/* paranoid may be negative: read it signed */
	f = fopen("/proc/sys/kernel/perf_event_paranoid", "re");
	if (f) {
		if (fscanf(f, "%d", &paranoid) != 1)
			paranoid = 2;
		fclose(f);
	}
	read_status(&ipc_lock, &pinned);
	/* the kernel checks the limit only when paranoid > -1 and without CAP_IPC_LOCK */
	if (ipc_lock || paranoid < 0 || lim->memlock_rlimit == PE_BUDGET_UNLIMITED) {
		lim->lockable = PE_BUDGET_UNLIMITED;
		return;
	}
	lim->lockable = mlock_kb * 1024 * lim->online_cpus + lim->memlock_rlimit;
	lim->lockable = lim->lockable > pinned ? lim->lockable - pinned : 0;
}
