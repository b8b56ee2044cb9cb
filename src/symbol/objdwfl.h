/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * An object file as a libdwfl module, for the unwinder and the
 * symbolizer alike. libdwfl's own dwfl_report_elf() maps the file, and
 * a recorder outlives what it watches: a library truncated in place
 * (what `cp` over it does) turns every later read of that mapping into
 * SIGBUS. Modules reported here read the ELF with pread() through the
 * object's one libelf handle, which every Dwfl shares (reference-counted
 * by libelf), so a changed file is an error, the bytes are read once
 * whatever the number of processes, and libc's CFI is not read again for
 * each new address space.
 */
#ifndef CPROF_SYMBOL_OBJDWFL_H
#define CPROF_SYMBOL_OBJDWFL_H

#include <elfutils/libdwfl.h>
#include <stdint.h>

#include "symbol/objfile.h"

/*
 * Report OBJ to DWFL at load bias BIAS (runtime address = BIAS + ELF
 * virtual address; 0 for the file's own addresses). NULL when OBJ has no
 * ELF handle or libdwfl refuses (dwfl_errno() says why: an overlap is a
 * library unmapped and replaced). DWFL's callbacks must use
 * objdwfl_find_elf.
 */
Dwfl_Module *objdwfl_report(Dwfl *dwfl, struct objfile *obj, uint64_t bias);

/* a Dwfl_Callbacks.find_elf for modules reported by objdwfl_report */
int objdwfl_find_elf(Dwfl_Module *mod, void **userdata, const char *modname, Dwarf_Addr base,
		     char **file_name, Elf **elfp);

#endif
