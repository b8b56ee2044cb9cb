/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "util/opts.h"
#include "util/usage.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* "-xyz", not "-", "--" or "--long" */
static bool is_short_cluster(const char *a)
{
	return a && a[0] == '-' && a[1] && a[1] != '-';
}

/*
 * The argument holding short option CH that getopt just refused.
 * getopt moves optind past an argument when it takes the argument's
 * last character only: "-top" refused at 't' leaves optind on "-top",
 * "-xt" refused at 't' moves it past. ARGV ends with NULL.
 */
static const char *refused_cluster(char **argv, int ch)
{
	const char *prev = optind > 1 ? argv[optind - 1] : NULL;
	const char *cur = argv[optind];

	if (is_short_cluster(prev) && prev[strlen(prev) - 1] == ch)
		return prev;
	if (is_short_cluster(cur) && strchr(cur + 1, ch))
		return cur;
	return NULL;
}

void bad_option(const char *cmd, int c, char **argv)
{
	const char *arg = argv[optind - 1];
	const char *in;

	/* optopt is the short option, or for a long one its code (not a character) */
	if (c == ':') {
		if (optopt > 0 && optopt < 256 && is_short_cluster(arg))
			usage_error(cmd, "option '-%c' needs a value", optopt);
		usage_error(cmd, "option '%s' needs a value", arg);
	}
	if (optopt > 0 && optopt < 256 && (in = refused_cluster(argv, optopt))) {
		if (strlen(in) > 2)
			usage_error(cmd, "unknown option '-%c' (in '%s')", optopt, in);
		usage_error(cmd, "unknown option '-%c'", optopt);
	}
	usage_error(cmd, "unknown option '%s'", arg);
}

/*
 * pprof's single-dash options and what cprof takes instead: getopt
 * alone reads "-top" as -t op and "-http" as -h (help). HINT is an
 * option of the command itself when it starts with "--" and the
 * command has that long option, else a whole command line; the first
 * entry that applies gives it.
 */
static const struct word_hint {
	const char *word;
	const char *hint;
} word_hints[] = {
	{ "top", "--top N" },
	{ "top", "cprof report --top N" },
	{ "nodecount", "--top N" },
	{ "nodecount", "cprof report --top N" },
	{ "nodefraction", "--percent-limit PERCENT" },
	{ "text", "cprof report" },
	{ "tree", "--tree" },
	{ "tree", "cprof report --tree" },
	{ "peek", "--callers FUNC" },
	{ "peek", "cprof report --callers FUNC" },
	{ "list", "cprof annotate FUNC" },
	{ "weblist", "cprof annotate FUNC" },
	{ "disasm", "cprof annotate FUNC" },
	{ "focus", "--focus REGEX" },
	{ "focus", "cprof report --focus REGEX" },
	{ "ignore", "--ignore REGEX" },
	{ "ignore", "cprof report --ignore REGEX" },
	{ "hide", "--hide REGEX" },
	{ "hide", "cprof report --hide REGEX" },
	{ "cum", "--sort cum" },
	{ "cum", "cprof report --sort cum" },
	{ "flat", "--sort self" },
	{ "flat", "cprof report --sort self" },
	{ "functions", "--by function" },
	{ "lines", "--by line" },
	{ "files", "--by file" },
	{ "noinlines", "--no-inline" },
	{ "http", "cprof flamegraph -o FILE.svg" },
	{ "web", "cprof flamegraph -o FILE.svg" },
	{ "svg", "cprof flamegraph -o FILE.svg" },
	{ "output", "--output FILE" },
	{ "output", "cprof report > FILE" },
	{ "traces", "cprof collapse" },
	{ "proto", "cprof pprof -o FILE.pb.gz" },
	{ "seconds", "cprof record -d SECONDS" },
	{ "base", "cprof diff BEFORE AFTER" },
	{ "diff_base", "cprof diff BEFORE AFTER" },
};

/* the long option NAME (LEN bytes), exactly */
static const struct option *long_named(const struct option *longopts, const char *name,
				       size_t len)
{
	for (; longopts->name; longopts++)
		if (strlen(longopts->name) == len && !strncmp(longopts->name, name, len))
			return longopts;
	return NULL;
}

