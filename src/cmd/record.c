/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cprof record: open the events, launch or attach, drain the rings until
 * the command exits, the duration ends or the user stops us, then resolve
 * symbols and finish the file.
 */


#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "format/cdata.h"
#include "record/perf_event.h"
#include "cmd/record_summary.h"
#include "record/procfs.h"
#include "record/session.h"
#include "record/workload.h"
#include "util/strbuf.h"
#include "util/opts.h"
#include "util/progress.h"
#include "util/share.h"
#include "util/usage.h"
#include "util/xalloc.h"

#define DEFAULT_FREQ 999
#define DEFAULT_STACK_BYTES 32768
#define MAX_STACK_BYTES 65528
#define FLUSH_INTERVAL_NS 500000000ULL
/* unwinding between two drains of the rings, at most */
#define PROCESS_BUDGET_NS 50000000ULL
#define STATUS_INTERVAL_NS 250000000ULL

enum record_mode { MODE_LAUNCH, MODE_ATTACH, MODE_THREADS };

struct record_opts {
	unsigned freq;
	unsigned long period; /* -c: a sample every PERIOD events, 0 = by frequency */
	double duration; /* seconds, 0 = until the end */
	const char *output;
	const char *event;
	const char *call_graph;
	const char *pids;
	const char *tids;
	bool no_inherit;
	bool strict;
	bool quiet;
	char **argv; /* the command, in launch mode */
};

struct record {
	struct record_opts opts;
	enum record_mode mode;
	struct pe_config cfg;
	struct pe_session pe;
	struct session session;
	struct cdata_writer *w;
	struct workload wl;
	pid_t *targets; /* attach: processes; threads: thread ids */
	size_t ntargets;
	int child_status;
	bool child_exited;
	bool stopped_child; /* cprof sent it SIGTERM: the duration ended, or cprof was stopped */
	uint64_t start_ns;
	bool status_shown;
	bool status_allowed; /* the live status line may be drawn */
};

