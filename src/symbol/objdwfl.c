/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/objdwfl.h"
#include "util/xalloc.h"

#include <gelf.h>

Dwfl_Module *objdwfl_report(Dwfl *dwfl, struct objfile *obj, uint64_t bias)
{
	uint64_t lo = 0, hi = 0;
	Dwfl_Module *mod;
	void **userdata;
	size_t i;

	if (!obj->elf || !obj->nloads)
		return NULL;
	/* as libdwfl places a file: from its first PT_LOAD, aligned down, to the end of the last */
	lo = obj->loads[0].vaddr & -(obj->loads[0].align ? obj->loads[0].align : 1);
	for (i = 0; i < obj->nloads; i++)
		if (obj->loads[i].vaddr + obj->loads[i].memsz > hi)
			hi = obj->loads[i].vaddr + obj->loads[i].memsz;
	mod = dwfl_report_module(dwfl, obj->path, lo + bias, hi + bias);
	if (!mod)
		return NULL;
	/* the module's bias comes out as its start less the first load's address: BIAS */
	dwfl_module_info(mod, &userdata, NULL, NULL, NULL, NULL, NULL, NULL);
	*userdata = obj;
	return mod;
}

int objdwfl_find_elf(Dwfl_Module *mod, void **userdata, const char *modname, Dwarf_Addr base,
		     char **file_name, Elf **elfp)
{
	struct objfile *obj = *userdata;

	(void)mod;
	(void)modname;
	(void)base;
	if (!obj || !obj->elf)
		return -1;
	/* the same handle, one more reference: libdwfl's elf_end() drops it */
	*elfp = elf_begin(obj->fd, ELF_C_READ, obj->elf);
	/* the path lets libdwfl find .gnu_debuglink files beside it */
	if (*elfp)
		*file_name = xstrdup(obj->is_vdso ? obj->open_path : obj->path);
	/* no descriptor of libdwfl's own: the object keeps its one */
	return -1;
}
