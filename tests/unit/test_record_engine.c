/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the recording engine over a scripted source (segments
 * by time, size and request; duty cycles), for the names and retention
 * of segment files, and for the duration and size units of record's
 * options. Run by test_record's main.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "record_capture.h"
#include "record/recorder.h"
#include "record/segment_files.h"
#include "record/session.h"
#include "record/source.h"
#include "util/units.h"
#include "util/xalloc.h"

#define MS 1000000ULL

/* ---- a scripted source ---- */

/*
 * Sample K happens at base + (K + 1) ms. Like the kernel's events, the
 * source keeps those that happen while it is enabled (queued by drain(),
 * or by enable() and disable() up to the change) and drops the others;
 * process() feeds the queued ones up to the horizon.
 */
struct scripted_source {
	struct source src;
	uint64_t base, step_ns;
	size_t next;      /* the first sample not yet kept or dropped */
	size_t *queue;    /* kept samples, in time order */
	size_t nqueue, queue_alloc;
	size_t delivered; /* queue[0..delivered) went to the session */
	size_t dropped;
	unsigned enables, disables, misuse;
	bool enabled;
};

static struct scripted_source *to_scripted(struct source *src)
{
	return (struct scripted_source *)src;
}

static uint64_t script_time(const struct scripted_source *ss, size_t k)
{
	return ss->base + (k + 1) * ss->step_ns;
}

/* what happened up to now, under the current state */
static void scripted_catch_up(struct scripted_source *ss)
{
	uint64_t now = recorder_now_ns();

	while (ss->base && script_time(ss, ss->next) <= now) {
		if (ss->enabled) {
			ALLOC_GROW(ss->queue, ss->nqueue + 1, ss->queue_alloc);
			ss->queue[ss->nqueue++] = ss->next;
		} else {
			ss->dropped++;
		}
		ss->next++;
	}
}

static int scripted_enable(struct source *src, struct diag *d)
{
	struct scripted_source *ss = to_scripted(src);

	(void)d;
	scripted_catch_up(ss);
	ss->misuse += ss->enabled;
	ss->enabled = true;
	ss->enables++;
	return 0;
}

static int scripted_disable(struct source *src, struct diag *d)
{
	struct scripted_source *ss = to_scripted(src);

	(void)d;
	scripted_catch_up(ss);
	ss->misuse += !ss->enabled;
	ss->enabled = false;
	ss->disables++;
	return 0;
}

static size_t scripted_pollfds(struct source *src, struct pollfd *fds, size_t max)
{
	(void)src;
	(void)fds;
	(void)max;
	return 0;
}

static void scripted_drain(struct source *src)
{
	scripted_catch_up(to_scripted(src));
}

static bool scripted_process(struct source *src, struct session *s, uint64_t horizon,
			     uint64_t budget_ns)
{
	struct scripted_source *ss = to_scripted(src);
	const uint64_t pc = APP_START + 0x10;

	(void)budget_ns;
	while (ss->delivered < ss->nqueue && script_time(ss, ss->queue[ss->delivered]) <= horizon) {
		struct source_sample smp = {
			.time = script_time(ss, ss->queue[ss->delivered]),
			.pid = PARENT,
			.tid = PARENT,
			.period = ss->queue[ss->delivered] + 1, /* names the sample */
			.ip = pc,
			.user_frames = &pc,
			.nuser = 1,
		};

		session_sample(s, &smp);
		ss->delivered++;
	}
	return false;
}

static int scripted_set_frequency(struct source *src, unsigned hz, struct diag *d)
{
	(void)src;
	(void)hz;
	return diag_set_kind(d, DIAG_UNSUPPORTED, "not supported");
}

static void scripted_close(struct source *src)
{
	struct scripted_source *ss = to_scripted(src);

	free(ss->queue);
	ss->queue = NULL;
}

static const struct source_ops scripted_ops = {
	.enable = scripted_enable,
	.disable = scripted_disable,
	.pollfds = scripted_pollfds,
	.drain = scripted_drain,
	.process = scripted_process,
	.set_frequency = scripted_set_frequency,
	.close = scripted_close,
};

/* ---- the engine's owner ---- */

#define MAX_SEGMENTS 64
#define GIVE_UP_NS (2000 * MS)

