/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cmd/common.h"
#include "format/input.h"
#include "symbol/symbolize_profile.h"
#include "util/progress.h"
#include "util/usage.h"

#include <getopt.h>
#include <string.h>
#include <sys/stat.h>

const char *cmd_input_arg(const char *cmd, const char *input, int argc, char **argv)
{
	if (optind < argc) {
		if (input || optind + 1 < argc)
			usage_error(cmd, "give one input");
		input = argv[optind];
	}
	return input ? input : "cprof.data";
}

void cmd_load_profile(const char *input, unsigned flags, struct profile *p)
{
	struct diag d;

	if (input_load(input, flags, progress_to_stderr(cprof_quiet), p, &d) < 0)
		die("%s", d.msg);
	/* a recording cut short holds addresses: name them from the files on disk */
	if (profile_needs_symbols(p)) {
		struct strbuf warnings = STRBUF_INIT;
		char *line, *next;

		profile_symbolize(p, progress_to_stderr(cprof_quiet), &warnings);
		for (line = warnings.buf; *line; line = next) {
			next = line + strcspn(line, "\n");
			if (*next)
				*next++ = '\0';
			warning("JIT frames left unnamed: %s", line);
		}
		strbuf_release(&warnings);
	}
}

static void annotate_warning(const char *msg)
{
	warning("%s", msg);
}

void cmd_annotate_setup(struct annotate_opts *ao, const char *input)
{
	struct stat st;

	ao->warn = annotate_warning;
	if (strcmp(input, "-") && !stat(input, &st) && S_ISREG(st.st_mode))
		ao->input_mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
}

void cmd_open_output(struct outfile *of, const char *output)
{
	struct diag d;

	if (outfile_open(of, output, &d) < 0)
		die("%s", d.msg);
}

void cmd_commit_output(struct outfile *of)
{
	struct diag d;

	if (outfile_commit(of, &d) < 0)
		die("%s", d.msg);
}

int cmd_value_index(const struct profile *p, const char *spec)
{
	struct diag d;
	int vi = profile_value_index(p, spec, &d);

	if (vi < 0)
		die("%s", d.msg);
	return vi;
}

/* --format: text or json */
bool cmd_parse_format(const char *cmd, const char *s)
{
	if (!strcmp(s, "json"))
		return true;
	if (strcmp(s, "text"))
		usage_error(cmd, "unknown format '%s' (use text or json)", s);
	return false;
}
