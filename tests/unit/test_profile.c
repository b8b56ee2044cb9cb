/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the profile model (src/profile/profile.h) and the frames
 * outputs derive from it (src/profile/frames.h).
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "profile/frames.h"
#include "profile/profile.h"
#include "util/strbuf.h"

static const struct profile_value_type two_types[2] = {
	{ "samples", "count" },
	{ "cpu", "nanoseconds" },
};

static int setup_profile(void **state)
{
	struct profile *p = malloc(sizeof(*p));

	if (!p)
		return -1;
	profile_init(p);
	profile_set_types(p, 2, two_types);
	*state = p;
	return 0;
}

static int teardown_profile(void **state)
{
	struct profile *p = *state;

	profile_release(p);
	free(p);
	return 0;
}

/* ---- interning ---- */

static void test_intern(void **state)
{
	struct profile *p = *state;
	char buf1[16], buf2[16];
	const char *a, *b, *c, *e1, *e2, *n;

	strcpy(buf1, "function");
	strcpy(buf2, "function");
	a = profile_intern(p, buf1);
	b = profile_intern(p, buf2);
	assert_ptr_equal(a, b);
	assert_ptr_not_equal(a, buf1); /* a copy, not the caller's buffer */
	assert_string_equal(a, "function");
	/* the copy outlives the caller's storage */
	strcpy(buf1, "changed");
	assert_string_equal(a, "function");

	c = profile_intern(p, "other");
	assert_ptr_not_equal(a, c);
	assert_string_equal(c, "other");

	/* NULL is the empty string, and the same one as "" */
	n = profile_intern(p, NULL);
	e1 = profile_intern(p, "");
	assert_non_null(n);
	assert_string_equal(n, "");
	assert_ptr_equal(n, e1);

	/* the length-limited form matches the plain form */
	e2 = profile_intern_n(p, "functionXYZ", 8);
	assert_ptr_equal(e2, a);
	assert_ptr_equal(profile_intern_n(p, NULL, 5), e1);
	/* a prefix is a different string */
	assert_ptr_not_equal(profile_intern_n(p, "function", 4), a);
	assert_string_equal(profile_intern_n(p, "function", 4), "func");
}

static void test_intern_many(void **state)
{
	struct profile *p = *state;
	const char *first[500];
	char buf[32];
	size_t i;

	for (i = 0; i < 500; i++) {
		snprintf(buf, sizeof(buf), "name-%zu", i);
		first[i] = profile_intern(p, buf);
	}
	for (i = 0; i < 500; i++) {
		snprintf(buf, sizeof(buf), "name-%zu", i);
		assert_ptr_equal(profile_intern(p, buf), first[i]);
		assert_string_equal(first[i], buf);
	}
}

/* ---- functions ---- */

static void test_function_dedup(void **state)
{
	struct profile *p = *state;
	const struct profile_function *f1, *f2, *f3, *f4, *f5, *f6;
	char name[16];
	struct diag d;

	f1 = profile_function(p, "main", "main", "main.c", 10);
	strcpy(name, "main");
	f2 = profile_function(p, name, "main", "main.c", 10);
	assert_ptr_equal(f1, f2);
	assert_int_equal(p->nfunctions, 1);
	assert_int_equal(f1->id, 1);
	assert_string_equal(f1->name, "main");
	assert_string_equal(f1->filename, "main.c");
	assert_int_equal(f1->start_line, 10);
	/* strings in a function are interned */
	assert_ptr_equal(f1->name, profile_intern(p, "main"));

	/* any field that differs makes another function */
	f3 = profile_function(p, "main", "main", "main.c", 11);
	f4 = profile_function(p, "main", "main", "other.c", 10);
	f5 = profile_function(p, "main", "_Z4mainv", "main.c", 10);
	assert_ptr_not_equal(f3, f1);
	assert_ptr_not_equal(f4, f1);
	assert_ptr_not_equal(f5, f1);
	assert_int_equal(p->nfunctions, 4);
	assert_int_equal(f3->id, 2);
	assert_int_equal(f4->id, 3);
	assert_int_equal(f5->id, 4);
	assert_ptr_equal(p->functions[f5->id - 1], f5);

	/* a NULL system name is the name; a NULL file is "" */
	f6 = profile_function(p, "leaf", NULL, NULL, 0);
	assert_string_equal(f6->system_name, "leaf");
	assert_string_equal(f6->filename, "");
	assert_ptr_equal(profile_function(p, "leaf", "leaf", "", 0), f6);
	assert_int_equal(p->nfunctions, 5);
	assert_int_equal(profile_check(p, &d), 0);
}