struct owner {
	struct capture *segs[MAX_SEGMENTS];
	unsigned nopened, nclosed;
	bool ok[MAX_SEGMENTS];
	struct session_stats stats[MAX_SEGMENTS];
	struct recorder *r;
	struct scripted_source *src;
	size_t rotate_at, stop_at; /* samples delivered; 0: never */
	bool rotated, gave_up;
	uint64_t give_up_ns;
	uint64_t windows, total;
};

static struct sink *owner_open(void *ctx, unsigned index, struct diag *d)
{
	struct owner *o = ctx;

	(void)d;
	assert_int_equal(index, o->nopened);
	assert_true(index < MAX_SEGMENTS);
	o->segs[o->nopened++] = capture_new();
	return &o->segs[index]->sink;
}

static int owner_close(void *ctx, struct sink *sink, bool ok, const struct session_stats *st,
		       struct session_health *h, struct diag *d)
{
	struct owner *o = ctx;

	(void)d;
	assert_true(o->nclosed < o->nopened);
	assert_ptr_equal(sink, &o->segs[o->nclosed]->sink);
	assert_true(ok == (h != NULL));
	o->ok[o->nclosed] = ok;
	o->stats[o->nclosed++] = *st;
	return 0;
}

/* the test's own bound, and rotation and stop requests at a number of samples */
static bool owner_keep_going(void *ctx)
{
	struct owner *o = ctx;

	if (recorder_now_ns() > o->give_up_ns) {
		o->gave_up = true;
		return false;
	}
	if (o->rotate_at && !o->rotated && o->src->delivered >= o->rotate_at) {
		recorder_rotate(o->r);
		o->rotated = true;
	}
	return !o->stop_at || o->src->delivered < o->stop_at;
}

static const struct source_mmap app_map = { PARENT, APP_START, 0x10000, 0, "/nonexistent/app",
					    NULL };

static void record_with(struct owner *o, struct scripted_source *ss,
			const struct recorder_config *cfg)
{
	struct recorder r;
	struct diag d = { 0 };
	const struct recorder_hooks hooks = { o, owner_open, owner_close, owner_keep_going, NULL };

	memset(ss, 0, sizeof(*ss));
	ss->src.ops = &scripted_ops;
	ss->src.name = "scripted";
	ss->step_ns = MS;
	ss->enabled = cfg->enabled_at_start;
	o->r = &r;
	o->src = ss;
	assert_int_equal(recorder_open(&r, cfg, &ss->src, &hooks, &d), 0);
	assert_int_equal(o->nopened, 1);
	/* what the owner synthesizes reaches the first segment, and every later one */
	r.session.synthesize_missing = false;
	session_comm(&r.session, PARENT, PARENT, "worker", false, 0);
	session_mmap(&r.session, &app_map);
	o->give_up_ns = recorder_now_ns() + GIVE_UP_NS;
	assert_int_equal(recorder_start(&r, &d), 0);
	ss->base = r.start_ns; /* the script starts with sampling */
	assert_int_equal(recorder_run(&r, &d), 0);
	assert_int_equal(recorder_finish(&r, &d), 0);
	o->windows = r.windows;
	o->total = r.session.stats.samples;
	recorder_release(&r);
	ss->src.ops->close(&ss->src);
	assert_false(o->gave_up);
	assert_true(ss->delivered > 0);
}

static uint64_t meta_u64(const struct capture *c, const char *key)
{
	const char *v = cap_meta_value(c, key);

	assert_non_null(v);
	return strtoull(v, NULL, 10);
}