static volatile sig_atomic_t stop_requested;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static uint64_t now_ns(clockid_t clk)
{
	struct timespec ts;

	clock_gettime(clk, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static void parse_id_list(const char *list, pid_t **ids, size_t *n, const char *what)
{
	char *copy = xstrdup(list), *tok, *save = NULL;
	size_t alloc = 0;

	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		unsigned long v = opt_parse_ulong("record", tok, what);

		if (!v || v > 0x7fffffff)
			usage_error("record", "invalid %s '%s'", what, tok);
		ALLOC_GROW(*ids, *n + 1, alloc);
		(*ids)[(*n)++] = (pid_t)v;
	}
	free(copy);
	if (!*n)
		usage_error("record", "empty %s list", what);
}

static bool is_call_graph_mode(const char *s)
{
	return !strcmp(s, "fp") || !strcmp(s, "dwarf") || !strcmp(s, "auto") ||
	       !strncmp(s, "dwarf,", 6);
}

static void parse_call_graph(struct record *r)
{
	const char *cg = r->opts.call_graph;

	r->cfg.stack_bytes = DEFAULT_STACK_BYTES;
	if (!strcmp(cg, "fp")) {
		r->cfg.callgraph = PE_CALLGRAPH_FP;
		return;
	}
	r->cfg.callgraph = PE_CALLGRAPH_DWARF;
	if (!strcmp(cg, "auto") || !strcmp(cg, "dwarf"))
		return;
	if (!strncmp(cg, "dwarf,", 6)) {
		unsigned long v = opt_parse_ulong("record", cg + 6, "stack size");

		if (!v || v % 8 || v > MAX_STACK_BYTES)
			usage_error("record", "stack size must be a multiple of 8 from 8 to %d, not '%s'",
				    MAX_STACK_BYTES, cg + 6);
		r->cfg.stack_bytes = (unsigned)v;
		return;
	}
	usage_error("record", "unknown call graph mode '%s' (use fp, dwarf[,STACK_BYTES] or auto)",
		    cg);
}

/*
 * A ring holding about a second of samples at full rate, so that a
 * recorder starved of CPU for a moment loses nothing; within limits.
 */
static size_t ring_bytes(const struct pe_config *cfg)
{
	uint64_t per_sample = 512 + (cfg->callgraph == PE_CALLGRAPH_DWARF ? cfg->stack_bytes : 0);
	uint64_t want = (uint64_t)cfg->freq * per_sample;
	size_t size = 512 * 1024;

	while (size < want && size < (32u << 20))
		size *= 2;
	return size;
}

static void parse_options(struct record *r, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "freq", required_argument, NULL, 'F' },
		{ "count", required_argument, NULL, 'c' },
		{ "duration", required_argument, NULL, 'd' },
		{ "output", required_argument, NULL, 'o' },
		{ "event", required_argument, NULL, 'e' },
		{ "call-graph", required_argument, NULL, 'g' },
		{ "pid", required_argument, NULL, 'p' },
		{ "tid", required_argument, NULL, 't' },
		{ "no-inherit", no_argument, NULL, 'I' },
		{ "strict", no_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct record_opts *o = &r->opts;
	unsigned long freq;
	int c;

	o->freq = DEFAULT_FREQ;
	o->output = "cprof.data";
	o->event = "cpu-clock";
	o->call_graph = "auto";
	o->quiet = cprof_quiet;
	/* '+': stop at the command's first argument */
	opterr = 0;
	while ((c = opt_next("record", argc, argv, "+:F:c:d:o:e:g::p:t:qh", longopts)) != -1) {
		char *end;

		switch (c) {
		case 'F':
			freq = opt_parse_ulong("record", optarg, "frequency");
			if (freq < 1 || freq > 100000)
				usage_error("record", "frequency must be from 1 to 100000 Hz");
			o->freq = (unsigned)freq;
			break;
		case 'c':
			o->period = opt_parse_ulong("record", optarg, "period");
			if (!o->period)
				usage_error("record", "the period must be at least 1");
			break;
		case 'd':
			errno = 0;
			o->duration = strtod(optarg, &end);
			if (errno || end == optarg || *end || !(o->duration > 0) || o->duration > 1e9)
				usage_error("record", "invalid duration '%s'", optarg);
			break;
		case 'o':
			o->output = optarg;
			break;
		case 'e':
			o->event = optarg;
			break;
		case 'g':
			/*
			 * perf's habit: a bare -g means the default call graph.
			 * "-g MODE" still takes the next word when it is a mode
			 * (or any word before "--", to name it if unknown);
			 * --call-graph always needs one (getopt sees to that).
			 */
			if (optarg)
				o->call_graph = optarg;
			else if (optind < argc && (is_call_graph_mode(argv[optind]) ||
						   (argv[optind][0] != '-' && optind + 1 < argc &&
						    !strcmp(argv[optind + 1], "--"))))
				o->call_graph = argv[optind++];
			else
				o->call_graph = "auto";
			break;
		case 'p':
			o->pids = optarg;
			break;
		case 't':
			o->tids = optarg;
			break;
		case 'I':
			o->no_inherit = true;
			break;
		case 'S':
			o->strict = true;
			break;
		case 'q':
			o->quiet = true;
			cprof_quiet = 1; /* no progress bars either */
			break;
		case 'h':
			cprof_print_usage("record");
			exit(0);
		default:
			bad_option("record", c, argv);
		}
	}
	if (optind < argc)
		o->argv = argv + optind;
	if (!!o->pids + !!o->tids + !!o->argv != 1)
		usage_error("record", o->argv || o->pids || o->tids
					      ? "give only one of -p, -t and a command"
					      : "nothing to profile: give a command after --, -p PID or -t TID");
	r->mode = o->argv ? MODE_LAUNCH : o->pids ? MODE_ATTACH : MODE_THREADS;
	if (o->pids)
		parse_id_list(o->pids, &r->targets, &r->ntargets, "pid");
	if (o->tids)
		parse_id_list(o->tids, &r->targets, &r->ntargets, "tid");
}

static void setup_config(struct record *r)
{
	struct diag d;
	int paranoid = 2;
	FILE *f;

	if (pe_parse_event(r->opts.event, &r->cfg.event, &d) < 0)
		usage_error("record", "%s", d.msg);
	r->cfg.freq = r->opts.freq;
	r->cfg.period = r->opts.period;
	parse_call_graph(r);
	r->cfg.ring_bytes = ring_bytes(&r->cfg);
	r->cfg.inherit = !r->opts.no_inherit && r->mode != MODE_THREADS;
	r->cfg.enable_on_exec = r->mode == MODE_LAUNCH;
	f = fopen("/proc/sys/kernel/perf_event_paranoid", "re");
	if (f) {
		if (fscanf(f, "%d", &paranoid) != 1)
			paranoid = 2;
		fclose(f);
	}
	/* kernel samples need privilege; without it they would be refused */
	r->cfg.exclude_kernel = geteuid() != 0 && paranoid > 1;
}

/* the threads of every target process, for per-thread events */
static void attach_threads(struct record *r, pid_t **tids, size_t *ntids)
{
	size_t i, j, alloc = 0;

	*tids = NULL;
	*ntids = 0;
	for (i = 0; i < r->ntargets; i++) {
		pid_t *t;
		size_t n;

		if (procfs_threads(r->targets[i], &t, &n) < 0)
			die("no such process: %d", (int)r->targets[i]);
		for (j = 0; j < n; j++) {
			ALLOC_GROW(*tids, *ntids + 1, alloc);
			(*tids)[(*ntids)++] = t[j];
		}
		free(t);
	}
}

static char *command_line(struct record *r)
{
	struct strbuf sb = STRBUF_INIT;
	size_t i;

	if (r->mode == MODE_LAUNCH) {
		for (i = 0; r->opts.argv[i]; i++) {
			if (i)
				strbuf_addch(&sb, ' ');
			strbuf_addstr(&sb, r->opts.argv[i]);
		}
		return strbuf_detach(&sb);
	}
	for (i = 0; i < r->ntargets; i++) {
		pid_t pid = r->mode == MODE_THREADS ? procfs_tgid(r->targets[i]) : r->targets[i];
		char *cmd = procfs_cmdline(pid);

		if (i)
			strbuf_addstr(&sb, "; ");
		strbuf_addstr(&sb, cmd ? cmd : "?");
		free(cmd);
	}
	return strbuf_detach(&sb);
}

static void write_meta(struct record *r)
{
	struct cdata_writer *w = r->w;
	struct utsname u;
	char buf[128];
	char *cmd = command_line(r);

	cdata_write_meta(w, "cprof_version", PACKAGE_VERSION);
	cdata_write_meta(w, "command", cmd);
	free(cmd);
	if (uname(&u) == 0) {
		cdata_write_meta(w, "host", u.nodename);
		cdata_write_meta(w, "kernel", u.release);
		cdata_write_meta(w, "arch", u.machine);
	}
	cdata_write_meta(w, "event", r->cfg.event.name);
	cdata_write_meta(w, "event_unit", r->cfg.event.time_based ? "nanoseconds" : "count");
	/* a recording sampled by frequency or by period (-c), never both */
	if (r->cfg.period) {
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)r->cfg.period);
		cdata_write_meta(w, "period", buf);
	} else {
		snprintf(buf, sizeof(buf), "%u", r->cfg.freq);
		cdata_write_meta(w, "frequency", buf);
	}
	if (r->cfg.callgraph == PE_CALLGRAPH_DWARF)
		snprintf(buf, sizeof(buf), "dwarf,%u", r->cfg.stack_bytes);
	else
		snprintf(buf, sizeof(buf), "fp");
	cdata_write_meta(w, "call_graph", buf);
	cdata_write_meta(w, "mode", r->mode == MODE_LAUNCH   ? "launch"
				    : r->mode == MODE_ATTACH ? "attach"
							     : "threads");
	cdata_write_meta(w, "kernel_frames", r->cfg.exclude_kernel || r->cfg.event.exclude_kernel
						     ? "no"
						     : "yes");
}

