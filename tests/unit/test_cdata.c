/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for cprof.data (src/format/cdata.h): a round trip through a
 * file, a reader fed every prefix of a recording, damaged and hostile
 * input. The conversion to the profile model: test_cdata_profile.c.
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

#include "cdata_fixture.h"

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
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
