/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A sink for the recording engine's unit tests that keeps everything it
 * is given (mappings, threads, samples and metadata, each numbered in the
 * order it came), so that tests can check what a segment received.
 */
#ifndef CPROF_TESTS_RECORD_CAPTURE_H
#define CPROF_TESTS_RECORD_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "record/sink.h"

struct session;
struct session_as;

/* the recording tests' processes: above PID_MAX_LIMIT (4194304), so none can exist */
#define PARENT 5000001
#define CHILD 5000002
#define THREAD 5000003

#define APP_START 0x400000ULL
#define LIB_START 0x7f0000000000ULL
#define KERNEL_PC 0xffffffff81000010ULL

struct cap_mapping {
	uint32_t id;
	pid_t pid;
	uint64_t start, end, pgoff;
	uint32_t kind;
	char *path, *build_id;
	size_t seq; /* its place among everything the sink received */
};

struct cap_thread {
	pid_t pid, tid;
	uint64_t time;
	char *comm;
	size_t seq;
};

struct cap_cgroup {
	pid_t pid;
	char *path, *container;
	size_t seq;
};

#define CAP_FRAMES 8

struct cap_sample {
	uint64_t time, period;
	pid_t pid, tid;
	uint32_t cpu;
	uint16_t flags;
	size_t nframes;
	struct sink_frame frames[CAP_FRAMES];
	size_t seq;
};

#define CAP_META 16

struct capture {
	struct sink sink;
	struct cap_mapping *maps;
	size_t nmaps, maps_alloc;
	struct cap_thread *threads;
	size_t nthreads, threads_alloc;
	struct cap_sample *samples;
	size_t nsamples, samples_alloc;
	struct cap_cgroup *cgroups;
	size_t ncgroups, cgroups_alloc;
	size_t nevents;
	char *meta_key[CAP_META], *meta_value[CAP_META];
	size_t nmeta;
	size_t pending; /* samples since the last flush */
	unsigned flushes;
	bool finished, aborted;
	struct session_stats finish_stats; /* what finish() was given */
};

/* bytes() answers this much per sample received */
#define CAP_SAMPLE_BYTES 100

/* freed through sink_free(&c->sink) */
struct capture *capture_new(void);

const struct cap_mapping *cap_find_mapping(const struct capture *c, uint32_t id);
/* the latest name sent for TID, or NULL */
const struct cap_thread *cap_find_thread(const struct capture *c, pid_t tid);
size_t cap_count_pid_maps(const struct capture *c, pid_t pid);
/* the latest value of KEY, or NULL */
const char *cap_meta_value(const struct capture *c, const char *key);

/* the slot of PID's address space in S, dead or alive, or NULL */
const struct session_as *session_space_of(const struct session *s, pid_t pid);

/* the perf_event source's tests (test_record_source.c), run by test_record's main */
int run_perf_source_tests(void);

/* the engine's, files' and units' tests (test_record_engine.c), run by test_record's main */
int run_record_engine_tests(void);
int run_record_sink_tests(void);

#endif
