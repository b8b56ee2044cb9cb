/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libdwfl's search for a separate debug file, made safe: its plain open()
 * of the build-id path or of a .gnu_debuglink name would hang on a FIFO
 * put there, so a place that holds anything but a regular file means the
 * module goes without. The symbolizer and the unwinder both use it.
 */
#ifndef CPROF_SYMBOL_DEBUGINFO_H
#define CPROF_SYMBOL_DEBUGINFO_H

#include <elfutils/libdwfl.h>

/* a Dwfl_Callbacks.find_debuginfo */
int debuginfo_find_regular(Dwfl_Module *mod, void **userdata, const char *modname,
			   GElf_Addr base, const char *file_name, const char *debuglink,
			   GElf_Word crc, char **debuginfo_file_name);

#endif