/* ---- mappings, locations, samples ---- */

static void test_add_mapping_location_sample(void **state)
{
	struct profile *p = *state;
	struct profile_mapping m = {
		.start = 0x400000, .limit = 0x500000, .offset = 0x1000,
		.file = "/usr/bin/prog", .build_id = "abcd",
	};
	struct profile_mapping *pm, *pm2;
	const struct profile_function *fn = profile_function(p, "work", NULL, "w.c", 3);
	struct profile_line lines[2] = { { fn, 7, 1 }, { fn, 9, 0 } };
	struct profile_location *l1, *l2;
	const struct profile_location *stack[2];
	int64_t values[2] = { 1, 1000000 };
	struct profile_label labels[2] = {
		{ .key = "pid", .num = 42, .num_unit = "pid" },
		{ .key = "thread", .str = "worker" },
	};
	struct profile_sample *s;
	char file[32];
	struct diag d;

	strcpy(file, "/usr/bin/prog");
	m.file = file;
	pm = profile_add_mapping(p, &m);
	assert_ptr_not_equal(pm, &m);
	assert_int_equal(pm->id, 1);
	assert_int_equal(pm->start, 0x400000);
	assert_int_equal(pm->limit, 0x500000);
	assert_int_equal(pm->offset, 0x1000);
	assert_ptr_equal(pm->file, profile_intern(p, "/usr/bin/prog"));
	assert_ptr_equal(pm->build_id, profile_intern(p, "abcd"));
	strcpy(file, "gone");
	assert_string_equal(pm->file, "/usr/bin/prog");
	m.file = NULL;
	m.build_id = NULL;
	pm2 = profile_add_mapping(p, &m);
	assert_int_equal(pm2->id, 2);
	assert_string_equal(pm2->file, "");
	assert_string_equal(pm2->build_id, "");
	assert_int_equal(p->nmappings, 2);

	l1 = profile_add_location(p, pm, 0x401234, lines, 2);
	/* the lines are copied */
	lines[0].line = 99;
	assert_int_equal(l1->id, 1);
	assert_ptr_equal(l1->mapping, pm);
	assert_int_equal(l1->address, 0x401234);
	assert_int_equal(l1->nlines, 2);
	assert_int_equal(l1->lines[0].line, 7);
	assert_int_equal(l1->lines[0].column, 1);
	assert_ptr_equal(l1->lines[1].function, fn);
	l2 = profile_add_location(p, NULL, 0x10, NULL, 0);
	assert_int_equal(l2->id, 2);
	assert_null(l2->mapping);
	assert_int_equal(l2->nlines, 0);
	assert_ptr_equal(p->locations[1], l2);

	stack[0] = l1;
	stack[1] = l2;
	s = profile_add_sample(p, stack, 2, values, labels, 2);
	stack[0] = NULL;
	values[0] = 77;
	labels[1].str = "changed";
	assert_int_equal(p->nsamples, 1);
	assert_ptr_equal(p->samples[0], s);
	assert_int_equal(s->nlocs, 2);
	assert_ptr_equal(s->locs[0], l1);
	assert_ptr_equal(s->locs[1], l2);
	assert_int_equal(s->values[0], 1);
	assert_int_equal(s->values[1], 1000000);
	assert_int_equal(s->nlabels, 2);
	assert_string_equal(s->labels[1].str, "worker");
	assert_ptr_equal(s->labels[0].key, profile_intern(p, "pid"));
	assert_string_equal(s->labels[0].num_unit, "pid");
	assert_null(s->labels[0].str);

	assert_int_equal(profile_check(p, &d), 0);
}