/* every sample in exactly one segment, in time order, each segment reading alone */
static void check_segments(const struct owner *o, const struct scripted_source *ss)
{
	bool *seen = xcalloc(ss->next + 1, sizeof(*seen));
	uint64_t sum = 0, prev_time = 0;
	unsigned k;
	size_t i;

	assert_true(o->nopened >= 1);
	assert_int_equal(o->nclosed, o->nopened);
	assert_int_equal(ss->delivered, ss->nqueue); /* finish processed all the source kept */
	assert_int_equal(o->total, ss->delivered);
	for (k = 0; k < o->nclosed; k++) {
		const struct capture *c = o->segs[k];
		const struct cap_thread *t = cap_find_thread(c, PARENT);
		const struct cap_mapping *m = cap_find_mapping(c, 1);
		size_t first_seq = c->nsamples ? c->samples[0].seq : c->nevents;

		assert_true(o->ok[k]);
		assert_true(c->finished);
		assert_int_equal(o->stats[k].samples, c->nsamples);
		assert_int_equal(c->finish_stats.samples, c->nsamples);
		assert_non_null(m);
		assert_int_equal(m->pid, PARENT);
		assert_string_equal(m->path, "/nonexistent/app");
		assert_true(m->seq < first_seq);
		assert_non_null(t);
		assert_string_equal(t->comm, "worker");
		assert_true(t->seq < first_seq);
		if (k + 1 < o->nclosed) /* segments follow each other without a gap */
			assert_int_equal(meta_u64(c, "start_mono_ns") + meta_u64(c, "duration_ns"),
					 meta_u64(o->segs[k + 1], "start_mono_ns"));
		for (i = 0; i < c->nsamples; i++) {
			const struct cap_sample *smp = &c->samples[i];

			assert_true(smp->period >= 1 && smp->period <= ss->next);
			assert_false(seen[smp->period]);
			seen[smp->period] = true;
			assert_true(smp->time > prev_time);
			prev_time = smp->time;
			assert_int_equal(smp->nframes, 1);
			assert_int_equal(smp->frames[0].mapping_id, 1);
			/* inside the segment's time (the last one ends as the source stops) */
			assert_true(smp->time > meta_u64(c, "start_mono_ns"));
			if (k + 1 < o->nclosed)
				assert_true(smp->time <= meta_u64(c, "start_mono_ns") +
								 meta_u64(c, "duration_ns"));
		}
		sum += c->nsamples;
	}
	assert_int_equal(sum, ss->delivered);
	free(seen);
}

static void owner_release(struct owner *o)
{
	unsigned k;

	for (k = 0; k < o->nopened; k++)
		sink_free(&o->segs[k]->sink);
}

static void test_recorder_switches_by_time(void **state)
{
	struct owner o = { 0 };
	struct scripted_source ss;
	const struct recorder_config cfg = { .duration_ns = 400 * MS, .switch_ns = 100 * MS };
	unsigned k;

	(void)state;
	record_with(&o, &ss, &cfg);
	check_segments(&o, &ss);
	assert_true(o.nclosed >= 2);
	for (k = 0; k < o.nclosed; k++) {
		assert_int_equal(meta_u64(o.segs[k], "segment"), k);
		/* a segment cut for its age covers at least switch_ns, so its samples */
		if (k + 1 < o.nclosed) {
			assert_true(meta_u64(o.segs[k], "duration_ns") >= cfg.switch_ns);
			assert_true(o.segs[k]->nsamples >= cfg.switch_ns / ss.step_ns - 1);
		}
	}
	assert_int_equal(ss.enables, 1);
	assert_int_equal(ss.disables, 1);
	assert_int_equal(ss.misuse, 0);
	owner_release(&o);
}

static void test_recorder_switches_by_size(void **state)
{
	struct owner o = { 0 };
	struct scripted_source ss;
	const size_t per_segment = 50;
	const struct recorder_config cfg = { .duration_ns = 400 * MS,
					     .switch_bytes = per_segment * CAP_SAMPLE_BYTES };
	unsigned k;

	(void)state;
	record_with(&o, &ss, &cfg);
	check_segments(&o, &ss);
	assert_true(o.nclosed >= 2);
	/* a segment is cut only once it holds switch_bytes */
	for (k = 0; k + 1 < o.nclosed; k++)
		assert_true(o.segs[k]->nsamples >= per_segment);
	owner_release(&o);
}

static void test_recorder_rotates_and_stops_on_request(void **state)
{
	struct owner o = { .rotate_at = 50, .stop_at = 150 };
	struct scripted_source ss;
	/* until stopped, no switching but on request (as SIGUSR2 with --switch-output) */
	const struct recorder_config cfg = { .segmented = true };

	(void)state;
	record_with(&o, &ss, &cfg);
	check_segments(&o, &ss);
	assert_true(o.rotated);
	assert_int_equal(o.nclosed, 2);
	assert_true(o.segs[0]->nsamples >= o.rotate_at);
	assert_true(ss.delivered >= o.stop_at);
	owner_release(&o);
}

