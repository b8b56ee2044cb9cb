/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cprof record: open the events, launch or attach, and let the recording
 * engine run until the command exits, the duration ends or the user
 * stops us; then say how the recording went.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "cmd/record.h"
#include "cmd/record_summary.h"
#include "record/procfs.h"
#include "util/clock.h"
#include "util/progress.h"
#include "util/strbuf.h"
#include "util/usage.h"
#include "util/xalloc.h"

/* the recording a signal stops; cprof records one at a time */
static struct recorder *signalled_recorder;
static volatile sig_atomic_t stop_signalled;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_signalled = 1;
	if (signalled_recorder)
		recorder_stop(signalled_recorder);
}

/* --switch-output: SIGUSR2 starts a new segment, as for perf */
static void on_switch_signal(int sig)
{
	(void)sig;
	if (signalled_recorder)
		recorder_rotate(signalled_recorder);
}

static void write_meta(struct record *r, struct sink *sink)
{
	struct utsname u;
	char buf[128];
	char *cmd = record_command_line(r);

	sink_meta(sink, "cprof_version", PACKAGE_VERSION);
	sink_meta(sink, "command", cmd);
	free(cmd);
	if (uname(&u) == 0) {
		sink_meta(sink, "host", u.nodename);
		sink_meta(sink, "kernel", u.release);
		sink_meta(sink, "arch", u.machine);
	}
	sink_meta(sink, "event", r->cfg.event.name);
	sink_meta(sink, "event_unit", r->cfg.event.time_based ? "nanoseconds" : "count");
	/* a recording sampled by frequency or by period (-c), never both */
	if (r->cfg.period) {
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)r->cfg.period);
		sink_meta(sink, "period", buf);
	} else {
		snprintf(buf, sizeof(buf), "%u", r->cfg.freq);
		sink_meta(sink, "frequency", buf);
	}
	if (r->cfg.callgraph == PE_CALLGRAPH_DWARF)
		snprintf(buf, sizeof(buf), "dwarf,%u", r->cfg.stack_bytes);
	else
		snprintf(buf, sizeof(buf), "fp");
	sink_meta(sink, "call_graph", buf);
	sink_meta(sink, "mode", r->system_wide		 ? "system"
				: r->mode == MODE_LAUNCH ? "launch"
				: r->mode == MODE_ATTACH ? "attach"
							 : "threads");
	sink_meta(sink, "kernel_frames",
		  r->cfg.exclude_kernel || r->cfg.event.exclude_kernel ? "no" : "yes");
}

/* keep an existing recording as FILE.old, as perf does */
static void keep_old_output(const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		char *old = xasprintf("%s.old", path);

		if (rename(path, old) < 0)
			warning("cannot keep the old '%s' as '%s': %s", path, old, strerror(errno));
		free(old);
	}
}

/*
 * The live status line is redrawn in place; a program writing to the
 * same terminal would write into it, and nothing can order the two. So
 * it is drawn only on a terminal that no profiled process has as its
 * stdin, stdout or stderr: in practice, never for a launched command
 * (it inherits cprof's stderr). An attached target goes on writing
 * after the recording: then no progress at the end either.
 */
static void decide_status(struct record *r)
{
	const pid_t *pids = r->mode == MODE_LAUNCH ? &r->wl.pid : r->targets;
	size_t n = r->mode == MODE_LAUNCH ? 1 : r->ntargets, i;
	struct stat tty;

	r->status_allowed = false;
	if (r->opts.quiet || !isatty(STDERR_FILENO) || fstat(STDERR_FILENO, &tty) < 0)
		return;
	for (i = 0; i < n; i++)
		if (procfs_uses_tty(pids[i], tty.st_rdev)) {
			if (r->mode != MODE_LAUNCH)
				r->progress_off = true;
			return;
		}
	r->status_allowed = true;
}

