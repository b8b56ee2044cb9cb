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
#include "cmd/filter_opts.h"
#include "report/annotate.h"
#include "report/callpaths.h"
#include "report/hotspots.h"
#include "report/top.h"
#include "util/opts.h"
#include "util/strbuf.h"
#include "util/usage.h"

static size_t terminal_width(void)
{
	struct winsize ws;

	if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		return ws.ws_col;
	return 0;
}

enum {
	OPT_SAMPLE_INDEX = 256,
	OPT_BY,
	OPT_HOTSPOTS,
	OPT_THRESHOLD,
	OPT_ANNOTATE,
	OPT_SOURCE_PATH,
	OPT_OBJDUMP,
	OPT_NO_DISASSEMBLY,
	OPT_CALLERS,
	OPT_CALLEES,
	OPT_TREE,
	OPT_FORMAT,
	OPT_JSON,
	OPT_STDIO,
	OPT_CHILDREN,
	OPT_NO_CHILDREN,
	OPT_PERCENT_LIMIT,
};

/* the views of report: one at a time */
enum view { VIEW_TOP, VIEW_HOTSPOTS, VIEW_ANNOTATE, VIEW_CALLERS, VIEW_CALLEES, VIEW_TREE };

static void set_view(enum view *view, enum view v)
{
	if (*view != VIEW_TOP && *view != v)
		usage_error("report", "give one of --hotspots, --annotate, --callers, --callees "
				      "and --tree");
	*view = v;
}

/* --threshold, --percent-limit: a percentage from 0 to 100 */
static double parse_percent(const char *cmd, const char *s, const char *what)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	if (errno || end == s || (*end && strcmp(end, "%")) || !(v >= 0 && v <= 100))
		usage_error(cmd, "invalid %s '%s' (a percentage from 0 to 100)", what, s);
	return v;
}

/*
 * --sort KEY: self or cum; or perf report's sort keys (--sort
 * comm,dso,sym), which make rows by those keys: --by comm,dso,function.
 */
static void parse_sort(const char *s, struct top_opts *o)
{
	static const char *const perf_keys[][2] = {
		{ "comm", "comm" }, { "dso", "dso" },       { "sym", "function" },
		{ "pid", "pid" },   { "tid", "thread" },    { "srcline", "line" },
		{ "srcfile", "file" },
	};
	struct strbuf by = STRBUF_INIT;
	const char *p = s;
	struct diag d;

	if (!strcmp(s, "self") || !strcmp(s, "cum")) {
		o->sort = !strcmp(s, "self") ? TOP_SORT_SELF : TOP_SORT_CUM;
		return;
	}
	for (;;) {
		size_t len = strcspn(p, ","), k;

		for (k = 0; k < sizeof(perf_keys) / sizeof(*perf_keys); k++)
			if (strlen(perf_keys[k][0]) == len && !strncmp(perf_keys[k][0], p, len))
				break;
		if (k == sizeof(perf_keys) / sizeof(*perf_keys))
			usage_error("report", "unknown sort key '%.*s' (self or cum, or perf's comm, "
					      "dso, sym, pid, tid, srcline, srcfile)",
				    (int)len, p);
		if (by.len)
			strbuf_addch(&by, ',');
		strbuf_addstr(&by, perf_keys[k][1]);
		if (!p[len])
			break;
		p += len + 1;
	}
	if (agg_parse_keys(by.buf, &o->by, &d) < 0)
		usage_error("report", "--sort %s: %s", s, d.msg);
	strbuf_release(&by);
}

