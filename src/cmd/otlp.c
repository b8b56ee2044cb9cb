/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cprof otlp: the profile as an OTLP ExportProfilesServiceRequest (binary
 * protobuf), the body an OpenTelemetry Collector takes at
 * /v1development/profiles; for curl, protoc --decode and file pipelines.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"
#include "cmd/common.h"
#include "cmd/filter_opts.h"
#include "format/otlp.h"
#include "util/opts.h"
#include "util/usage.h"

/* service.name: --service-name, OTEL_SERVICE_NAME, or OpenTelemetry's default */
static const char *service_name(const char *opt)
{
	const char *env = getenv("OTEL_SERVICE_NAME");

	if (opt && *opt)
		return opt;
	if (env && *env)
		return env;
	return "unknown_service:cprof";
}

int cmd_otlp(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "output", required_argument, NULL, 'o' },
		{ "service-name", required_argument, NULL, 'S' },
		{ "help", no_argument, NULL, 'h' },
		FILTER_LONGOPTS,
		{ NULL, 0, NULL, 0 },
	};
	const char *input = NULL, *output = NULL, *service = NULL, *host;
	struct otlp_attr attrs[2];
	struct otlp_resource res = { attrs, 0 };
	struct strbuf body = STRBUF_INIT;
	struct outfile of;
	struct profile p;
	struct profile_filter flt;
	int c;

	opterr = 0;
	profile_filter_init(&flt);
	while ((c = opt_next("otlp", argc, argv, ":i:o:h", longopts)) != -1) {
		switch (c) {
		case 'i':
			input = optarg;
			break;
		case 'o':
			output = optarg;
			break;
		case 'S':
			service = optarg;
			break;
		case 'h':
			cprof_print_usage("otlp");
			return 0;
		default:
			if (filter_option("otlp", &flt, c, optarg))
				break;
			bad_option("otlp", c, argv);
		}
	}
	input = cmd_input_arg("otlp", input, argc, argv);
	if (!output && isatty(STDOUT_FILENO))
		usage_error("otlp", "not writing a binary protobuf to a terminal: give -o FILE "
				    "(e.g. -o profiles.binpb)");
	cmd_load_filtered(input, 0, &flt, &p);
	profile_filter_release(&flt);

	attrs[res.nattrs++] = (struct otlp_attr){ "service.name", service_name(service) };
	host = profile_attr(&p, "host");
	if (host && *host)
		attrs[res.nattrs++] = (struct otlp_attr){ "host.name", host };
	otlp_encode(&p, &res, &body);

	cmd_open_output(&of, output);
	if (fwrite(body.buf, 1, body.len, of.fp) != body.len) {
		outfile_abort(&of);
		die("%s: write failed", output ? output : "standard output");
	}
	strbuf_release(&body);
	profile_release(&p);
	cmd_commit_output(&of);
	return 0;
}
