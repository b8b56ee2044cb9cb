/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for src/symbol: demangling, /proc/kallsyms and perf map
 * parsing, object files and their load bias, and the DWARF symbolizer,
 * which is pointed at a function of this very test program.
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

/* ---- objcache and the symbolizer on this program ---- */

static char self_path[PATH_MAX];

static const char *self_exe(void)
{
	ssize_t n = readlink("/proc/self/exe", self_path, sizeof(self_path) - 1);

	assert_true(n > 0);
	self_path[n] = '\0';
	return self_path;
}

static int is_hex(const char *s)
{
	for (; *s; s++)
		if (!isxdigit((unsigned char)*s) || isupper((unsigned char)*s))
			return 0;
	return 1;
}

static void test_objcache_self(void **state)
{
	struct objcache *c = objcache_new();
	const char *path = self_exe();
	struct objfile *o, *again;
	char id[64];

	(void)state;
	o = objcache_get(c, getpid(), path, "");
	assert_non_null(o);
	assert_true(o->fd >= 0);
	assert_string_equal(o->path, path);
	assert_non_null(o->open_path);
	assert_int_equal(strlen(o->build_id), 40);
	assert_true(is_hex(o->build_id));
	assert_true(o->has_unwind);
	assert_false(o->mismatch);
	assert_false(o->is_vdso);
	assert_true(o->nloads > 0);
	/* the same build-id read straight from the descriptor */
	assert_true(elf_fd_build_id(o->fd, id, sizeof(id)));
	assert_string_equal(id, o->build_id);

	/* cached: the same object, by path and by matching build-id */
	again = objcache_get(c, getpid(), path, "");
	assert_ptr_equal(again, o);
	strcpy(id, o->build_id);
	again = objcache_get(c, getpid(), path, id);
	assert_ptr_equal(again, o);
	assert_false(again->mismatch);
	objcache_free(c);
}

static void test_objcache_mismatch(void **state)
{
	static const char wrong[] = "0123456789abcdef0123456789abcdef01234567";
	struct objcache *c = objcache_new();
	struct symbolizer *s = symbolizer_new();
	const struct sym_frame *frames = NULL;
	struct objfile *o;

	(void)state;
	o = objcache_get(c, 0, self_exe(), wrong);
	assert_true(o->fd >= 0);
	assert_true(o->mismatch);
	/* it keeps the build-id the kernel reported, to name the file */
	assert_string_equal(o->build_id, wrong);
	/* and its symbols are not trusted */
	assert_int_equal(symbolizer_lookup(s, o, 0x1000, &frames), 0);
	symbolizer_free(s);
	objcache_free(c);
}

static void test_objcache_missing(void **state)
{
	struct objcache *c = objcache_new();
	struct objfile *o;

	(void)state;
	o = objcache_get(c, 0, "/nonexistent/libgone.so", "00112233");
	assert_non_null(o);
	assert_int_equal(o->fd, -1);
	assert_int_equal(o->open_errno, ENOENT);
	/* not a mismatch: there is nothing to compare */
	assert_false(o->mismatch);
	objcache_free(c);
}

static void test_objopen_unlinked(void **state)
{
	(void)state;
	assert_true(objopen_path_unlinked("/tmp/prog (deleted)"));
	assert_true(objopen_path_unlinked("/memfd:jit (deleted)"));
	assert_true(objopen_path_unlinked("/memfd:jit"));
	assert_false(objopen_path_unlinked("/usr/lib/libc.so.6"));
	assert_false(objopen_path_unlinked(" (deleted)"));
	assert_false(objopen_path_unlinked("/tmp/deleted"));
}

