/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for src/symbol's object files on this very test program:
 * the object cache (opening, build-ids, deleted and unreadable files,
 * closing and reopening), and the DWARF symbolizer pointed at a
 * function of its own.
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
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "symbol/objfile.h"
#include "symbol/objopen.h"
#include "symbol/symbolize.h"
#include "symbol/symbolize_profile.h"
#include "util/regfile.h"

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
	if (!ends_with(frames[n - 1].decl_file, "test_objfile.c"))
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
