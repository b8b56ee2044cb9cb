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
#include "util/json.h"
#include "util/share.h"
#include "util/escape.h"
#include "util/opts.h"
#include "util/progress.h"
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
	return cdata_sniff(magic, n);
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

/* the threads that took samples, most samples first */
static struct thread_count *count_threads(const struct cdata_recording *rec, size_t *count)
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
	/* the sort put those without samples last */
	while (n && !t[n - 1].samples)
		n--;
	*count = n;
	return t;
}

static void print_threads(const struct cdata_recording *rec)
{
	size_t n, i;
	struct thread_count *t = count_threads(rec, &n);

	printf("threads:\n");
	printf("  %8s %8s %10s  %s\n", "pid", "tid", "samples", "name");
	for (i = 0; i < n; i++)
		printf("  %8u %8u %10" PRIu64 "  %s\n", t[i].pid, t[i].tid, t[i].samples,
		       text_escaped(t[i].comm));
	free(t);
}

/* what symbol resolution found for mapping ID (the last record for it); false: nothing */
static bool mapinfo_flags(const struct cdata_recording *rec, uint32_t id, uint32_t *flags)
{
	bool known = false;
	size_t j;

	for (j = 0; j < rec->nmapinfo; j++)
		if (rec->mapinfo[j].mapping_id == id) {
			*flags = rec->mapinfo[j].flags;
			known = true;
		}
	return known;
}

static void print_mappings(const struct cdata_recording *rec)
{
	/* a mapping no sample fell in has no frames to resolve: not "no symbols" */
	bool *sampled = xcalloc(rec->nmappings + 1, sizeof(*sampled));
	size_t i;

	for (i = 0; i < rec->nlocations; i++)
		if (rec->locations[i].mapping_id <= rec->nmappings)
			sampled[rec->locations[i].mapping_id] = true;
	printf("mappings:\n");
	for (i = 0; i < rec->nmappings; i++) {
		const struct cdata_mapping *m = &rec->mappings[i];
		uint32_t flags = 0;
		bool known = false;

		if (m->kind == CDATA_MAP_KERNEL) {
			printf("  %-35s %s\n", "kernel", text_escaped(m->path));
			continue;
		}
		known = mapinfo_flags(rec, m->id, &flags);
		printf("  %7u %016" PRIx64 "-%016" PRIx64 " %s", m->pid, m->start, m->end,
		       text_escaped(m->path));
		if (*m->build_id)
			printf(" build-id %s", text_escaped(m->build_id));
		if (known && !sampled[m->id] && !(flags & CDATA_MAPINFO_MISMATCH))
			printf(" [not sampled]");
		else if (known)
			printf(" [%s%s%s%s]", flags & CDATA_MAPINFO_SYMBOLS ? "symbols" : "no symbols",
			       flags & CDATA_MAPINFO_LINES ? ", lines" : "",
			       flags & CDATA_MAPINFO_MISMATCH ? ", changed on disk" : "",
			       flags & CDATA_MAPINFO_MISSING ? ", file missing" : "");
		putchar('\n');
	}
	free(sampled);
}

static uint64_t health_u64(const struct cdata_recording *rec, const char *key)
{
	const char *v = cdata_health(rec, key);

	return v ? strtoull(v, NULL, 10) : 0;
}

/* the HEALTH count KEY in percent of ALL (100 when ALL is 0) */
static double health_pct(const struct cdata_recording *rec, const char *key, uint64_t all)
{
	return all ? 100.0 * (double)health_u64(rec, key) / (double)all : 100.0;
}

static void print_health(const struct cdata_recording *rec)
{
	uint64_t user = health_u64(rec, "user_stacks"), frames = health_u64(rec, "frames");
	char b1[32], b2[32];
	const char *v;

	if (!rec->nhealth) {
		printf("health: not recorded (the recording was cut short)\n");
		return;
	}
	printf("health:\n");
	printf("  lost samples:        %" PRIu64 "\n", health_u64(rec, "lost"));
	printf("  throttle events:     %" PRIu64 "\n", health_u64(rec, "throttled"));
	if (!health_u64(rec, "samples"))
		printf("  warning: no samples were recorded\n");
	printf("  stacks reaching a root frame: %s\n",
	       share_text(health_u64(rec, "rooted_stacks"), user, b1, sizeof(b1)));
	printf("  frames resolved to a symbol:  %s\n",
	       share_text(health_u64(rec, "resolved_frames"), frames, b2, sizeof(b2)));
	printf("  unwinds: %" PRIu64 " complete, %" PRIu64 " truncated, %" PRIu64 " failed\n",
	       health_u64(rec, "unwind_complete"), health_u64(rec, "unwind_truncated"),
	       health_u64(rec, "unwind_failed"));
	if ((v = cdata_health(rec, "no_symbols")) && *v)
		printf("  frames without a symbol in: %s\n", text_escaped(v));
	if ((v = cdata_health(rec, "no_unwind")) && *v)
		printf("  no unwind info in:   %s\n", text_escaped(v));
	if ((v = cdata_health(rec, "mismatched")) && *v)
		printf("  changed on disk:     %s\n", text_escaped(v));
}

