/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Address to function, file and line, with elfutils libdwfl, in-process.
 * Each object file is read once; each (object, address) is resolved once.
 * Inlined calls come back as frames of their own, innermost first, as
 * eu-addr2line -i gives them, from an index of each CU's functions
 * (dwarf_index.h); names DWARF lacks come from the symbol table (symtab.h).
 */
#ifndef CPROF_SYMBOL_SYMBOLIZE_H
#define CPROF_SYMBOL_SYMBOLIZE_H

#include <stdbool.h>
#include <stdint.h>

#include "symbol/objfile.h"

#define SYM_MAX_FRAMES 64

struct sym_frame {
	const char *name;        /* demangled */
	const char *system_name; /* as in the symbol table, or the name */
	const char *decl_file;   /* where the function is defined, or "" */
	uint32_t decl_line;
	uint32_t line;           /* the line executing in this frame, or 0 */
};

struct symbolizer;

struct symbolizer *symbolizer_new(void);
void symbolizer_free(struct symbolizer *s);
/* drop what was read and answered for OBJ, which is about to be freed */
void symbolizer_forget(struct symbolizer *s, const struct objfile *obj);
/*
 * Let go of what was read of OBJ's file, which is about to close, but
 * keep the answers given: asked again, they come from memory; anything
 * else finds nothing until the file is open again.
 */
void symbolizer_close(struct symbolizer *s, const struct objfile *obj);

/*
 * Resolve VADDR, an ELF virtual address in OBJ (a runtime address less
 * the load bias; for a return address, already less one). Fills FRAMES
 * (innermost first) and returns their number, or 0 when nothing is
 * known. The strings live as long as the symbolizer, or until OBJ is
 * forgotten.
 */
int symbolizer_lookup(struct symbolizer *s, struct objfile *obj, uint64_t vaddr,
		      const struct sym_frame **frames);

/*
 * The ELF address range [*LO, *HI) of the symbol-table entry (.symtab,
 * else .dynsym) that holds VADDR in OBJ, for disassembling the whole
 * function; a symbol without a size is one byte long. False when no
 * symbol holds VADDR.
 */
bool symbolizer_symbol_range(struct symbolizer *s, struct objfile *obj, uint64_t vaddr,
			     uint64_t *lo, uint64_t *hi);

#endif