static void show_status(void *ctx, const struct recorder *rec, uint64_t now)
{
	struct record *r = ctx;

	if (!r->status_allowed)
		return;
	fprintf(stderr, "\rcprof: recording %6.1f s  %8llu samples  %llu lost\033[K",
		(double)(now - rec->start_ns) / 1e9, (unsigned long long)rec->session.stats.samples,
		(unsigned long long)rec->session.stats.lost);
	r->status_shown = true;
}

static void clear_status(struct record *r)
{
	if (r->status_shown)
		fputs("\r\033[K", stderr);
	r->status_shown = false;
}

/*
 * A plain recording is written in place (the previous one kept as
 * FILE.old); a rotating one's segments under FILE.part, each renamed
 * FILE.YYYYmmddHHMMSSmmm when done.
 */
static struct sink *open_segment(void *ctx, unsigned index, struct diag *d)
{
	struct record *r = ctx;
	struct sink *sink;

	(void)index;
	if (r->opts.switch_output) {
		r->writing = r->segments.part_path;
	} else {
		keep_old_output(r->opts.output);
		r->writing = r->opts.output;
	}
	sink = sink_cdata_open(r->writing, d);
	if (sink)
		write_meta(r, sink);
	return sink;
}

/* a finished segment of a rotating recording: its name, then the limits kept */
static int commit_segment(struct record *r, const struct session_stats *st, struct diag *d)
{
	uint64_t now = clock_ns(CLOCK_REALTIME);
	const char *path = segment_files_commit(&r->segments, now, d);
	struct diag pd;

	if (!path)
		return -1;
	r->last_written = path;
	if (!r->opts.quiet) {
		clear_status(r);
		fprintf(stderr, "cprof: wrote %s (%llu samples)\n", path,
			(unsigned long long)st->samples);
	}
	/* a file that cannot be removed is said, and recording goes on */
	if (segment_files_prune(&r->segments, now, &pd) < 0)
		warning("%s", pd.msg);
	return 0;
}

static int close_segment(void *ctx, struct sink *sink, bool ok, const struct session_stats *st,
			 struct session_health *h, struct diag *d)
{
	struct record *r = ctx;

	sink_free(sink);
	if (!ok)
		return 0;
	/* the summary's: counts over all segments, the last one's file lists (taken over) */
	h->user_stacks += r->health.user_stacks;
	h->rooted += r->health.rooted;
	h->frames += r->health.frames;
	h->resolved += r->health.resolved;
	session_health_release(&r->health);
	r->health = *h;
	session_health_init(h);
	r->nsegments++;
	if (r->opts.switch_output)
		return commit_segment(r, st, d);
	r->last_written = r->opts.output;
	return 0;
}

static bool keep_going(void *ctx)
{
	return record_targets_alive(ctx);
}

/*
 * Recording failed (a full disk, say): stop the command we started, as
 * Ctrl-C would, and say what is left where.
 */
__attribute__((noreturn)) static void record_failed(struct record *r, const struct diag *d)
{
	char *old = xasprintf("%s.old", r->opts.output);
	bool have_old = access(old, F_OK) == 0;

	clear_status(r);
	record_stop_child(r);
	recorder_abort(&r->rec);
	error("%s: %s", r->writing ? r->writing : r->opts.output, d->msg);
	if (r->writing && access(r->writing, F_OK) == 0)
		error("what was written before is readable (marked cut short) in '%s'%s%s%s",
		      r->writing, have_old ? "; the previous recording is '" : "",
		      have_old ? old : "", have_old ? "'" : "");
	free(old);
	exit(EXIT_FATAL);
}

/*
 * Keep up with busy targets: a recorder with the same priority as 32
 * CPU-bound threads gets a thirty-third of the CPU, too little to drain
 * its rings in time. So it raises its own priority (nice -10) where
 * allowed; the launched command, forked already, keeps its own.
 */
#define RECORDER_NICE_BOOST 10

/*
 * The unwinder holds a descriptor per module of each live sampled process:
 * system-wide, on a desktop, more than the usual soft limit of 1,024. The
 * soft limit goes up to the hard one, as perf does when it runs out.
 */
