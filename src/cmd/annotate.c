/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cprof annotate: a function's source with the samples spent on each line */
#include <getopt.h>
#include <langinfo.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "cmd/common.h"
#include "cmd/filter_opts.h"
#include "report/annotate.h"
#include "util/opts.h"
#include "util/usage.h"

enum { OPT_SAMPLE_INDEX = 256, OPT_SOURCE_PATH, OPT_CONTEXT, OPT_OBJDUMP, OPT_NO_DISASSEMBLY };

int cmd_annotate(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "sample-index", required_argument, NULL, OPT_SAMPLE_INDEX },
		{ "source-path", required_argument, NULL, OPT_SOURCE_PATH },
		{ "context", required_argument, NULL, OPT_CONTEXT },
		{ "objdump", required_argument, NULL, OPT_OBJDUMP },
		{ "no-disassembly", no_argument, NULL, OPT_NO_DISASSEMBLY },
		FILTER_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct top_opts o = { .value_index = -1 };
	struct annotate_opts ao = { .context = 3 };
	const char *input = NULL, *sample_index = NULL, *func;
	struct profile_filter flt;
	struct profile p;
	struct diag d;
	int c, st;

	opterr = 0;
	profile_filter_init(&flt);
	while ((c = opt_next("annotate", argc, argv, ":i:h", longopts)) != -1) {
		switch (c) {
		case 'i':
			input = optarg;
			break;
		case OPT_SAMPLE_INDEX:
			sample_index = optarg;
			break;
		case OPT_SOURCE_PATH:
			ao.source_path = optarg;
			break;
		case OPT_CONTEXT:
			ao.context = opt_parse_ulong("annotate", optarg, "line count");
			break;
		case OPT_OBJDUMP:
			ao.objdump = optarg;
			break;
		case OPT_NO_DISASSEMBLY:
			ao.no_disassembly = true;
			break;
		case 'h':
			cprof_print_usage("annotate");
			return 0;
		default:
			if (filter_option("annotate", &flt, c, optarg))
				break;
			bad_option("annotate", c, argv);
		}
	}
	if (optind >= argc)
		usage_error("annotate", "name the function to annotate");
	func = argv[optind++];
	input = cmd_input_arg("annotate", input, argc, argv);
	o.input = input;
	cmd_annotate_setup(&ao, input);
	o.utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");

	cmd_load_filtered(input, 0, &flt, &p);
	profile_filter_release(&flt);
	o.value_index = p.ntypes ? cmd_value_index(&p, sample_index) : -1;
	st = report_annotate(&p, &o, &ao, func, stdout, &d);
	profile_release(&p);
	if (st < 0)
		die("%s", d.msg);
	return 0;
}
