/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The recording the cprof.data unit tests write (test_cdata.c reads it
 * back, test_cdata_profile.c turns it into a profile): what goes in, a
 * check that all of it came back, and a cmocka fixture holding it as a
 * file and as bytes. Included by each test program, not linked.
 */
#ifndef CPROF_TESTS_CDATA_FIXTURE_H
#define CPROF_TESTS_CDATA_FIXTURE_H

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

#include "format/cdata.h"

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

static __attribute__((unused)) char *temp_path(void)
{
	char tmpl[] = "/tmp/cprof-test-cdata-XXXXXX";
	int fd = mkstemp(tmpl);

	assert_true(fd >= 0);
	close(fd);
	return strdup(tmpl);
}

/* Write the whole recording to PATH, in several flushes; its size. */
static __attribute__((unused)) uint64_t write_recording(const char *path)
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

static __attribute__((unused)) unsigned char *slurp(const char *path, size_t *size)
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

static __attribute__((unused)) void check_sample(const struct cdata_sample *got,
						 const struct cdata_sample *want)
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
static __attribute__((unused)) void check_full(const struct cdata_recording *rec)
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

static __attribute__((unused)) int setup_file(void **state)
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

static __attribute__((unused)) int teardown_file(void **state)
{
	struct fixture *fx = *state;

	unlink(fx->path);
	free(fx->path);
	free(fx->buf);
	free(fx);
	return 0;
}
static __attribute__((unused)) uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

/* the offset of the NTH (from 0) chunk of TYPE, walking the chunk headers */
static __attribute__((unused)) size_t find_chunk(const unsigned char *buf, size_t size,
						  uint32_t type, int nth, uint32_t *csize)
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

#endif