static void raise_file_limit(void)
{
	struct rlimit rl;

	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		if (setrlimit(RLIMIT_NOFILE, &rl) < 0 && cprof_verbose)
			warning("cannot raise the open file limit: %s", strerror(errno));
	}
}

static void raise_priority(void)
{
	int nice_now;

	errno = 0;
	nice_now = getpriority(PRIO_PROCESS, 0);
	if (errno)
		return;
	if (setpriority(PRIO_PROCESS, 0, nice_now - RECORDER_NICE_BOOST) < 0 && cprof_verbose)
		warning("cannot raise the recorder's priority: %s", strerror(errno));
}

/* mkdir -p DIR, the directories made with MODE: 0, or -1 */
static int mkdir_parents(const char *dir, mode_t mode)
{
	char *p = xstrdup(dir), *slash;
	int ret = 0;

	for (slash = strchr(p + 1, '/');; slash = strchr(slash + 1, '/')) {
		if (slash)
			*slash = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST) {
			ret = -1;
			break;
		}
		if (!slash)
			break;
		*slash = '/';
	}
	free(p);
	return ret;
}

/*
 * Where the kernel's symbols are cached between recordings: in
 * $CPROF_CACHE_DIR (empty: no cache), else $XDG_CACHE_HOME/cprof, else
 * ~/.cache/cprof; NULL when there is no such place to be had.
 */
static char *kallsyms_cache_path(void)
{
	const char *env = getenv("CPROF_CACHE_DIR"), *base;
	char *dir, *path = NULL;

	if (env && !*env)
		return NULL;
	if (env)
		dir = xstrdup(env);
	else if ((base = getenv("XDG_CACHE_HOME")) && *base == '/')
		dir = xasprintf("%s/cprof", base);
	else if ((base = getenv("HOME")) && *base == '/')
		dir = xasprintf("%s/.cache/cprof", base);
	else
		return NULL;
	if (mkdir_parents(dir, 0700) == 0)
		path = xasprintf("%s/kallsyms", dir);
	free(dir);
	return path;
}

static void catch_signals(struct recorder *rec, bool rotating)
{
	struct sigaction sa;

	signalled_recorder = rec;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	/* as for perf, SIGUSR2 means something only with --switch-output */
	if (rotating) {
		sa.sa_handler = on_switch_signal;
		sigaction(SIGUSR2, &sa, NULL);
	}
}

/*
 * Say once what the events were opened without: the kernel samples
 * left out up front for want of privilege, and what the opener gave up
 * for the kernel or the locked-memory budget. The configuration
 * recorded is the one that opened.
 */
static void say_given_up(struct record *r, const struct pe_session *pe)
{
	bool no_kernel_up_front = r->cfg.exclude_kernel && !r->cfg.event.exclude_kernel;
	size_t i;

	r->cfg = pe->cfg;
	if (r->opts.quiet)
		return;
	if (no_kernel_up_front)
		warning("given up: kernel frames: cprof is not root and perf_event_paranoid is above "
			"1, so only user code is sampled and time in the kernel goes uncounted");
	for (i = 0; i < pe->ngiven_up; i++)
		warning("given up: %s", pe->given_up[i]);
}