static void test_types(void **state)
{
	struct profile *p = *state;

	assert_int_equal(p->ntypes, 2);
	assert_string_equal(p->types[0].type, "samples");
	assert_string_equal(p->types[1].unit, "nanoseconds");
	assert_int_equal(profile_type_index(p, "samples"), 0);
	assert_int_equal(profile_type_index(p, "cpu"), 1);
	assert_int_equal(profile_type_index(p, "alloc_space"), -1);
}

/* ---- attributes, comments, labels ---- */

static void test_attrs(void **state)
{
	struct profile *p = *state;
	char key[16];

	assert_null(profile_attr(p, "command"));
	profile_set_attr(p, "command", "./first");
	assert_string_equal(profile_attr(p, "command"), "./first");
	profile_set_attr(p, "event", "cpu-clock");
	/* setting again overrides, without a second entry */
	strcpy(key, "command");
	profile_set_attr(p, key, "./second");
	assert_string_equal(profile_attr(p, "command"), "./second");
	assert_string_equal(profile_attr(p, "event"), "cpu-clock");
	assert_int_equal(p->nattrs, 2);
	assert_null(profile_attr(p, "missing"));

	profile_add_comment(p, "one");
	profile_add_comment(p, "two");
	assert_int_equal(p->ncomments, 2);
	assert_string_equal(p->comments[1], "two");
}

static void test_labels(void **state)
{
	struct profile *p = *state;
	struct profile_label labels[4] = {
		{ .key = "pid", .num = 100 },
		{ .key = "thread", .str = "main" },
		{ .key = "tid", .num = 101 },
		{ .key = "tag", .str = "x" },
	};
	int64_t values[2] = { 1, 2 };
	struct profile_sample *s = profile_add_sample(p, NULL, 0, values, labels, 4);

	assert_int_equal(profile_sample_num_label(s, "pid", -1), 100);
	assert_int_equal(profile_sample_num_label(s, "tid", -1), 101);
	assert_int_equal(profile_sample_num_label(s, "missing", -7), -7);
	/* a string label is not a numeric one, and the other way round */
	assert_int_equal(profile_sample_num_label(s, "thread", -3), -3);
	assert_null(profile_sample_str_label(s, "pid"));
	assert_string_equal(profile_sample_str_label(s, "thread"), "main");
	assert_string_equal(profile_sample_str_label(s, "tag"), "x");
	assert_null(profile_sample_str_label(s, "missing"));
}

/* ---- profile_check ---- */

static void test_check_good(void **state)
{
	struct profile *p = *state;
	struct profile_mapping m = { .start = 0x1000, .limit = 0x2000, .file = "/bin/x" };
	const struct profile_mapping *pm = profile_add_mapping(p, &m);
	const struct profile_function *f = profile_function(p, "f", NULL, "f.c", 1);
	struct profile_line line = { f, 2, 0 };
	const struct profile_location *loc[2];
	int64_t values[2] = { 1, 10 };
	struct profile_label label = { .key = "pid", .num = 1 };
	struct diag d;

	loc[0] = profile_add_location(p, pm, 0x1100, &line, 1);
	loc[1] = profile_add_location(p, NULL, 0x9999, NULL, 0);
	profile_add_sample(p, loc, 2, values, &label, 1);
	profile_add_sample(p, loc + 1, 1, values, NULL, 0);
	memset(&d, 0, sizeof(d));
	assert_int_equal(profile_check(p, &d), 0);
	assert_string_equal(d.msg, "");

	/* an empty profile is fine too */
	{
		struct profile empty;

		profile_init(&empty);
		assert_int_equal(profile_check(&empty, &d), 0);
		profile_release(&empty);
	}
}