/* when sampling started: set once the events are enabled (or the command released) */
static void start_clock(struct record *r)
{
	char buf[64];
	time_t t = time(NULL);
	struct tm tm;

	r->start_ns = now_ns(CLOCK_MONOTONIC);
	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%dT%H:%M:%SZ", &tm);
	cdata_write_meta(r->w, "start_time", buf);
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)now_ns(CLOCK_REALTIME));
	cdata_write_meta(r->w, "start_time_ns", buf);
	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)r->start_ns);
	cdata_write_meta(r->w, "start_mono_ns", buf);
}

/* keep an existing recording as FILE.old, as perf does */
static void open_output(struct record *r)
{
	struct diag d;
	struct stat st;

	if (stat(r->opts.output, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		char *old = xasprintf("%s.old", r->opts.output);

		if (rename(r->opts.output, old) < 0)
			warning("cannot keep the old '%s' as '%s': %s", r->opts.output, old,
				strerror(errno));
		free(old);
	}
	r->w = cdata_writer_open(r->opts.output, &d);
	if (!r->w)
		die("%s", d.msg);
}

static void start_events(struct record *r)
{
	struct diag d;
	pid_t *tids = NULL;
	size_t ntids = 0;

	if (r->mode == MODE_LAUNCH) {
		if (workload_prepare(&r->wl, r->opts.argv, &d) < 0)
			die("%s", d.msg);
		if (pe_open(&r->pe, &r->cfg, &r->wl.pid, 1, &d) < 0) {
			workload_cancel(&r->wl);
			die("%s", d.msg);
		}
		return;
	}
	if (r->mode == MODE_ATTACH) {
		attach_threads(r, &tids, &ntids);
	} else {
		size_t i;

		for (i = 0; i < r->ntargets; i++)
			if (kill(r->targets[i], 0) < 0 && errno == ESRCH)
				die("no such thread: %d", (int)r->targets[i]);
		tids = xmalloc(st_mult(r->ntargets, sizeof(*tids)));
		memcpy(tids, r->targets, r->ntargets * sizeof(*tids));
		ntids = r->ntargets;
	}
	if (pe_open(&r->pe, &r->cfg, tids, ntids, &d) < 0)
		die("%s", d.msg);
	free(tids);
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
				progress_disable();
			return;
		}
	r->status_allowed = true;
}

