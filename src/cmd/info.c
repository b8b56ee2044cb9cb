/* SPDX-License-Identifier: GPL-3.0-or-later */
/* cprof info: what a recording holds, and how healthy it is */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "util/arith.h"
#include "cmd/common.h"
#include "format/cdata.h"
#include "util/opts.h"
#include "util/usage.h"
#include "util/xalloc.h"

/* a cprof recording (by its magic), or something else for input_load() */
static bool is_recording(const char *path)
{
	unsigned char magic[8];
	FILE *f = fopen(path, "rb");
	size_t n = 0;

	if (!f)
		return true; /* let the recording reader report the error */
	n = fread(magic, 1, sizeof(magic), f);
	fclose(f);
	return cdata_sniff(magic, n) || n == 0;
}

struct thread_count {
	uint32_t pid, tid;
	const char *comm;
	uint64_t samples;
};

static int thread_cmp(const void *a, const void *b)
{
	const struct thread_count *x = a, *y = b;

	if (x->samples != y->samples)
		return x->samples > y->samples ? -1 : 1;
	return x->tid < y->tid ? -1 : x->tid > y->tid;
}

static void print_threads(const struct cdata_recording *rec)
{
	struct thread_count *t = NULL;
	size_t n = 0, alloc = 0, i, j;

	/* the last name a thread had, and its sample count */
	for (i = 0; i < rec->nthreads; i++) {
		for (j = 0; j < n && t[j].tid != rec->threads[i].tid; j++)
			;
		if (j == n) {
			ALLOC_GROW(t, n + 1, alloc);
			t[n].tid = rec->threads[i].tid;
			t[n].samples = 0;
			n++;
		}
		t[j].pid = rec->threads[i].pid;
		t[j].comm = rec->threads[i].comm;
	}
	for (i = 0; i < rec->nsamples; i++) {
		for (j = 0; j < n && t[j].tid != rec->samples[i].tid; j++)
			;
		if (j < n)
			t[j].samples++;
	}
	if (n)
		qsort(t, n, sizeof(*t), thread_cmp);
	printf("threads:\n");
	printf("  %8s %8s %10s  %s\n", "pid", "tid", "samples", "name");
	for (i = 0; i < n; i++)
		if (t[i].samples)
			printf("  %8u %8u %10" PRIu64 "  %s\n", t[i].pid, t[i].tid, t[i].samples,
			       t[i].comm);
	free(t);
}

static void print_mappings(const struct cdata_recording *rec)
{
	size_t i, j;

	printf("mappings:\n");
	for (i = 0; i < rec->nmappings; i++) {
		const struct cdata_mapping *m = &rec->mappings[i];
		uint32_t flags = 0;
		bool known = false;

		if (m->kind == CDATA_MAP_KERNEL) {
			printf("  %-35s %s\n", "kernel", m->path);
			continue;
		}
		for (j = 0; j < rec->nmapinfo; j++)
			if (rec->mapinfo[j].mapping_id == m->id) {
				flags = rec->mapinfo[j].flags;
				known = true;
			}
		printf("  %7u %016" PRIx64 "-%016" PRIx64 " %s", m->pid, m->start, m->end, m->path);
		if (*m->build_id)
			printf(" build-id %s", m->build_id);
		if (known)
			printf(" [%s%s%s%s]", flags & CDATA_MAPINFO_SYMBOLS ? "symbols" : "no symbols",
			       flags & CDATA_MAPINFO_LINES ? ", lines" : "",
			       flags & CDATA_MAPINFO_MISMATCH ? ", changed on disk" : "",
			       flags & CDATA_MAPINFO_MISSING ? ", file missing" : "");
		putchar('\n');
	}
}

static uint64_t health_u64(const struct cdata_recording *rec, const char *key)
{
	const char *v = cdata_health(rec, key);

	return v ? strtoull(v, NULL, 10) : 0;
}

static void print_health(const struct cdata_recording *rec)
{
	uint64_t user = health_u64(rec, "user_stacks"), frames = health_u64(rec, "frames");
	const char *v;

	if (!rec->nhealth) {
		printf("health: not recorded (the recording was cut short)\n");
		return;
	}
	printf("health:\n");
	printf("  lost samples:        %" PRIu64 "\n", health_u64(rec, "lost"));
	printf("  throttle events:     %" PRIu64 "\n", health_u64(rec, "throttled"));
	printf("  stacks reaching a root frame: %.1f%%\n",
	       user ? 100.0 * (double)health_u64(rec, "rooted_stacks") / (double)user : 100.0);
	printf("  frames resolved to a symbol:  %.1f%%\n",
	       frames ? 100.0 * (double)health_u64(rec, "resolved_frames") / (double)frames
		      : 100.0);
	printf("  unwinds: %" PRIu64 " complete, %" PRIu64 " truncated, %" PRIu64 " failed\n",
	       health_u64(rec, "unwind_complete"), health_u64(rec, "unwind_truncated"),
	       health_u64(rec, "unwind_failed"));
	if ((v = cdata_health(rec, "no_symbols")) && *v)
		printf("  no symbols for:      %s\n", v);
	if ((v = cdata_health(rec, "no_unwind")) && *v)
		printf("  no unwind info in:   %s\n", v);
	if ((v = cdata_health(rec, "mismatched")) && *v)
		printf("  changed on disk:     %s\n", v);
}

