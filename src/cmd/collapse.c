/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cprof collapse: folded stacks for flamegraph.pl, inferno and friends */
#include <getopt.h>
#include <stdio.h>

#include "cmd.h"
#include "format/folded.h"
#include "format/input.h"
#include "util/opts.h"
#include "util/outfile.h"
#include "util/usage.h"

enum { OPT_NO_ANNOTATE = 256 };

int cmd_collapse(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "no-annotate", no_argument, NULL, OPT_NO_ANNOTATE },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct folded_opts fo = { .value_index = -1, .annotate = true };
	const char *input = NULL, *output = NULL;
	struct outfile of;
	struct profile p;
	struct diag d;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:o:h", longopts, NULL)) != -1) {
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
		case 'h':
			cprof_print_usage("collapse");
			return 0;
		default:
			bad_option("collapse", c, argv);
		}
	}
	if (optind < argc) {
		if (input || optind + 1 < argc)
			usage_error("collapse", "give one input");
		input = argv[optind];
	}
	if (!input)
		input = "cprof.data";
	if (input_load(input, &p, &d) < 0) {
		profile_release(&p);
		die("%s", d.msg);
	}
	if (outfile_open(&of, output, &d) < 0) {
		profile_release(&p);
		die("%s", d.msg);
	}
	folded_write(&p, &fo, of.fp);
	profile_release(&p);
	if (outfile_commit(&of, &d) < 0)
		die("%s", d.msg);
	return 0;
}
