/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * How big the perf rings can be. A process without CAP_IPC_LOCK may lock
 * perf_event_mlock_kb per online CPU for its user, plus RLIMIT_MEMLOCK
 * of its own; a ring over that fails to map with EPERM. So the rings are
 * sized to the budget before they are mapped, and when a DWARF stack
 * copy would leave a ring holding only a handful of samples, the copy
 * is made smaller rather than the samples lost.
 */
#ifndef CPROF_RECORD_PE_BUDGET_H
#define CPROF_RECORD_PE_BUDGET_H

#include <stddef.h>
#include <stdint.h>

/* no limit on the memory the rings may lock */
#define PE_BUDGET_UNLIMITED UINT64_MAX
/* the smallest stack copy the budget may choose (8 KiB is enough for most stacks) */
#define PE_BUDGET_MIN_STACK 2048
/* a sample's size besides its stack copy, about (header, ids, registers, chain) */
#define PE_BUDGET_SAMPLE_OVERHEAD 512

struct pe_budget_request {
	uint64_t lockable;  /* bytes all the rings may lock together, or PE_BUDGET_UNLIMITED */
	unsigned nrings;
	size_t page;        /* the page size */
	unsigned rate;      /* samples per second a ring may have to take */
	size_t want_ring;   /* the data area wanted per ring, a power of two */
	unsigned stack;     /* the DWARF stack copy asked for, 0 without one */
};

struct pe_budget_fit {
	size_t ring;    /* data area per ring: a power of two pages */
	unsigned stack; /* the stack copy: a multiple of 8, at most the one asked for */
};

/*
 * The ring and stack copy sizes that fit REQ's budget: the wanted ring
 * when it fits, else the largest one that does; then a stack copy small
 * enough that a ring holds a tenth of a second of samples (at least 16),
 * but not below PE_BUDGET_MIN_STACK. Pure: no system calls.
 */
struct pe_budget_fit pe_budget_fit(const struct pe_budget_request *req);

/* what the limits say about this process, read once per session */
struct pe_budget_limits {
	uint64_t lockable; /* PE_BUDGET_UNLIMITED when nothing limits it */
	unsigned mlock_kb; /* /proc/sys/kernel/perf_event_mlock_kb */
	unsigned online_cpus;
	uint64_t memlock_rlimit; /* bytes, or PE_BUDGET_UNLIMITED */
};

/*
 * The locked memory the rings of this process may take: no limit with
 * CAP_IPC_LOCK or perf_event_paranoid -1, else perf_event_mlock_kb per
 * online CPU plus RLIMIT_MEMLOCK, less what the process has pinned.
 * Memory other processes of the same user have locked for perf counts
 * against the same limit and cannot be seen; mapping still checks.
 */
void pe_budget_limits(struct pe_budget_limits *lim);

#endif