/* a private copy of this test's executable, mapped at [*START, *END) */
static char *map_copy(uint64_t *start, uint64_t *end, void **addr, size_t *len)
{
	char *path = strdup("/tmp/cprof-test-objopen.XXXXXX"), buf[65536];
	int in = open(self_exe(), O_RDONLY), out = mkstemp(path);
	long page = sysconf(_SC_PAGESIZE);
	struct stat st;
	ssize_t n;

	assert_true(in >= 0 && out >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		assert_int_equal(write(out, buf, (size_t)n), n);
	assert_int_equal(fstat(out, &st), 0);
	*len = (size_t)st.st_size;
	*addr = mmap(NULL, *len, PROT_READ, MAP_PRIVATE, out, 0);
	assert_true(*addr != MAP_FAILED);
	close(in);
	close(out);
	*start = (uint64_t)(uintptr_t)*addr;
	*end = *start + ((*len + (size_t)page - 1) & ~((size_t)page - 1));
	return path;
}

static void test_objcache_deleted(void **state)
{
	struct objcache *c = objcache_new(), *c2 = objcache_new(), *c3 = objcache_new();
	struct objfile *self, *o;
	uint64_t start, end;
	char *path = NULL, *deleted = NULL;
	void *addr;
	size_t len;
	int fd;

	(void)state;
	self = objcache_get(c, getpid(), self_exe(), "");
	path = map_copy(&start, &end, &addr, &len);
	assert_int_equal(unlink(path), 0);
	assert_true(asprintf(&deleted, "%s (deleted)", path) > 0);
	{
		char *entry = NULL;

		assert_true(asprintf(&entry, "/proc/self/map_files/%" PRIx64 "-%" PRIx64, start,
				     end) > 0);
		fd = open(entry, O_RDONLY);
		free(entry);
		if (fd < 0) {
			/* following map_files needs CAP_SYS_ADMIN or CAP_CHECKPOINT_RESTORE */
			munmap(addr, len);
			free(deleted);
			free(path);
			objcache_free(c);
			objcache_free(c2);
			objcache_free(c3);
			skip();
		}
		close(fd);
	}

	/* gone from disk, still read through /proc/PID/map_files */
	o = objcache_get_mapped(c, getpid(), start, end, deleted, "");
	assert_true(o->fd >= 0);
	assert_string_equal(o->build_id, self->build_id);
	assert_non_null(strstr(o->open_path, "/map_files/"));
	/* by a start the kernel split or merged, too */
	o = objcache_get_mapped(c2, getpid(), start, end + 4096, deleted, "");
	assert_true(o->fd >= 0);
	/* of another build-id: the pid was reused, the file is not trusted */
	o = objcache_get_mapped(c3, getpid(), start, end, deleted,
				"0123456789abcdef0123456789abcdef01234567");
	assert_int_equal(o->fd, -1);
	objcache_free(c3);

	/* replaced on disk by another file: the mapped one wins */
	c3 = objcache_new();
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "not ELF\n", 8), 8);
	close(fd);
	o = objcache_get_mapped(c3, getpid(), start, end, path, self->build_id);
	assert_true(o->fd >= 0);
	assert_false(o->mismatch);
	assert_string_equal(o->build_id, self->build_id);
	unlink(path);

	/* without the process's mappings, nothing opens */
	o = objcache_get(c3, 0, deleted, "");
	assert_int_equal(o->fd, -1);
	munmap(addr, len);
	free(deleted);
	free(path);
	objcache_free(c);
	objcache_free(c2);
	objcache_free(c3);
}

