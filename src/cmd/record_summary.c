/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "cmd/record_summary.h"
#include "util/share.h"
#include "util/usage.h"

#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static double pct(uint64_t part, uint64_t whole)
{
	return whole ? 100.0 * (double)part / (double)whole : 100.0;
}

/* a warning for each perf map that could not be read (LINES: a line each) */
static void jit_map_warnings(const char *lines)
{
	while (*lines) {
		int len = (int)strcspn(lines, "\n");

		warning("JIT frames left unnamed: %.*s", len, lines);
		lines += len + (lines[len] == '\n');
	}
}

/*
 * Name the remedy that fits the cause. Without privilege the rings are
 * small (the perf_event_mlock_kb budget), so large stack copies fill
 * them: smaller copies or a bigger budget help. -g fp is offered only
 * when libc keeps frame pointers, which Debian's does not.
 */
static void lost_warning(const struct pe_config *cfg, unsigned long long lost)
{
	bool dwarf = cfg->callgraph == PE_CALLGRAPH_DWARF;

	fprintf(stderr, "cprof: warning: %llu samples were lost", lost);
	if (dwarf && geteuid() != 0 && cfg->stack_bytes > 8192)
		fprintf(stderr, "; the rings fill with %u-byte stack copies within the mlock "
				"budget: try -g dwarf,8192 or raise /proc/sys/kernel/perf_event_mlock_kb\n",
			cfg->stack_bytes);
	else if (dwarf && cfg->stack_bytes > 8192)
		fprintf(stderr, "; try a lower -F (or -c) or smaller stack copies (-g dwarf,8192)\n");
	else
		fprintf(stderr, "; try a lower -F (or a larger -c)\n");
}

void record_print_summary(const struct record_summary *sum)
{
	const struct session_stats *st = sum->stats;
	const struct session_health *h = sum->health;
	char b1[32], b2[32];
	struct stat sb;
	char rate[48];

	if (sum->cfg->period)
		snprintf(rate, sizeof(rate), "every %llu events", (unsigned long long)sum->cfg->period);
	else
		snprintf(rate, sizeof(rate), "%u Hz", sum->cfg->freq);
	fprintf(stderr, "cprof: %llu samples in %.2f s (%s, %s), %llu lost, %llu throttled\n",
		(unsigned long long)st->samples, sum->seconds, sum->cfg->event.name, rate, (unsigned long long)st->lost,
		(unsigned long long)st->throttled);
	if (!st->samples)
		fprintf(stderr, "cprof: warning: no samples were recorded (did the command run long enough "
				"to be sampled?)\n");
	fprintf(stderr, "cprof: stacks reaching a root frame: %s, frames resolved to a symbol: %s\n",
		share_text(h->rooted, h->user_stacks, b1, sizeof(b1)),
		share_text(h->resolved, h->frames, b2, sizeof(b2)));
	if (h->no_symbols.len)
		fprintf(stderr, "cprof: frames without a symbol in: %s\n", h->no_symbols.buf);
	if (h->jit_maps.len)
		jit_map_warnings(h->jit_maps.buf);
	else if (strstr(h->no_symbols.buf, "//anon"))
		fprintf(stderr, "cprof: hint: code in //anon is a JIT's: it is named from "
				"/tmp/perf-PID.map where the JIT writes one (node --perf-basic-prof)\n");
	if (h->no_unwind.len)
		fprintf(stderr, "cprof: no unwind info in: %s\n", h->no_unwind.buf);
	if (h->mismatched.len)
		fprintf(stderr, "cprof: changed on disk since mapped (not symbolized): %s\n",
			h->mismatched.buf);
	if (st->lost)
		lost_warning(sum->cfg, st->lost);
	if (sum->segments > 1 && sum->output)
		fprintf(stderr, "cprof: wrote %u segments, the last '%s'\n", sum->segments,
			sum->output);
	else if (sum->output && stat(sum->output, &sb) == 0)
		fprintf(stderr, "cprof: wrote '%s' (%.1f KiB)\n", sum->output,
			(double)sb.st_size / 1024.0);
}

bool record_is_poor(const struct session_stats *st, const struct session_health *h)
{
	return st->lost > 0 || !st->samples ||
	       pct(h->rooted, h->user_stacks) < STRICT_MIN_ROOTED_PCT ||
	       pct(h->resolved, h->frames) < STRICT_MIN_RESOLVED_PCT;
}

