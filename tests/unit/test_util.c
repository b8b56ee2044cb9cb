/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for src/util: strbuf, arena, hashidx, the overflow
 * checked size arithmetic of xalloc, the JSON writer, and opening only
 * regular files.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "util/arena.h"
#include "util/escape.h"
#include "util/hashidx.h"
#include "util/json.h"
#include "util/outfile.h"
#include "util/regfile.h"
#include "util/share.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

/* ---- strbuf ---- */

static void test_strbuf_init_empty(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.alloc, 0);
	assert_string_equal(sb.buf, "");
	strbuf_release(&sb);
	assert_string_equal(sb.buf, "");
}

static void test_strbuf_add(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	strbuf_add(&sb, "hello", 5);
	assert_int_equal(sb.len, 5);
	assert_string_equal(sb.buf, "hello");
	assert_true(sb.alloc > sb.len);
	/* only LEN bytes are taken, and the result stays NUL-terminated */
	strbuf_add(&sb, ", worldXXX", 7);
	assert_int_equal(sb.len, 12);
	assert_string_equal(sb.buf, "hello, world");
	strbuf_addch(&sb, '!');
	strbuf_addstr(&sb, " ok");
	assert_string_equal(sb.buf, "hello, world! ok");
	assert_int_equal(sb.len, strlen(sb.buf));
	/* adding nothing keeps the content */
	strbuf_add(&sb, "", 0);
	assert_string_equal(sb.buf, "hello, world! ok");
	strbuf_release(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
}

static void test_strbuf_add_binary(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	static const char data[] = { 'a', '\0', 'b' };

	(void)state;
	strbuf_add(&sb, data, sizeof(data));
	assert_int_equal(sb.len, 3);
	assert_memory_equal(sb.buf, data, 3);
	assert_int_equal(sb.buf[3], '\0');
	strbuf_release(&sb);
}

static void test_strbuf_addf_growth(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char expect[1024];
	char big[300];
	size_t i;

	(void)state;
	strbuf_addf(&sb, "%d-%s", 42, "x");
	assert_string_equal(sb.buf, "42-x");
	assert_int_equal(sb.len, 4);

	/* one call whose output is far past the 64 bytes addf reserves first */
	memset(big, 'y', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	strbuf_addf(&sb, "[%s]", big);
	assert_int_equal(sb.len, 4 + 2 + sizeof(big) - 1);
	assert_int_equal(strlen(sb.buf), sb.len);
	assert_int_equal(sb.buf[4], '[');
	assert_int_equal(sb.buf[5], 'y');
	assert_int_equal(sb.buf[sb.len - 2], 'y');
	assert_int_equal(sb.buf[sb.len - 1], ']');
	assert_true(sb.alloc > sb.len);

	/* many small appends that together cross several reallocations */
	strbuf_reset(&sb);
	expect[0] = '\0';
	for (i = 0; i < 100; i++) {
		char piece[16];

		snprintf(piece, sizeof(piece), "%zu,", i);
		strcat(expect, piece);
		strbuf_addf(&sb, "%zu,", i);
	}
	assert_string_equal(sb.buf, expect);
	assert_int_equal(sb.len, strlen(expect));

	/* exactly 64 and 65 characters: the boundary of the first guess */
	strbuf_reset(&sb);
	strbuf_addf(&sb, "%s", "0123456789012345678901234567890123456789012345678901234567890123");
	assert_int_equal(sb.len, 64);
	strbuf_addf(&sb, "%s", "01234567890123456789012345678901234567890123456789012345678901234");
	assert_int_equal(sb.len, 129);
	assert_int_equal(strlen(sb.buf), 129);
	assert_memory_equal(sb.buf + 64, "01234567890123456789012345678901234567890123456789012345678901234",
			    65);
	strbuf_release(&sb);
}

static void test_strbuf_detach(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	char *s;

	(void)state;
	strbuf_addstr(&sb, "detached");
	s = strbuf_detach(&sb);
	assert_string_equal(s, "detached");
	/* sb is empty and usable again, and no longer owns S */
	assert_int_equal(sb.len, 0);
	assert_int_equal(sb.alloc, 0);
	assert_string_equal(sb.buf, "");
	assert_ptr_not_equal(sb.buf, s);
	strbuf_addstr(&sb, "again");
	assert_string_equal(sb.buf, "again");
	assert_string_equal(s, "detached");
	free(s);
	strbuf_release(&sb);

	/* detaching a never-used strbuf gives a freeable empty string */
	s = strbuf_detach(&sb);
	assert_non_null(s);
	assert_string_equal(s, "");
	assert_ptr_not_equal(s, strbuf_empty);
	free(s);
}

static void test_strbuf_reset(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	size_t alloc;

	(void)state;
	strbuf_reset(&sb); /* on the static empty buffer: harmless */
	assert_string_equal(sb.buf, "");
	strbuf_addstr(&sb, "some text that is there");
	alloc = sb.alloc;
	strbuf_reset(&sb);
	assert_int_equal(sb.len, 0);
	assert_string_equal(sb.buf, "");
	/* the memory is kept for reuse */
	assert_int_equal(sb.alloc, alloc);
	strbuf_addstr(&sb, "new");
	assert_string_equal(sb.buf, "new");
	strbuf_release(&sb);
}

/* ---- arena ---- */

static int all_zero(const unsigned char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (p[i])
			return 0;
	return 1;
}

static void test_arena_alignment_zeroed(void **state)
{
	struct arena a;
	size_t sizes[] = { 1, 3, 7, 15, 16, 17, 31, 33, 100, 1000 };
	size_t i;

	(void)state;
	arena_init(&a);
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		unsigned char *p = arena_alloc(&a, sizes[i]);

		assert_non_null(p);
		assert_int_equal((uintptr_t)p % 16, 0);
		assert_true(all_zero(p, sizes[i]));
		/* dirty it so that a later allocation reusing it would show */
		memset(p, 0xa5, sizes[i]);
	}
	assert_true(a.total > 0);
	arena_release(&a);
	assert_null(a.head);
	assert_int_equal(a.total, 0);
}

static void test_arena_big(void **state)
{
	struct arena a;
	unsigned char *small1, *big, *small2, *huge;
	size_t big_size = 16 * 1024 + 1, huge_size = 200 * 1024;

	(void)state;
	arena_init(&a);
	/* a big allocation as the very first one */
	huge = arena_alloc(&a, huge_size);
	assert_int_equal((uintptr_t)huge % 16, 0);
	assert_true(all_zero(huge, huge_size));
	memset(huge, 0x11, huge_size);

	small1 = arena_alloc(&a, 24);
	assert_true(all_zero(small1, 24));
	memset(small1, 0x22, 24);

	/* a big one behind a head block with room left */
	big = arena_alloc(&a, big_size);
	assert_int_equal((uintptr_t)big % 16, 0);
	assert_true(all_zero(big, big_size));
	memset(big, 0x33, big_size);

	small2 = arena_alloc(&a, 24);
	assert_true(all_zero(small2, 24));
	memset(small2, 0x44, 24);

	/* nothing overlaps: each still holds its own pattern */
	assert_int_equal(huge[0], 0x11);
	assert_int_equal(huge[huge_size - 1], 0x11);
	assert_int_equal(small1[0], 0x22);
	assert_int_equal(small1[23], 0x22);
	assert_int_equal(big[0], 0x33);
	assert_int_equal(big[big_size - 1], 0x33);
	assert_int_equal(small2[0], 0x44);
	assert_true(small2 >= small1 + 32 || small2 + 24 <= small1);
	assert_true(a.total >= huge_size + big_size);
	arena_release(&a);
}

static void test_arena_many(void **state)
{
	enum { N = 20000 };
	struct arena a;
	uint32_t **ptrs = calloc(N, sizeof(*ptrs));
	size_t i;

	(void)state;
	assert_non_null(ptrs);
	arena_init(&a);
	for (i = 0; i < N; i++) {
		size_t words = 1 + i % 13;
		size_t k;

		ptrs[i] = arena_alloc(&a, words * sizeof(uint32_t));
		assert_int_equal((uintptr_t)ptrs[i] % 16, 0);
		assert_true(all_zero((unsigned char *)ptrs[i], words * sizeof(uint32_t)));
		for (k = 0; k < words; k++)
			ptrs[i][k] = (uint32_t)i;
	}
	/* every allocation kept its contents: no two overlap */
	for (i = 0; i < N; i++) {
		size_t words = 1 + i % 13;
		size_t k;

		for (k = 0; k < words; k++)
			assert_int_equal(ptrs[i][k], i);
	}
	arena_release(&a);
	free(ptrs);
}

static void test_arena_dup(void **state)
{
	struct arena a;
	static const int nums[] = { 1, 2, 3, 4, 5 };
	int *copy;
	char *s;

	(void)state;
	arena_init(&a);
	copy = arena_memdup(&a, nums, sizeof(nums));
	assert_memory_equal(copy, nums, sizeof(nums));
	assert_ptr_not_equal(copy, nums);
	s = arena_strndup(&a, "abcdef", 3);
	assert_string_equal(s, "abc");
	arena_release(&a);
}

/* ---- hashidx ---- */

struct hash_ctx {
	const uint64_t *keys;
	uint64_t want;
};

static int key_eq(const void *ctx, size_t pos)
{
	const struct hash_ctx *c = ctx;

	return c->keys[pos] == c->want;
}

static void test_hashidx_many(void **state)
{
	enum { N = 100000 };
	uint64_t *keys = malloc(N * sizeof(*keys));
	struct hashidx h;
	struct hash_ctx c;
	size_t i;

	(void)state;
	assert_non_null(keys);
	hashidx_init(&h);
	c.keys = keys;
	/* an empty index finds nothing */
	c.want = 1;
	assert_int_equal(hashidx_find(&h, hash_u64(1), key_eq, &c), HASHIDX_NONE);
	for (i = 0; i < N; i++) {
		keys[i] = i * 7919 + 3;
		hashidx_insert(&h, hash_u64(keys[i]), i);
	}
	assert_int_equal(h.count, N);
	assert_true(h.cap >= 2 * N);
	assert_int_equal(h.cap & (h.cap - 1), 0);
	for (i = 0; i < N; i++) {
		c.want = keys[i];
		assert_int_equal(hashidx_find(&h, hash_u64(keys[i]), key_eq, &c), i);
	}
	/* misses: keys never inserted */
	for (i = 0; i < 1000; i++) {
		c.want = i * 7919 + 4;
		assert_int_equal(hashidx_find(&h, hash_u64(c.want), key_eq, &c), HASHIDX_NONE);
	}
	hashidx_release(&h);
	assert_int_equal(h.cap, 0);
	assert_int_equal(h.count, 0);
	free(keys);
}

static void test_hashidx_collisions(void **state)
{
	enum { N = 2000 };
	uint64_t keys[N];
	struct hashidx h;
	struct hash_ctx c = { keys, 0 };
	const uint64_t same = 0x1234;
	size_t i;

	(void)state;
	hashidx_init(&h);
	/* every element has the same hash: only eq tells them apart */
	for (i = 0; i < N; i++) {
		keys[i] = 1000 + i;
		hashidx_insert(&h, same, i);
	}
	for (i = 0; i < N; i++) {
		c.want = keys[i];
		assert_int_equal(hashidx_find(&h, same, key_eq, &c), i);
	}
	c.want = 5;
	assert_int_equal(hashidx_find(&h, same, key_eq, &c), HASHIDX_NONE);
	/* a different hash is a miss even when eq would accept */
	c.want = keys[0];
	assert_int_equal(hashidx_find(&h, same + 1, key_eq, &c), HASHIDX_NONE);
	hashidx_release(&h);
}

static void test_hash_functions(void **state)
{
	(void)state;
	assert_int_equal(hash_u64(42), hash_u64(42));
	assert_int_not_equal(hash_u64(1), hash_u64(2));
	assert_int_equal(hash_bytes("abc", 3, 0), hash_bytes("abc", 3, 0));
	assert_int_not_equal(hash_bytes("abc", 3, 0), hash_bytes("abd", 3, 0));
	assert_int_not_equal(hash_bytes("abc", 3, 0), hash_bytes("abc", 3, 1));
	assert_int_not_equal(hash_bytes("0123456789", 10, 0), hash_bytes("0123456789", 9, 0));
}

/* ---- xalloc ---- */

static void test_st_arith(void **state)
{
	(void)state;
	assert_int_equal(st_mult(0, 0), 0);
	assert_int_equal(st_mult(0, SIZE_MAX), 0);
	assert_int_equal(st_mult(SIZE_MAX, 0), 0);
	assert_int_equal(st_mult(7, 6), 42);
	assert_int_equal(st_mult(1, SIZE_MAX), SIZE_MAX);
	assert_int_equal(st_mult(SIZE_MAX / 2, 2), SIZE_MAX - 1);
	assert_int_equal(st_add(0, 0), 0);
	assert_int_equal(st_add(40, 2), 42);
	assert_int_equal(st_add(SIZE_MAX - 1, 1), SIZE_MAX);
	assert_int_equal(st_add(0, SIZE_MAX), SIZE_MAX);
}

static void test_xalloc_strings(void **state)
{
	char *s;

	(void)state;
	s = xstrdup("copy");
	assert_string_equal(s, "copy");
	free(s);
	s = xstrndup("truncate", 5);
	assert_string_equal(s, "trunc");
	free(s);
	s = xstrndup("ab", 10);
	assert_string_equal(s, "ab");
	free(s);
	s = xasprintf("%s=%d", "n", 7);
	assert_string_equal(s, "n=7");
	free(s);
}

static void test_alloc_grow(void **state)
{
	int *arr = NULL;
	size_t alloc = 0, i;

	(void)state;
	for (i = 0; i < 1000; i++) {
		ALLOC_GROW(arr, i + 1, alloc);
		assert_true(alloc >= i + 1);
		arr[i] = (int)i;
	}
	for (i = 0; i < 1000; i++)
		assert_int_equal(arr[i], i);
	free(arr);
}

/* ---- json ---- */

/* a writer into memory; json_text() closes it and returns what was written */
struct json_buf {
	struct json j;
	FILE *f;
	char *text;
	size_t size;
};

static void json_buf_open(struct json_buf *b)
{
	b->text = NULL;
	b->size = 0;
	b->f = open_memstream(&b->text, &b->size);
	assert_non_null(b->f);
	json_init(&b->j, b->f);
}

static const char *json_text(struct json_buf *b)
{
	assert_int_equal(fclose(b->f), 0);
	return b->text;
}

/* the string S (of LEN bytes) as the writer puts it, with quotes and newline */
static void check_string(const char *s, size_t len, const char *expect)
{
	struct json_buf b;

	json_buf_open(&b);
	json_string_n(&b.j, s, len);
	assert_string_equal(json_text(&b), expect);
	free(b.text);
}

static void test_json_nesting(void **state)
{
	struct json_buf b;

	(void)state;
	json_buf_open(&b);
	json_object_begin(&b.j);
	json_key(&b.j, "a");
	json_int(&b.j, 1);
	json_key(&b.j, "list");
	json_array_begin(&b.j);
	json_int(&b.j, 1);
	json_object_begin(&b.j);
	json_key(&b.j, "x");
	json_null(&b.j);
	json_key(&b.j, "y");
	json_array_begin(&b.j);
	json_array_end(&b.j);
	json_object_end(&b.j);
	json_bool(&b.j, true);
	json_array_end(&b.j);
	json_key(&b.j, "empty");
	json_object_begin(&b.j);
	json_object_end(&b.j);
	json_key(&b.j, "last");
	json_bool(&b.j, false);
	json_object_end(&b.j);
	assert_string_equal(json_text(&b), "{\n"
					   "  \"a\": 1,\n"
					   "  \"list\": [\n"
					   "    1,\n"
					   "    {\n"
					   "      \"x\": null,\n"
					   "      \"y\": []\n"
					   "    },\n"
					   "    true\n"
					   "  ],\n"
					   "  \"empty\": {},\n"
					   "  \"last\": false\n"
					   "}\n");
	free(b.text);

	/* a scalar alone, and an empty array, at the top */
	json_buf_open(&b);
	json_int(&b.j, 7);
	assert_string_equal(json_text(&b), "7\n");
	free(b.text);
	json_buf_open(&b);
	json_array_begin(&b.j);
	json_array_end(&b.j);
	assert_string_equal(json_text(&b), "[]\n");
	free(b.text);
}

static void test_json_deep(void **state)
{
	struct strbuf expect = STRBUF_INIT;
	struct json_buf b;
	int i;

	(void)state;
	/* JSON_MAX_DEPTH levels are allowed, indented and closed in order */
	json_buf_open(&b);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_array_begin(&b.j);
	json_int(&b.j, 0);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		json_array_end(&b.j);
	for (i = 0; i < JSON_MAX_DEPTH; i++)
		strbuf_addf(&expect, "%*s[\n", 2 * i, "");
	strbuf_addf(&expect, "%*s0\n", 2 * JSON_MAX_DEPTH, "");
	for (i = JSON_MAX_DEPTH - 1; i >= 0; i--)
		strbuf_addf(&expect, "%*s]\n", 2 * i, "");
	assert_string_equal(json_text(&b), expect.buf);
	free(b.text);
	strbuf_release(&expect);
}

static void test_json_escapes(void **state)
{
	(void)state;
	check_string("plain", 5, "\"plain\"\n");
	check_string("", 0, "\"\"\n");
	check_string("a\"b\\c/d", 7, "\"a\\\"b\\\\c/d\"\n");
	check_string("\n\t\r\b\f", 5, "\"\\n\\t\\r\\b\\f\"\n");
	check_string("\x01\x1f\x7f", 3, "\"\\u0001\\u001f\\u007f\"\n");
	/* NUL bytes inside the length are characters too */
	check_string("a\0b", 3, "\"a\\u0000b\"\n");
	/* keys are escaped the same way */
	{
		struct json_buf b;

		json_buf_open(&b);
		json_object_begin(&b.j);
		json_key(&b.j, "k\"\n");
		json_string(&b.j, "v");
		json_object_end(&b.j);
		assert_string_equal(json_text(&b), "{\n  \"k\\\"\\n\": \"v\"\n}\n");
		free(b.text);
	}
}

static void test_json_utf8(void **state)
{
	(void)state;
	/* valid sequences of 2, 3 and 4 bytes, at the edges of their ranges */
	check_string("\xc3\xa9t\xc3\xa9", 5, "\"\xc3\xa9t\xc3\xa9\"\n");
	check_string("\xc2\x80\xdf\xbf", 4, "\"\xc2\x80\xdf\xbf\"\n");
	check_string("\xe0\xa0\x80\xef\xbf\xbf\xed\x9f\xbf", 9,
		     "\"\xe0\xa0\x80\xef\xbf\xbf\xed\x9f\xbf\"\n");
	check_string("\xf0\x90\x80\x80\xf4\x8f\xbf\xbf", 8, "\"\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\"\n");
	/* a stray continuation byte, bytes that never start a sequence */
	check_string("a\x80z", 3, "\"a\xef\xbf\xbdz\"\n");
	check_string("\xc0\xc1\xf5\xff", 4,
		     "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"\n");
	/* overlong forms: one U+FFFD per byte (no byte starts a valid prefix) */
	check_string("\xc0\xaf", 2, "\"\xef\xbf\xbd\xef\xbf\xbd\"\n");
	check_string("\xe0\x80\xaf", 3, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"\n");
	check_string("\xf0\x80\x80\xaf", 4,
		     "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"\n");
	/* a surrogate (U+D800), and U+110000 */
	check_string("\xed\xa0\x80", 3, "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"\n");
	check_string("\xf4\x90\x80\x80", 4,
		     "\"\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\"\n");
	/* a truncated sequence is one U+FFFD, and what follows survives */
	check_string("\xe2\x82z", 3, "\"\xef\xbf\xbdz\"\n");
	check_string("\xf0\x9f\x98\"", 4, "\"\xef\xbf\xbd\\\"\"\n");
	/* cut by the end of the string (the byte after LEN is not read) */
	check_string("x\xe2\x82\xac", 3, "\"x\xef\xbf\xbd\"\n");
	check_string("\xc3", 1, "\"\xef\xbf\xbd\"\n");
}

static void test_json_null_string(void **state)
{
	struct json_buf b;

	(void)state;
	json_buf_open(&b);
	json_array_begin(&b.j);
	json_string(&b.j, NULL);
	json_string_n(&b.j, NULL, 3);
	json_null(&b.j);
	json_array_end(&b.j);
	assert_string_equal(json_text(&b), "[\n  null,\n  null,\n  null\n]\n");
	free(b.text);
}

static void test_json_numbers(void **state)
{
	struct json_buf b;

	(void)state;
	json_buf_open(&b);
	json_array_begin(&b.j);
	json_int(&b.j, 0);
	json_int(&b.j, -42);
	json_int(&b.j, INT64_MIN);
	json_int(&b.j, INT64_MAX);
	json_uint(&b.j, UINT64_MAX);
	json_double(&b.j, 59.8, 2);
	json_double(&b.j, 2.0 / 3.0, 2);
	json_double(&b.j, 1.5, 0);
	json_double(&b.j, -0.001, 2);
	json_double(&b.j, -0.0, 1);
	json_double(&b.j, -1.25, 3);
	json_double(&b.j, 100, 2);
	json_double(&b.j, NAN, 2);
	json_double(&b.j, INFINITY, 2);
	json_double(&b.j, -INFINITY, 2);
	json_double(&b.j, 0.5, -3);
	json_double(&b.j, 1e300, 1);
	json_bool(&b.j, true);
	json_bool(&b.j, false);
	json_array_end(&b.j);
	json_text(&b);
	assert_non_null(strstr(b.text, "[\n  0,\n  -42,\n  -9223372036854775808,\n"
				       "  9223372036854775807,\n  18446744073709551615,\n"
				       "  59.80,\n  0.67,\n  2,\n  0.00,\n  0.0,\n  -1.250,\n"
				       "  100.00,\n  null,\n  null,\n  null,\n  0,\n  1"));
	assert_non_null(strstr(b.text, "0.0,\n  true,\n  false\n]\n"));
	/* 1e300 in full: 301 digits */
	assert_non_null(strstr(b.text, "  1000000000"));
	free(b.text);
}

/* health shares never round up to 100.0%, and a share of nothing says so */
static void test_share_text(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(share_text(9996, 10000, buf, sizeof(buf)), "99.9%");
	assert_string_equal(share_text(10000, 10000, buf, sizeof(buf)), "100.0%");
	assert_string_equal(share_text(1, 3, buf, sizeof(buf)), "33.3%");
	assert_string_equal(share_text(0, 5, buf, sizeof(buf)), "0.0%");
	assert_string_equal(share_text(0, 0, buf, sizeof(buf)), "n/a");
	assert_string_equal(share_text(UINT64_MAX - 1, UINT64_MAX, buf, sizeof(buf)), "99.9%");
}

/* one line of output: control characters escaped, UTF-8 kept, bad bytes replaced */
static void test_text_escape(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	text_escape(&sb, "a\nb\tc\rd\x01" "e\x7f \xc3\xa9 \xff <&>\\n");
	assert_string_equal(sb.buf, "a\\nb\\tc\\rd\\x01e\\x7f \xc3\xa9 \xef\xbf\xbd <&>\\n");
	strbuf_release(&sb);
	assert_string_equal(text_escaped("x\ny"), "x\\ny");
	assert_string_equal(text_escaped(NULL), "");
}

/* -o /dev/null: a device is written in place, not replaced by a file */
static void test_outfile_device(void **state)
{
	char dir[] = "/tmp/cprof-test-outfile.XXXXXX", *dev = NULL, *reg = NULL;
	struct outfile of;
	struct diag d;
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	dev = xasprintf("%s/null", dir);
	reg = xasprintf("%s/out.txt", dir);
	if (mknod(dev, S_IFCHR | 0666, makedev(1, 3)) < 0) {
		rmdir(dir);
		free(dev);
		free(reg);
		skip(); /* making a device node needs root */
	}
	assert_int_equal(outfile_open(&of, dev, &d), 0);
	assert_true(fputs("report\n", of.fp) >= 0);
	assert_int_equal(outfile_commit(&of, &d), 0);
	assert_int_equal(stat(dev, &st), 0);
	assert_true(S_ISCHR(st.st_mode));
	/* a regular file is still replaced whole */
	assert_int_equal(outfile_open(&of, reg, &d), 0);
	assert_true(fputs("report\n", of.fp) >= 0);
	assert_int_equal(outfile_commit(&of, &d), 0);
	assert_int_equal(stat(reg, &st), 0);
	assert_true(S_ISREG(st.st_mode) && st.st_size == 7);
	/* given up on: nothing is left open */
	assert_int_equal(outfile_open(&of, dev, &d), 0);
	outfile_abort(&of);
	unlink(dev);
	unlink(reg);
	assert_int_equal(rmdir(dir), 0);
	free(dev);
	free(reg);
}

/* ---- regfile ---- */

/* a FIFO would block open() until a writer came: refused at once instead */
static void test_open_regular_refuses_others(void **state)
{
	char dir[] = "/tmp/cprof-regfile.XXXXXX", path[64];
	FILE *f;
	int fd;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	errno = 0;
	assert_int_equal(open_regular(path), -1);
	assert_int_equal(errno, EINVAL);
	assert_null(fopen_regular(path));
	unlink(path);
	assert_int_equal(open_regular(dir), -1);
	assert_int_equal(errno, EISDIR);
	assert_int_equal(open_regular("/dev/null"), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(open_regular(path), -1);
	assert_int_equal(errno, ENOENT);
	snprintf(path, sizeof(path), "%s/file", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("line\n", f);
	fclose(f);
	fd = open_regular(path);
	assert_true(fd >= 0);
	close(fd);
	f = fopen_regular(path);
	assert_non_null(f);
	assert_int_equal(fgetc(f), 'l');
	fclose(f);
	unlink(path);
	rmdir(dir);
}

/* the kind comes from the errno the caller saved, whatever errno is now */
static void test_diag_kinds(void **state)
{
	struct diag d;
	int saved = EACCES;

	(void)state;
	errno = ENOENT;
	assert_int_equal(diag_set_errno(&d, saved, "open: %s", strerror(saved)), -1);
	assert_int_equal(d.kind, DIAG_PERMISSION);
	assert_int_equal(d.err, EACCES);
	assert_string_equal(d.msg, "open: Permission denied");
	diag_set_errno(&d, ENOSYS, "x");
	assert_int_equal(d.kind, DIAG_UNSUPPORTED);
	diag_set_errno(&d, ESRCH, "x");
	assert_int_equal(d.kind, DIAG_NOT_FOUND);
	diag_set_errno(&d, EMFILE, "x");
	assert_int_equal(d.kind, DIAG_RESOURCE);
	diag_set(&d, "plain");
	assert_int_equal(d.kind, DIAG_FAILED);
	assert_int_equal(d.err, 0);
	diag_set_kind(&d, DIAG_BAD_INPUT, "bad %d", 1);
	assert_int_equal(d.kind, DIAG_BAD_INPUT);
	assert_string_equal(d.msg, "bad 1");
	assert_int_equal(diag_set_errno(NULL, EPERM, "x"), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_outfile_device),
		cmocka_unit_test(test_strbuf_init_empty),
		cmocka_unit_test(test_strbuf_add),
		cmocka_unit_test(test_strbuf_add_binary),
		cmocka_unit_test(test_strbuf_addf_growth),
		cmocka_unit_test(test_strbuf_detach),
		cmocka_unit_test(test_strbuf_reset),
		cmocka_unit_test(test_arena_alignment_zeroed),
		cmocka_unit_test(test_arena_big),
		cmocka_unit_test(test_arena_many),
		cmocka_unit_test(test_arena_dup),
		cmocka_unit_test(test_hashidx_many),
		cmocka_unit_test(test_hashidx_collisions),
		cmocka_unit_test(test_hash_functions),
		cmocka_unit_test(test_st_arith),
		cmocka_unit_test(test_xalloc_strings),
		cmocka_unit_test(test_alloc_grow),
		cmocka_unit_test(test_json_nesting),
		cmocka_unit_test(test_json_deep),
		cmocka_unit_test(test_json_escapes),
		cmocka_unit_test(test_json_utf8),
		cmocka_unit_test(test_json_null_string),
		cmocka_unit_test(test_json_numbers),
		cmocka_unit_test(test_share_text),
		cmocka_unit_test(test_text_escape),
		cmocka_unit_test(test_open_regular_refuses_others),
		cmocka_unit_test(test_diag_kinds),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
