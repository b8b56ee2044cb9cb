/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cprof flamegraph: an interactive SVG from a recording or folded stacks */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "cmd/common.h"
#include "cmd/filter_opts.h"
#include "flamegraph/fg.h"
#include "util/opts.h"
#include "util/outfile.h"
#include "util/usage.h"

enum {
	OPT_TITLE = 256,
	OPT_SUBTITLE,
	OPT_WIDTH,
	OPT_HEIGHT,
	OPT_MINWIDTH,
	OPT_COLORS,
	OPT_HASH,
	OPT_REVERSE,
	OPT_INVERTED,
	OPT_FLAMECHART,
	OPT_COUNTNAME,
	OPT_FONTSIZE,
	OPT_FONTTYPE,
	OPT_SAMPLE_INDEX,
};

static void parse_minwidth(struct fg_opts *o, const char *arg)
{
	char *end;
	double v = strtod(arg, &end);

	o->min_width_pct = *end == '%';
	if (end == arg || (*end && strcmp(end, "%")) || !(v >= 0) || v > 1e9)
		usage_error("flamegraph", "invalid --minwidth '%s' (pixels, or a percentage like 0.1%%)",
			    arg);
	o->min_width = v;
}

static unsigned parse_dimension(const char *arg, const char *what, unsigned lo, unsigned hi)
{
	unsigned long v = opt_parse_ulong("flamegraph", arg, what);

	if (v < lo || v > hi)
		usage_error("flamegraph", "%s must be from %u to %u", what, lo, hi);
	return (unsigned)v;
}

int cmd_flamegraph(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "title", required_argument, NULL, OPT_TITLE },
		{ "subtitle", required_argument, NULL, OPT_SUBTITLE },
		{ "width", required_argument, NULL, OPT_WIDTH },
		{ "height", required_argument, NULL, OPT_HEIGHT },
		{ "minwidth", required_argument, NULL, OPT_MINWIDTH },
		{ "colors", required_argument, NULL, OPT_COLORS },
		{ "hash", no_argument, NULL, OPT_HASH },
		{ "reverse", no_argument, NULL, OPT_REVERSE },
		{ "inverted", no_argument, NULL, OPT_INVERTED },
		{ "flamechart", no_argument, NULL, OPT_FLAMECHART },
		{ "countname", required_argument, NULL, OPT_COUNTNAME },
		{ "fontsize", required_argument, NULL, OPT_FONTSIZE },
		{ "fonttype", required_argument, NULL, OPT_FONTTYPE },
		{ "sample-index", required_argument, NULL, OPT_SAMPLE_INDEX },
		{ "help", no_argument, NULL, 'h' },
		FILTER_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	struct fg_opts o;
	const char *input = NULL, *output = NULL, *sample_index = NULL;
	struct outfile of;
	struct profile p;
	struct profile_filter flt;
	struct diag d;
	bool count_name_set = false;
	int c, palette;

	fg_opts_init(&o);
	opterr = 0;
	profile_filter_init(&flt);
	while ((c = opt_next("flamegraph", argc, argv, ":i:o:h", longopts)) != -1) {
		switch (c) {
		case 'i':
			input = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_TITLE:
			o.title = optarg;
			break;
		case OPT_SUBTITLE:
			o.subtitle = optarg;
			break;
		case OPT_WIDTH:
			o.width = parse_dimension(optarg, "width", 100, 1000000);
			break;
		case OPT_HEIGHT:
			o.frame_height = parse_dimension(optarg, "height", 4, 200);
			break;
		case OPT_MINWIDTH:
			parse_minwidth(&o, optarg);
			break;
		case OPT_COLORS:
			palette = fg_palette_parse(optarg);
			if (palette < 0)
				usage_error("flamegraph", "unknown palette '%s' (hot, mem, io, red, "
					    "green, blue, aqua, yellow, purple, orange, native, rust)",
					    optarg);
			o.palette = (enum fg_palette)palette;
			break;
		case OPT_HASH:
			o.hash = true;
			break;
		case OPT_REVERSE:
			o.reverse = true;
			break;
		case OPT_INVERTED:
			o.inverted = true;
			break;
		case OPT_FLAMECHART:
			o.flamechart = true;
			break;
		case OPT_COUNTNAME:
			o.count_name = optarg;
			count_name_set = true;
			break;
		case OPT_FONTSIZE:
			o.font_size = parse_dimension(optarg, "font size", 4, 100);
			break;
		case OPT_FONTTYPE:
			o.font_type = optarg;
			break;
		case OPT_SAMPLE_INDEX:
			sample_index = optarg;
			break;
		case 'h':
			cprof_print_usage("flamegraph");
			return 0;
		default:
			if (filter_option("flamegraph", &flt, c, optarg))
				break;
			bad_option("flamegraph", c, argv);
		}
	}
	input = cmd_input_arg("flamegraph", input, argc, argv);
	if (o.flamechart && o.reverse)
		usage_error("flamegraph", "--flamechart and --reverse do not go together");

	cmd_load_filtered(input, o.flamechart ? INPUT_SAMPLE_TIMES : 0, &flt, &p);
	profile_filter_release(&flt);
	if (p.ntypes)
		o.value_index = cmd_value_index(&p, sample_index);
	/* a heap profile's frames count bytes, not samples */
	if (p.ntypes && !count_name_set && strcmp(p.types[o.value_index].type, "samples"))
		o.count_name = p.types[o.value_index].unit;
	if (o.flamechart && !profile_attr(&p, "event"))
		warning("'%s' has no timestamps: the flame chart follows the input's order", input);
	cmd_open_output(&of, output);
	if (fg_write(&p, &o, of.fp, &d) < 0) {
		/* the error SVG still goes out, as inferno does */
		struct diag d2;

		outfile_commit(&of, &d2);
		profile_release(&p);
		die("%s: %s", input, d.msg);
	}
	profile_release(&p);
	cmd_commit_output(&of);
	return 0;
}
