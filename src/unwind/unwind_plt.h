/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * An unwind rule for PLT entries without CFI. ld.lld writes no .eh_frame
 * entry for its .plt, so libdwfl, finding no CFI at a sample inside one
 * of its entries, falls back to the frame-pointer chain and skips the
 * entry's caller. An entry has pushed nothing when it jumps through the GOT: the
 * return address is at [rsp], the caller's CFA is rsp+8. Only the lazy
 * path of a first call (the entry's push of the relocation index, the
 * header's push of the link map) moves rsp, by 8 each; the instruction
 * bytes tell where a sample is in it.
 */
#ifndef CPROF_UNWIND_UNWIND_PLT_H
#define CPROF_UNWIND_UNWIND_PLT_H

#include <elfutils/libdwfl.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * When runtime address IP is in a PLT section (.plt, .plt.sec, .plt.got)
 * of a module of DWFL that has no CFI for it, set *CFA_OFFSET to the
 * caller's CFA less rsp (the return address is at CFA - 8) and return
 * true. False where the CFI knows better or IP is in no PLT.
 */
bool unwind_plt_cfa(Dwfl *dwfl, uint64_t ip, uint64_t *cfa_offset);

#endif
