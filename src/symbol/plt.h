/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Names for PLT entries, which no symbol table covers: a frame in one is
 * "read@plt", as objdump -d labels it. Each entry of .plt, .plt.sec and
 * .plt.got (x86_64) is decoded to the GOT slot its indirect jump reads,
 * and the dynamic relocation of that slot (JUMP_SLOT, GLOB_DAT) names
 * the symbol. This does not depend on the order of .rela.plt, so GNU ld
 * with or without -z now or IBT, and lld, come out the same.
 */
#ifndef CPROF_SYMBOL_PLT_H
#define CPROF_SYMBOL_PLT_H

#include <stdint.h>

struct plt_table;

/*
 * The entries of the ELF file open at FD (which stays the caller's). NULL
 * when it has none that resolve: not x86_64, no section headers, no PLT.
 */
struct plt_table *plt_table_build(int fd);
void plt_table_free(struct plt_table *t);

/*
 * The symbol (as .dynsym names it, without "@plt") that the entry at ELF
 * virtual address VADDR jumps to, or NULL when VADDR is in no entry whose
 * target is known. T may be NULL.
 */
const char *plt_name(const struct plt_table *t, uint64_t vaddr);

#endif
