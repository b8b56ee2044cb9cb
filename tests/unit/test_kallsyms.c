/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for the kernel symbols' compact cache (src/symbol/
 * kallsyms.c): a cache written from a kallsyms listing reads back the
 * same answers; a cache of another boot or another set of modules, cut
 * short, damaged or planted as a FIFO is not used, and the listing is
 * read instead (and the cache written again).
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

#include "symbol/kallsyms.h"
#include "util/strbuf.h"
#include "util/usage.h"

static const char listing[] = "ffffffff81000000 T _stext\n"
			      "ffffffff81000100 t helper_fn\n"
			      "ffffffff81000200 D some_data\n"
			      "ffffffff81000300 T do_work\n"
			      "ffffffffc0001000 t mod_fn\t[mymod]\n";

struct paths {
	char dir[64];
	char listing[96], cache[96];
};

static void make_paths(struct paths *p)
{
	FILE *f;

	snprintf(p->dir, sizeof(p->dir), "/tmp/cprof-test-ksyms-XXXXXX");
	assert_non_null(mkdtemp(p->dir));
	snprintf(p->listing, sizeof(p->listing), "%s/kallsyms", p->dir);
	snprintf(p->cache, sizeof(p->cache), "%s/cache", p->dir);
	f = fopen(p->listing, "w");
	assert_non_null(f);
	fputs(listing, f);
	fclose(f);
}

static void remove_paths(struct paths *p)
{
	unlink(p->listing);
	unlink(p->cache);
	rmdir(p->dir);
}

static void expect(const struct kallsyms *k, uint64_t addr, const char *name, uint64_t off)
{
	uint64_t got_off = 99;
	const char *got = kallsyms_lookup(k, addr, &got_off);

	assert_non_null(got);
	assert_string_equal(got, name);
	assert_int_equal(got_off, off);
}

static void expect_all(const struct kallsyms *k)
{
	assert_non_null(k);
	expect(k, 0xffffffff81000000, "_stext", 0);
	expect(k, 0xffffffff81000150, "helper_fn", 0x50);
	/* data symbols are not functions: helper_fn runs on */
	expect(k, 0xffffffff81000250, "helper_fn", 0x150);
	expect(k, 0xffffffff81000310, "do_work", 0x10);
	expect(k, 0xffffffffc0001004, "mod_fn [mymod]", 4);
	assert_null(kallsyms_lookup(k, 0xffffffff80000000, NULL));
}

static struct strbuf read_whole(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	int fd = open(path, O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(strbuf_read_fd(&sb, fd), 0);
	close(fd);
	return sb;
}

static void test_round_trip(void **state)
{
	struct paths p;
	struct kallsyms *k;
	struct strbuf sb;
	uint64_t key = kallsyms_cache_key();

	(void)state;
	if (!key)
		skip();
	make_paths(&p);
	/* no cache yet: the listing is read, and the cache written */
	k = kallsyms_load_cached(p.listing, p.cache);
	expect_all(k);
	kallsyms_free(k);
	sb = read_whole(p.cache);
	k = kallsyms_parse_cache(sb.buf, sb.len, key);
	expect_all(k);
	kallsyms_free(k);

	/* the cache is what is read now: the listing may be gone */
	unlink(p.listing);
	k = kallsyms_load_cached(p.listing, p.cache);
	expect_all(k);
	kallsyms_free(k);

	/* another boot or other modules: a key of its own, not used */
	assert_null(kallsyms_parse_cache(sb.buf, sb.len, key + 1));
	assert_null(kallsyms_parse_cache(sb.buf, sb.len, 0));
	strbuf_release(&sb);
	remove_paths(&p);
}

static void test_damaged(void **state)
{
	struct paths p;
	struct strbuf sb;
	struct kallsyms *k;
	struct diag d;
	struct stat st;
	uint64_t key = 0x1234;
	size_t i;

	(void)state;
	make_paths(&p);
	k = kallsyms_load(p.listing);
	assert_non_null(k);
	assert_int_equal(kallsyms_write_cache(k, p.cache, key, &d), 0);
	kallsyms_free(k);
	/* kernel addresses: for its owner only */
	assert_int_equal(stat(p.cache, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	sb = read_whole(p.cache);
	k = kallsyms_parse_cache(sb.buf, sb.len, key);
	expect_all(k);
	kallsyms_free(k);
	/* every prefix is refused, never read past */
	for (i = 0; i < sb.len; i++)
		assert_null(kallsyms_parse_cache(sb.buf, i, key));
	/* a name offset out of bounds; addresses out of order */
	sb.buf[24 + 8] = (char)0xff;
	sb.buf[24 + 9] = (char)0xff;
	assert_null(kallsyms_parse_cache(sb.buf, sb.len, key));
	strbuf_release(&sb);
	sb = read_whole(p.cache);
	memset(sb.buf + 24, 0xff, 8);
	assert_null(kallsyms_parse_cache(sb.buf, sb.len, key));
	/* the name table must end with its NUL */
	strbuf_release(&sb);
	sb = read_whole(p.cache);
	sb.buf[sb.len - 1] = 'x';
	assert_null(kallsyms_parse_cache(sb.buf, sb.len, key));
	strbuf_release(&sb);

	/* a cache that cannot be written says why */
	k = kallsyms_load(p.listing);
	assert_int_equal(kallsyms_write_cache(k, "/nonexistent/dir/cache", key, &d), -1);
	assert_non_null(strstr(d.msg, "/nonexistent/dir/cache"));
	kallsyms_free(k);
	remove_paths(&p);
}

static void test_fifo_not_read(void **state)
{
	struct paths p;
	struct kallsyms *k;

	(void)state;
	if (!kallsyms_cache_key())
		skip();
	make_paths(&p);
	assert_int_equal(mkfifo(p.cache, 0600), 0);
	/* would block forever if read: it is passed over, the listing read */
	k = kallsyms_load_cached(p.listing, p.cache);
	expect_all(k);
	kallsyms_free(k);
	remove_paths(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip),
		cmocka_unit_test(test_damaged),
		cmocka_unit_test(test_fifo_not_read),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
