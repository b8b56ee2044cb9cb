/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * symbolize-addrs [-s STEP] [-n MAX] FILE: resolve addresses all over
 * FILE's functions (each function's start, then every STEP bytes; at most
 * MAX of them, evenly spread) with cprof's
 * symbolizer and print each address's frames, one line per address.
 * Standard error gets the time taken per address. t0060 compares the
 * output of the DWARF index with that of dwarf_getscopes
 * (CPROF_SYMBOLIZE_SCOPES=1); bench/symbolize.sh times both.
 */
#include "symbol/objfile.h"
#include "symbol/symbolize.h"
#include "util/xalloc.h"

#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static int addr_cmp(const void *a, const void *b)
{
	const uint64_t *x = a, *y = b;

	return *x < *y ? -1 : *x > *y;
}

/* every STEP bytes of every sized function symbol, sorted and unique */
static uint64_t *function_addresses(const char *path, uint64_t step, size_t *count)
{
	uint64_t *addrs = NULL;
	size_t n = 0, alloc = 0, i, kept = 0;
	Elf_Scn *scn = NULL;
	Elf *elf;
	int fd = open(path, O_RDONLY);

	elf_version(EV_CURRENT);
	if (fd < 0 || !(elf = elf_begin(fd, ELF_C_READ, NULL))) {
		fprintf(stderr, "symbolize-addrs: cannot read %s\n", path);
		exit(2);
	}
	while ((scn = elf_nextscn(elf, scn))) {
		GElf_Shdr sh;
		Elf_Data *d;
		size_t j;

		if (!gelf_getshdr(scn, &sh) || (sh.sh_type != SHT_SYMTAB && sh.sh_type != SHT_DYNSYM) ||
		    !sh.sh_entsize || !(d = elf_getdata(scn, NULL)))
			continue;
		for (j = 0; j < sh.sh_size / sh.sh_entsize; j++) {
			GElf_Sym sym;
			uint64_t a;

			if (!gelf_getsym(d, (int)j, &sym) || GELF_ST_TYPE(sym.st_info) != STT_FUNC ||
			    !sym.st_size || !sym.st_value)
				continue;
			for (a = sym.st_value; a < sym.st_value + sym.st_size; a += step) {
				ALLOC_GROW(addrs, n + 1, alloc);
				addrs[n++] = a;
			}
		}
	}
	elf_end(elf);
	close(fd);
	if (n)
		qsort(addrs, n, sizeof(*addrs), addr_cmp);
	for (i = 0; i < n; i++)
		if (!kept || addrs[kept - 1] != addrs[i])
			addrs[kept++] = addrs[i];
	*count = kept;
	return addrs;
}

int main(int argc, char **argv)
{
	uint64_t step = 16, *addrs;
	size_t max = SIZE_MAX;
	struct objcache *cache;
	struct symbolizer *s;
	struct objfile *obj;
	struct timespec t0, t1;
	size_t n, i;
	double secs;
	int opt;

	while ((opt = getopt(argc, argv, "s:n:")) != -1) {
		if (opt == 's' && (step = strtoull(optarg, NULL, 0)))
			continue;
		if (opt == 'n' && (max = strtoull(optarg, NULL, 0)))
			continue;
		optind = argc;
		break;
	}
	if (optind + 1 != argc) {
		fprintf(stderr, "usage: symbolize-addrs [-s STEP] [-n MAX] FILE\n");
		return 2;
	}
	addrs = function_addresses(argv[optind], step, &n);
	if (n > max) {
		/* every (n / max)-th, from all over the file */
		for (i = 0; i < max; i++)
			addrs[i] = addrs[(size_t)((double)i * (double)n / (double)max)];
		n = max;
	}
	cache = objcache_new();
	obj = objcache_get(cache, 0, argv[optind], "");
	s = symbolizer_new();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n; i++) {
		const struct sym_frame *f;

		symbolizer_lookup(s, obj, addrs[i], &f);
	}
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
	fprintf(stderr, "symbolize-addrs: %zu addresses in %.3f s: %.2f us per address\n", n, secs,
		n ? secs * 1e6 / (double)n : 0.0);
	/* printed after timing: the lookups above are cached */
	for (i = 0; i < n; i++) {
		const struct sym_frame *f;
		int k, nf = symbolizer_lookup(s, obj, addrs[i], &f);

		printf("%#" PRIx64, addrs[i]);
		for (k = 0; k < nf; k++)
			printf("\t%s|%s|%s:%u|%u", f[k].name, f[k].system_name, f[k].decl_file,
			       f[k].decl_line, f[k].line);
		putchar('\n');
	}
	symbolizer_free(s);
	objcache_free(cache);
	free(addrs);
	return 0;
}
