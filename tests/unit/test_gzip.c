/* SPDX-License-Identifier: GPL-3.0-or-later */
/* gzip round trips, the decompression bound and damaged input */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include "util/gzip.h"

static void fill(unsigned char *buf, size_t len)
{
	uint32_t x = 12345;
	for (size_t i = 0; i < len; i++) {
		x = x * 1103515245u + 12345u;
		/* half repetitive, half noise: compresses, but not to nothing */
		buf[i] = (i & 256) ? (unsigned char)(x >> 24) : (unsigned char)(i % 7);
	}
}

static void test_round_trip(void **state)
{
	(void)state;
	static unsigned char in[200000];
	fill(in, sizeof in);
	struct strbuf z, out;
	struct diag d = {0};
	strbuf_init(&z);
	strbuf_init(&out);
	assert_int_equal(gzip_compress(in, sizeof in, &z, &d), 0);
	assert_true(gzip_sniff(z.buf, z.len));
	assert_true(z.len < sizeof in);
	assert_int_equal(gzip_decompress(z.buf, z.len, sizeof in, &out, &d), 0);
	assert_int_equal(out.len, sizeof in);
	assert_memory_equal(out.buf, in, sizeof in);
	strbuf_release(&z);
	strbuf_release(&out);
}

static void test_empty(void **state)
{
	(void)state;
	struct strbuf z, out;
	struct diag d = {0};
	strbuf_init(&z);
	strbuf_init(&out);
	assert_int_equal(gzip_compress("", 0, &z, &d), 0);
	assert_true(gzip_sniff(z.buf, z.len));
	assert_int_equal(gzip_decompress(z.buf, z.len, 16, &out, &d), 0);
	assert_int_equal(out.len, 0);
	strbuf_release(&z);
	strbuf_release(&out);
}

static void test_bound_refused(void **state)
{
	(void)state;
	static unsigned char in[100000];
	memset(in, 'a', sizeof in);
	struct strbuf z, out;
	struct diag d = {0};
	strbuf_init(&z);
	strbuf_init(&out);
	assert_int_equal(gzip_compress(in, sizeof in, &z, &d), 0);
	assert_int_equal(gzip_decompress(z.buf, z.len, sizeof in - 1, &out, &d), -1);
	assert_true(d.msg[0] != '\0');
	strbuf_release(&z);
	strbuf_release(&out);
}

static void test_damaged(void **state)
{
	(void)state;
	static unsigned char in[50000];
	fill(in, sizeof in);
	struct strbuf z, out;
	struct diag d = {0};
	strbuf_init(&z);
	strbuf_init(&out);
	assert_int_equal(gzip_compress(in, sizeof in, &z, &d), 0);
	/* cut short: the stream never ends */
	assert_int_equal(gzip_decompress(z.buf, z.len / 2, sizeof in, &out, &d), -1);
	assert_true(d.msg[0] != '\0');
	/* not gzip at all */
	strbuf_reset(&out);
	memset(&d, 0, sizeof d);
	assert_false(gzip_sniff("PK\3\4", 4));
	assert_int_equal(gzip_decompress("\x1f\x8bjunkjunkjunk", 13, 100, &out, &d), -1);
	assert_true(d.msg[0] != '\0');
	strbuf_release(&z);
	strbuf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_bound_refused),
		cmocka_unit_test(test_damaged),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
