/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Address to the chain of functions executing there, from one module's
 * DWARF, indexed a compilation unit at a time. dwarf_getscopes() walks
 * the CU's whole DIE tree again for every address (0.7 ms each in
 * libpython's 9 MB of DWARF), and prunes at DIEs without code such as
 * namespaces, so Rust's functions, which are defined inside namespaces,
 * came back with no lines and no inlined frames. Here a CU is walked once,
 * on its first address: every subprogram and inlined subroutine with code
 * is kept with its caller in the chain, and their address ranges are
 * flattened into disjoint segments, each naming the innermost function.
 */
#ifndef CPROF_SYMBOL_DWARF_INDEX_H
#define CPROF_SYMBOL_DWARF_INDEX_H

#include <elfutils/libdw.h>

struct dwarf_index;

struct dwarf_index *dwarf_index_new(void);
void dwarf_index_free(struct dwarf_index *ix);

/*
 * The functions executing at ADDR (an address of the CU's own DWARF, that
 * is less the module's DWARF bias) in the CU of CUDIE, innermost first:
 * inlined subroutines, then the subprogram they were inlined into. Fills
 * at most MAX DIEs into CHAIN, which stay valid as long as the Dwarf does,
 * and returns their number; 0 when no function of the CU holds ADDR.
 */
int dwarf_index_chain(struct dwarf_index *ix, Dwarf_Die *cudie, Dwarf_Addr addr,
		      Dwarf_Die *chain, int max);

#endif
