/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cprof pprof: a gzipped pprof profile, for go tool pprof, Pyroscope and friends */
#include <getopt.h>
#include <stdio.h>
#include <unistd.h>

#include "cmd.h"
#include "cmd/common.h"
#include "cmd/filter_opts.h"
#include "format/pprof.h"
#include "util/opts.h"
#include "util/usage.h"

int cmd_pprof(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		FILTER_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	const char *input = NULL, *output = NULL;
	struct outfile of;
	struct profile p;
	struct profile_filter flt;
	struct diag d;
	int c;

	opterr = 0;
	profile_filter_init(&flt);
	while ((c = opt_next("pprof", argc, argv, ":i:o:h", longopts)) != -1) {
		switch (c) {
		case 'i':
			input = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'h':
			cprof_print_usage("pprof");
			return 0;
		default:
			if (filter_option("pprof", &flt, c, optarg))
				break;
			bad_option("pprof", c, argv);
		}
	}
	input = cmd_input_arg("pprof", input, argc, argv);
	if (!output && isatty(STDOUT_FILENO))
		usage_error("pprof", "not writing a binary profile to a terminal: give -o FILE "
				     "(e.g. -o cpu.pb.gz)");
	cmd_load_filtered(input, 0, &flt, &p);
	profile_filter_release(&flt);
	cmd_open_output(&of, output);
	if (pprof_write(&p, of.fp, &d) < 0) {
		outfile_abort(&of);
		die("%s", d.msg);
	}
	profile_release(&p);
	cmd_commit_output(&of);
	return 0;
}