int cmd_report(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "top", required_argument, NULL, 'n' },
		{ "sort", required_argument, NULL, 's' },
		{ "width", required_argument, NULL, 'w' },
		{ "sample-index", required_argument, NULL, OPT_SAMPLE_INDEX },
		{ "by", required_argument, NULL, OPT_BY },
		{ "hotspots", no_argument, NULL, OPT_HOTSPOTS },
		{ "threshold", required_argument, NULL, OPT_THRESHOLD },
		{ "annotate", required_argument, NULL, OPT_ANNOTATE },
		{ "source-path", required_argument, NULL, OPT_SOURCE_PATH },
		{ "objdump", required_argument, NULL, OPT_OBJDUMP },
		{ "no-disassembly", no_argument, NULL, OPT_NO_DISASSEMBLY },
		{ "callers", required_argument, NULL, OPT_CALLERS },
		{ "callees", required_argument, NULL, OPT_CALLEES },
		{ "tree", no_argument, NULL, OPT_TREE },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "percent-limit", required_argument, NULL, OPT_PERCENT_LIMIT },
		/* perf report's habits */
		{ "stdio", no_argument, NULL, OPT_STDIO },
		{ "children", no_argument, NULL, OPT_CHILDREN },
		{ "no-children", no_argument, NULL, OPT_NO_CHILDREN },
		FILTER_LONGOPTS,
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct top_opts o = { .top = 20, .sort = TOP_SORT_SELF, .threshold = 1 };
	struct annotate_opts ao = { .context = 3 };
	const char *input = NULL, *sample_index = NULL, *func = NULL;
	enum view view = VIEW_TOP;
	bool width_set = false, top_set = false;
	struct profile_filter flt;
	struct profile p;
	struct diag d;
	int c, st = 0;

	opterr = 0;
	profile_filter_init(&flt);
	while ((c = opt_next("report", argc, argv, ":i:n:s:w:h", longopts)) != -1) {
		switch (c) {
		case 'i':
			input = optarg;
			break;
		case 'n':
			o.top = opt_parse_ulong("report", optarg, "row count");
			top_set = true;
			break;
		case 's':
			parse_sort(optarg, &o);
			break;
		case 'w':
			o.width = opt_parse_ulong("report", optarg, "width");
			width_set = true;
			break;
		case OPT_SAMPLE_INDEX:
			sample_index = optarg;
			break;
		case OPT_BY:
			if (agg_parse_keys(optarg, &o.by, &d) < 0)
				usage_error("report", "--by: %s", d.msg);
			break;
		case OPT_HOTSPOTS:
			set_view(&view, VIEW_HOTSPOTS);
			break;
		case OPT_THRESHOLD:
			o.threshold = parse_percent("report", optarg, "threshold");
			break;
		case OPT_PERCENT_LIMIT:
			o.percent_limit = parse_percent("report", optarg, "percent limit");
			break;
		case OPT_STDIO:
			break; /* the output is text already */
		case OPT_CHILDREN:
		case OPT_NO_CHILDREN:
			o.sort = c == OPT_CHILDREN ? TOP_SORT_CUM : TOP_SORT_SELF;
			break;
		case OPT_ANNOTATE:
			set_view(&view, VIEW_ANNOTATE);
			func = optarg;
			break;
		case OPT_SOURCE_PATH:
			ao.source_path = optarg;
			break;
		case OPT_OBJDUMP:
			ao.objdump = optarg;
			break;
		case OPT_NO_DISASSEMBLY:
			ao.no_disassembly = true;
			break;
		case OPT_CALLERS:
			set_view(&view, VIEW_CALLERS);
			func = optarg;
			break;
		case OPT_CALLEES:
			set_view(&view, VIEW_CALLEES);
			func = optarg;
			break;
		case OPT_TREE:
			set_view(&view, VIEW_TREE);
			break;
		case OPT_FORMAT:
			o.json = cmd_parse_format("report", optarg);
			break;
		case OPT_JSON:
			o.json = true;
			break;
		case 'h':
			cprof_print_usage("report");
			return 0;
		default:
			if (filter_option("report", &flt, c, optarg))
				break;
			bad_option("report", c, argv);
		}
	}
	input = cmd_input_arg("report", input, argc, argv);
	if (o.by.nkeys && view != VIEW_TOP)
		usage_error("report", "--by (and perf's --sort keys) apply to the table, not to "
				      "the other views");
	if (o.percent_limit > 0 && view != VIEW_TOP)
		usage_error("report", "--percent-limit applies to the table; the other views take "
				      "--threshold");
	if (view == VIEW_ANNOTATE && o.json)
		usage_error("report", "--annotate has no JSON output");
	if (!width_set)
		o.width = terminal_width();
	if (view == VIEW_HOTSPOTS && !top_set)
		o.top = 0; /* every function over the threshold */
	o.utf8 = !strcmp(nl_langinfo(CODESET), "UTF-8");
	o.input = input;
	cmd_annotate_setup(&ao, input);

	cmd_load_filtered(input, 0, &flt, &p);
	profile_filter_release(&flt);
	o.value_index = p.ntypes ? cmd_value_index(&p, sample_index) : -1;
	if (!p.nsamples)
		warning(profile_attr(&p, "filters") ? "no samples of '%s' pass the filters"
						    : "'%s' holds no samples",
			input);
	switch (view) {
	case VIEW_TOP:
		report_top(&p, &o, stdout);
		break;
	case VIEW_HOTSPOTS:
		if (p.ntypes)
			report_hotspots(&p, &o, stdout);
		break;
	case VIEW_ANNOTATE:
		st = report_annotate(&p, &o, &ao, func, stdout, &d);
		break;
	case VIEW_CALLERS:
	case VIEW_CALLEES:
		st = p.ntypes ? report_peek(&p, &o, func, view == VIEW_CALLERS, stdout, &d)
			      : diag_set(&d, "no function matches '%s'", func);
		break;
	case VIEW_TREE:
		if (p.ntypes)
			report_tree(&p, &o, stdout);
		break;
	}
	profile_release(&p);
	if (st < 0)
		die("%s", d.msg);
	return 0;
}
