/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cprof diff: what changed between two profiles (recordings, pprof or folded, mixed) */
#include <getopt.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cmd/common.h"
#include "cmd/filter_opts.h"
#include "flamegraph/fg.h"
#include "report/diff.h"
#include "util/opts.h"
#include "util/usage.h"
#include "util/xalloc.h"

enum {
	OPT_NO_NORMALIZE = 256,
	OPT_FLAMEGRAPH,
	OPT_FAIL_ON_REGRESSION,
	OPT_SAMPLE_INDEX,
	OPT_FORMAT,
	OPT_JSON,
};

int cmd_diff(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "top", required_argument, NULL, 'n' },
		{ "no-normalize", no_argument, NULL, OPT_NO_NORMALIZE },
		{ "flamegraph", required_argument, NULL, OPT_FLAMEGRAPH },
		{ "fail-on-regression", required_argument, NULL, OPT_FAIL_ON_REGRESSION },
		{ "sample-index", required_argument, NULL, OPT_SAMPLE_INDEX },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "json", no_argument, NULL, OPT_JSON },
		FILTER_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct diff_opts o = { .normalize = true, .top = 20, .fail_pct = -1 };
	const char *flamegraph = NULL, *sample_index = NULL;
	struct profile before, after;
	struct profile_filter flt;
	size_t regressions;
	char *end;
	int c;

	profile_filter_init(&flt);
	opterr = 0;
	while ((c = opt_next("diff", argc, argv, ":n:h", longopts)) != -1) {
		switch (c) {
		case 'n':
			o.top = opt_parse_ulong("diff", optarg, "row count");
			break;
		case OPT_NO_NORMALIZE:
			o.normalize = false;
			break;
		case OPT_FLAMEGRAPH:
			flamegraph = optarg;
			break;
		case OPT_FAIL_ON_REGRESSION:
			o.fail_pct = strtod(optarg, &end);
			if (end == optarg || *end || !(o.fail_pct >= 0) || o.fail_pct > 100)
				usage_error("diff", "--fail-on-regression takes points from 0 to 100, "
					    "not '%s'", optarg);
			break;
		case OPT_SAMPLE_INDEX:
			sample_index = optarg;
			break;
		case OPT_FORMAT:
			o.json = cmd_parse_format("diff", optarg);
			break;
		case OPT_JSON:
			o.json = true;
			break;
		case 'h':
			cprof_print_usage("diff");
			profile_filter_release(&flt);
			return 0;
		default:
			if (filter_option("diff", &flt, c, optarg))
				break;
			bad_option("diff", c, argv);
		}
	}
	if (argc - optind != 2)
		usage_error("diff", "give two profiles: BEFORE AFTER");
	o.before_name = argv[optind];
	o.after_name = argv[optind + 1];
	/* the same filter on both sides */
	cmd_load_filtered(o.before_name, 0, &flt, &before);
	cmd_load_filtered(o.after_name, 0, &flt, &after);
	if (!before.ntypes || !after.ntypes)
		die("%s holds no samples", before.ntypes ? o.after_name : o.before_name);
	o.before_vi = cmd_value_index(&before, sample_index);
	o.after_vi = cmd_value_index(&after, sample_index);

	regressions = report_diff(&before, &after, &o, stdout);
	if (flamegraph) {
		struct fg_opts fo;
		struct outfile of;
		struct diag d;

		fg_opts_init(&fo);
		fo.title = "Differential Flame Graph";
		cmd_open_output(&of, flamegraph);
		if (fg_write_diff(&before, o.before_vi, &after, o.after_vi, o.normalize, &fo, of.fp,
				  &d) < 0) {
			outfile_abort(&of);
			die("%s", d.msg);
		}
		cmd_commit_output(&of);
	}
	profile_release(&before);
	profile_release(&after);
	profile_filter_release(&flt);
	if (regressions) {
		fflush(stdout);
		fprintf(stderr, "cprof: %zu function%s regressed by more than %.2f points of self share\n",
			regressions, regressions == 1 ? "" : "s", o.fail_pct);
		return EXIT_PROBLEMS;
	}
	return 0;
}