static void show_status(struct record *r, uint64_t now)
{
	if (!r->status_allowed)
		return;
	fprintf(stderr, "\rcprof: recording %6.1f s  %8llu samples  %llu lost\033[K",
		(double)(now - r->start_ns) / 1e9, (unsigned long long)r->session.stats.samples,
		(unsigned long long)r->session.stats.lost);
	r->status_shown = true;
}

static void clear_status(struct record *r)
{
	if (r->status_shown)
		fputs("\r\033[K", stderr);
	r->status_shown = false;
}

static void queue_record(void *session, const void *rec, size_t size)
{
	session_queue(session, rec, size);
}

static void drain(struct record *r)
{
	size_t i;

	for (i = 0; i < r->pe.nrings; i++)
		pe_ring_drain(&r->pe.rings[i], queue_record, &r->session);
}

static bool targets_alive(struct record *r)
{
	size_t i;

	if (r->mode == MODE_LAUNCH) {
		int status;

		if (r->child_exited)
			return false;
		if (waitpid(r->wl.pid, &status, WNOHANG) == r->wl.pid) {
			r->child_exited = true;
			r->child_status = status;
			return false;
		}
		return true;
	}
	for (i = 0; i < r->ntargets; i++)
		if (kill(r->targets[i], 0) == 0 || errno != ESRCH)
			return true;
	return false;
}