static void test_recorder_duty_cycle(void **state)
{
	struct owner o = { 0 };
	struct scripted_source ss;
	const struct recorder_config cfg = { .duration_ns = 500 * MS,
					     .duty_on_ns = 30 * MS,
					     .duty_period_ns = 100 * MS };

	(void)state;
	record_with(&o, &ss, &cfg);
	check_segments(&o, &ss);
	assert_int_equal(o.nclosed, 1);
	/* each window opened enables the source, each close disables it, in turn */
	assert_int_equal(ss.misuse, 0);
	assert_int_equal(ss.enables, o.windows);
	assert_true(o.windows >= 2);
	assert_int_equal(ss.disables, ss.enables);
	assert_false(ss.enabled);
	/* what happened between windows was not sampled */
	assert_true(ss.dropped > 0);
	owner_release(&o);
}

/* the source starts itself (a launched command's exec): the engine does not enable it */
static void test_recorder_enabled_at_start(void **state)
{
	struct owner o = { .stop_at = 20 };
	struct scripted_source ss;
	const struct recorder_config cfg = { .enabled_at_start = true };

	(void)state;
	record_with(&o, &ss, &cfg);
	check_segments(&o, &ss);
	assert_int_equal(ss.enables, 0);
	assert_int_equal(ss.disables, 1);
	assert_int_equal(ss.misuse, 0);
	owner_release(&o);
}

/* ---- segment files ---- */

/* 2023-11-14 22:13:20.123456789 UTC */
#define T0 1700000000123456789ULL
#define SEC 1000000000ULL

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	assert_int_equal(fputs(text, f) >= 0, 1);
	assert_int_equal(fclose(f), 0);
}

static bool file_has(const char *path, const char *text)
{
	char buf[256] = "";
	FILE *f = fopen(path, "r");
	size_t n;

	if (!f)
		return false;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	return !strcmp(buf, text);
}

static bool exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

struct tmpdir {
	char path[64];
	char base[128]; /* PATH/rec.cdata */
};

static void tmpdir_make(struct tmpdir *t)
{
	snprintf(t->path, sizeof(t->path), "/tmp/cprof-test-record-XXXXXX");
	assert_non_null(mkdtemp(t->path));
	snprintf(t->base, sizeof(t->base), "%s/rec.cdata", t->path);
	setenv("TZ", "UTC", 1);
	tzset();
}

/* remove the directory and the files the test made in it */
static void tmpdir_remove(struct tmpdir *t, const char *const *names, size_t n)
{
	char path[256];
	size_t i;

	for (i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", t->path, names[i]);
		unlink(path);
	}
	assert_int_equal(rmdir(t->path), 0);
}

static void test_segment_file_name(void **state)
{
	struct tmpdir t;
	char name[256], want[256];

	(void)state;
	tmpdir_make(&t);
	segment_file_name(t.base, T0, name, sizeof(name));
	snprintf(want, sizeof(want), "%s.20231114221320123", t.base);
	assert_string_equal(name, want);
	/* milliseconds are zero-padded, not rounded */
	segment_file_name("f", 1700000000007999999ULL, name, sizeof(name));
	assert_string_equal(name, "f.20231114221320007");
	segment_file_name("f", 0, name, sizeof(name));
	assert_string_equal(name, "f.19700101000000000");
	tmpdir_remove(&t, NULL, 0);
}

