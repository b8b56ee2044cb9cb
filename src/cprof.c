/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cprof: global options, the command table, and the check that standard
 * output was really written (git's run_builtin), so that
 * `cprof report > /full/disk` fails loudly.
 */


#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "util/usage.h"

struct cmd_struct {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *summary;
	const char *usage; /* options, one per line */
};

/* the filter options of every command that reads profiles (cmd/filter_opts.h) */
#define FILTER_USAGE                                                                          \
	"\n"                                                                                  \
	"  filters (a sample must pass all; REGEX matches a frame's function name,\n"        \
	"  source file or binary, by base name):\n"                                         \
	"      --focus REGEX        keep samples with a frame that matches\n"                \
	"      --ignore REGEX       drop samples with a frame that matches\n"                \
	"      --hide REGEX         remove matching frames from the stacks\n"                \
	"      --tid LIST, --pid LIST  keep these threads / processes (ids, comma-separated)\n" \
	"      --comm LIST          keep threads with these names (comma-separated)\n"       \
	"      --time START-END     keep samples taken START to END seconds after the start\n" \
	"      --from S, --to S     the same, one end at a time\n"                          \
	"      --max-depth N        keep the N outermost frames of each stack\n"

static const struct cmd_struct commands[] = {
	{ "record", cmd_record,
	  "sample call stacks of a command, running processes or the whole system",
	  "usage: cprof record [OPTIONS] -- COMMAND [ARGS...]\n"
	  "   or: cprof record [OPTIONS] -p PID[,PID...]\n"
	  "   or: cprof record [OPTIONS] -t TID[,TID...]\n"
	  "   or: cprof record [OPTIONS] -a|-C CPUS [-- COMMAND [ARGS...]]\n"
	  "\n"
	  "  -F, --freq HZ            sampling frequency (default 999)\n"
	  "  -c, --count PERIOD       a sample every PERIOD events instead of -F\n"
	  "  -d, --duration DURATION  stop after DURATION: seconds, or 30s, 10m, 2h, 1d;\n"
	  "                           0 or inf: until stopped (the default)\n"
	  "      --duty ON/PERIOD     sample ON of every PERIOD (e.g. 10s/60s), events off between\n"
	  "      --max-overhead PCT   lower -F while the recorder uses over PCT% of one CPU\n"
	  "  -o, --output FILE        output file (default cprof.data; an old one becomes FILE.old)\n"
	  "      --switch-output[=signal|SIZE|TIME]\n"
	  "                           rotate: segments FILE.YYYYmmddHHMMSSmmm, a new one at each\n"
	  "                           SIGUSR2 (signal, the default), every SIZE (100M) or TIME (30s)\n"
	  "      --switch-max-files N keep the newest N segments\n"
	  "      --max-age DURATION   remove the segments older than DURATION (e.g. 7d)\n"
	  "      --max-total-size SIZE  remove the oldest segments beyond SIZE in all (e.g. 2G)\n"
	  "  -e, --event EVENT        cpu-clock (default), task-clock, page-faults, or a hardware\n"
	  "                           event (cycles, instructions, ...); suffix :u for user only\n"
	  "  -g, --call-graph MODE    fp | dwarf[,STACK_BYTES] | auto (default auto = dwarf,32768;\n"
	  "                           a bare -g means auto)\n"
	  "  -p, --pid PID[,PID...]   attach to running processes and all their threads\n"
	  "  -t, --tid TID[,TID...]   profile only these threads\n"
	  "  -a, --all-cpus           profile every process on every CPU (root or CAP_PERFMON)\n"
	  "  -C, --cpu CPUS           the same on these CPUs only (0,2-3)\n"
	  "      --no-inherit         do not follow children / threads created later\n"
	  "      --strict             exit 1 if the recording is poor (see cprof-record(1))\n"
	  "  -q, --quiet              no status line and no summary\n" },
	{ "report", cmd_report, "print the functions where the time goes",
	  "usage: cprof report [OPTIONS] [-i FILE | FILE]\n"
	  "\n"
	  "  -i, --input FILE     recording, pprof or folded stacks (default cprof.data; - = stdin)\n"
	  "  -n, --top N          show the top N rows (default 20; 0 = all)\n"
	  "  -s, --sort KEY       self (default) or cum; perf's comm,dso,sym,... are --by keys\n"
	  "  -w, --width COLS     fit rows in COLS columns (default: the terminal's; 0 = no limit)\n"
	  "      --by KEYS        rows by function (default), line, file, dso, thread, pid,\n"
	  "                       comm, cgroup, or several: --by thread,function\n"
	  "      --percent-limit PCT  leave out the rows under PCT percent\n"
	  "      --children, --no-children  perf's --sort cum, --sort self\n"
	  "      --stdio          accepted (perf's habit); the output is text\n"
	  "      --hotspots       functions over the threshold with their hottest lines\n"
	  "      --threshold PCT  for --hotspots and --tree (default 1)\n"
	  "      --annotate FUNC  FUNC's source with samples per line (as cprof annotate)\n"
	  "      --source-path DIRS  where to look for source files (colon-separated)\n"
	  "      --objdump PATH   the objdump that disassembles FUNC without source\n"
	  "      --no-disassembly  FUNC without source: addresses only\n"
	  "      --callers FUNC   who calls FUNC, with shares\n"
	  "      --callees FUNC   what FUNC calls, with shares\n"
	  "      --tree           the call tree, pruned below the threshold\n"
	  "      --format FMT     text (default) or json (cprof-json(5)); --json for short\n"
	  "      --sample-index NAME|N  which value of the samples to show (e.g. inuse_space)\n"
	  FILTER_USAGE },
	{ "annotate", cmd_annotate, "show a function's source with samples per line",
	  "usage: cprof annotate [OPTIONS] FUNC [INPUT]\n"
	  "\n"
	  "  FUNC: a function name, or an extended regular expression if none has that name\n"
	  "  -i, --input FILE     recording, pprof or folded stacks (default cprof.data)\n"
	  "      --source-path DIRS  where to look for source files (colon-separated)\n"
	  "      --context N      lines shown after the last hot line (default 3)\n"
	  "      --objdump PATH   the objdump that disassembles a function without source\n"
	  "                       (default: objdump in PATH)\n"
	  "      --no-disassembly  without source, addresses only: do not run objdump\n"
	  "      --sample-index NAME|N  which value of the samples to show\n"
	  FILTER_USAGE },
	{ "flamegraph", cmd_flamegraph, "draw an interactive flamegraph (SVG)",
	  "usage: cprof flamegraph [OPTIONS] [-i INPUT] [-o FILE.svg]\n"
	  "\n"
	  "  -i, --input FILE     recording or folded stacks (default cprof.data; - = stdin)\n"
	  "  -o, --output FILE    the SVG (default: standard output)\n"
	  "      --title TEXT     title (default \"Flame Graph\")\n"
	  "      --subtitle TEXT  second title line\n"
	  "      --width PX       image width (default 1200)\n"
	  "      --height PX      frame height (default 16)\n"
	  "      --minwidth N[%]  leave out frames narrower than N pixels (or N%; default 0.1)\n"
	  "      --colors NAME    native (default: by kind of frame: user code, library,\n"
	  "                       kernel, inlined), hot, mem, io, red, green, blue, aqua,\n"
	  "                       yellow, purple, orange, rust\n"
	  "      --hash           colour by name: the same function, the same colour\n"
	  "      --reverse        reverse the stacks (merge from the leaves)\n"
	  "      --inverted       icicle graph: the root at the top\n"
	  "      --flamechart     x is time, stacks in time order (recordings)\n"
	  "      --countname TEXT what the counts are (default \"samples\")\n"
	  "      --fontsize N     font size (default 12)\n"
	  "      --fonttype NAME  font family (default monospace)\n"
	  "      --sample-index NAME|N  which value of the samples to draw\n"
	  FILTER_USAGE },
	{ "collapse", cmd_collapse, "write folded stacks (for flamegraph.pl, inferno)",
	  "usage: cprof collapse [-i INPUT] [-o FILE] [--no-annotate]\n"
	  "\n"
	  "  -i, --input FILE     recording or folded stacks (default cprof.data; - = stdin)\n"
	  "  -o, --output FILE    output (default: standard output)\n"
	  "      --no-annotate    no _[k] (kernel) and _[i] (inlined) suffixes\n"
	  "      --sample-index NAME|N  which value of the samples to count\n"
	  FILTER_USAGE },
	{ "pprof", cmd_pprof, "write a pprof profile (gzipped protobuf)",
	  "usage: cprof pprof [-o FILE] [-i INPUT | INPUT]\n"
	  "\n"
	  "  -i, --input FILE     recording, pprof or folded stacks (default cprof.data)\n"
	  "  -o, --output FILE    the profile, e.g. cpu.pb.gz (default: standard output,\n"
	  "                       unless it is a terminal)\n"
	  FILTER_USAGE },
	{ "otlp", cmd_otlp, "write an OpenTelemetry profile (OTLP protobuf)",
	  "usage: cprof otlp [-o FILE] [--service-name NAME] [-i INPUT | INPUT]\n"
	  "\n"
	  "  -i, --input FILE     recording, pprof or folded stacks (default cprof.data)\n"
	  "  -o, --output FILE    an ExportProfilesServiceRequest, the body of a POST to a\n"
	  "                       Collector's /v1development/profiles (default: standard\n"
	  "                       output, unless it is a terminal)\n"
	  "      --service-name NAME  the resource's service.name (default\n"
	  "                       $OTEL_SERVICE_NAME, else unknown_service:cprof)\n"
	  FILTER_USAGE },
	{ "diff", cmd_diff, "compare two profiles function by function",
	  "usage: cprof diff [OPTIONS] BEFORE AFTER\n"
	  "\n"
	  "  BEFORE and AFTER: recordings, pprof profiles or folded stacks, mixed\n"
	  "  -n, --top N                 show the N largest changes (default 20; 0 = all)\n"
	  "      --no-normalize          compare raw values, not shares of each total\n"
	  "      --flamegraph FILE.svg   also write a differential flamegraph (red grew,\n"
	  "                              blue shrank; sized by the larger side)\n"
	  "      --fail-on-regression PCT  exit 1 when a function's self share grew by\n"
	  "                              more than PCT points\n"
	  "      --sample-index NAME|N   which value of the samples to compare\n"
	  "      --format FMT            text (default) or json (cprof-json(5)); --json\n"
	  FILTER_USAGE },
	{ "info", cmd_info, "show a recording's metadata and statistics",
	  "usage: cprof info [--format text|json] [FILE]\n"
	  "   or: cprof info -i FILE\n"
	  "\n"
	  "      --format FMT     text (default) or json (cprof-json(5)); --json for short\n" },
	{ "help", cmd_help, "show help for a command", "usage: cprof help [COMMAND]\n" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static const char global_usage[] =
	"usage: cprof [-v|--verbose] [-q|--quiet] [--version] [-h|--help] COMMAND [ARGS]\n";

int cprof_print_usage(const char *command)
{
	size_t i;

	if (!command) {
		fputs(global_usage, stdout);
		fputs("\nA sampling profiler for Linux.\n\nCommands:\n", stdout);
		for (i = 0; i < NCOMMANDS; i++)
			printf("  %-10s %s\n", commands[i].name, commands[i].summary);
		fputs("\nSee 'cprof help COMMAND' or 'man cprof-COMMAND' for more.\n", stdout);
		return 0;
	}
	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(commands[i].name, command))
			continue;
		printf("%s\n%s", commands[i].summary, commands[i].usage);
		return 0;
	}
	return -1;
}

int cmd_help(int argc, char **argv)
{
	if (argc > 2)
		usage_error("help", "too many arguments");
	if (argc == 2 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")))
		return cprof_print_usage("help") ? EXIT_FATAL : 0;
	if (cprof_print_usage(argc == 2 ? argv[1] : NULL) < 0)
		usage_error(NULL, "'%s' is not a cprof command", argv[1]);
	return 0;
}

static int run_command(const struct cmd_struct *cmd, int argc, char **argv)
{
	int status = cmd->fn(argc, argv);

	/* a command that printed must have really printed */
	if (fflush(stdout) || ferror(stdout))
		die("write failure on standard output: %s", strerror(errno));
	if (fclose(stdout) && errno != EBADF)
		die("close failure on standard output: %s", strerror(errno));
	return status;
}

int main(int argc, char **argv)
{
	int i;
	size_t c;

	setlocale(LC_CTYPE, "");
	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-v") || !strcmp(a, "--verbose"))
			cprof_verbose++;
		else if (!strcmp(a, "-q") || !strcmp(a, "--quiet"))
			cprof_quiet = 1;
		else if (!strcmp(a, "--version")) {
			printf("cprof %s\n", PACKAGE_VERSION);
			return 0;
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			cprof_print_usage(NULL);
			return 0;
		} else
			usage_error(NULL, "unknown option '%s'", a);
	}
	if (i >= argc) {
		fputs(global_usage, stderr);
		fputs("Try 'cprof --help' for the list of commands.\n", stderr);
		return EXIT_USAGE;
	}
	for (c = 0; c < NCOMMANDS; c++)
		if (!strcmp(commands[c].name, argv[i]))
			return run_command(&commands[c], argc - i, argv + i);
	usage_error(NULL, "'%s' is not a cprof command", argv[i]);
}
