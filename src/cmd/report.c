/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cprof report: the top-N function table */
#include <errno.h>
#include <getopt.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cmd.h"
#include "cmd/common.h"
#include "report/top.h"
#include "util/opts.h"
#include "util/usage.h"

static size_t terminal_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		return ws.ws_col;
	return 0;
}

enum { OPT_SAMPLE_INDEX = 256 };

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "top", required_argument, NULL, 'n' },
		{ "sort", required_argument, NULL, 's' },
		{ "width", required_argument, NULL, 'w' },
		{ "sample-index", required_argument, NULL, OPT_SAMPLE_INDEX },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct top_opts o = { .top = 20, .sort = TOP_SORT_SELF };
	const char *input = NULL, *sample_index = NULL;
	bool width_set = false;
	struct profile p;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:n:s:w:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			input = optarg;
			break;
		case 'n':
			o.top = opt_parse_ulong("report", optarg, "row count");
			break;
		case 's':
			if (!strcmp(optarg, "self"))
				o.sort = TOP_SORT_SELF;
			else if (!strcmp(optarg, "cum"))
				o.sort = TOP_SORT_CUM;
			else
				usage_error("report", "unknown sort key '%s' (use self or cum)", optarg);
			break;
		case 'w':
			o.width = opt_parse_ulong("report", optarg, "width");
			width_set = true;
			break;
		case OPT_SAMPLE_INDEX:
			sample_index = optarg;
			break;
		case 'h':
			cprof_print_usage("report");
			return 0;
		default:
			bad_option("report", c, argv);
		}
	}
	input = cmd_input_arg("report", input, argc, argv);
	if (!width_set)
		o.width = terminal_width();
	o.utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	o.input = input;

	cmd_load_profile(input, &p);
	o.value_index = p.ntypes ? cmd_value_index(&p, sample_index) : -1;
	if (!p.nsamples)
		warning("'%s' holds no samples", input);
	report_top(&p, &o, stdout);
	profile_release(&p);
	return 0;
}