/*
 * The rate changes --max-overhead made, META "frequency_change" =
 * "TIME_NS HZ": the I-th one's time and rate; false past the last (or at
 * a malformed one).
 */
static bool frequency_change(const struct cdata_recording *rec, size_t *pos, uint64_t *time,
			     unsigned *hz)
{
	for (; *pos < rec->nmeta; (*pos)++) {
		unsigned long long t;

		if (strcmp(rec->meta[*pos].key, "frequency_change"))
			continue;
		if (sscanf(rec->meta[*pos].value, "%llu %u", &t, hz) != 2)
			return false;
		*time = t;
		(*pos)++;
		return true;
	}
	return false;
}

static uint64_t start_mono_ns(const struct cdata_recording *rec)
{
	const char *v = cdata_meta(rec, "start_mono_ns");

	return v ? strtoull(v, NULL, 10) : 0;
}

static void print_frequency_changes(const struct cdata_recording *rec)
{
	uint64_t start = start_mono_ns(rec), time;
	size_t pos = 0, n = 0;
	unsigned hz;

	while (frequency_change(rec, &pos, &time, &hz)) {
		printf("%s%.2f s: %u Hz", n++ ? ", " : "frequency changes    ",
		       time > start ? (double)(time - start) / 1e9 : 0.0, hz);
	}
	if (n)
		putchar('\n');
}

static void json_frequency_changes(struct json *j, const struct cdata_recording *rec)
{
	uint64_t start = start_mono_ns(rec), time;
	size_t pos = 0;
	unsigned hz;

	json_key(j, "frequency_changes");
	json_array_begin(j);
	while (frequency_change(rec, &pos, &time, &hz)) {
		json_object_begin(j);
		json_key(j, "time_ns");
		json_uint(j, time);
		json_key(j, "offset_ns");
		json_uint(j, time > start ? time - start : 0);
		json_key(j, "hz");
		json_uint(j, hz);
		json_object_end(j);
	}
	json_array_end(j);
}

/* the first and the last sample's time (at least one sample) */
static void sample_time_range(const struct cdata_recording *rec, uint64_t *lo, uint64_t *hi)
{
	size_t i;

	*lo = *hi = rec->samples[0].time;
	for (i = 0; i < rec->nsamples; i++) {
		*lo = rec->samples[i].time < *lo ? rec->samples[i].time : *lo;
		*hi = rec->samples[i].time > *hi ? rec->samples[i].time : *hi;
	}
}

/* the mean time between samples (at least two) */
static double mean_interval_ms(const struct cdata_recording *rec)
{
	uint64_t lo, hi;

	sample_time_range(rec, &lo, &hi);
	/* per thread, samples interleave; the mean over all is what -F set */
	return (double)(hi - lo) / 1e6 / (double)(rec->nsamples - 1);
}

