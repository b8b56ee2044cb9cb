/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for src/symbol: demangling, /proc/kallsyms and perf map
 * parsing, and the load bias of object files' layouts; test_objfile.c
 * has the object cache and the symbolizer on this very program.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "symbol/demangle.h"
#include "symbol/kallsyms.h"
#include "symbol/objfile.h"
#include "symbol/objopen.h"
#include "util/regfile.h"
#include "symbol/perfmap.h"
#include "symbol/symbolize.h"
#include "symbol/symbolize_profile.h"

/* ---- demangling ---- */

static void expect_demangled(const char *mangled, const char *want)
{
	char *got = demangle_symbol(mangled);

	assert_non_null(got);
	if (strcmp(got, want))
		fail_msg("demangle_symbol(\"%s\") = \"%s\", want \"%s\"", mangled, got, want);
	free(got);
}

static void test_demangle_cxx(void **state)
{
	(void)state;
	expect_demangled("_ZN4demo6WidgetIiE5churnEi", "demo::Widget<int>::churn(int)");
	expect_demangled("_Z3addii", "add(int, int)");
	/* a versioned C++ name: the version goes, the rest demangles */
	expect_demangled("_ZNSt6vectorIiSaIiEE9push_backERKi@@GLIBCXX_3.4",
			 "std::vector<int, std::allocator<int> >::push_back(int const&)");
}

static void test_demangle_versions(void **state)
{
	(void)state;
	expect_demangled("memcpy@@GLIBC_2.14", "memcpy");
	expect_demangled("__libc_start_main@GLIBC_2.34", "__libc_start_main");
}

static void test_demangle_plain(void **state)
{
	(void)state;
	expect_demangled("main", "main");
	expect_demangled("spin_sixty", "spin_sixty");
	expect_demangled("_start", "_start");
	/* looks mangled but is not: kept as it is */
	expect_demangled("_Znot_really", "_Znot_really");
	expect_demangled("", "");
}

static void test_demangle_rust(void **state)
{
	char *got;

	(void)state;
	/* legacy: the 17h<16 hex digits> hash is dropped */
	got = demangle_symbol("_ZN4main7compute17h8ab3c4d5e6f70819E");
	assert_string_equal(got, "main::compute");
	assert_null(strstr(got, "h8ab3c4d5e6f70819"));
	free(got);
	expect_demangled("_ZN4core3ptr13drop_in_place17h1f2e3d4c5b6a7980E",
			 "core::ptr::drop_in_place");

	/* v0 */
	got = demangle_symbol("_RNvCs1234_4main7compute");
	assert_non_null(strstr(got, "main::compute"));
	free(got);
	got = demangle_symbol("_RNvNtCs1234_4main5inner7compute");
	assert_non_null(strstr(got, "main::inner::compute"));
	free(got);
}

/* ---- kallsyms ---- */

static char *write_temp(const char *text)
{
	char tmpl[] = "/tmp/cprof-test-kallsyms-XXXXXX";
	int fd = mkstemp(tmpl);
	size_t len = strlen(text);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, len), (ssize_t)len);
	close(fd);
	return strdup(tmpl);
}

static const char fake_kallsyms[] =
	"0000000000000000 A fixed_percpu_data\n"
	"ffffffff81000300 T do_work\n"
	"ffffffff81000000 T _stext\n"
	"ffffffff81000100 t helper_fn\n"
	"ffffffff81000200 D some_data\n"
	"ffffffff81000280 d more_data\n"
	"ffffffff81000400 W weak_fn\n"
	"ffffffffc0001000 t mod_fn\t[mymod]\n"
	"ffffffffc0001100 T mod_other\t[mymod]\n";

static void expect_ksym(const struct kallsyms *k, uint64_t addr, const char *want,
			uint64_t want_off)
{
	uint64_t off = 12345;
	const char *got = kallsyms_lookup(k, addr, &off);

	if (!want) {
		if (got)
			fail_msg("0x%" PRIx64 ": got %s, want nothing", addr, got);
		return;
	}
	if (!got || strcmp(got, want))
		fail_msg("0x%" PRIx64 ": got %s, want %s", addr, got ? got : "(null)", want);
	assert_int_equal(off, want_off);
}

