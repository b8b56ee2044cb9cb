/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cmd/filter_opts.h"
#include "cmd/common.h"
#include "util/opts.h"
#include "util/strbuf.h"
#include "util/usage.h"
#include "util/xalloc.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

/*
 * What was given, for the outputs to show: the option text in order
 * ("--comm x --time 1-2", for text headers) and each option's value
 * (for JSON): lists (--tid, --pid, --comm) add up, commas between; for
 * the others the last one counts.
 */
static struct strbuf filter_text = STRBUF_INIT;
static struct filter_value {
	const char *name;
	struct strbuf value;
} filter_values[FILTER_OPT_NO_INLINE - FILTER_OPT_FOCUS + 1];

static void note_option(int c, const char *name, const char *arg)
{
	struct filter_value *v = &filter_values[c - FILTER_OPT_FOCUS];
	bool list = c == FILTER_OPT_TID || c == FILTER_OPT_PID || c == FILTER_OPT_COMM;

	if (filter_text.len)
		strbuf_addch(&filter_text, ' ');
	strbuf_addf(&filter_text, arg ? "--%s %s" : "--%s", name, arg ? arg : "");
	if (!v->name)
		strbuf_init(&v->value);
	v->name = name;
	if (list && v->value.len)
		strbuf_addch(&v->value, ',');
	else
		strbuf_reset(&v->value);
	strbuf_addstr(&v->value, arg ? arg : "true"); /* a flag (--no-inline) */
}

/* comma-separated decimal ids into *LIST */
static void parse_ids(const char *cmd, const char *opt, const char *arg, int64_t **list,
		      size_t *n)
{
	const char *p = arg;
	size_t alloc = *n;

	for (;;) {
		char *end;
		long long v;

		errno = 0;
		v = strtoll(p, &end, 10);
		if (errno || end == p || v < 0 || (*end && *end != ','))
			usage_error(cmd, "invalid --%s '%s' (use numbers separated by commas)", opt,
				    arg);
		ALLOC_GROW(*list, *n + 1, alloc);
		(*list)[(*n)++] = v;
		if (!*end)
			break;
		p = end + 1;
	}
}

static void parse_comms(const char *cmd, const char *arg, struct profile_filter *f)
{
	const char *p = arg;
	size_t alloc = f->ncomms;

	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma ? (size_t)(comma - p) : strlen(p);

		if (!len)
			usage_error(cmd, "invalid --comm '%s' (an empty name)", arg);
		ALLOC_GROW(f->comms, f->ncomms + 1, alloc);
		f->comms[f->ncomms++] = xstrndup(p, len);
		if (!comma)
			break;
		p = comma + 1;
	}
}

/* a number of seconds >= 0 from S (LEN bytes), "s" suffix allowed; -1 if invalid */
static double parse_seconds(const char *s, size_t len)
{
	char buf[64], *end;
	double v;

	if (!len || len >= sizeof(buf))
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (len > 1 && buf[len - 1] == 's')
		buf[len - 1] = '\0';
	errno = 0;
	v = strtod(buf, &end);
	if (errno || end == buf || *end || !isfinite(v) || v < 0)
		return -1;
	return v;
}

static void parse_time(const char *cmd, const char *arg, struct profile_filter *f)
{
	const char *dash = strchr(arg, '-');
	double from = 0, to = 0;

	if (!dash || dash[1] == '-' || (dash == arg && !dash[1]))
		usage_error(cmd, "invalid --time '%s' (use START-END in seconds, e.g. 2-3.5, 2- or -3)",
			    arg);
	if (dash > arg && (from = parse_seconds(arg, (size_t)(dash - arg))) < 0)
		usage_error(cmd, "invalid start in --time '%s'", arg);
	if (dash[1] && (to = parse_seconds(dash + 1, strlen(dash + 1))) < 0)
		usage_error(cmd, "invalid end in --time '%s'", arg);
	f->has_from = dash > arg;
	f->from_s = from;
	f->has_to = dash[1] != '\0';
	f->to_s = to;
}

bool filter_option(const char *cmd, struct profile_filter *f, int c, const char *arg)
{
	static const char *const names[] = {
		"focus", "ignore", "hide", "tid", "pid", "comm", "time", "from", "to", "max-depth",
		"no-inline",
	};
	struct diag d;
	double v;

	if (c < FILTER_OPT_FOCUS || c > FILTER_OPT_NO_INLINE)
		return false;
	switch (c) {
	case FILTER_OPT_FOCUS:
	case FILTER_OPT_IGNORE:
	case FILTER_OPT_HIDE:
		if (profile_filter_set_regex(f, "fih"[c - FILTER_OPT_FOCUS], arg, &d) < 0)
			usage_error(cmd, "--%s: %s", names[c - FILTER_OPT_FOCUS], d.msg);
		break;
	case FILTER_OPT_TID:
		parse_ids(cmd, "tid", arg, &f->tids, &f->ntids);
		break;
	case FILTER_OPT_PID:
		parse_ids(cmd, "pid", arg, &f->pids, &f->npids);
		break;
	case FILTER_OPT_COMM:
		parse_comms(cmd, arg, f);
		break;
	case FILTER_OPT_TIME:
		parse_time(cmd, arg, f);
		break;
	case FILTER_OPT_FROM:
	case FILTER_OPT_TO:
		if ((v = parse_seconds(arg, strlen(arg))) < 0)
			usage_error(cmd, "invalid --%s '%s' (use seconds from the start)",
				    names[c - FILTER_OPT_FOCUS], arg);
		if (c == FILTER_OPT_FROM) {
			f->has_from = true;
			f->from_s = v;
		} else {
			f->has_to = true;
			f->to_s = v;
		}
		break;
	case FILTER_OPT_MAX_DEPTH:
		f->max_depth = opt_parse_ulong(cmd, arg, "maximum depth");
		if (!f->max_depth)
			usage_error(cmd, "--max-depth must be at least 1");
		break;
	case FILTER_OPT_NO_INLINE:
		f->no_inline = true;
		arg = NULL;
		break;
	}
	note_option(c, names[c - FILTER_OPT_FOCUS], arg);
	return true;
}

void cmd_load_filtered(const char *input, unsigned flags, const struct profile_filter *f,
		       struct profile *p)
{
	struct diag d;

	if (f->has_from || f->has_to)
		flags |= INPUT_SAMPLE_TIMES;
	cmd_load_profile(input, flags, p);
	if (f->has_from && f->has_to && f->to_s <= f->from_s)
		die("the time range is empty: it ends at %g s, before it starts at %g s", f->to_s,
		    f->from_s);
	if (profile_filter_apply(p, f, &d) < 0)
		die("%s: %s", input, d.msg);
	if (!profile_filter_empty(f)) {
		size_t i;

		profile_set_attr(p, "filters", filter_text.buf);
		for (i = 0; i < sizeof(filter_values) / sizeof(*filter_values); i++) {
			char key[64];

			if (!filter_values[i].name)
				continue;
			snprintf(key, sizeof(key), "filter.%s", filter_values[i].name);
			profile_set_attr(p, key, filter_values[i].value.buf);
		}
	}
}