/*
 * SIG to PID and every process descending from it (the children of
 * children found through /proc/PID/task/TID/children), so that a shell's
 * background jobs end with it rather than outlive cprof.
 */
static void kill_tree(pid_t pid, int sig)
{
	pid_t *todo = NULL;
	size_t n = 0, i, alloc = 0;

	ALLOC_GROW(todo, n + 1, alloc);
	todo[n++] = pid;
	for (i = 0; i < n && n < 100000; i++) {
		pid_t *tids;
		size_t ntids, j;

		if (procfs_threads(todo[i], &tids, &ntids) < 0)
			continue;
		for (j = 0; j < ntids; j++) {
			char path[64];
			FILE *f;
			int c;

			snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)todo[i],
				 (int)tids[j]);
			f = fopen(path, "re");
			if (!f)
				continue;
			while (fscanf(f, "%d", &c) == 1) {
				ALLOC_GROW(todo, n + 1, alloc);
				todo[n++] = (pid_t)c;
			}
			fclose(f);
		}
		free(tids);
	}
	for (i = 0; i < n; i++)
		kill(todo[i], sig);
	free(todo);
}

/* ask a launched command (and its descendants) to stop, then make sure it does */
static void stop_child(struct record *r)
{
	int i, status;

	if (r->mode != MODE_LAUNCH || r->child_exited)
		return;
	r->stopped_child = true;
	kill_tree(r->wl.pid, SIGTERM);
	for (i = 0; i < 50; i++) {
		if (waitpid(r->wl.pid, &status, WNOHANG) == r->wl.pid) {
			r->child_exited = true;
			r->child_status = status;
			return;
		}
		usleep(20000);
	}
	kill_tree(r->wl.pid, SIGKILL);
	if (waitpid(r->wl.pid, &status, 0) == r->wl.pid) {
		r->child_exited = true;
		r->child_status = status;
	}
}

/*
 * Writing the recording failed (a full disk, say): stop the command we
 * started, as Ctrl-C would, and say what is left where.
 */
