/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Disassembly of an address range of an object file, by GNU objdump, as
 * perf annotate gets it: cprof does not decode instructions itself.
 * objdump is given the file as /proc/PID/fd/N of a descriptor cprof
 * opened safely (see util/regfile.h), so it reads the very file cprof
 * checked, never a FIFO put in its place.
 */
#ifndef CPROF_SYMBOL_DISASM_H
#define CPROF_SYMBOL_DISASM_H

#include <stddef.h>
#include <stdint.h>

#include "util/usage.h"

struct disasm_line {
	uint64_t addr; /* the instruction's ELF virtual address; for a label, its symbol's */
	char *text;    /* the instruction as objdump prints it, or the label ("<main>:") */
	int is_label;
};

struct disasm {
	struct disasm_line *lines;
	size_t nlines, alloc;
};

enum {
	DISASM_NO_TOOL = -2, /* OBJDUMP is not installed (or not executable) */
	DISASM_STOPPED = -3, /* OBJDUMP ran too long or printed too much: killed, D says which */
};

/*
 * Disassemble [START, STOP) of the open file FD with the program OBJDUMP
 * (looked up in PATH when it has no slash) into OUT. OBJDUMP gets no
 * input, at most 10 seconds and 64 MiB of output; past either, it and
 * what it started are killed. 0; DISASM_NO_TOOL; DISASM_STOPPED or -1
 * (objdump failed or printed no instruction) with D filled.
 */
int disasm_range(const char *objdump, int fd, uint64_t start, uint64_t stop, struct disasm *out,
		 struct diag *d);
void disasm_release(struct disasm *dis);

#endif