static void test_kallsyms(void **state)
{
	char *path = write_temp(fake_kallsyms);
	struct kallsyms *k = kallsyms_load(path);

	(void)state;
	assert_non_null(k);
	/* exact addresses */
	expect_ksym(k, 0xffffffff81000000, "_stext", 0);
	expect_ksym(k, 0xffffffff81000100, "helper_fn", 0);
	expect_ksym(k, 0xffffffff81000300, "do_work", 0);
	/* inside a function */
	expect_ksym(k, 0xffffffff81000150, "helper_fn", 0x50);
	expect_ksym(k, 0xffffffff810000ff, "_stext", 0xff);
	/* before the first function: nothing */
	expect_ksym(k, 0xffffffff80ffffff, NULL, 0);
	expect_ksym(k, 0x1000, NULL, 0);
	/* data symbols are not functions: the text symbol before them wins */
	expect_ksym(k, 0xffffffff81000200, "helper_fn", 0x100);
	expect_ksym(k, 0xffffffff81000290, "helper_fn", 0x190);
	/* weak text symbols count */
	expect_ksym(k, 0xffffffff81000404, "weak_fn", 4);
	/* module symbols keep their module */
	expect_ksym(k, 0xffffffffc0001010, "mod_fn [mymod]", 0x10);
	expect_ksym(k, 0xffffffffc0001100, "mod_other [mymod]", 0);
	/* the offset pointer is optional */
	assert_string_equal(kallsyms_lookup(k, 0xffffffff81000301, NULL), "do_work");
	kallsyms_free(k);
	unlink(path);
	free(path);

	assert_null(kallsyms_lookup(NULL, 0xffffffff81000000, NULL));
}

static void test_kallsyms_unreadable(void **state)
{
	char *path;

	(void)state;
	assert_null(kallsyms_load("/nonexistent/kallsyms"));
	/* what an unprivileged reader sees: all addresses zero */
	path = write_temp("0000000000000000 T _stext\n"
			  "0000000000000000 t helper_fn\n"
			  "0000000000000000 t mod_fn\t[mymod]\n");
	assert_null(kallsyms_load(path));
	unlink(path);
	free(path);
	/* only data symbols */
	path = write_temp("ffffffff81000200 D some_data\n");
	assert_null(kallsyms_load(path));
	unlink(path);
	free(path);
	kallsyms_free(NULL);
}

/* ---- perf maps (/tmp/perf-PID.map) ---- */

static void expect_jit(const struct perfmap *m, uint64_t addr, const char *want)
{
	const char *got = perfmap_lookup(m, addr);

	if (want ? !got || strcmp(got, want) : got != NULL)
		fail_msg("0x%" PRIx64 ": got %s, want %s", addr, got ? got : "(null)",
			 want ? want : "(null)");
}

static const char fake_perfmap[] =
	"not a symbol line\n"
	"7f0000001000 40 JS:*work loop.js:3:14\n"   /* a name with spaces */
	"0x7f0000002000 0x20 with_0x\n"
	"7f0000003000\t10\ttabbed name  \r\n"       /* blanks and CR trimmed */
	"7f0000004000 1000 stale_big\n"             /* a JIT reused this memory: */
	"7f0000004100 80 newer_inside\n"            /* the last written wins */
	"7f0000005000 10 first_at_5000\n"
	"7f0000005000 10 last_at_5000\n"            /* same start: the last written */
	"7f0000006000 0 zero_size\n"                /* reaches the next start */
	"7f0000006100 8 after_zero\n"
	"7f0000007000 10\n"                         /* no name */
	"zz 10 bad_start\n"
	"7f0000008000 zz bad_size\n"
	"10000000000000000 1 too_long\n"
	"7f0000009100 40 older_inside\n"
	"7f0000009000 1000 newer_around\n"          /* also when it starts below */
	"ffffffffffffff00 ffffffffffffffff wraps";  /* no newline at the end */

static void test_perfmap_parse(void **state)
{
	struct perfmap *m = perfmap_parse(fake_perfmap, strlen(fake_perfmap));

	(void)state;
	expect_jit(m, 0x7f0000001000, "JS:*work loop.js:3:14");
	expect_jit(m, 0x7f000000103f, "JS:*work loop.js:3:14");
	expect_jit(m, 0x7f0000001040, NULL);
	expect_jit(m, 0x7f0000000fff, NULL);
	expect_jit(m, 0x7f0000002010, "with_0x");
	expect_jit(m, 0x7f0000003000, "tabbed name");
	expect_jit(m, 0x7f0000004010, "stale_big");
	expect_jit(m, 0x7f0000004110, "newer_inside");
	expect_jit(m, 0x7f0000004200, "stale_big");
	expect_jit(m, 0x7f0000005008, "last_at_5000");
	expect_jit(m, 0x7f00000060ff, "zero_size");
	expect_jit(m, 0x7f0000006104, "after_zero");
	expect_jit(m, 0x7f0000007000, NULL);
	expect_jit(m, 0x7f0000008000, NULL);
	expect_jit(m, 0x7f0000009110, "newer_around");
	expect_jit(m, 0x7f0000009010, "newer_around");
	expect_jit(m, 0xffffffffffffff10, "wraps");
	expect_jit(m, 0, NULL);
	/* 12 lines are symbols, two of them at one start */
	assert_int_equal(perfmap_count(m), 11);
	/* the garbage, the line without a name, the bad numbers */
	assert_int_equal(perfmap_skipped(m), 5);
	perfmap_free(m);

	m = perfmap_parse("", 0);
	assert_int_equal(perfmap_count(m), 0);
	expect_jit(m, 0x1000, NULL);
	perfmap_free(m);
	perfmap_free(NULL);
	assert_null(perfmap_lookup(NULL, 0x1000));
}

