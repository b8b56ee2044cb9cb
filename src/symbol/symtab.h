/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A module's symbol table sorted by address, for the frames DWARF does
 * not name. libdwfl's dwfl_module_addrinfo() searches the table linearly
 * for every address: 1.5 ms per address in node's 100 MB executable.
 * This answers as it does (the same choice between overlapping, aliased
 * and sizeless symbols) by binary search.
 */
#ifndef CPROF_SYMBOL_SYMTAB_H
#define CPROF_SYMBOL_SYMTAB_H

#include <elfutils/libdwfl.h>

struct symtab;

/* the symbols of MOD (both .symtab and .dynsym, as libdwfl merges them) */
struct symtab *symtab_build(Dwfl_Module *mod);
void symtab_free(struct symtab *t);

/*
 * The name of the symbol holding ADDR (an address of the module, as
 * libdwfl takes it), the one dwfl_module_addrinfo() would give; NULL when
 * none. The name lives as long as the module.
 */
const char *symtab_lookup(const struct symtab *t, GElf_Addr addr);

#endif
