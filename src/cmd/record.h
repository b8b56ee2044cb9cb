/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cprof record's own state, shared by its files: the options
 * (record_opts.c), the profiled command or processes (record_target.c)
 * and the run itself (record.c).
 */
#ifndef CPROF_CMD_RECORD_H
#define CPROF_CMD_RECORD_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "record/perf_event.h"
#include "record/perf_source.h"
#include "record/recorder.h"
#include "record/segment_files.h"
#include "record/workload.h"

/* SYSTEM: -a without a command */
enum record_mode { MODE_LAUNCH, MODE_ATTACH, MODE_THREADS, MODE_SYSTEM };

struct record_opts {
	unsigned freq;
	unsigned long period; /* -c: a sample every PERIOD events, 0 = by frequency */
	uint64_t duration_ns; /* 0 = until the end */
	const char *output;
	const char *event;
	const char *call_graph;
	const char *pids;
	const char *tids;
	bool all_cpus;        /* -a */
	const char *cpu_list; /* -C */
	bool no_inherit;
	bool strict;
	bool quiet;
	bool switch_output;    /* rotating segments: on SIGUSR2, and by size or time */
	uint64_t switch_bytes; /* --switch-output=SIZE */
	uint64_t switch_ns;    /* --switch-output=TIME */
	struct segment_retention keep;
	uint64_t duty_on_ns, duty_period_ns; /* --duty ON/PERIOD */
	double max_overhead_pct;             /* --max-overhead, of one CPU */
	char **argv; /* the command, in launch mode */
};

struct record {
	struct record_opts opts;
	enum record_mode mode;
	struct pe_config cfg;
	struct perf_source ps;
	struct recorder rec;
	struct workload wl;
	pid_t *targets; /* attach: processes; threads: thread ids */
	size_t ntargets;
	bool system_wide; /* per-CPU events for every process (-a, -C) */
	int *cpus;        /* their CPUs */
	size_t ncpus;
	int child_status;
	bool child_exited;
	bool stopped_child; /* cprof sent it SIGTERM: the duration ended, or cprof was stopped */
	bool stop_signalled; /* cprof itself was asked to stop */
	bool status_shown;
	bool status_allowed; /* the live status line may be drawn */
	bool progress_off;   /* an attached target shares the terminal: no meter at the end */
	struct session_health health; /* the last segment's */
	struct segment_files segments; /* with --switch-output */
	const char *writing;           /* the file being written */
	const char *last_written;      /* the last file finished */
	unsigned nsegments;            /* finished */
	char *kallsyms_cache;          /* the kernel's symbols kept between recordings */
};

/* record_opts.c: the command line into R's options and event configuration */
void record_parse_options(struct record *r, int argc, char **argv);
void record_setup_config(struct record *r);

/* record_target.c */
/* open the events on the command (prepared, not started) or the processes */
void record_open_events(struct record *r, struct pe_session *pe);
bool record_targets_alive(struct record *r);
/* ask a launched command (and its descendants) to stop, then make sure it does */
void record_stop_child(struct record *r);
/* the launched command's exit status as cprof's, or 0 */
int record_exit_status(struct record *r);
/* the command line recorded, or the attached processes' ("; "-separated) */
char *record_command_line(struct record *r);

#endif