static void test_perfmap_load(void **state)
{
	char *path = write_temp("1000 10 from_file\n");
	struct perfmap *m;
	struct diag d;
	int fd;

	(void)state;
	m = perfmap_load(path, (uid_t)-1, &d);
	assert_non_null(m);
	expect_jit(m, 0x1008, "from_file");
	perfmap_free(m);
	/* lines, but not one symbol: not a perf map */
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "garbage\n\x7f\x45LF\n", 13), 13);
	close(fd);
	assert_null(perfmap_load(path, (uid_t)-1, &d));
	assert_non_null(strstr(d.msg, "none of its 2 lines"));
	/* larger than the bound: refused without being read */
	fd = open(path, O_WRONLY);
	assert_true(fd >= 0);
	assert_int_equal(ftruncate(fd, (off_t)PERFMAP_MAX_BYTES + 1), 0);
	close(fd);
	assert_null(perfmap_load(path, (uid_t)-1, &d));
	assert_non_null(strstr(d.msg, "larger than"));
	/* owned by another user: anyone can write to /tmp */
	if (geteuid() == 0 && chown(path, 65534, 65534) == 0) {
		assert_int_equal(truncate(path, 0), 0);
		assert_null(perfmap_load(path, (uid_t)-1, &d));
		assert_non_null(strstr(d.msg, "not owned"));
		/* unless it is the process's own user */
		m = perfmap_load(path, 65534, &d);
		assert_non_null(m);
		perfmap_free(m);
	}
	unlink(path);
	/* a FIFO is not opened for reading, which would block */
	assert_int_equal(mkfifo(path, 0600), 0);
	assert_null(perfmap_load(path, (uid_t)-1, &d));
	assert_non_null(strstr(d.msg, path));
	unlink(path);
	assert_null(perfmap_load(path, (uid_t)-1, &d));
	free(path);
	/* a process with no map: none, and nothing to report */
	assert_null(perfmap_load_pid(-1, NULL, -1, &d));
	assert_string_equal(d.msg, "");

	assert_true(perfmap_anonymous("//anon"));
	assert_true(perfmap_anonymous(""));
	assert_true(perfmap_anonymous("[anon:v8 code]"));
	assert_true(perfmap_anonymous("/anon_hugepage (deleted)"));
	assert_false(perfmap_anonymous("/usr/bin/node"));
	assert_false(perfmap_anonymous("[vdso]"));
}

/* ---- address translation: objfile_bias, objfile_elf_address ---- */

static void layout(struct objfile *obj, struct objfile_load *loads, size_t n)
{
	memset(obj, 0, sizeof(*obj));
	obj->fd = -1;
	obj->loads = loads;
	obj->nloads = n;
}

/* pc -> ELF address through both the per-pc function and the mapping's bias */
static void check_pc(const struct objfile *obj, uint64_t start, uint64_t end, uint64_t pgoff,
		     uint64_t pc, uint64_t want)
{
	uint64_t vaddr = 1, bias = 1;

	assert_true(objfile_elf_address(obj, start, pgoff, pc, &vaddr));
	assert_int_equal(vaddr, want);
	assert_true(objfile_bias(obj, start, end, pgoff, &bias));
	assert_int_equal(pc - bias, want);
}

/* GNU ld, -z separate-code (Debian's default): offset == vaddr, PIE */
static void test_layout_gnu_separate(void **state)
{
	struct objfile_load loads[] = {
		{ .vaddr = 0, .offset = 0, .filesz = 0x628 },
		{ .vaddr = 0x1000, .offset = 0x1000, .filesz = 0x1a5, .exec = true },
		{ .vaddr = 0x2000, .offset = 0x2000, .filesz = 0x104 },
		{ .vaddr = 0x3de8, .offset = 0x2de8, .filesz = 0x248, .memsz = 0x250 },
	};
	struct objfile obj;

	(void)state;
	layout(&obj, loads, 4);
	check_pc(&obj, 0x55d000001000, 0x55d000002000, 0x1000, 0x55d000001139, 0x1139);
}