__attribute__((noreturn)) static void write_failed(struct record *r, const struct diag *d)
{
	char *old = xasprintf("%s.old", r->opts.output);

	stop_child(r);
	error("%s: %s", r->opts.output, d->msg);
	error("what was written before is readable (marked cut short) in '%s'%s%s%s",
	      r->opts.output, access(old, F_OK) ? "" : "; the previous recording is '",
	      access(old, F_OK) ? "" : old, access(old, F_OK) ? "" : "'");
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

static void record_loop(struct record *r)
{
	struct pollfd *pfds = xcalloc(r->pe.nrings ? r->pe.nrings : 1, sizeof(*pfds));
	uint64_t deadline = r->opts.duration > 0 ? r->start_ns + (uint64_t)(r->opts.duration * 1e9)
						 : UINT64_MAX;
	uint64_t prev_pass = 0, last_flush = r->start_ns, last_status = 0;
	size_t i, n = 0;
	struct diag d;

	for (i = 0; i < r->pe.nrings; i++) {
		if (r->pe.rings[i].fd < 0)
			continue;
		pfds[n].fd = r->pe.rings[i].fd;
		pfds[n++].events = POLLIN;
	}
	for (;;) {
		uint64_t pass = now_ns(CLOCK_MONOTONIC);
		int timeout = 100;

		/* check the end first: -d is kept even when a pass ran long */
		if (!targets_alive(r) || stop_requested || pass >= deadline)
			break;
		drain(r);
		/* records older than the previous pass are in every ring by now */
		/*
		 * a bounded slice of work, so that the rings are drained again
		 * soon even when unwinding falls behind (the rest stays queued)
		 */
		session_process(&r->session, prev_pass, PROCESS_BUDGET_NS);
		prev_pass = pass;
		if (pass - last_flush >= FLUSH_INTERVAL_NS ||
		    cdata_writer_pending_samples(r->w) > 8192) {
			if (cdata_writer_flush(r->w, &d) < 0)
				write_failed(r, &d);
			last_flush = pass;
		}
		if (pass - last_status >= STATUS_INTERVAL_NS) {
			show_status(r, pass);
			last_status = pass;
		}
		pass = now_ns(CLOCK_MONOTONIC);
		if (deadline != UINT64_MAX)
			timeout = pass >= deadline ? 0
				  : deadline - pass < 100000000ULL ? (int)((deadline - pass) / 1000000) + 1
								   : 100;
		if (r->session.behind)
			timeout = 0; /* queued work waits: just look at the rings */
		if (poll(pfds, n, timeout) < 0 && errno != EINTR)
			die("poll: %s", strerror(errno));
	}
	free(pfds);
}

static int exit_status(struct record *r)
{
	int st = r->child_status;

	if (r->mode != MODE_LAUNCH || !r->child_exited)
		return 0;
	if (WIFEXITED(st))
		return WEXITSTATUS(st);
	if (WIFSIGNALED(st)) {
		/* a stop that cprof asked for (or was asked for) is no failure */
		if (r->stopped_child || stop_requested)
			return 0;
		fprintf(stderr, "cprof: command terminated by signal %d (%s)%s\n", WTERMSIG(st),
			strsignal(WTERMSIG(st)), WCOREDUMP(st) ? ", core dumped" : "");
		return 128 + WTERMSIG(st);
	}
	return 0;
}

int cmd_record(int argc, char **argv)
{
	struct record r;
	struct session_health health;
	struct sigaction sa;
	struct diag d;
	char buf[64];
	uint64_t end_ns;
	int status;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.wl.pid = -1;
	r.wl.go_fd = r.wl.err_fd = -1;
	parse_options(&r, argc, argv);
	setup_config(&r);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);

	start_events(&r);
	raise_priority();
	open_output(&r);
	write_meta(&r);
	session_init(&r.session, &r.cfg, r.w);
	if (r.mode == MODE_ATTACH)
		for (i = 0; i < r.ntargets; i++)
			session_synthesize(&r.session, r.targets[i]);
	if (r.mode == MODE_THREADS)
		for (i = 0; i < r.ntargets; i++)
			session_synthesize(&r.session, procfs_tgid(r.targets[i]));

	/* the duration counts from here: setting up can take a while */
	start_clock(&r);
	if (r.mode == MODE_LAUNCH) {
		if (workload_start(&r.wl, r.opts.argv[0], &d) < 0) {
			cdata_writer_abort(r.w);
			unlink(r.opts.output);
			die("%s", d.msg);
		}
	} else if (pe_enable(&r.pe) < 0) {
		die("cannot enable perf events: %s", strerror(errno));
	}

	decide_status(&r);
	record_loop(&r);
	pe_disable(&r.pe);
	end_ns = now_ns(CLOCK_MONOTONIC);
	stop_child(&r);
	drain(&r);
	session_process(&r.session, UINT64_MAX, 0);
	clear_status(&r);

	snprintf(buf, sizeof(buf), "%llu", (unsigned long long)(end_ns - r.start_ns));
	cdata_write_meta(r.w, "duration_ns", buf);
	if (session_finish(&r.session, &health, &d) < 0 || cdata_writer_finish(r.w, &d) < 0)
		write_failed(&r, &d);
	if (!r.opts.quiet) {
		struct record_summary sum = { &r.session.stats, &health, &r.cfg,
					      (double)(end_ns - r.start_ns) / 1e9, r.opts.output };

		record_print_summary(&sum);
	}

	status = exit_status(&r);
	if (r.opts.strict && record_is_poor(&r.session.stats, &health)) {
		fprintf(stderr, "cprof: the recording is poor (--strict): see the summary above\n");
		if (!status)
			status = EXIT_PROBLEMS;
	}
	session_health_release(&health);
	session_release(&r.session);
	pe_close(&r.pe);
	free(r.targets);
	return status;
}
