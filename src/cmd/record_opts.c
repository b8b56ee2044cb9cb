/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cprof record's options: perf's names, checked as they are read */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "cmd/record.h"
#include "util/opts.h"
#include "util/units.h"
#include "util/usage.h"
#include "util/xalloc.h"

#define DEFAULT_FREQ 999
#define DEFAULT_STACK_BYTES 32768
#define MAX_STACK_BYTES 65528

enum {
	OPT_SWITCH_OUTPUT = 256,
	OPT_SWITCH_MAX_FILES,
	OPT_MAX_AGE,
	OPT_MAX_TOTAL_SIZE,
	OPT_DUTY,
	OPT_MAX_OVERHEAD,
};

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
 * The CPUs of -C, perf's syntax ("0,2-3"), or every configured CPU;
 * sorted, each once.
 */
static void parse_cpu_list(struct record *r, const char *list)
{
	long ncpus = sysconf(_SC_NPROCESSORS_CONF);
	size_t alloc = 0;
	char *copy, *tok, *save = NULL;
	bool *want;
	long i;

	if (ncpus < 1)
		ncpus = 1;
	want = xcalloc((size_t)ncpus, sizeof(*want));
	if (!list) {
		for (i = 0; i < ncpus; i++)
			want[i] = true;
	} else {
		copy = xstrdup(list);
		for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
			char *dash = strchr(tok, '-');
			unsigned long lo, hi;

			if (dash)
				*dash = '\0';
			lo = opt_parse_ulong("record", tok, "CPU");
			hi = dash ? opt_parse_ulong("record", dash + 1, "CPU") : lo;
			if (lo > hi || hi >= (unsigned long)ncpus)
				usage_error("record", "invalid CPU list '%s' (this machine has CPUs 0-%ld)",
					    list, ncpus - 1);
			for (; lo <= hi; lo++)
				want[lo] = true;
		}
		free(copy);
	}
	for (i = 0; i < ncpus; i++)
		if (want[i]) {
			ALLOC_GROW(r->cpus, r->ncpus + 1, alloc);
			r->cpus[r->ncpus++] = (int)i;
		}
	free(want);
	if (!r->ncpus)
		usage_error("record", "empty CPU list");
}

/*
 * perf's --switch-output: alone or "signal", a new segment at each
 * SIGUSR2; a size ("100M") or a time ("30s") starts one when the
 * current segment reaches it.
 */
static void parse_switch_output(struct record_opts *o, const char *arg)
{
	o->switch_output = true;
	if (!arg || !strcmp(arg, "signal"))
		return;
	if (has_unit_suffix(arg) && parse_size_bytes(arg, &o->switch_bytes) == 0 && o->switch_bytes)
		return;
	o->switch_bytes = 0;
	if (has_unit_suffix(arg) && parse_duration_ns(arg, &o->switch_ns) == 0 && o->switch_ns)
		return;
	usage_error("record", "invalid --switch-output '%s' (signal, a size such as 100M or a "
			      "time such as 30s)", arg);
}