/* the long option "--NAME[=...]" names, as getopt_long matches it (exact or a unique prefix) */
static const struct option *long_matched(const struct option *longopts, const char *name)
{
	size_t len = strcspn(name, "=");
	const struct option *o, *found = NULL;

	for (o = longopts; o->name; o++) {
		if (strncmp(o->name, name, len))
			continue;
		if (strlen(o->name) == len)
			return o;
		if (found)
			return NULL; /* ambiguous: getopt_long refuses it */
		found = o;
	}
	return found;
}

/* pprof's word W (LEN bytes) as cprof says it, for a command with LONGOPTS; or NULL */
static const char *pprof_hint(const char *w, size_t len, const struct option *longopts)
{
	size_t i;

	for (i = 0; i < sizeof(word_hints) / sizeof(*word_hints); i++) {
		const struct word_hint *h = &word_hints[i];

		if (strlen(h->word) != len || strncmp(h->word, w, len))
			continue;
		if (!strncmp(h->hint, "--", 2) &&
		    !long_named(longopts, h->hint + 2, strcspn(h->hint + 2, " ")))
			continue;
		return h->hint;
	}
	return NULL;
}

/*
 * Refuse a single-dash word A ("-top", "-nodecount=5") that is pprof's
 * option or one of the command's long options with one dash, naming
 * what to type instead. A word made of the command's short options is
 * let through when it names neither ("-qx" is -q -x).
 */
static void check_word(const char *cmd, const char *a, const struct option *longopts)
{
	size_t len = strcspn(a + 1, "="), i;
	const struct option *o;
	const char *hint;

	if (len < 2)
		return;
	for (i = 1; i <= len; i++)
		if (!((a[i] >= 'a' && a[i] <= 'z') || a[i] == '_' || a[i] == '-'))
			return;
	hint = pprof_hint(a + 1, len, longopts);
	if (hint && !strncmp(hint, "--", 2))
		usage_error(cmd, "unknown option '%.*s': pprof's -%.*s is 'cprof %s %s'",
			    (int)len + 1, a, (int)len, a + 1, cmd, hint);
	if (hint)
		usage_error(cmd, "unknown option '%.*s': pprof's -%.*s is '%s'", (int)len + 1, a,
			    (int)len, a + 1, hint);
	/* -help is -h, which is what was meant */
	o = long_named(longopts, a + 1, len);
	if (o && strcmp(o->name, "help"))
		usage_error(cmd, "unknown option '%.*s': long options take two dashes, '--%s'",
			    (int)len + 1, a, o->name);
}

/* check_word() on each single-dash word of ARGV that is not an option's value */
static void check_words(const char *cmd, int argc, char **argv, const char *shortopts,
			const struct option *longopts)
{
	bool in_order = shortopts[0] == '+'; /* options end at the first operand */
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *p;

		if (!strcmp(a, "--"))
			return;
		if (a[0] != '-' || !a[1]) {
			if (in_order)
				return;
			continue;
		}
		if (a[1] == '-') {
			const struct option *o = long_matched(longopts, a + 2);

			if (o && o->has_arg == required_argument && !strchr(a, '='))
				i++; /* its value */
			continue;
		}
		check_word(cmd, a, longopts);
		/* the value of the cluster's last option may be the next argument */
		for (p = a + 1; *p; p++) {
			const char *s = *p == ':' || *p == '+' ? NULL : strchr(shortopts, *p);

			if (!s)
				break;
			if (s[1] == ':') {
				if (s[2] != ':' && !p[1])
					i++;
				break;
			}
		}
	}
}

int opt_next(const char *cmd, int argc, char **argv, const char *shortopts,
	     const struct option *longopts)
{
	static char **checked;

	if (argv != checked) {
		checked = argv;
		check_words(cmd, argc, argv, shortopts, longopts);
	}
	return getopt_long(argc, argv, shortopts, longopts, NULL);
}

unsigned long opt_parse_ulong(const char *cmd, const char *s, const char *what)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || end == s || *end || s[0] == '-')
		usage_error(cmd, "invalid %s '%s'", what, s);
	return v;
}