/* GNU ld -z noseparate-code: code and headers in one load from offset 0 */
static void test_layout_gnu_noseparate(void **state)
{
	struct objfile_load loads[] = {
		{ .vaddr = 0, .offset = 0, .filesz = 0x8a4, .exec = true },
		{ .vaddr = 0x1df0, .offset = 0xdf0, .filesz = 0x230 },
	};
	struct objfile obj;

	(void)state;
	layout(&obj, loads, 2);
	check_pc(&obj, 0x55d000000000, 0x55d000001000, 0, 0x55d000000655, 0x655);
}

/* lld: text at offset 0x670, vaddr 0x1670; the mapping's page offset 0 is also the rodata load's */
static void test_layout_lld(void **state)
{
	struct objfile_load loads[] = {
		{ .vaddr = 0, .offset = 0, .filesz = 0x664 },
		{ .vaddr = 0x1670, .offset = 0x670, .filesz = 0x1b0, .exec = true },
		{ .vaddr = 0x2820, .offset = 0x820, .filesz = 0x1e8 },
		{ .vaddr = 0x3a08, .offset = 0xa08, .filesz = 0x30, .memsz = 0x31 },
	};
	struct objfile obj;
	uint64_t vaddr;

	(void)state;
	layout(&obj, loads, 4);
	/* burn_lld+0x775 is leaf at 0x1775, not 0x775 */
	check_pc(&obj, 0x556249691000, 0x556249692000, 0, 0x556249691775, 0x1775);
	/* the mapping's bytes before the text are not code: no address */
	assert_true(objfile_elf_address(&obj, 0x556249691000, 0, 0x556249691100, &vaddr));
	assert_int_equal(vaddr, 0x100);
	/* past every load's file bytes */
	assert_false(objfile_elf_address(&obj, 0x556249691000, 0, 0x556249691f00, &vaddr));
}

/* gold: text load starting at offset 0 with the headers, data apart */
static void test_layout_gold(void **state)
{
	struct objfile_load loads[] = {
		{ .vaddr = 0, .offset = 0, .filesz = 0x7d4, .exec = true },
		{ .vaddr = 0x1dd8, .offset = 0xdd8, .filesz = 0x250 },
	};
	struct objfile obj;

	(void)state;
	layout(&obj, loads, 2);
	check_pc(&obj, 0x7f0000000000, 0x7f0000001000, 0, 0x7f00000005a0, 0x5a0);
}

/* non-PIE (ET_EXEC), mapped at its link address, and mapped again elsewhere */
static void test_layout_exec_and_remap(void **state)
{
	struct objfile_load loads[] = {
		{ .vaddr = 0x400000, .offset = 0, .filesz = 0x5ac },
		{ .vaddr = 0x401000, .offset = 0x1000, .filesz = 0x3000000, .exec = true },
		{ .vaddr = 0x3402000, .offset = 0x3002000, .filesz = 0x1000 },
	};
	struct objfile obj;

	(void)state;
	layout(&obj, loads, 3);
	check_pc(&obj, 0x401000, 0x3401000, 0x1000, 0x401234, 0x401234);
	/* node: part of the text mapped a second time, as V8 does with its builtins */
	check_pc(&obj, 0x7f1200000000, 0x7f1200200000, 0x14c0000, 0x7f12000c589e, 0x198589e);
}

/* a static binary: one exec load with offset 0x1000 at 0x401000 */
static void test_layout_static(void **state)
{
	struct objfile_load loads[] = {
		{ .vaddr = 0x400000, .offset = 0, .filesz = 0x528 },
		{ .vaddr = 0x401000, .offset = 0x1000, .filesz = 0x7ff81, .exec = true },
	};
	struct objfile obj;
	uint64_t bias;

	(void)state;
	layout(&obj, loads, 2);
	check_pc(&obj, 0x401000, 0x481000, 0x1000, 0x401bc0, 0x401bc0);
	/* an offset no load covers, and no loads at all */
	assert_false(objfile_bias(&obj, 0x7f0000100000, 0x7f0000101000, 0x100000, &bias));
	obj.nloads = 0;
	assert_false(objfile_bias(&obj, 0x401000, 0x402000, 0x1000, &bias));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_demangle_cxx),
		cmocka_unit_test(test_demangle_versions),
		cmocka_unit_test(test_demangle_plain),
		cmocka_unit_test(test_demangle_rust),
		cmocka_unit_test(test_kallsyms),
		cmocka_unit_test(test_kallsyms_unreadable),
		cmocka_unit_test(test_perfmap_parse),
		cmocka_unit_test(test_perfmap_load),
		cmocka_unit_test(test_layout_gnu_separate),
		cmocka_unit_test(test_layout_gnu_noseparate),
		cmocka_unit_test(test_layout_lld),
		cmocka_unit_test(test_layout_gold),
		cmocka_unit_test(test_layout_exec_and_remap),
		cmocka_unit_test(test_layout_static),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