/* --duty ON/PERIOD: sample ON of every PERIOD, "10s/60s" */
static void parse_duty(struct record_opts *o, const char *arg)
{
	const char *slash = strchr(arg, '/');
	char *on = slash ? xstrndup(arg, (size_t)(slash - arg)) : NULL;
	bool ok = on && parse_duration_ns(on, &o->duty_on_ns) == 0 &&
		  parse_duration_ns(slash + 1, &o->duty_period_ns) == 0 && o->duty_on_ns &&
		  o->duty_on_ns < o->duty_period_ns;

	free(on);
	if (!ok)
		usage_error("record", "invalid --duty '%s' (ON/PERIOD, ON shorter than PERIOD: "
				      "for example 10s/60s)", arg);
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

void record_parse_options(struct record *r, int argc, char **argv)
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
		{ "all-cpus", no_argument, NULL, 'a' },
		{ "cpu", required_argument, NULL, 'C' },
		{ "no-inherit", no_argument, NULL, 'I' },
		{ "strict", no_argument, NULL, 'S' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "switch-output", optional_argument, NULL, OPT_SWITCH_OUTPUT },
		{ "switch-max-files", required_argument, NULL, OPT_SWITCH_MAX_FILES },
		{ "max-age", required_argument, NULL, OPT_MAX_AGE },
		{ "max-total-size", required_argument, NULL, OPT_MAX_TOTAL_SIZE },
		{ "duty", required_argument, NULL, OPT_DUTY },
		{ "max-overhead", required_argument, NULL, OPT_MAX_OVERHEAD },
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
	while ((c = opt_next("record", argc, argv, "+:F:c:d:o:e:g::p:t:aC:qh", longopts)) != -1) {
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
			/* 0 and inf: until stopped, for continuous profiling */
			if (!strcmp(optarg, "inf") || !strcmp(optarg, "infinity"))
				o->duration_ns = 0;
			else if (parse_duration_ns(optarg, &o->duration_ns) < 0)
				usage_error("record", "invalid duration '%s' (seconds, or 30s, 10m, 2h; "
					    "0 or inf: until stopped)", optarg);
			break;
		case OPT_SWITCH_OUTPUT:
			parse_switch_output(o, optarg);
			break;
		case OPT_SWITCH_MAX_FILES:
			o->keep.max_files = opt_parse_ulong("record", optarg, "number of files");
			if (!o->keep.max_files)
				usage_error("record", "--switch-max-files must be at least 1");
			break;
		case OPT_MAX_AGE:
			if (parse_duration_ns(optarg, &o->keep.max_age_ns) < 0 || !o->keep.max_age_ns)
				usage_error("record", "invalid age '%s' (for example 30m, 2h, 7d)", optarg);
			break;
		case OPT_MAX_TOTAL_SIZE:
			if (parse_size_bytes(optarg, &o->keep.max_bytes) < 0 || !o->keep.max_bytes)
				usage_error("record", "invalid size '%s' (for example 500M, 2G)", optarg);
			break;
		case OPT_DUTY:
			parse_duty(o, optarg);
			break;
		case OPT_MAX_OVERHEAD: {
			char *end;

			errno = 0;
			o->max_overhead_pct = strtod(optarg, &end);
			if (errno || end == optarg || (*end && strcmp(end, "%")) ||
			    !(o->max_overhead_pct > 0) || o->max_overhead_pct > 100)
				usage_error("record", "invalid --max-overhead '%s' (a percentage of one "
						      "CPU, above 0 and up to 100)", optarg);
			break;
		}
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
		case 'a':
			o->all_cpus = true;
			break;
		case 'C':
			o->cpu_list = optarg;
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
	r->system_wide = o->all_cpus || o->cpu_list;
	if (r->system_wide && (o->pids || o->tids))
		usage_error("record", "-a and -C profile every process: give them without -p or -t");
	if (!r->system_wide && !!o->pids + !!o->tids + !!o->argv != 1)
		usage_error("record", o->argv || o->pids || o->tids
					      ? "give only one of -p, -t and a command"
					      : "nothing to profile: give a command after --, -p PID, -t TID "
						"or -a");
	if (o->max_overhead_pct > 0 && o->period)
		usage_error("record", "--max-overhead changes the frequency: not with -c");
	if ((o->keep.max_files || o->keep.max_bytes || o->keep.max_age_ns) && !o->switch_output)
		usage_error("record", "--switch-max-files, --max-age and --max-total-size "
				      "need --switch-output");
	r->mode = o->argv ? MODE_LAUNCH : o->pids ? MODE_ATTACH : o->tids ? MODE_THREADS : MODE_SYSTEM;
	if (r->system_wide)
		parse_cpu_list(r, o->cpu_list);
	if (o->pids)
		parse_id_list(o->pids, &r->targets, &r->ntargets, "pid");
	if (o->tids)
		parse_id_list(o->tids, &r->targets, &r->ntargets, "tid");
}

void record_setup_config(struct record *r)
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
	/* per-CPU events see every process already: nothing to inherit */
	r->cfg.inherit = !r->opts.no_inherit && r->mode != MODE_THREADS && !r->system_wide;
	r->cfg.enable_on_exec = r->mode == MODE_LAUNCH && !r->system_wide;
	/* between duty windows sampling stops, but exits and mmaps must still be seen */
	r->cfg.sideband_event = r->opts.duty_on_ns > 0;
	f = fopen("/proc/sys/kernel/perf_event_paranoid", "re");
	if (f) {
		if (fscanf(f, "%d", &paranoid) != 1)
			paranoid = 2;
		fclose(f);
	}
	/* kernel samples need privilege; without it they would be refused */
	r->cfg.exclude_kernel = geteuid() != 0 && paranoid > 1;
}

