/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the conversion of a recording to the profile model
 * (src/format/cdata_profile.h): samples, their labels (threads,
 * processes, cgroups), stacks, inlined frames, truncated stacks and
 * files changed since they were mapped.
 */
#include "cdata_fixture.h"

#include "format/cdata_profile.h"
#include "profile/profile.h"

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
	uint32_t csize = 0;
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
		F(test_to_profile),
		F(test_to_profile_merged),
		F(test_to_profile_truncated),
		cmocka_unit_test(test_to_profile_mismatch),
		cmocka_unit_test(test_to_profile_mismatch_substring),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
