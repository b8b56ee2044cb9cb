/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "unwind/unwind_plt.h"

#include <elfutils/libdw.h>
#include <gelf.h>
#include <stdlib.h>
#include <string.h>

/* true when the module's .eh_frame or .debug_frame covers ELF address ADDR */
static bool has_cfi(Dwfl_Module *mod, Dwarf_Addr ip)
{
	Dwarf_Addr bias;
	Dwarf_CFI *cfi;
	Dwarf_Frame *frame;

	cfi = dwfl_module_eh_cfi(mod, &bias);
	if (cfi && dwarf_cfi_addrframe(cfi, ip - bias, &frame) == 0) {
		free(frame);
		return true;
	}
	cfi = dwfl_module_dwarf_cfi(mod, &bias);
	if (cfi && dwarf_cfi_addrframe(cfi, ip - bias, &frame) == 0) {
		free(frame);
		return true;
	}
	return false;
}

/* the executable section holding ELF address VADDR, named NAME */
static Elf_Scn *code_section(Elf *elf, uint64_t vaddr, GElf_Shdr *sh, const char **name)
{
	Elf_Scn *scn = NULL;
	size_t shstrndx;

	if (elf_getshdrstrndx(elf, &shstrndx) < 0)
		return NULL;
	while ((scn = elf_nextscn(elf, scn))) {
		if (!gelf_getshdr(scn, sh) || sh->sh_type != SHT_PROGBITS ||
		    !(sh->sh_flags & SHF_EXECINSTR) || vaddr < sh->sh_addr ||
		    vaddr - sh->sh_addr >= sh->sh_size)
			continue;
		*name = elf_strptr(elf, shstrndx, sh->sh_name);
		return *name ? scn : NULL;
	}
	return NULL;
}

/*
 * What the lazy path of a classic 16-byte .plt has pushed at offset OFF
 * of a section whose bytes are CODE (SIZE): the header is "pushq
 * GOT+8(%rip); jmp *GOT+16(%rip)", each entry "jmp *slot(%rip); pushq
 * $index; jmp header". 0 for any other layout, whose entries only jump.
 */
static uint64_t lazy_pushed(const unsigned char *code, uint64_t size, uint64_t off)
{
	uint64_t entry = off & ~(uint64_t)15, at = off - entry;
	const unsigned char *p = code + entry;

	if (entry + 16 > size)
		return 0;
	if (p[0] == 0xff && p[1] == 0x35 && p[6] == 0xff && p[7] == 0x25)
		return at < 6 ? 8 : 16; /* the header: the entry pushed its index */
	if (p[0] == 0xff && p[1] == 0x25 && p[6] == 0x68 && p[11] == 0xe9)
		return at < 11 ? 0 : 8;
	return 0;
}

bool unwind_plt_cfa(Dwfl *dwfl, uint64_t ip, uint64_t *cfa_offset)
{
	Dwfl_Module *mod = dwfl_addrmodule(dwfl, ip);
	Dwarf_Addr bias;
	const char *name;
	GElf_Shdr sh;
	Elf_Data *d;
	Elf_Scn *scn;
	Elf *elf;

	if (!mod || !(elf = dwfl_module_getelf(mod, &bias)) ||
	    !(scn = code_section(elf, ip - bias, &sh, &name)) || strncmp(name, ".plt", 4) ||
	    (name[4] && strcmp(name + 4, ".sec") && strcmp(name + 4, ".got")) || has_cfi(mod, ip))
		return false;
	*cfa_offset = 8;
	d = elf_getdata(scn, NULL);
	if (!strcmp(name, ".plt") && d && d->d_buf && d->d_size >= sh.sh_size)
		*cfa_offset += lazy_pushed(d->d_buf, sh.sh_size, ip - bias - sh.sh_addr);
	return true;
}