static void print_info(const char *path, const struct cdata_recording *rec)
{
	static const char *const keys[] = {
		"command", "host", "kernel", "arch", "start_time", "event", "frequency",
		"call_graph", "mode", "kernel_frames", "cprof_version",
	};
	const char *v;
	double duration = 0;
	size_t i;

	printf("file:                %s (format version %u%s)\n", path, rec->version,
	       rec->complete ? "" : ", cut short");
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if ((v = cdata_meta(rec, keys[i])))
			printf("%-20s %s\n", keys[i], v);
	if ((v = cdata_meta(rec, "duration_ns")))
		duration = (double)strtoull(v, NULL, 10) / 1e9;
	printf("%-20s %.3f s\n", "duration", duration);
	printf("%-20s %zu\n", "samples", rec->nsamples);
	printf("%-20s %" PRIu64 "\n", "lost samples", health_u64(rec, "lost"));
	if (rec->nsamples > 1) {
		uint64_t lo = rec->samples[0].time, hi = lo;

		for (i = 0; i < rec->nsamples; i++) {
			lo = rec->samples[i].time < lo ? rec->samples[i].time : lo;
			hi = rec->samples[i].time > hi ? rec->samples[i].time : hi;
		}
		/* per thread, samples interleave; the mean over all is what -F set */
		printf("%-20s %.3f ms\n", "mean interval",
		       (double)(hi - lo) / 1e6 / (double)(rec->nsamples - 1));
	}
	printf("%-20s %zu\n", "unique stacks", rec->nstacks);
	printf("%-20s %zu\n", "unique locations", rec->nlocations);
	if (rec->nfunctions || rec->complete)
		printf("%-20s %zu\n", "unique functions", rec->nfunctions);
	else
		printf("%-20s not resolved (the recording was cut short)\n", "unique functions");
	print_threads(rec);
	print_mappings(rec);
	print_health(rec);
}

/* what a profile that is not a recording holds (pprof, folded stacks) */
static void print_profile_info(const char *path, const struct profile *p)
{
	size_t i, j;
	int64_t *totals = xcalloc(p->ntypes + 1, sizeof(*totals));
	time_t t = (time_t)(p->time_nanos / 1000000000);
	char when[64] = "";
	struct tm tm;

	for (i = 0; i < p->nsamples; i++)
		for (j = 0; j < p->ntypes; j++)
			totals[j] = sat_add64(totals[j], p->samples[i]->values[j]);
	printf("%-20s %s\n", "file:", path);
	if (p->time_nanos && gmtime_r(&t, &tm))
		strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (*when)
		printf("%-20s %s\n", "time", when);
	printf("%-20s %.3f s\n", "duration", (double)p->duration_nanos / 1e9);
	if (*p->period_type.type)
		printf("%-20s %lld %s/%s\n", "period", (long long)p->period, p->period_type.type,
		       p->period_type.unit);
	printf("%-20s %zu\n", "samples", p->nsamples);
	printf("sample types:\n");
	for (j = 0; j < p->ntypes; j++)
		printf("  %-18s %-12s total %lld%s\n", p->types[j].type, p->types[j].unit,
		       (long long)totals[j],
		       !strcmp(p->types[j].type, p->default_sample_type) ? "  (default)" : "");
	printf("%-20s %zu\n", "locations", p->nlocations);
	printf("%-20s %zu\n", "functions", p->nfunctions);
	printf("mappings:\n");
	for (i = 0; i < p->nmappings; i++) {
		const struct profile_mapping *m = p->mappings[i];

		printf("  %016" PRIx64 "-%016" PRIx64 " %s%s%s%s\n", m->start, m->limit,
		       *m->file ? m->file : "(no file)", *m->build_id ? " build-id " : "",
		       m->build_id, m->has_functions ? " [symbols]" : "");
	}
	for (i = 0; i < p->nattrs; i++)
		printf("%-20s %s\n", p->attrs[i].key, p->attrs[i].value);
	for (i = 0; i < p->ncomments; i++)
		printf("comment: %s\n", p->comments[i]);
	free(totals);
}

int cmd_info(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *input = NULL;
	struct cdata_recording rec;
	struct diag d;
	int c;

	opterr = 0;
	while ((c = getopt_long(argc, argv, ":i:h", longopts, NULL)) != -1) {
		switch (c) {
		case 'i':
			input = optarg;
			break;
		case 'h':
			cprof_print_usage("info");
			return 0;
		default:
			bad_option("info", c, argv);
		}
	}
	if (optind < argc) {
		if (input || optind + 1 < argc)
			usage_error("info", "give one recording");
		input = argv[optind];
	}
	if (!input)
		input = "cprof.data";
	if (!is_recording(input)) {
		struct profile p;

		cmd_load_profile(input, &p);
		print_profile_info(input, &p);
		profile_release(&p);
		return 0;
	}
	if (cdata_read_file(input, &rec, &d) < 0) {
		cdata_recording_release(&rec);
		die("%s: %s", input, d.msg);
	}
	if (rec.truncated)
		warning("'%s' was cut short; showing its first %llu bytes", input,
			(unsigned long long)rec.valid_bytes);
	print_info(input, &rec);
	cdata_recording_release(&rec);
	return 0;
}
