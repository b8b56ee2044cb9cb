/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * What the two listings of report/annotate.c share: the functions to
 * annotate with their samples per line and per address, and the files
 * opened for them. annotate_asm.c prints a function without source.
 */
#ifndef CPROF_REPORT_ANNOTATE_IMPL_H
#define CPROF_REPORT_ANNOTATE_IMPL_H

#include <stdio.h>

#include "profile/profile.h"
#include "report/annotate.h"
#include "symbol/objfile.h"
#include "symbol/symbolize.h"

struct annotate_hit {
	uint64_t at;                           /* line number, or runtime address */
	const struct profile_mapping *mapping; /* for addresses: the address's mapping */
	int64_t line;                          /* for addresses: the line */
	int64_t self, cum;
	size_t last_sample;
};

/* one function to annotate: every profile function of that name and file */
struct annotate_target {
	const char *name, *filename;
	int64_t start_line;
	int64_t self, cum;
	size_t last_sample;
	struct annotate_hit *lines, *addrs; /* per source line / per address */
	size_t nlines, lines_alloc, naddrs, addrs_alloc;
};

struct annotate_ctx {
	const struct annotate_opts *ao;
	int64_t total;
	struct objcache *objs;
	struct symbolizer *sym; /* created on first use */
	bool no_objdump;        /* objdump was looked for and is not installed */
	bool objdump_stopped;   /* objdump had to be killed: not run again */
	char **warned;          /* what was warned about, once each */
	size_t nwarned, warned_alloc;
};

/* tell the user through AO's callback, once per KEY */
__attribute__((format(printf, 3, 4))) void annotate_warn(struct annotate_ctx *c, const char *key,
							  const char *fmt, ...);

/* the object file of mapping M, opened now; NULL for the kernel and unnamed mappings */
struct objfile *annotate_objfile(struct annotate_ctx *c, const struct profile_mapping *m);

/* the shares in the listings */
double annotate_pct(int64_t v, int64_t total);

/*
 * T's samples by instruction, without its source: ELF virtual addresses
 * as objdump -d prints them, with objdump's disassembly of the functions
 * they fall in when AO allows and objdump is installed.
 */
void annotate_print_addresses(struct annotate_ctx *c, const struct annotate_target *t,
			      FILE *out);

#endif
