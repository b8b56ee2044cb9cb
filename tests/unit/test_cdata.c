/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for cprof.data (src/format/cdata.h): a round trip through a
 * file, a reader fed every prefix of a recording, damaged and hostile
 * input, and the conversion to the profile model (cdata_profile.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include "format/cdata.h"
#include "format/cdata_profile.h"
#include "profile/profile.h"

/* ---- the recording the tests write ---- */

static const struct cdata_kv w_meta[] = {
	{ "command", "./prog --fast" },
	{ "event", "cpu-clock" },
	{ "frequency", "99" },
	{ "start_time_ns", "1700000000000000000" },
	{ "duration_ns", "1500000000" },
};

static const struct cdata_kv w_health[] = {
	{ "lost", "3" },
	{ "unwind_errors", "0" },
};

static const struct cdata_mapping w_mappings[] = {
	{ 1, 100, 0x555555554000, 0x555555556000, 0x1000, CDATA_MAP_USER, "/usr/bin/prog",
	  "00112233445566778899aabbccddeeff00112233" },
	{ 2, 0, 0xffffffff81000000, 0xffffffff82000000, 0, CDATA_MAP_KERNEL,
	  "[kernel.kallsyms]", "" },
	{ 3, 100, 0x7ffff7fc1000, 0x7ffff7fc2000, 0, CDATA_MAP_VDSO, "[vdso]", "" },
};

static const struct cdata_thread w_threads[] = {
	{ 100, 100, 1000, "prog" },
	{ 100, 101, 2000, "worker" },
};

#define W_CONTAINER "4f3a9c0d2b1e8f7a6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b"
/* pid 100 moved once: the later record is the one that counts */
static const struct cdata_cgroup w_cgroups[] = {
	{ 100, "/user.slice", "" },
	{ 100, "/system.slice/docker-" W_CONTAINER ".scope", W_CONTAINER },
};

static const struct cdata_location w_locations[] = {
	{ 1, 1, 0x555555554100 },
	{ 2, 1, 0x555555554200 },
	{ 3, 2, 0xffffffff81000010 },
	{ 4, 0, 0x1234 },
};

static const uint32_t w_stack1[] = { 1, 2 };
static const uint32_t w_stack2[] = { 3, 1, 2 };
static const uint32_t w_stack3[] = { 4 };

static const struct {
	uint16_t flags;
	uint16_t n;
	const uint32_t *frames;
} w_stacks[] = {
	{ 0, 2, w_stack1 },
	{ CDATA_STACK_TRUNCATED, 3, w_stack2 },
	{ 0, 1, w_stack3 },
};

/* the first NSAMPLES_EARLY go into one chunk, the rest into another */
#define NSAMPLES_EARLY 3
static const struct cdata_sample w_samples[] = {
	{ 5000, 100, 100, 1, 0, 10101010 },
	{ 6000, 100, 101, 2, 1, 10101011 },
	{ 7000, 100, 101, 1, 2, 10101012 },
	{ 8000, 100, 100, 3, 3, 10101013 },
	{ 9000, 100, 100, 0, 0, 10101014 },
	{ 9500, 100, 101, 2, 1, 10101015 },
};

static const struct cdata_function w_functions[] = {
	{ 1, "compute", "_Z7computev", "/src/prog.c", 10 },
	{ 2, "helper", "helper", "/src/util.h", 3 },
	{ 3, "main", "main", "/src/prog.c", 40 },
};

static const struct cdata_line w_lines1[] = { { 2, 5 }, { 1, 12 } }; /* helper inlined */
static const struct cdata_line w_lines2[] = { { 3, 44 } };

static const struct {
	uint32_t location_id;
	uint32_t n;
	const struct cdata_line *lines;
} w_lines[] = {
	{ 1, 2, w_lines1 },
	{ 2, 1, w_lines2 },
};

static const struct cdata_mapinfo w_mapinfo[] = {
	{ 1, CDATA_MAPINFO_SYMBOLS | CDATA_MAPINFO_LINES | CDATA_MAPINFO_UNWIND },
	{ 2, CDATA_MAPINFO_SYMBOLS },
};

#define N(a) (sizeof(a) / sizeof((a)[0]))

static char *temp_path(void)
{
	char tmpl[] = "/tmp/cprof-test-cdata-XXXXXX";
	int fd = mkstemp(tmpl);

	assert_true(fd >= 0);
	close(fd);
	return strdup(tmpl);
}

/* Write the whole recording to PATH, in several flushes; its size. */
static uint64_t write_recording(const char *path)
{
	struct cdata_writer *w;
	struct diag d;
	uint64_t bytes;
	size_t i;

	memset(&d, 0, sizeof(d));
	w = cdata_writer_open(path, &d);
	assert_non_null(w);
	assert_int_equal(cdata_writer_bytes(w), CDATA_HEADER_SIZE);
	for (i = 0; i < N(w_meta); i++)
		cdata_write_meta(w, w_meta[i].key, w_meta[i].value);
	for (i = 0; i < N(w_mappings); i++)
		cdata_write_mapping(w, &w_mappings[i]);
	for (i = 0; i < N(w_threads); i++)
		cdata_write_thread(w, &w_threads[i]);
	for (i = 0; i < N(w_cgroups); i++)
		cdata_write_cgroup(w, &w_cgroups[i]);
	for (i = 0; i < N(w_locations); i++)
		cdata_write_location(w, &w_locations[i]);
	for (i = 0; i < N(w_stacks); i++)
		cdata_write_stack(w, (uint32_t)i + 1, w_stacks[i].flags, w_stacks[i].frames,
				  w_stacks[i].n);
	for (i = 0; i < NSAMPLES_EARLY; i++)
		cdata_write_sample(w, &w_samples[i]);
	assert_int_equal(cdata_writer_pending_samples(w), NSAMPLES_EARLY);
	assert_int_equal(cdata_writer_flush(w, &d), 0);
	assert_int_equal(cdata_writer_pending_samples(w), 0);
	for (i = NSAMPLES_EARLY; i < N(w_samples); i++)
		cdata_write_sample(w, &w_samples[i]);
	assert_int_equal(cdata_writer_pending_samples(w), N(w_samples) - NSAMPLES_EARLY);
	assert_int_equal(cdata_writer_flush(w, &d), 0);
	for (i = 0; i < N(w_functions); i++)
		cdata_write_function(w, &w_functions[i]);
	for (i = 0; i < N(w_lines); i++)
		cdata_write_lines(w, w_lines[i].location_id, w_lines[i].lines, w_lines[i].n);
	for (i = 0; i < N(w_mapinfo); i++)
		cdata_write_mapinfo(w, w_mapinfo[i].mapping_id, w_mapinfo[i].flags);
	for (i = 0; i < N(w_health); i++)
		cdata_write_health(w, w_health[i].key, w_health[i].value);
	assert_int_equal(cdata_writer_flush(w, &d), 0);
	bytes = cdata_writer_bytes(w);
	assert_int_equal(cdata_writer_finish(w, &d), 0);
	/* the END chunk is a bare chunk header */
	return bytes + CDATA_CHUNK_HEADER_SIZE;
}

static unsigned char *slurp(const char *path, size_t *size)
{
	struct stat st;
	unsigned char *buf;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	buf = malloc((size_t)st.st_size + 1);
	assert_non_null(buf);
	assert_int_equal(read(fd, buf, (size_t)st.st_size), st.st_size);
	close(fd);
	*size = (size_t)st.st_size;
	return buf;
}

static void check_sample(const struct cdata_sample *got, const struct cdata_sample *want)
{
	assert_int_equal(got->time, want->time);
	assert_int_equal(got->pid, want->pid);
	assert_int_equal(got->tid, want->tid);
	assert_int_equal(got->stack_id, want->stack_id);
	assert_int_equal(got->cpu, want->cpu);
	assert_int_equal(got->period, want->period);
	assert_int_equal(got->count, 1);
}

/* compare every field of a fully read recording with what was written */
static void check_full(const struct cdata_recording *rec)
{
	size_t i, j;

	assert_int_equal(rec->version, CDATA_VERSION);
	assert_true(rec->complete);
	assert_false(rec->truncated);

	assert_int_equal(rec->nmeta, N(w_meta));
	for (i = 0; i < N(w_meta); i++) {
		assert_string_equal(rec->meta[i].key, w_meta[i].key);
		assert_string_equal(rec->meta[i].value, w_meta[i].value);
	}
	assert_string_equal(cdata_meta(rec, "event"), "cpu-clock");
	assert_null(cdata_meta(rec, "lost"));

	assert_int_equal(rec->nhealth, N(w_health));
	for (i = 0; i < N(w_health); i++) {
		assert_string_equal(rec->health[i].key, w_health[i].key);
		assert_string_equal(rec->health[i].value, w_health[i].value);
	}
	assert_string_equal(cdata_health(rec, "lost"), "3");
	assert_null(cdata_health(rec, "command"));

	assert_int_equal(rec->nmappings, N(w_mappings));
	for (i = 0; i < N(w_mappings); i++) {
		const struct cdata_mapping *m = &rec->mappings[i], *w = &w_mappings[i];

		assert_int_equal(m->id, w->id);
		assert_int_equal(m->pid, w->pid);
		assert_int_equal(m->start, w->start);
		assert_int_equal(m->end, w->end);
		assert_int_equal(m->pgoff, w->pgoff);
		assert_int_equal(m->kind, w->kind);
		assert_string_equal(m->path, w->path);
		assert_string_equal(m->build_id, w->build_id);
	}

	assert_int_equal(rec->nthreads, N(w_threads));
	for (i = 0; i < N(w_threads); i++) {
		assert_int_equal(rec->threads[i].pid, w_threads[i].pid);
		assert_int_equal(rec->threads[i].tid, w_threads[i].tid);
		assert_int_equal(rec->threads[i].time, w_threads[i].time);
		assert_string_equal(rec->threads[i].comm, w_threads[i].comm);
	}
	assert_int_equal(rec->ncgroups, N(w_cgroups));
	for (i = 0; i < N(w_cgroups); i++) {
		assert_int_equal(rec->cgroups[i].pid, w_cgroups[i].pid);
		assert_string_equal(rec->cgroups[i].path, w_cgroups[i].path);
		assert_string_equal(rec->cgroups[i].container, w_cgroups[i].container);
	}

	assert_int_equal(rec->nlocations, N(w_locations));
	for (i = 0; i < N(w_locations); i++) {
		assert_int_equal(rec->locations[i].id, w_locations[i].id);
		assert_int_equal(rec->locations[i].mapping_id, w_locations[i].mapping_id);
		assert_int_equal(rec->locations[i].address, w_locations[i].address);
	}

	assert_int_equal(rec->nstacks, N(w_stacks));
	for (i = 0; i < N(w_stacks); i++) {
		assert_int_equal(rec->stacks[i].id, i + 1);
		assert_int_equal(rec->stacks[i].flags, w_stacks[i].flags);
		assert_int_equal(rec->stacks[i].nframes, w_stacks[i].n);
		for (j = 0; j < w_stacks[i].n; j++)
			assert_int_equal(rec->stacks[i].frames[j], w_stacks[i].frames[j]);
	}

	assert_int_equal(rec->nsamples, N(w_samples));
	for (i = 0; i < N(w_samples); i++)
		check_sample(&rec->samples[i], &w_samples[i]);

	assert_int_equal(rec->nfunctions, N(w_functions));
	for (i = 0; i < N(w_functions); i++) {
		const struct cdata_function *f = &rec->functions[i], *w = &w_functions[i];

		assert_int_equal(f->id, w->id);
		assert_string_equal(f->name, w->name);
		assert_string_equal(f->system_name, w->system_name);
		assert_string_equal(f->filename, w->filename);
		assert_int_equal(f->start_line, w->start_line);
	}

	assert_int_equal(rec->nlines, N(w_lines));
	for (i = 0; i < N(w_lines); i++) {
		assert_int_equal(rec->lines[i].location_id, w_lines[i].location_id);
		assert_int_equal(rec->lines[i].nlines, w_lines[i].n);
		for (j = 0; j < w_lines[i].n; j++) {
			assert_int_equal(rec->lines[i].lines[j].function_id,
					 w_lines[i].lines[j].function_id);
			assert_int_equal(rec->lines[i].lines[j].line, w_lines[i].lines[j].line);
		}
	}

	assert_int_equal(rec->nmapinfo, N(w_mapinfo));
	for (i = 0; i < N(w_mapinfo); i++) {
		assert_int_equal(rec->mapinfo[i].mapping_id, w_mapinfo[i].mapping_id);
		assert_int_equal(rec->mapinfo[i].flags, w_mapinfo[i].flags);
	}
}

/* a recording written to a file, and the file's bytes */
struct fixture {
	char *path;
	unsigned char *buf;
	size_t size;
};

static int setup_file(void **state)
{
	struct fixture *fx = calloc(1, sizeof(*fx));
	uint64_t written;

	if (!fx)
		return -1;
	fx->path = temp_path();
	written = write_recording(fx->path);
	fx->buf = slurp(fx->path, &fx->size);
	if (written != fx->size)
		return -1;
	*state = fx;
	return 0;
}

static int teardown_file(void **state)
{
	struct fixture *fx = *state;

	unlink(fx->path);
	free(fx->path);
	free(fx->buf);
	free(fx);
	return 0;
}

static void test_roundtrip_file(void **state)
{
	struct fixture *fx = *state;
	struct cdata_recording rec;
	struct diag d;

	memset(&d, 0, sizeof(d));
	assert_true(cdata_sniff(fx->buf, fx->size));
	assert_int_equal(cdata_read_file(fx->path, NULL, &rec, &d), 0);
	check_full(&rec);
	assert_int_equal(rec.valid_bytes, fx->size);
	cdata_recording_release(&rec);

	/* and the same from memory */
	assert_int_equal(cdata_read_buffer(fx->buf, fx->size, &rec, &d), 0);
	check_full(&rec);
	cdata_recording_release(&rec);
}

/* CDATA_READ_FOLD: one sample per stack and thread, counts and periods summed */
static void test_read_folded(void **state)
{
	struct fixture *fx = *state;
	struct cdata_recording rec;
	struct diag d;
	size_t i, j;

	assert_int_equal(cdata_read_named(fx->buf, fx->size, NULL, CDATA_READ_FOLD, NULL, &rec, &d),
			 0);
	assert_int_equal(rec.nrecorded, N(w_samples));
	/* w_samples[1] and [5] share stack 2 and thread 101 */
	assert_int_equal(rec.nsamples, N(w_samples) - 1);
	assert_int_equal(rec.first_time, w_samples[0].time);
	assert_int_equal(rec.last_time, w_samples[N(w_samples) - 1].time);
	for (i = 0; i < rec.nsamples; i++) {
		const struct cdata_sample *s = &rec.samples[i];
		uint64_t count = 0, period = 0;

		/* the first of each kind, in file order: w_samples[0..4] */
		assert_int_equal(s->time, w_samples[i].time);
		for (j = 0; j < N(w_samples); j++)
			if (cdata_same_stack_thread(&w_samples[j], s)) {
				count++;
				period += w_samples[j].period;
			}
		assert_int_equal(s->count, count);
		assert_int_equal(s->period, period);
	}
	assert_int_equal(rec.samples[1].count, 2);
	cdata_recording_release(&rec);
}

static void test_read_missing_file(void **state)
{
	struct cdata_recording rec;
	struct diag d;

	(void)state;
	memset(&d, 0, sizeof(d));
	assert_int_equal(cdata_read_file("/nonexistent/cprof.data", NULL, &rec, &d), -1);
	assert_true(strlen(d.msg) > 0);
	cdata_recording_release(&rec);
}

/* a prefix of the recording read back: a consistent subset of what was written */
static void check_prefix(const struct cdata_recording *rec, size_t len, size_t full)
{
	size_t i, j;

	if (len == full) {
		assert_true(rec->complete);
		assert_false(rec->truncated);
	} else {
		assert_true(rec->truncated);
		assert_false(rec->complete);
	}
	assert_true(rec->valid_bytes >= CDATA_HEADER_SIZE);
	assert_true(rec->valid_bytes <= len);

	assert_true(rec->nmeta <= N(w_meta));
	assert_true(rec->nhealth <= N(w_health));
	assert_true(rec->nmappings <= N(w_mappings));
	assert_true(rec->nthreads <= N(w_threads));
	assert_true(rec->nlocations <= N(w_locations));
	assert_true(rec->nstacks <= N(w_stacks));
	assert_true(rec->nsamples <= N(w_samples));
	assert_true(rec->nfunctions <= N(w_functions));
	assert_true(rec->nlines <= N(w_lines));
	assert_true(rec->nmapinfo <= N(w_mapinfo));

	for (i = 0; i < rec->nlocations; i++)
		assert_true(rec->locations[i].mapping_id <= rec->nmappings);
	for (i = 0; i < rec->nstacks; i++)
		for (j = 0; j < rec->stacks[i].nframes; j++) {
			assert_true(rec->stacks[i].frames[j] >= 1);
			assert_true(rec->stacks[i].frames[j] <= rec->nlocations);
		}
	for (i = 0; i < rec->nsamples; i++) {
		assert_true(rec->samples[i].stack_id <= rec->nstacks);
		check_sample(&rec->samples[i], &w_samples[i]);
	}
	for (i = 0; i < rec->nlines; i++) {
		assert_true(rec->lines[i].location_id <= rec->nlocations);
		for (j = 0; j < rec->lines[i].nlines; j++)
			assert_true(rec->lines[i].lines[j].function_id <= rec->nfunctions);
	}
	for (i = 0; i < rec->nmapinfo; i++)
		assert_true(rec->mapinfo[i].mapping_id <= rec->nmappings);
	/* what is there is what was written */
	for (i = 0; i < rec->nmappings; i++)
		assert_string_equal(rec->mappings[i].path, w_mappings[i].path);
	for (i = 0; i < rec->nthreads; i++)
		assert_string_equal(rec->threads[i].comm, w_threads[i].comm);
	for (i = 0; i < rec->nfunctions; i++)
		assert_string_equal(rec->functions[i].name, w_functions[i].name);
}

static void test_every_prefix(void **state)
{
	struct fixture *fx = *state;
	size_t len, last_samples = 0, seen_ok = 0;
	bool saw_partial_samples = false;

	for (len = 0; len <= fx->size; len++) {
		/* an exact-size copy, so that reading past the end is caught */
		unsigned char *copy = malloc(len ? len : 1);
		struct cdata_recording rec;
		struct diag d;
		int ret;

		assert_non_null(copy);
		memcpy(copy, fx->buf, len);
		memset(&d, 0, sizeof(d));
		ret = cdata_read_buffer(copy, len, &rec, &d);
		if (ret < 0) {
			assert_int_equal(ret, -1);
			assert_true(len < CDATA_HEADER_SIZE);
			assert_true(strlen(d.msg) > 0);
		} else {
			assert_int_equal(ret, 0);
			assert_true(len >= CDATA_HEADER_SIZE);
			check_prefix(&rec, len, fx->size);
			/* a longer prefix never holds less */
			assert_true(rec.nsamples >= last_samples);
			last_samples = rec.nsamples;
			if (rec.nsamples == NSAMPLES_EARLY)
				saw_partial_samples = true;
			seen_ok++;
		}
		cdata_recording_release(&rec);
		free(copy);
	}
	assert_int_equal(seen_ok, fx->size + 1 - CDATA_HEADER_SIZE);
	assert_int_equal(last_samples, N(w_samples));
	/* the samples written in the first flush survive a cut in the second */
	assert_true(saw_partial_samples);
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* the offset of the NTH (from 0) chunk of TYPE, walking the chunk headers */
static size_t find_chunk(const unsigned char *buf, size_t size, uint32_t type, int nth,
			 uint32_t *csize)
{
	size_t off = CDATA_HEADER_SIZE;

	while (off + CDATA_CHUNK_HEADER_SIZE <= size) {
		uint32_t t = get32(buf + off), s = get32(buf + off + 4);

		if (t == type && nth-- == 0) {
			*csize = s;
			return off;
		}
		off += CDATA_CHUNK_HEADER_SIZE + s;
	}
	fail_msg("no chunk of type %u", type);
	return 0;
}

static void test_flipped_byte(void **state)
{
	struct fixture *fx = *state;
	unsigned char *copy = malloc(fx->size);
	struct cdata_recording rec;
	struct diag d;
	uint32_t csize;
	size_t off;

	assert_non_null(copy);
	memcpy(copy, fx->buf, fx->size);
	off = find_chunk(copy, fx->size, CDATA_CHUNK_STACK, 0, &csize);
	assert_true(csize > 4);
	copy[off + CDATA_CHUNK_HEADER_SIZE + csize / 2] ^= 0x40;
	memset(&d, 0, sizeof(d));
	assert_int_equal(cdata_read_buffer(copy, fx->size, &rec, &d), 0);
	assert_true(rec.truncated);
	assert_false(rec.complete);
	assert_int_equal(rec.valid_bytes, off);
	/* the chunks before the damaged one are kept */
	assert_int_equal(rec.nmeta, N(w_meta));
	assert_int_equal(rec.nmappings, N(w_mappings));
	assert_int_equal(rec.nthreads, N(w_threads));
	assert_int_equal(rec.nlocations, N(w_locations));
	/* and nothing from it or after it */
	assert_int_equal(rec.nstacks, 0);
	assert_int_equal(rec.nsamples, 0);
	assert_int_equal(rec.nfunctions, 0);
	assert_int_equal(rec.nhealth, 0);
	cdata_recording_release(&rec);

	/* damage in the second sample chunk keeps the first one's samples */
	memcpy(copy, fx->buf, fx->size);
	off = find_chunk(copy, fx->size, CDATA_CHUNK_SAMPLE, 1, &csize);
	copy[off + CDATA_CHUNK_HEADER_SIZE] ^= 0x01;
	assert_int_equal(cdata_read_buffer(copy, fx->size, &rec, &d), 0);
	assert_true(rec.truncated);
	assert_int_equal(rec.nstacks, N(w_stacks));
	assert_int_equal(rec.nsamples, NSAMPLES_EARLY);
	assert_int_equal(rec.nfunctions, 0);
	cdata_recording_release(&rec);

	/* a damaged checksum field is damage too */
	memcpy(copy, fx->buf, fx->size);
	off = find_chunk(copy, fx->size, CDATA_CHUNK_MAPPING, 0, &csize);
	copy[off + 8] ^= 0xff;
	assert_int_equal(cdata_read_buffer(copy, fx->size, &rec, &d), 0);
	assert_true(rec.truncated);
	assert_int_equal(rec.nmeta, N(w_meta));
	assert_int_equal(rec.nmappings, 0);
	assert_int_equal(rec.nsamples, 0);
	cdata_recording_release(&rec);
	free(copy);
}

static void expect_error(const unsigned char *buf, size_t size, const char *needle)
{
	struct cdata_recording rec;
	struct diag d;

	memset(&d, 0, sizeof(d));
	assert_int_equal(cdata_read_buffer(buf, size, &rec, &d), -1);
	assert_true(strlen(d.msg) > 0);
	if (needle && !strstr(d.msg, needle))
		fail_msg("message '%s' does not mention '%s'", d.msg, needle);
	cdata_recording_release(&rec);
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)v;
	p[1] = (unsigned char)(v >> 8);
	p[2] = (unsigned char)(v >> 16);
	p[3] = (unsigned char)(v >> 24);
}

static void test_bad_headers(void **state)
{
	struct fixture *fx = *state;
	unsigned char *copy = malloc(fx->size);
	struct cdata_recording rec;
	struct diag d;

	assert_non_null(copy);

	memcpy(copy, fx->buf, fx->size);
	copy[0] = 'X';
	assert_false(cdata_sniff(copy, fx->size));
	expect_error(copy, fx->size, "magic");

	memcpy(copy, fx->buf, fx->size);
	put32(copy + 8, CDATA_VERSION + 1);
	expect_error(copy, fx->size, "version");
	put32(copy + 8, 0);
	expect_error(copy, fx->size, "version");

	/* a header size past the end of the input */
	memcpy(copy, fx->buf, fx->size);
	put32(copy + 12, (uint32_t)fx->size + 1);
	expect_error(copy, fx->size, "header");

	/* the first chunk claims more than any chunk may hold */
	memcpy(copy, fx->buf, fx->size);
	put32(copy + CDATA_HEADER_SIZE + 4, CDATA_MAX_CHUNK + 1);
	memset(&d, 0, sizeof(d));
	assert_int_equal(cdata_read_buffer(copy, fx->size, &rec, &d), -1);
	assert_true(strlen(d.msg) > 0);
	assert_int_equal(d.offset, CDATA_HEADER_SIZE);
	cdata_recording_release(&rec);
	put32(copy + CDATA_HEADER_SIZE + 4, 0xffffffffu);
	expect_error(copy, fx->size, NULL);
	free(copy);
}

/* An unknown chunk type (from a newer writer) is skipped. */
static void test_unknown_chunk(void **state)
{
	struct fixture *fx = *state;
	static const unsigned char payload[] = "future stuff";
	size_t extra = CDATA_CHUNK_HEADER_SIZE + sizeof(payload);
	unsigned char *copy = malloc(fx->size + extra);
	struct cdata_recording rec;
	struct diag d;

	assert_non_null(copy);
	memcpy(copy, fx->buf, CDATA_HEADER_SIZE);
	put32(copy + CDATA_HEADER_SIZE, 200);
	put32(copy + CDATA_HEADER_SIZE + 4, sizeof(payload));
	put32(copy + CDATA_HEADER_SIZE + 8,
	      (uint32_t)crc32(crc32(0, NULL, 0), payload, sizeof(payload)));
	put32(copy + CDATA_HEADER_SIZE + 12, 0);
	memcpy(copy + CDATA_HEADER_SIZE + CDATA_CHUNK_HEADER_SIZE, payload, sizeof(payload));
	memcpy(copy + CDATA_HEADER_SIZE + extra, fx->buf + CDATA_HEADER_SIZE,
	       fx->size - CDATA_HEADER_SIZE);
	memset(&d, 0, sizeof(d));
	assert_int_equal(cdata_read_buffer(copy, fx->size + extra, &rec, &d), 0);
	check_full(&rec);
	cdata_recording_release(&rec);
	free(copy);
}

/* write a small recording whose references the test breaks on purpose */
static void expect_file_error(void (*fill)(struct cdata_writer *w), const char *needle)
{
	char *path = temp_path();
	struct cdata_recording rec;
	struct cdata_writer *w;
	struct diag d;

	memset(&d, 0, sizeof(d));
	w = cdata_writer_open(path, &d);
	assert_non_null(w);
	fill(w);
	assert_int_equal(cdata_writer_finish(w, &d), 0);
	assert_int_equal(cdata_read_file(path, NULL, &rec, &d), -1);
	assert_true(strlen(d.msg) > 0);
	if (needle && !strstr(d.msg, needle))
		fail_msg("message '%s' does not mention '%s'", d.msg, needle);
	assert_true(d.offset >= CDATA_HEADER_SIZE);
	cdata_recording_release(&rec);
	unlink(path);
	free(path);
}

static void fill_base(struct cdata_writer *w)
{
	cdata_write_mapping(w, &w_mappings[0]);
	cdata_write_location(w, &w_locations[0]);
}

static void fill_bad_stack(struct cdata_writer *w)
{
	static const uint32_t frames[] = { 1, 2 }; /* location 2 was never written */

	fill_base(w);
	cdata_write_stack(w, 1, 0, frames, 2);
}

static void fill_zero_frame(struct cdata_writer *w)
{
	static const uint32_t frames[] = { 0 };

	fill_base(w);
	cdata_write_stack(w, 1, 0, frames, 1);
}

static void fill_bad_sample(struct cdata_writer *w)
{
	static const uint32_t frames[] = { 1 };
	struct cdata_sample s = { 1, 2, 3, 2, 0, 100 }; /* stack 2 does not exist */

	fill_base(w);
	cdata_write_stack(w, 1, 0, frames, 1);
	cdata_write_sample(w, &s);
}

static void fill_bad_location(struct cdata_writer *w)
{
	struct cdata_location l = { 1, 7, 0x1000 }; /* mapping 7 does not exist */

	cdata_write_mapping(w, &w_mappings[0]);
	cdata_write_location(w, &l);
}

static void fill_bad_lines(struct cdata_writer *w)
{
	struct cdata_line line = { 9, 1 }; /* function 9 does not exist */

	fill_base(w);
	cdata_write_function(w, &w_functions[0]);
	cdata_write_lines(w, 1, &line, 1);
}

static void fill_bad_ids(struct cdata_writer *w)
{
	struct cdata_mapping m = w_mappings[1]; /* id 2 as the first mapping */

	cdata_write_mapping(w, &m);
}

static void test_undefined_references(void **state)
{
	(void)state;
	expect_file_error(fill_bad_stack, "stack");
	expect_file_error(fill_zero_frame, "stack");
	expect_file_error(fill_bad_sample, "sample");
	expect_file_error(fill_bad_location, "location");
	expect_file_error(fill_bad_lines, "lines");
	expect_file_error(fill_bad_ids, "mapping");
}

/* ---- cdata_to_profile ---- */

static const struct profile_location *ploc(const struct profile *p, uint32_t id)
{
	assert_true(id >= 1 && id <= p->nlocations);
	return p->locations[id - 1];
}

static void test_to_profile(void **state)
{
	struct fixture *fx = *state;
	struct cdata_recording rec;
	struct profile p;
	struct diag d;
	const struct profile_location *l;
	size_t i, j;

	memset(&d, 0, sizeof(d));
	assert_int_equal(cdata_read_file(fx->path, NULL, &rec, &d), 0);
	assert_int_equal(cdata_to_profile(&rec, true, NULL, &p, &d), 0);
	assert_int_equal(profile_check(&p, &d), 0);

	assert_int_equal(p.ntypes, 2);
	assert_string_equal(p.types[0].type, "samples");
	assert_string_equal(p.types[0].unit, "count");
	assert_int_equal(profile_type_index(&p, "samples"), 0);
	assert_string_equal(profile_attr(&p, "command"), "./prog --fast");
	assert_string_equal(profile_attr(&p, "complete"), "yes");
	assert_string_equal(profile_attr(&p, "lost_samples"), "3");
	assert_int_equal(p.duration_nanos, 1500000000);
	assert_int_equal(p.time_nanos, 1700000000000000000LL);
	/* 99 Hz: the period in nanoseconds */
	assert_int_equal(p.period, 1000000000 / 99);
	assert_string_equal(p.period_type.type, "cpu");
	assert_string_equal(p.period_type.unit, "nanoseconds");
	assert_string_equal(p.default_sample_type, "cpu");
	assert_null(profile_attr(&p, "mismatched"));
	assert_null(profile_attr(&p, "symbols"));

	assert_int_equal(p.nmappings, N(w_mappings));
	assert_string_equal(p.mappings[0]->file, "/usr/bin/prog");
	assert_int_equal(p.mappings[0]->start, w_mappings[0].start);
	assert_int_equal(p.mappings[0]->limit, w_mappings[0].end);
	assert_int_equal(p.mappings[0]->offset, w_mappings[0].pgoff);
	assert_string_equal(p.mappings[0]->build_id, w_mappings[0].build_id);
	assert_int_equal(p.mappings[0]->kind, PROFILE_MAPPING_USER);
	assert_true(p.mappings[0]->has_functions);
	assert_true(p.mappings[0]->has_line_numbers);
	assert_int_equal(p.mappings[1]->kind, PROFILE_MAPPING_KERNEL);
	assert_true(p.mappings[1]->has_functions);
	assert_false(p.mappings[1]->has_line_numbers);

	/* locations: lines map to the right functions, innermost first; then the
	 * [truncated] marker, for the stack the recorder could not finish */
	assert_int_equal(p.nlocations, N(w_locations) + 1);
	l = ploc(&p, 1);
	assert_int_equal(l->address, w_locations[0].address);
	assert_ptr_equal(l->mapping, p.mappings[0]);
	assert_int_equal(l->nlines, 2);
	assert_string_equal(l->lines[0].function->name, "helper");
	assert_string_equal(l->lines[0].function->filename, "/src/util.h");
	assert_int_equal(l->lines[0].line, 5);
	assert_string_equal(l->lines[1].function->name, "compute");
	assert_string_equal(l->lines[1].function->system_name, "_Z7computev");
	assert_int_equal(l->lines[1].function->start_line, 10);
	assert_int_equal(l->lines[1].line, 12);
	l = ploc(&p, 2);
	assert_int_equal(l->nlines, 1);
	assert_string_equal(l->lines[0].function->name, "main");
	assert_int_equal(l->lines[0].line, 44);
	l = ploc(&p, 3);
	assert_int_equal(l->nlines, 0);
	assert_ptr_equal(l->mapping, p.mappings[1]);
	l = ploc(&p, 4);
	assert_null(l->mapping);
	assert_int_equal(l->address, 0x1234);

	/* one sample per recorded sample */
	assert_int_equal(p.nsamples, N(w_samples));
	for (i = 0; i < N(w_samples); i++) {
		const struct profile_sample *s = p.samples[i];
		const struct cdata_sample *w = &w_samples[i];

		assert_int_equal(s->values[0], 1);
		assert_int_equal(s->values[1], (int64_t)w->period);
		assert_int_equal(s->time_ns, (int64_t)w->time);
		assert_int_equal(profile_sample_num_label(s, "pid", -1), w->pid);
		assert_int_equal(profile_sample_num_label(s, "tid", -1), w->tid);
		assert_string_equal(profile_sample_str_label(s, "thread"),
				    w->tid == 101 ? "worker" : "prog");
		if (w->pid == 100) {
			assert_string_equal(profile_sample_str_label(s, "cgroup"), w_cgroups[1].path);
			assert_string_equal(profile_sample_str_label(s, "container"), W_CONTAINER);
		} else {
			assert_null(profile_sample_str_label(s, "cgroup"));
		}
		if (!w->stack_id) {
			assert_int_equal(s->nlocs, 0);
			continue;
		}
		for (j = 0; j < w_stacks[w->stack_id - 1].n; j++)
			assert_ptr_equal(s->locs[j], ploc(&p, w_stacks[w->stack_id - 1].frames[j]));
		if (w_stacks[w->stack_id - 1].flags & CDATA_STACK_TRUNCATED) {
			/* the marker at the root end */
			assert_int_equal(s->nlocs, w_stacks[w->stack_id - 1].n + 1);
			l = s->locs[s->nlocs - 1];
			assert_null(l->mapping);
			assert_int_equal(l->nlines, 1);
			assert_string_equal(l->lines[0].function->name, TRUNCATED_FRAME);
		} else {
			assert_int_equal(s->nlocs, w_stacks[w->stack_id - 1].n);
		}
	}
	profile_release(&p);
	cdata_recording_release(&rec);
}

/* without times, samples of one stack in one thread become one, values summed */
static void test_to_profile_merged(void **state)
{
	struct fixture *fx = *state;
	struct cdata_recording rec;
	struct profile p;
	struct diag d;
	size_t i, j;

	memset(&d, 0, sizeof(d));
	assert_int_equal(cdata_read_file(fx->path, NULL, &rec, &d), 0);
	assert_int_equal(cdata_to_profile(&rec, false, NULL, &p, &d), 0);
	assert_int_equal(profile_check(&p, &d), 0);
	/* w_samples[1] and [5]: stack 2 in thread 101; the rest differ */
	assert_int_equal(p.nsamples, N(w_samples) - 1);
	for (i = 0; i < p.nsamples; i++) {
		const struct profile_sample *s = p.samples[i];
		const struct cdata_sample *w = &w_samples[i];
		int64_t count = 0, period = 0;

		/* first-seen order: the model's samples are w_samples[0..4] */
		assert_int_equal(s->time_ns, 0);
		assert_int_equal(profile_sample_num_label(s, "tid", -1), w->tid);
		for (j = 0; j < N(w_samples); j++)
			if (cdata_same_stack_thread(&w_samples[j], w)) {
				count++;
				period += (int64_t)w_samples[j].period;
			}
		assert_int_equal(s->values[0], count);
		assert_int_equal(s->values[1], period);
	}
	assert_int_equal(p.samples[1]->values[0], 2);
	profile_release(&p);
	cdata_recording_release(&rec);
}

/* a recording cut short still converts, and says so */
static void test_to_profile_truncated(void **state)
{
	struct fixture *fx = *state;
	struct cdata_recording rec;
	struct profile p;
	struct diag d;
	uint32_t csize;
	size_t off = find_chunk(fx->buf, fx->size, CDATA_CHUNK_FUNCTION, 0, &csize);

	memset(&d, 0, sizeof(d));
	/* cut just after the functions: samples with symbols, no END */
	assert_int_equal(cdata_read_buffer(fx->buf, off + CDATA_CHUNK_HEADER_SIZE + csize, &rec,
					   &d),
			 0);
	assert_true(rec.truncated);
	assert_int_equal(rec.nfunctions, N(w_functions));
	assert_int_equal(cdata_to_profile(&rec, true, NULL, &p, &d), 0);
	assert_string_equal(profile_attr(&p, "complete"), "no");
	assert_int_equal(p.nsamples, N(w_samples));
	/* no lines chunk yet: locations have no lines */
	assert_int_equal(ploc(&p, 1)->nlines, 0);
	profile_release(&p);
	cdata_recording_release(&rec);
}

/* a recording whose mappings of PATHS (NPATHS) all have other build-ids on disk */
static void mismatch_profile(const char *const *paths, size_t npaths, struct profile *p)
{
	char *path = temp_path();
	struct cdata_recording rec;
	struct cdata_writer *w;
	struct cdata_location l = { 1, 1, 0x1100 };
	struct cdata_function f = { 1, "f", "f", "", 0 };
	struct cdata_line line = { 1, 0 };
	struct diag d;
	size_t i;

	memset(&d, 0, sizeof(d));
	w = cdata_writer_open(path, &d);
	assert_non_null(w);
	for (i = 0; i < npaths; i++) {
		struct cdata_mapping m = { (uint32_t)i + 1, 10 + (uint32_t)i, 0x1000 + 0x10000 * i,
					   0x2000 + 0x10000 * i, 0, CDATA_MAP_USER, paths[i],
					   "aabb" };

		cdata_write_mapping(w, &m);
	}
	cdata_write_location(w, &l);
	cdata_write_function(w, &f);
	cdata_write_lines(w, 1, &line, 1);
	for (i = 0; i < npaths; i++)
		cdata_write_mapinfo(w, (uint32_t)i + 1, CDATA_MAPINFO_SYMBOLS | CDATA_MAPINFO_MISMATCH);
	assert_int_equal(cdata_writer_finish(w, &d), 0);
	assert_int_equal(cdata_read_file(path, NULL, &rec, &d), 0);
	assert_int_equal(cdata_to_profile(&rec, false, NULL, p, &d), 0);
	cdata_recording_release(&rec);
	unlink(path);
	free(path);
}

static void test_to_profile_mismatch(void **state)
{
	static const char *const one[] = { "/usr/bin/prog" };
	static const char *const dup[] = { "/usr/lib/libbar.so.1", "/usr/bin/prog",
					   "/usr/lib/libbar.so.1" };
	struct profile p;

	(void)state;
	mismatch_profile(one, 1, &p);
	assert_string_equal(profile_attr(&p, "mismatched"), "/usr/bin/prog");
	profile_release(&p);
	/* a file mapped twice is named once */
	mismatch_profile(dup, 3, &p);
	assert_string_equal(profile_attr(&p, "mismatched"), "/usr/lib/libbar.so.1, /usr/bin/prog");
	profile_release(&p);
}

/*
 * Regression: note_mismatches() in src/format/cdata_profile.c skips a path
 * when strstr() finds it anywhere in the list built so far, so a path that
 * is a substring of one already listed ("/usr/lib/libfoo.so" after
 * "/usr/lib/libfoo.so.1.2") is left out of the "mismatched" attribute.
 */
static void test_to_profile_mismatch_substring(void **state)
{
	static const char *const paths[] = { "/usr/lib/libfoo.so.1.2", "/usr/lib/libfoo.so" };
	struct profile p;

	(void)state;
	mismatch_profile(paths, 2, &p);
	assert_string_equal(profile_attr(&p, "mismatched"),
			    "/usr/lib/libfoo.so.1.2, /usr/lib/libfoo.so");
	profile_release(&p);
}

#define F(fn) cmocka_unit_test_setup_teardown(fn, setup_file, teardown_file)

int main(void)
{
	const struct CMUnitTest tests[] = {
		F(test_roundtrip_file),
		F(test_read_folded),
		cmocka_unit_test(test_read_missing_file),
		F(test_every_prefix),
		F(test_flipped_byte),
		F(test_bad_headers),
		F(test_unknown_chunk),
		cmocka_unit_test(test_undefined_references),
		F(test_to_profile),
		F(test_to_profile_merged),
		F(test_to_profile_truncated),
		cmocka_unit_test(test_to_profile_mismatch),
		cmocka_unit_test(test_to_profile_mismatch_substring),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
