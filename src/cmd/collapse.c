/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cprof collapse: folded stacks for flamegraph.pl, inferno and friends */
#include <getopt.h>
#include <stdio.h>

#include "cmd.h"
#include "cmd/common.h"
#include "cmd/filter_opts.h"
#include "format/folded.h"
#include "util/opts.h"
#include "util/outfile.h"
#include "util/usage.h"

enum { OPT_NO_ANNOTATE = 256, OPT_SAMPLE_INDEX };

int cmd_collapse(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "no-annotate", no_argument, NULL, OPT_NO_ANNOTATE },
		{ "sample-index", required_argument, NULL, OPT_SAMPLE_INDEX },
		{ "help", no_argument, NULL, 'h' },
		FILTER_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct folded_opts fo = { .value_index = -1, .annotate = true };
	const char *input = NULL, *output = NULL, *sample_index = NULL;
	struct outfile of;
	struct profile p;
	struct profile_filter flt;
	int c;

	opterr = 0;
	profile_filter_init(&flt);
	while ((c = opt_next("collapse", argc, argv, ":i:o:h", longopts)) != -1) {
		switch (c) {
		case 'i':
			input = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_NO_ANNOTATE:
			fo.annotate = false;
			break;
		case OPT_SAMPLE_INDEX:
			sample_index = optarg;
			break;
		case 'h':
			cprof_print_usage("collapse");
			return 0;
		default:
			if (filter_option("collapse", &flt, c, optarg))
				break;
			bad_option("collapse", c, argv);
		}
	}
	input = cmd_input_arg("collapse", input, argc, argv);
	cmd_load_filtered(input, 0, &flt, &p);
	profile_filter_release(&flt);
	if (p.ntypes)
		fo.value_index = cmd_value_index(&p, sample_index);
	cmd_open_output(&of, output);
	folded_write(&p, &fo, of.fp);
	profile_release(&p);
	cmd_commit_output(&of);
	return 0;
}