static void test_segment_files_commit_never_overwrites(void **state)
{
	struct tmpdir t;
	struct segment_files sf;
	struct diag d = { 0 };
	const char *got;
	char taken[256], next[256];
	const char *const names[] = { "rec.cdata.20231114221320123", "rec.cdata.20231114221320124",
				      "rec.cdata.20231114221320125", "rec.cdata.part" };

	(void)state;
	tmpdir_make(&t);
	segment_files_init(&sf, t.base, NULL);
	assert_true(strstr(sf.part_path, "rec.cdata.part") != NULL);

	/* nothing written yet: an error, and nothing is named */
	assert_null(segment_files_commit(&sf, T0, &d));
	assert_true(d.msg[0] != '\0');
	assert_int_equal(sf.nfiles, 0);

	/* someone else's file has the name: the next millisecond, theirs untouched */
	segment_file_name(t.base, T0, taken, sizeof(taken));
	segment_file_name(t.base, T0 + MS, next, sizeof(next));
	write_file(taken, "foreign");
	write_file(sf.part_path, "segment one");
	got = segment_files_commit(&sf, T0, &d);
	assert_non_null(got);
	assert_string_equal(got, next);
	assert_true(file_has(taken, "foreign"));
	assert_true(file_has(next, "segment one"));
	assert_false(exists(sf.part_path));
	assert_int_equal(sf.nfiles, 1);
	assert_int_equal(sf.files[0].bytes, strlen("segment one"));
	assert_int_equal(sf.files[0].end_ns, T0);
	assert_int_equal(sf.total_bytes, strlen("segment one"));

	/* two segments ending in the same millisecond */
	write_file(sf.part_path, "segment two");
	got = segment_files_commit(&sf, T0, &d);
	assert_non_null(got);
	segment_file_name(t.base, T0 + 2 * MS, next, sizeof(next));
	assert_string_equal(got, next);
	assert_true(file_has(next, "segment two"));
	assert_true(file_has(taken, "foreign"));
	assert_int_equal(sf.nfiles, 2);

	segment_files_release(&sf);
	tmpdir_remove(&t, names, sizeof(names) / sizeof(names[0]));
}

/* commit files of 100, 200, 300 and 400 bytes, a second apart from T0 */
static void commit_four(struct segment_files *sf, char paths[4][256])
{
	struct diag d = { 0 };
	char text[401];
	size_t i;

	for (i = 0; i < 4; i++) {
		const char *got;

		memset(text, 'a' + (int)i, sizeof(text));
		text[100 * (i + 1)] = '\0';
		write_file(sf->part_path, text);
		got = segment_files_commit(sf, T0 + i * SEC, &d);
		assert_non_null(got);
		snprintf(paths[i], 256, "%s", got);
	}
	assert_int_equal(sf->total_bytes, 1000);
}

static void check_prune(const struct segment_retention *keep, uint64_t now, int removed)
{
	const char *const names[] = { "rec.cdata.20231114221320123", "rec.cdata.20231114221321123",
				      "rec.cdata.20231114221322123", "rec.cdata.20231114221323123",
				      "rec.cdata.20200101000000000" };
	struct tmpdir t;
	struct segment_files sf;
	struct diag d = { 0 };
	char paths[4][256], foreign[256];
	int i;

	tmpdir_make(&t);
	snprintf(foreign, sizeof(foreign), "%s.20200101000000000", t.base);
	write_file(foreign, "not ours");
	segment_files_init(&sf, t.base, keep);
	commit_four(&sf, paths);
	assert_int_equal(segment_files_prune(&sf, now, &d), removed);
	/* the oldest go, the newest always stays, and files it did not write are left */
	for (i = 0; i < 4; i++)
		assert_int_equal(exists(paths[i]), i >= removed);
	assert_true(file_has(foreign, "not ours"));
	assert_int_equal(sf.nfiles, 4 - removed);
	assert_string_equal(sf.files[0].path, paths[removed]);
	/* nothing more goes on a second look */
	assert_int_equal(segment_files_prune(&sf, now, &d), 0);
	segment_files_release(&sf);
	tmpdir_remove(&t, names, sizeof(names) / sizeof(names[0]));
}

static void test_segment_files_prune(void **state)
{
	const uint64_t end = T0 + 3 * SEC;
	struct segment_retention keep;

	(void)state;
	memset(&keep, 0, sizeof(keep));
	check_prune(&keep, end, 0); /* no limits */
	keep.max_files = 2;
	check_prune(&keep, end, 2);
	keep.max_files = 1;
	check_prune(&keep, end, 3);
	memset(&keep, 0, sizeof(keep));
	keep.max_bytes = 500; /* 1000: the 100, 200 and 300 byte files go */
	check_prune(&keep, end, 3);
	keep.max_bytes = 900;
	check_prune(&keep, end, 1);
	keep.max_bytes = 10; /* smaller than the newest, which stays anyway */
	check_prune(&keep, end, 3);
	memset(&keep, 0, sizeof(keep));
	keep.max_age_ns = 2500 * MS; /* at end + 1 s: the files 4 s and 3 s old */
	check_prune(&keep, end + SEC, 2);
	keep.max_age_ns = SEC; /* exactly that old stays */
	check_prune(&keep, end, 2);
	keep.max_age_ns = 100 * SEC;
	check_prune(&keep, end, 0);
	keep.max_age_ns = 1;
	check_prune(&keep, end + 1000 * SEC, 3);
}