static void test_objopen_refuses_fifo(void **state)
{
	char dir[] = "/tmp/cprof-test-fifo.XXXXXX", *fifo = NULL, *open_path = NULL;

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_true(asprintf(&fifo, "%s/lib.so", dir) > 0);
	assert_int_equal(mkfifo(fifo, 0600), 0);
	assert_int_equal(open_regular(fifo), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(objopen_in_root(0, dir, &open_path), -1);
	assert_int_equal(errno, EISDIR);
	assert_null(open_path);
	unlink(fifo);
	rmdir(dir);
	free(fifo);
}

/* the function the symbolizer must find; not static so it keeps its name */
int cprof_unit_symbol_target(int n);

__attribute__((noinline)) int cprof_unit_symbol_target(int n)
{
	volatile int acc = 0;
	int i;

	for (i = 0; i < n; i++)
		acc += i * 3;
	return acc;
}

/* start and file offset of the executable mapping of PATH in this process */
static int find_exec_mapping(const char *path, uint64_t *start, uint64_t *pgoff)
{
	FILE *f = fopen("/proc/self/maps", "r");
	char line[PATH_MAX + 256];
	int found = 0;

	assert_non_null(f);
	while (fgets(line, sizeof(line), f)) {
		unsigned long long lo, hi, off;
		char perms[8], file[PATH_MAX];
		int n;

		file[0] = '\0';
		n = sscanf(line, "%llx-%llx %7s %llx %*s %*s %4095[^\n]", &lo, &hi, perms, &off,
			   file);
		if (n < 5 || strcmp(perms, "r-xp") || strcmp(file, path))
			continue;
		if ((uintptr_t)cprof_unit_symbol_target < lo ||
		    (uintptr_t)cprof_unit_symbol_target >= hi)
			continue;
		*start = lo;
		*pgoff = off;
		found = 1;
		break;
	}
	fclose(f);
	return found;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

static void test_symbolizer_self(void **state)
{
	struct objcache *c = objcache_new();
	struct symbolizer *s = symbolizer_new();
	const char *path = self_exe();
	const struct sym_frame *frames = NULL, *again = NULL;
	struct objfile *o;
	uint64_t start = 0, pgoff = 0, bias = 0, vaddr;
	int n;

	(void)state;
	assert_int_equal(cprof_unit_symbol_target(4), 18);
	assert_true(find_exec_mapping(path, &start, &pgoff));
	o = objcache_get(c, getpid(), path, "");
	assert_true(o->fd >= 0);
	assert_true(objfile_bias(o, start, start + 1, pgoff, &bias));
	vaddr = (uintptr_t)cprof_unit_symbol_target - bias;

	n = symbolizer_lookup(s, o, vaddr, &frames);
	assert_true(n >= 1);
	assert_non_null(frames);
	assert_string_equal(frames[n - 1].name, "cprof_unit_symbol_target");
	assert_string_equal(frames[n - 1].system_name, "cprof_unit_symbol_target");
	if (!ends_with(frames[n - 1].decl_file, "test_symbol.c"))
		fail_msg("decl_file is '%s'", frames[n - 1].decl_file);
	assert_true(frames[n - 1].decl_line > 0);
	assert_true(frames[n - 1].line > 0);

	/* a second lookup is served from the cache */
	assert_int_equal(symbolizer_lookup(s, o, vaddr, &again), n);
	assert_ptr_equal(again, frames);

	/* an address inside the function resolves to it too */
	n = symbolizer_lookup(s, o, vaddr + 4, &frames);
	assert_true(n >= 1);
	assert_string_equal(frames[n - 1].name, "cprof_unit_symbol_target");

	/* an object not known to the symbolizer's modules yet, but unopenable */
	o = objcache_get(c, 0, "/nonexistent/libgone.so", "");
	assert_int_equal(symbolizer_lookup(s, o, 0x1000, &frames), 0);
	symbolizer_free(s);
	objcache_free(c);
}

/*
 * Closing a file the recorder no longer needs open: the answers given
 * stay, new questions find nothing until it is reopened; and objects no
 * address space maps are handed out for closing, the one idle longest
 * first, once more than the allowed number are idle
 */
static void test_objcache_close_reopen(void **state)
{
	struct objcache *c = objcache_new();
	struct symbolizer *s = symbolizer_new();
	const char *path = self_exe();
	const struct sym_frame *frames = NULL;
	struct objfile *o, *other;
	uint64_t start = 0, pgoff = 0, bias = 0, vaddr;
	int n;

	(void)state;
	assert_true(find_exec_mapping(path, &start, &pgoff));
	o = objcache_get(c, getpid(), path, "");
	assert_true(o->fd >= 0 && o->elf);
	assert_true(objfile_bias(o, start, start + 1, pgoff, &bias));
	vaddr = (uintptr_t)cprof_unit_symbol_target - bias;
	n = symbolizer_lookup(s, o, vaddr, &frames);
	assert_true(n >= 1);

	/* mapped: not idle; unmapped, and one idle allowed: none to close yet */
	o->live_maps = 1;
	assert_null(objcache_evictable(c, 0));
	o->live_maps = 0;
	assert_null(objcache_evictable(c, 1));
	other = objcache_get(c, getpid(), "/bin/sh", "");
	assert_true(other->fd >= 0);
	/* two idle, one allowed: the one idle longer goes first */
	assert_ptr_equal(objcache_evictable(c, 1), o);

	symbolizer_close(s, o);
	objcache_close(o);
	assert_true(o->closed);
	assert_int_equal(o->fd, -1);
	assert_null(o->elf);
	assert_ptr_equal(objcache_evictable(c, 0), other);
	/* what was asked before is still known, in the same storage */
	assert_int_equal(symbolizer_lookup(s, o, vaddr, &frames), n);
	assert_string_equal(frames[n - 1].name, "cprof_unit_symbol_target");
	/* anything else waits for the file */
	assert_int_equal(symbolizer_lookup(s, o, vaddr + 4, &frames), 0);
	/* the cache hands out the closed object, as it is */
	assert_ptr_equal(objcache_get(c, getpid(), path, ""), o);
	assert_true(o->closed);

	objcache_reopen(o, getpid(), start, start + 1);
	assert_false(o->closed);
	assert_true(o->fd >= 0 && o->elf);
	n = symbolizer_lookup(s, o, vaddr + 8, &frames);
	assert_true(n >= 1);
	assert_string_equal(frames[n - 1].name, "cprof_unit_symbol_target");
	symbolizer_free(s);
	objcache_free(c);
}

/* the pass over the model: a location with a mapping and no lines gets named */
static void test_symbolize_profile(void **state)
{
	const char *path = self_exe();
	struct profile p;
	struct profile_mapping self = { .file = path, .build_id = "" };
	struct profile_mapping gone = { .start = 0x1000, .limit = 0x2000, .file = "/nonexistent/x.so",
					.build_id = "" };
	const struct profile_mapping *ms, *mg;
	const struct profile_location *ls, *lg, *stack[2];
	int64_t values[1] = { 1 };
	struct profile_value_type t = { "samples", "count" };
	struct diag d;

	(void)state;
	assert_true(find_exec_mapping(path, &self.start, &self.offset));
	self.limit = self.start + 0x100000;
	profile_init(&p);
	profile_set_types(&p, 1, &t);
	ms = profile_add_mapping(&p, &self);
	mg = profile_add_mapping(&p, &gone);
	ls = profile_add_location(&p, ms, (uintptr_t)cprof_unit_symbol_target, NULL, 0);
	lg = profile_add_location(&p, mg, 0x1100, NULL, 0);
	stack[0] = ls;
	stack[1] = lg;
	profile_add_sample(&p, stack, 2, values, NULL, 0);
	assert_false(profile_needs_symbols(&p));
	profile_set_attr(&p, PROFILE_ATTR_SYMBOLS, PROFILE_SYMBOLS_NOT_STORED);
	assert_true(profile_needs_symbols(&p));

	profile_symbolize(&p, NULL, NULL);
	assert_false(profile_needs_symbols(&p));
	assert_string_equal(profile_attr(&p, PROFILE_ATTR_SYMBOLS), PROFILE_SYMBOLS_RESOLVED_NOW);
	assert_true(ls->nlines >= 1);
	assert_string_equal(ls->lines[ls->nlines - 1].function->name, "cprof_unit_symbol_target");
	assert_true(ls->lines[0].line > 0);
	assert_true(ms->has_functions);
	assert_true(ms->has_line_numbers);
	/* a file that is not there leaves its frames as addresses */
	assert_int_equal(lg->nlines, 0);
	assert_false(mg->has_functions);
	assert_int_equal(profile_check(&p, &d), 0);
	profile_release(&p);
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
		cmocka_unit_test(test_objcache_self),
		cmocka_unit_test(test_objcache_mismatch),
		cmocka_unit_test(test_objcache_missing),
		cmocka_unit_test(test_objopen_unlinked),
		cmocka_unit_test(test_objcache_deleted),
		cmocka_unit_test(test_objopen_refuses_fifo),
		cmocka_unit_test(test_symbolizer_self),
		cmocka_unit_test(test_objcache_close_reopen),
		cmocka_unit_test(test_symbolize_profile),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
