/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Sample sources. A source (perf_event rings today; a ptrace sampler or
 * a preload library's ring later) turns what it sees into the neutral
 * events below and feeds them to the session in time order; only the
 * source knows where they came from. The engine drives a source through
 * struct source_ops: poll, drain, process, pause and resume.
 */
#ifndef CPROF_RECORD_SOURCE_H
#define CPROF_RECORD_SOURCE_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/usage.h"

struct session;

/*
 * One sample. Frames are as found: the first is the sampled pc, the
 * others return addresses (the session points them back into the call).
 * User frames come ready (a frame-pointer chain, a backtrace taken in
 * the process) or as registers and a stack copy for the unwinder.
 */
struct source_sample {
	uint64_t time;
	pid_t pid, tid;
	uint32_t cpu;
	uint64_t period; /* the sample's weight, in the event's unit */
	uint64_t ip;     /* the sampled pc, used when there are no frames */
	const uint64_t *kernel_frames;
	size_t nkernel;
	const uint64_t *user_frames;
	size_t nuser;
	const uint64_t *regs; /* UNWIND_NREGS values in DWARF order, or NULL */
	const unsigned char *stack;
	uint64_t stack_size; /* valid bytes from the stack pointer on */
};

struct source_mmap {
	pid_t pid;
	uint64_t start, len, pgoff;
	const char *path;
	const char *build_id; /* hex, or NULL when the source does not know it */
};

/* the events, as the session takes them */
void session_sample(struct session *s, const struct source_sample *smp);
/* an executable mapping */
void session_mmap(struct session *s, const struct source_mmap *m);
/* a thread's name; EXEC: the process replaced its image (its mappings follow) */
void session_comm(struct session *s, pid_t pid, pid_t tid, const char *comm, bool exec,
		  uint64_t time);
void session_fork(struct session *s, pid_t pid, pid_t ppid, pid_t tid, pid_t ptid,
		  uint64_t time);
/* a thread exited; when TID == PID, the process: its state is released */
void session_exit(struct session *s, pid_t pid, pid_t tid, uint64_t time);
/* the source dropped N samples */
void session_lost(struct session *s, uint64_t n);
void session_throttled(struct session *s);

struct source;

struct source_ops {
	/* start or resume sampling; pause it (events off, not just ignored) */
	int (*enable)(struct source *src, struct diag *d);
	int (*disable)(struct source *src, struct diag *d);
	/* descriptors to wait on for new data: up to MAX into FDS, their number */
	size_t (*pollfds)(struct source *src, struct pollfd *fds, size_t max);
	/* take what the kernel (or the sampler) has into the source's own queue */
	void (*drain)(struct source *src);
	/*
	 * Feed S the queued events with times up to HORIZON (the engine's
	 * clock, CLOCK_MONOTONIC ns; UINT64_MAX: all), in time order, for
	 * about BUDGET_NS at most (0: no limit). True when work was left.
	 */
	bool (*process)(struct source *src, struct session *s, uint64_t horizon,
			uint64_t budget_ns);
	/* change the sampling frequency while running; -1 with D filled */
	int (*set_frequency)(struct source *src, unsigned hz, struct diag *d);
	void (*close)(struct source *src);
};

struct source {
	const struct source_ops *ops;
	const char *name; /* "perf_event", ... */
};

#endif