static void print_info(const char *path, const struct cdata_recording *rec)
{
	static const char *const keys[] = {
		"command", "host", "kernel", "arch", "start_time", "event", "frequency",
		"period", "call_graph", "mode", "kernel_frames", "cprof_version", "segment",
	};
	const char *v;
	double duration = 0;
	size_t i;

	printf("file:                %s (format version %u%s)\n", text_escaped(path), rec->version,
	       rec->complete ? "" : ", cut short");
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if ((v = cdata_meta(rec, keys[i])))
			printf("%-20s %s\n", keys[i], text_escaped(v));
	if ((v = cdata_meta(rec, "duration_ns")))
		duration = (double)strtoull(v, NULL, 10) / 1e9;
	print_frequency_changes(rec);
	printf("%-20s %.3f s\n", "duration", duration);
	printf("%-20s %zu\n", "samples", rec->nsamples);
	printf("%-20s %" PRIu64 "\n", "lost samples", health_u64(rec, "lost"));
	if (rec->nsamples > 1)
		printf("%-20s %.3f ms\n", "mean interval", mean_interval_ms(rec));
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

/* per sample type, the sum of its values over all samples */
static int64_t *type_totals(const struct profile *p)
{
	int64_t *totals = xcalloc(p->ntypes + 1, sizeof(*totals));
	size_t i, j;

	for (i = 0; i < p->nsamples; i++)
		for (j = 0; j < p->ntypes; j++)
			totals[j] = sat_add64(totals[j], p->samples[i]->values[j]);
	return totals;
}

/* the start of P as UTC, "" when unknown */
static void profile_time(const struct profile *p, char *when, size_t size)
{
	time_t t = (time_t)(p->time_nanos / 1000000000);
	struct tm tm;

	*when = '\0';
	if (p->time_nanos && gmtime_r(&t, &tm))
		strftime(when, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* what a profile that is not a recording holds (pprof, folded stacks) */
static void print_profile_info(const char *path, const struct profile *p)
{
	size_t i, j;
	int64_t *totals = type_totals(p);
	char when[64];

	printf("%-20s %s\n", "file:", text_escaped(path));
	profile_time(p, when, sizeof(when));
	if (*when)
		printf("%-20s %s\n", "time", when);
	printf("%-20s %.3f s\n", "duration", (double)p->duration_nanos / 1e9);
	if (*p->period_type.type)
		printf("%-20s %lld %s/%s\n", "period", (long long)p->period, p->period_type.type,
		       p->period_type.unit);
	printf("%-20s %zu\n", "sample records", p->nsamples);
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

		printf("  %016" PRIx64 "-%016" PRIx64 " %s", m->start, m->limit,
		       *m->file ? text_escaped(m->file) : "(no file)");
		printf("%s%s%s\n", *m->build_id ? " build-id " : "", text_escaped(m->build_id),
		       m->has_functions ? " [symbols]" : "");
	}
	for (i = 0; i < p->nattrs; i++) {
		printf("%-20s ", text_escaped(p->attrs[i].key));
		printf("%s\n", text_escaped(p->attrs[i].value));
	}
	for (i = 0; i < p->ncomments; i++)
		printf("comment: %s\n", text_escaped(p->comments[i]));
	free(totals);
}

/* ---- the same facts as JSON (cprof-json(5)) ---- */

/* "0x" and 16 hex digits: addresses do not fit every JSON reader's numbers */
static void json_address(struct json *j, uint64_t a)
{
	char buf[24];

	snprintf(buf, sizeof(buf), "0x%016" PRIx64, a);
	json_string(j, buf);
}

static void json_header(struct json *j, const char *path, const char *kind)
{
	json_key(j, "cprof");
	json_string(j, "info");
	json_key(j, "schema_version");
	json_int(j, 1);
	json_key(j, "input");
	json_string(j, path);
	json_key(j, "kind");
	json_string(j, kind);
}

/* a ", "-separated HEALTH list as an array; null when not recorded */
static void json_health_list(struct json *j, const struct cdata_recording *rec, const char *key)
{
	const char *v = cdata_health(rec, key), *sep;

	if (!v) {
		json_null(j);
		return;
	}
	json_array_begin(j);
	while (*v) {
		sep = strstr(v, ", ");
		json_string_n(j, v, sep ? (size_t)(sep - v) : strlen(v));
		v = sep ? sep + 2 : v + strlen(v);
	}
	json_array_end(j);
}

static void json_health(struct json *j, const struct cdata_recording *rec)
{
	static const char *const counts[] = {
		"lost", "throttled", "user_stacks", "rooted_stacks", "frames", "resolved_frames",
		"unwind_complete", "unwind_truncated", "unwind_failed",
	};
	size_t i;

	if (!rec->nhealth) {
		json_null(j);
		return;
	}
	json_object_begin(j);
	for (i = 0; i < sizeof(counts) / sizeof(counts[0]); i++) {
		json_key(j, counts[i]);
		json_uint(j, health_u64(rec, counts[i]));
	}
	json_key(j, "rooted_stacks_pct");
	json_double(j, health_pct(rec, "rooted_stacks", health_u64(rec, "user_stacks")), 2);
	json_key(j, "resolved_frames_pct");
	json_double(j, health_pct(rec, "resolved_frames", health_u64(rec, "frames")), 2);
	json_key(j, "no_symbols");
	json_health_list(j, rec, "no_symbols");
	json_key(j, "no_unwind");
	json_health_list(j, rec, "no_unwind");
	json_key(j, "mismatched");
	json_health_list(j, rec, "mismatched");
	json_object_end(j);
}

/* a mapinfo flag: null when symbol resolution left no record */
static void json_flag(struct json *j, bool known, uint32_t flag)
{
	if (known)
		json_bool(j, flag != 0);
	else
		json_null(j);
}

static void json_rec_mappings(struct json *j, const struct cdata_recording *rec)
{
	static const char *const kinds[] = { "user", "kernel", "vdso" };
	size_t i;

	json_array_begin(j);
	for (i = 0; i < rec->nmappings; i++) {
		const struct cdata_mapping *m = &rec->mappings[i];
		uint32_t flags = 0;
		bool known = mapinfo_flags(rec, m->id, &flags);

		json_object_begin(j);
		json_key(j, "kind");
		json_string(j, m->kind < 3 ? kinds[m->kind] : "unknown");
		json_key(j, "pid");
		if (m->kind == CDATA_MAP_KERNEL)
			json_null(j);
		else
			json_uint(j, m->pid);
		json_key(j, "start");
		json_address(j, m->start);
		json_key(j, "end");
		json_address(j, m->end);
		json_key(j, "path");
		json_string(j, m->path);
		json_key(j, "build_id");
		json_string(j, *m->build_id ? m->build_id : NULL);
		json_key(j, "symbols");
		json_flag(j, known, flags & CDATA_MAPINFO_SYMBOLS);
		json_key(j, "lines");
		json_flag(j, known, flags & CDATA_MAPINFO_LINES);
		json_key(j, "changed_on_disk");
		json_flag(j, known, flags & CDATA_MAPINFO_MISMATCH);
		json_key(j, "file_missing");
		json_flag(j, known, flags & CDATA_MAPINFO_MISSING);
		json_object_end(j);
	}
	json_array_end(j);
}

static void json_info(const char *path, const struct cdata_recording *rec)
{
	static const char *const keys[] = {
		"command", "host", "kernel", "arch", "start_time", "event", "frequency",
		"period", "call_graph", "mode", "kernel_frames", "cprof_version", "segment",
		"start_time_ns", "start_mono_ns",
	};
	struct thread_count *t;
	struct json j;
	const char *v;
	size_t i, n;

	json_init(&j, stdout);
	json_object_begin(&j);
	json_header(&j, path, "recording");
	json_key(&j, "format_version");
	json_uint(&j, rec->version);
	json_key(&j, "complete");
	json_bool(&j, rec->complete);
	json_key(&j, "truncated");
	json_bool(&j, rec->truncated);
	json_key(&j, "metadata");
	json_object_begin(&j);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if ((v = cdata_meta(rec, keys[i]))) {
			json_key(&j, keys[i]);
			json_string(&j, v);
		}
	json_object_end(&j);
	json_key(&j, "duration_ns");
	if ((v = cdata_meta(rec, "duration_ns")))
		json_uint(&j, strtoull(v, NULL, 10));
	else
		json_null(&j);
	json_key(&j, "samples");
	json_uint(&j, rec->nsamples);
	json_key(&j, "lost");
	json_uint(&j, health_u64(rec, "lost"));
	json_key(&j, "mean_interval_ms");
	if (rec->nsamples > 1)
		json_double(&j, mean_interval_ms(rec), 3);
	else
		json_null(&j);
	/* on the recorder's clock (CLOCK_MONOTONIC), to line segments up */
	if (rec->nsamples) {
		uint64_t lo, hi;

		sample_time_range(rec, &lo, &hi);
		json_key(&j, "first_sample_ns");
		json_uint(&j, lo);
		json_key(&j, "last_sample_ns");
		json_uint(&j, hi);
	} else {
		json_key(&j, "first_sample_ns");
		json_null(&j);
		json_key(&j, "last_sample_ns");
		json_null(&j);
	}
	json_frequency_changes(&j, rec);
	json_key(&j, "unique_stacks");
	json_uint(&j, rec->nstacks);
	json_key(&j, "unique_locations");
	json_uint(&j, rec->nlocations);
	json_key(&j, "unique_functions");
	if (rec->nfunctions || rec->complete)
		json_uint(&j, rec->nfunctions);
	else
		json_null(&j);

	json_key(&j, "threads");
	json_array_begin(&j);
	t = count_threads(rec, &n);
	for (i = 0; i < n; i++) {
		json_object_begin(&j);
		json_key(&j, "pid");
		json_uint(&j, t[i].pid);
		json_key(&j, "tid");
		json_uint(&j, t[i].tid);
		json_key(&j, "samples");
		json_uint(&j, t[i].samples);
		json_key(&j, "name");
		json_string(&j, t[i].comm);
		json_object_end(&j);
	}
	free(t);
	json_array_end(&j);
	json_key(&j, "mappings");
	json_rec_mappings(&j, rec);
	json_key(&j, "health");
	json_health(&j, rec);
	json_object_end(&j);
}

static void json_profile_info(const char *path, const struct profile *p)
{
	int64_t *totals = type_totals(p);
	char when[64];
	struct json j;
	size_t i;

	profile_time(p, when, sizeof(when));
	json_init(&j, stdout);
	json_object_begin(&j);
	json_header(&j, path, "profile");
	json_key(&j, "time");
	json_string(&j, *when ? when : NULL);
	json_key(&j, "time_ns");
	json_int(&j, p->time_nanos);
	json_key(&j, "duration_ns");
	json_int(&j, p->duration_nanos);
	json_key(&j, "period");
	if (*p->period_type.type) {
		json_object_begin(&j);
		json_key(&j, "value");
		json_int(&j, p->period);
		json_key(&j, "type");
		json_string(&j, p->period_type.type);
		json_key(&j, "unit");
		json_string(&j, p->period_type.unit);
		json_object_end(&j);
	} else {
		json_null(&j);
	}
	json_key(&j, "samples");
	json_uint(&j, p->nsamples);
	json_key(&j, "sample_types");
	json_array_begin(&j);
	for (i = 0; i < p->ntypes; i++) {
		json_object_begin(&j);
		json_key(&j, "type");
		json_string(&j, p->types[i].type);
		json_key(&j, "unit");
		json_string(&j, p->types[i].unit);
		json_key(&j, "total");
		json_int(&j, totals[i]);
		json_key(&j, "default");
		json_bool(&j, !strcmp(p->types[i].type, p->default_sample_type));
		json_object_end(&j);
	}
	json_array_end(&j);
	json_key(&j, "locations");
	json_uint(&j, p->nlocations);
	json_key(&j, "functions");
	json_uint(&j, p->nfunctions);
	json_key(&j, "mappings");
	json_array_begin(&j);
	for (i = 0; i < p->nmappings; i++) {
		const struct profile_mapping *m = p->mappings[i];

		json_object_begin(&j);
		json_key(&j, "start");
		json_address(&j, m->start);
		json_key(&j, "limit");
		json_address(&j, m->limit);
		json_key(&j, "file");
		json_string(&j, *m->file ? m->file : NULL);
		json_key(&j, "build_id");
		json_string(&j, *m->build_id ? m->build_id : NULL);
		json_key(&j, "symbols");
		json_bool(&j, m->has_functions);
		json_object_end(&j);
	}
	json_array_end(&j);
	json_key(&j, "attributes");
	json_object_begin(&j);
	for (i = 0; i < p->nattrs; i++) {
		json_key(&j, p->attrs[i].key);
		json_string(&j, p->attrs[i].value);
	}
	json_object_end(&j);
	json_key(&j, "comments");
	json_array_begin(&j);
	for (i = 0; i < p->ncomments; i++)
		json_string(&j, p->comments[i]);
	json_array_end(&j);
	json_object_end(&j);
	free(totals);
}

enum {
	OPT_FORMAT = 256,
	OPT_JSON,
};

int cmd_info(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "input", required_argument, NULL, 'i' },
		{ "format", required_argument, NULL, OPT_FORMAT },
		{ "json", no_argument, NULL, OPT_JSON },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *input = NULL;
	bool json = false;
	struct cdata_recording rec;
	struct diag d;
	int c;

	opterr = 0;
	while ((c = opt_next("info", argc, argv, ":i:h", longopts)) != -1) {
		switch (c) {
		case 'i':
			input = optarg;
			break;
		case OPT_FORMAT:
			json = cmd_parse_format("info", optarg);
			break;
		case OPT_JSON:
			json = true;
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

		cmd_load_profile(input, 0, &p);
		if (json)
			json_profile_info(input, &p);
		else
			print_profile_info(input, &p);
		profile_release(&p);
		return 0;
	}
	if (cdata_read_file(input, progress_to_stderr(cprof_quiet), &rec, &d) < 0) {
		cdata_recording_release(&rec);
		die("%s: %s", input, d.msg);
	}
	if (rec.truncated)
		warning("'%s' was cut short; showing its first %llu bytes", input,
			(unsigned long long)rec.valid_bytes);
	if (json)
		json_info(input, &rec);
	else
		print_info(input, &rec);
	cdata_recording_release(&rec);
	return 0;
}