/* ---- units ---- */

static uint64_t duration(const char *s)
{
	uint64_t v = 0;

	assert_int_equal(parse_duration_ns(s, &v), 0);
	return v;
}

static uint64_t size(const char *s)
{
	uint64_t v = 0;

	assert_int_equal(parse_size_bytes(s, &v), 0);
	return v;
}

static void test_units_duration(void **state)
{
	const char *const bad[] = { "", "s", "-1s", "10x", "1e999s", "inf", "nan", "10 s",
				    " 10s", "10S", "ms", "1..2s", "20000000000d" };
	uint64_t v = 42;
	size_t i;

	(void)state;
	assert_int_equal(duration("30s"), 30 * SEC);
	assert_int_equal(duration("500ms"), 500 * MS);
	assert_int_equal(duration("10m"), 600 * SEC);
	assert_int_equal(duration("10min"), 600 * SEC);
	assert_int_equal(duration("2h"), 7200 * SEC);
	assert_int_equal(duration("1d"), 86400 * SEC);
	assert_int_equal(duration("1.5s"), 1500 * MS);
	assert_int_equal(duration("2"), 2 * SEC);
	assert_int_equal(duration("0"), 0);
	assert_int_equal(duration("250us"), 250000);
	assert_int_equal(duration("7ns"), 7);
	assert_int_equal(duration(".5s"), 500 * MS);
	assert_int_equal(duration("2.3ms"), 2300000);
	assert_int_equal(duration("0.1s"), 100 * MS);
	/* decimals are not exact in binary: the nearest nanosecond, not one below */
	assert_int_equal(duration("1.001s"), 1001 * MS);
	assert_int_equal(duration("33.3ms"), 33300000);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse_duration_ns(bad[i], &v), -1);
		assert_int_equal(v, 42); /* left alone */
	}
	assert_int_equal(parse_duration_ns(NULL, &v), -1);
}

static void test_units_size(void **state)
{
	const char *const bad[] = { "10m", "M", "-5K", "", "10k", "10X", "1e999K", "inf",
				    "20000000T", "5 M" };
	uint64_t v = 42;
	size_t i;

	(void)state;
	assert_int_equal(size("100M"), 100ULL * 1024 * 1024);
	assert_int_equal(size("512K"), 512ULL * 1024);
	assert_int_equal(size("2G"), 2ULL * 1024 * 1024 * 1024);
	assert_int_equal(size("1T"), 1ULL << 40);
	assert_int_equal(size("4096B"), 4096);
	assert_int_equal(size("10"), 10);
	assert_int_equal(size("1.5K"), 1536);
	assert_int_equal(size("1.15K"), 1178); /* 1177.6 */
	assert_int_equal(size("3MiB"), 3ULL << 20);
	assert_int_equal(size("3MB"), 3ULL << 20);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse_size_bytes(bad[i], &v), -1);
		assert_int_equal(v, 42);
	}
}

static void test_units_suffix(void **state)
{
	(void)state;
	assert_true(has_unit_suffix("30s"));
	assert_true(has_unit_suffix("100M"));
	assert_true(has_unit_suffix("signal"));
	assert_false(has_unit_suffix("30"));
	assert_false(has_unit_suffix("1."));
	assert_false(has_unit_suffix(""));
}

int run_record_engine_tests(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recorder_switches_by_time),
		cmocka_unit_test(test_recorder_switches_by_size),
		cmocka_unit_test(test_recorder_rotates_and_stops_on_request),
		cmocka_unit_test(test_recorder_duty_cycle),
		cmocka_unit_test(test_recorder_enabled_at_start),
		cmocka_unit_test(test_segment_file_name),
		cmocka_unit_test(test_segment_files_commit_never_overwrites),
		cmocka_unit_test(test_segment_files_prune),
		cmocka_unit_test(test_units_duration),
		cmocka_unit_test(test_units_size),
		cmocka_unit_test(test_units_suffix),
	};

	return cmocka_run_group_tests_name("recorder, segment files and units", tests, NULL,
					   NULL);
}