static void start_recorder(struct record *r)
{
	struct recorder_config cfg = { 0 };
	struct recorder_hooks hooks = { 0 };
	struct pe_session pe;
	struct diag d;
	size_t i;

	cfg.duration_ns = r->opts.duration_ns;
	cfg.switch_bytes = r->opts.switch_bytes;
	cfg.switch_ns = r->opts.switch_ns;
	cfg.segmented = r->opts.switch_output;
	cfg.duty_on_ns = r->opts.duty_on_ns;
	cfg.duty_period_ns = r->opts.duty_period_ns;
	cfg.frequency = r->cfg.period ? 0 : r->cfg.freq;
	cfg.max_overhead_pct = r->opts.max_overhead_pct;
	cfg.enabled_at_start = r->cfg.enable_on_exec; /* at the command's exec */
	hooks.ctx = r;
	hooks.open_segment = open_segment;
	hooks.close_segment = close_segment;
	hooks.keep_going = keep_going;
	hooks.tick = show_status;

	if (r->opts.switch_output)
		segment_files_init(&r->segments, r->opts.output, &r->opts.keep);
	record_open_events(r, &pe);
	say_given_up(r, &pe);
	perf_source_init(&r->ps, &pe);
	raise_priority();
	raise_file_limit();
	if (recorder_open(&r->rec, &cfg, &r->ps.src, &hooks, &d) < 0) {
		workload_cancel(&r->wl);
		die("%s", d.msg);
	}
	catch_signals(&r->rec, r->opts.switch_output);
	r->rec.session.kallsyms_cache = r->kallsyms_cache = kallsyms_cache_path();
	if (r->mode == MODE_ATTACH)
		for (i = 0; i < r->ntargets; i++)
			session_synthesize(&r->rec.session, r->targets[i]);
	if (r->mode == MODE_THREADS)
		for (i = 0; i < r->ntargets; i++)
			session_synthesize(&r->rec.session, procfs_tgid(r->targets[i]));

	/* the duration counts from here: setting up can take a while */
	if (recorder_start(&r->rec, &d) < 0)
		record_failed(r, &d);
	if (r->mode == MODE_LAUNCH && workload_start(&r->wl, r->opts.argv[0], &d) < 0) {
		recorder_abort(&r->rec);
		unlink(r->writing);
		die("%s", d.msg);
	}
}

int cmd_record(int argc, char **argv)
{
	struct record r;
	struct diag d;
	int status;

	memset(&r, 0, sizeof(r));
	r.wl.pid = -1;
	r.wl.go_fd = r.wl.err_fd = -1;
	session_health_init(&r.health);
	record_parse_options(&r, argc, argv);
	record_setup_config(&r);
	start_recorder(&r);
	decide_status(&r);
	/* after decide_status(), which silences it for a target sharing the terminal */
	r.rec.cfg.progress = progress_to_stderr(r.opts.quiet || r.progress_off);

	if (recorder_run(&r.rec, &d) < 0)
		record_failed(&r, &d);
	/* sampling ends before the command is stopped: its way out is not profiled */
	if (recorder_halt(&r.rec, &d) < 0)
		record_failed(&r, &d);
	r.stop_signalled = stop_signalled;
	record_stop_child(&r);
	if (recorder_finish(&r.rec, &d) < 0)
		record_failed(&r, &d);
	clear_status(&r);
	signalled_recorder = NULL;
	if (r.rec.rate_failed)
		warning("--max-overhead: %s; the rate stayed at %u Hz", r.rec.rate_error.msg,
			r.rec.frequency);
	if (r.rec.rate_changes && !r.opts.quiet)
		fprintf(stderr, "cprof: --max-overhead changed the rate %llu times; it ended at %u Hz "
				"(cprof info shows when)\n",
			(unsigned long long)r.rec.rate_changes, r.rec.frequency);

	if (!r.opts.quiet) {
		struct record_summary sum = { &r.rec.session.stats, &r.health, &r.cfg,
					      (double)(r.rec.end_ns - r.rec.start_ns) / 1e9,
					      r.last_written, r.nsegments };

		record_print_summary(&sum);
	}
	status = record_exit_status(&r);
	if (r.opts.strict && record_is_poor(&r.rec.session.stats, &r.health)) {
		fprintf(stderr, "cprof: the recording is poor (--strict): see the summary above\n");
		if (!status)
			status = EXIT_PROBLEMS;
	}
	session_health_release(&r.health);
	segment_files_release(&r.segments);
	recorder_release(&r.rec);
	r.ps.src.ops->close(&r.ps.src);
	free(r.targets);
	free(r.cpus);
	free(r.kallsyms_cache);
	return status;
}