static void test_check_foreign_mapping(void **state)
{
	struct profile *p = *state;
	struct profile other;
	struct profile_mapping m = { .start = 0x1000, .limit = 0x2000, .file = "/bin/x" };
	const struct profile_mapping *mine, *foreign;
	struct diag d;

	profile_init(&other);
	mine = profile_add_mapping(p, &m);
	foreign = profile_add_mapping(&other, &m);
	/* same id, same contents, but not this profile's mapping */
	assert_int_equal(mine->id, foreign->id);
	profile_add_location(p, mine, 0x1100, NULL, 0);
	assert_int_equal(profile_check(p, &d), 0);
	profile_add_location(p, foreign, 0x1200, NULL, 0);
	memset(&d, 0, sizeof(d));
	assert_int_equal(profile_check(p, &d), -1);
	assert_true(strlen(d.msg) > 0);
	assert_non_null(strstr(d.msg, "mapping"));
	profile_release(&other);
}

static void test_check_null_location(void **state)
{
	struct profile *p = *state;
	const struct profile_location *loc[2];
	int64_t values[2] = { 1, 10 };
	struct diag d;

	loc[0] = profile_add_location(p, NULL, 0x10, NULL, 0);
	loc[1] = NULL;
	profile_add_sample(p, loc, 2, values, NULL, 0);
	memset(&d, 0, sizeof(d));
	assert_int_equal(profile_check(p, &d), -1);
	assert_true(strlen(d.msg) > 0);
	assert_non_null(strstr(d.msg, "location"));
}

static void test_check_foreign_function(void **state)
{
	struct profile *p = *state;
	struct profile other;
	const struct profile_function *f;
	struct profile_line line;
	struct diag d;

	profile_init(&other);
	profile_function(p, "mine", NULL, NULL, 0);
	f = profile_function(&other, "theirs", NULL, NULL, 0);
	line.function = f;
	line.line = 1;
	line.column = 0;
	profile_add_location(p, NULL, 0x10, &line, 1);
	memset(&d, 0, sizeof(d));
	assert_int_equal(profile_check(p, &d), -1);
	assert_true(strlen(d.msg) > 0);
	profile_release(&other);
}

static void test_check_samples_without_types(void **state)
{
	struct profile p;
	struct diag d;

	(void)state;
	profile_init(&p);
	profile_add_sample(&p, NULL, 0, NULL, NULL, 0);
	memset(&d, 0, sizeof(d));
	assert_int_equal(profile_check(&p, &d), -1);
	assert_true(strlen(d.msg) > 0);
	profile_release(&p);
}

/* ---- frames ---- */

static void test_frames_inline(void **state)
{
	struct profile *p = *state;
	const struct profile_function *inner = profile_function(p, "inner", NULL, "a.c", 1);
	const struct profile_function *middle = profile_function(p, "middle", NULL, "a.c", 10);
	const struct profile_function *outer = profile_function(p, "outer", NULL, "a.c", 20);
	const struct profile_function *caller = profile_function(p, "caller", NULL, "b.c", 5);
	/* one location with three lines: inner inlined into middle into outer */
	struct profile_line l1[3] = { { inner, 2, 0 }, { middle, 12, 0 }, { outer, 22, 0 } };
	struct profile_line l2[1] = { { caller, 7, 0 } };
	const struct profile_location *locs[3];
	int64_t values[2] = { 1, 1 };
	struct profile_sample *s;
	struct frame *frames = NULL;
	size_t alloc = 0, n;

	locs[0] = profile_add_location(p, NULL, 0x100, l1, 3);
	locs[1] = profile_add_location(p, NULL, 0x200, l2, 1);
	locs[2] = profile_add_location(p, NULL, 0x300, NULL, 0);
	s = profile_add_sample(p, locs, 3, values, NULL, 0);

	n = profile_sample_frames(s, &frames, &alloc);
	assert_int_equal(n, 5);
	assert_true(alloc >= 5);
	assert_ptr_equal(frames[0].function, inner);
	assert_ptr_equal(frames[1].function, middle);
	assert_ptr_equal(frames[2].function, outer);
	assert_ptr_equal(frames[3].function, caller);
	assert_null(frames[4].function);
	assert_int_equal(frames[0].line, 2);
	assert_int_equal(frames[1].line, 12);
	assert_int_equal(frames[2].line, 22);
	assert_int_equal(frames[3].line, 7);
	assert_int_equal(frames[4].line, 0);
	assert_true(frames[0].inlined);
	assert_true(frames[1].inlined);
	assert_false(frames[2].inlined);
	assert_false(frames[3].inlined);
	assert_false(frames[4].inlined);
	assert_ptr_equal(frames[0].loc, locs[0]);
	assert_ptr_equal(frames[2].loc, locs[0]);
	assert_ptr_equal(frames[3].loc, locs[1]);
	assert_ptr_equal(frames[4].loc, locs[2]);

	/* reusing the array for a shorter sample */
	s = profile_add_sample(p, locs + 1, 1, values, NULL, 0);
	n = profile_sample_frames(s, &frames, &alloc);
	assert_int_equal(n, 1);
	assert_ptr_equal(frames[0].function, caller);
	free(frames);
}

