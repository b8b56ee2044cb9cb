/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * perf_event_open front end: turning an event name into an attr, opening
 * one inherited event per CPU (launch) or per (thread, CPU) redirected
 * into one ring per CPU (attach), and copying records out of the rings.
 * See shared/reference/kernel-facilities.md for why it is shaped so.
 */
#ifndef CPROF_RECORD_PERF_EVENT_H
#define CPROF_RECORD_PERF_EVENT_H

#include <linux/perf_event.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/usage.h"

/* the user registers copied with each DWARF sample: AX..R15 without segments */
#define PE_REGS_USER_MASK 0xff0fffULL
#define PE_NREGS_USER 20

/* PE_REGS_USER_MASK's registers as sampled, into the unwinder's DWARF order */
void pe_regs_to_dwarf(const uint64_t *perf_regs, uint64_t *dwarf_regs);

enum pe_callgraph {
	PE_CALLGRAPH_FP,
	PE_CALLGRAPH_DWARF,
};

struct pe_event {
	const char *name;
	uint32_t type;
	uint64_t config;
	bool exclude_kernel; /* ":u" */
	bool time_based;     /* period is nanoseconds */
};

struct pe_config {
	struct pe_event event;
	unsigned freq;
	uint64_t period; /* nonzero: a sample every PERIOD events instead of freq */
	enum pe_callgraph callgraph;
	unsigned stack_bytes;
	bool inherit;
	bool enable_on_exec;
	bool exclude_kernel;
	size_t ring_bytes; /* data area per ring, a power of two */
	/*
	 * Side-band records (mmap, comm, fork, exit) from a dummy event of
	 * their own that stays enabled, as perf does, so that sampling can
	 * be switched off (a duty cycle) without missing a process's exit.
	 */
	bool sideband_event;
	/* attributes the kernel refused, given up (see pe_fallback_step) */
	bool no_build_id; /* MMAP2 records carry device and inode, not the build-id */
	bool no_clockid;  /* record times are perf's clock: see pe_session.clock_offset */
};

/* Parse "cpu-clock", "task-clock:u", ... 0, or -1 with D filled. */
int pe_parse_event(const char *spec, struct pe_event *ev, struct diag *d);

struct pe_ring {
	int fd;
	int cpu;
	void *base;
	size_t data_size;
};

struct pe_session {
	struct pe_config cfg;
	struct pe_ring *rings;
	size_t nrings;
	int *fds; /* every sampling event's fd, rings' and redirected ones */
	size_t nfds, fds_alloc;
	int *sideband_fds; /* the dummy events' (sideband_event) */
	size_t nsideband, sideband_alloc;
	int ncpus;
	/*
	 * What was given up so that the events would open or fit, one
	 * sentence each, for the command to say (the library says nothing).
	 */
	char **given_up;
	size_t ngiven_up, given_up_alloc;
	/* perf's clock minus CLOCK_MONOTONIC, in ns: nonzero only with cfg.no_clockid */
	int64_t clock_offset;
};

/*
 * The kernel refused CFG's attributes with ERR: give up the next one it
 * may not know, the way perf does (kernel samples on EACCES when
 * PARANOID is above 1; build-ids in mappings, then the clock id, then a
 * large stack copy, then DWARF call graphs altogether on EINVAL or
 * EOPNOTSUPP). 1 with CFG changed and WHAT saying what was given up, 0
 * when nothing is left to try.
 */
int pe_fallback_step(struct pe_config *cfg, int err, int paranoid, char *what, size_t size);

/*
 * Open events for the tasks TIDS (one per thread, or a single process id
 * in launch mode) on every online CPU, each CPU's events sharing one
 * ring. 0, or -1 with D filled and a hint on what to do.
 */
int pe_open(struct pe_session *s, const struct pe_config *cfg, const pid_t *tids, size_t ntids,
	    struct diag *d);
/* add events for a thread that appeared later (attach without inherit) */
/* per-CPU events for every process on each of CPUS (system-wide: pid -1) */
int pe_open_cpus(struct pe_session *s, const struct pe_config *cfg, const int *cpus, size_t ncpus,
		 struct diag *d);
int pe_add_task(struct pe_session *s, pid_t tid, struct diag *d);
int pe_enable(struct pe_session *s);
/*
 * Sample at HZ from now on (PERF_EVENT_IOC_PERIOD on every event):
 * 0, or -1 with D filled; DIAG_UNSUPPORTED when the events sample by
 * period (-c). Threads that inherited an event before the change keep
 * their own copy of it.
 */
int pe_set_frequency(struct pe_session *s, unsigned hz, struct diag *d);
int pe_disable(struct pe_session *s);
void pe_close(struct pe_session *s);

/* what pe_ring_drain() hands each record to; REC is valid during the call only */
typedef void (*pe_record_fn)(void *ctx, const void *rec, size_t size);

/*
 * Hand every complete record in RING to FN, in the order the kernel
 * wrote them, then release the ring space. Records are read in place
 * (one that wraps around the ring's end is first put together), so
 * draining neither copies whole stack dumps nor allocates.
 * Returns the number of records.
 */
size_t pe_ring_drain(struct pe_ring *ring, pe_record_fn fn, void *ctx);

/* the sample_type cprof asks for, so parsers agree with the opener */
uint64_t pe_sample_type(const struct pe_config *cfg);

#endif