static void test_frame_name(void **state)
{
	struct profile *p = *state;
	struct profile_mapping um = {
		.start = 0x7f0000000000, .limit = 0x7f0000100000, .offset = 0x2000,
		.file = "/usr/lib/x86_64-linux-gnu/libfoo.so",
	};
	struct profile_mapping km = {
		.start = 0xffffffff81000000, .limit = 0xffffffff82000000,
		.file = "[kernel.kallsyms]", .kind = PROFILE_MAPPING_KERNEL,
	};
	struct profile_mapping bare = { .start = 0x1000, .limit = 0x2000, .file = "plain.so" };
	const struct profile_mapping *pum = profile_add_mapping(p, &um);
	const struct profile_mapping *pkm = profile_add_mapping(p, &km);
	const struct profile_mapping *pbare = profile_add_mapping(p, &bare);
	const struct profile_function *f = profile_function(p, "resolved_fn", NULL, NULL, 0);
	struct profile_line line = { f, 1, 0 };
	struct frame fr;
	struct strbuf sb = STRBUF_INIT;

	memset(&fr, 0, sizeof(fr));
	/* address - start + offset = 0x1a2b */
	fr.loc = profile_add_location(p, pum, 0x7f0000000000 + 0x1a2b - 0x2000, NULL, 0);
	frame_name(&fr, &sb);
	assert_string_equal(sb.buf, "libfoo.so+0x1a2b");

	strbuf_reset(&sb);
	fr.loc = profile_add_location(p, pkm, 0xffffffff81234567, NULL, 0);
	frame_name(&fr, &sb);
	assert_string_equal(sb.buf, "[kernel.kallsyms]+0xffffffff81234567");

	strbuf_reset(&sb);
	fr.loc = profile_add_location(p, pbare, 0x1010, NULL, 0);
	frame_name(&fr, &sb);
	assert_string_equal(sb.buf, "plain.so+0x10");

	strbuf_reset(&sb);
	fr.loc = profile_add_location(p, NULL, 0xdead, NULL, 0);
	frame_name(&fr, &sb);
	assert_string_equal(sb.buf, "[unknown]+0xdead");

	/* a resolved frame is named by its function, and frame_name appends */
	strbuf_reset(&sb);
	strbuf_addstr(&sb, "> ");
	fr.loc = profile_add_location(p, pum, 0x7f0000000100, &line, 1);
	fr.function = f;
	frame_name(&fr, &sb);
	assert_string_equal(sb.buf, "> resolved_fn");
	strbuf_release(&sb);

	assert_string_equal(path_basename("/a/b/c.so"), "c.so");
	assert_string_equal(path_basename("c.so"), "c.so");
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_profile, teardown_profile)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_intern),
		T(test_intern_many),
		T(test_function_dedup),
		T(test_add_mapping_location_sample),
		T(test_types),
		T(test_attrs),
		T(test_labels),
		T(test_check_good),
		T(test_check_foreign_mapping),
		T(test_check_null_location),
		T(test_check_foreign_function),
		cmocka_unit_test(test_check_samples_without_types),
		T(test_frames_inline),
		T(test_frame_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
