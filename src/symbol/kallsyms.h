/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Kernel symbols from /proc/kallsyms (readable with addresses as root,
 * or with kptr_restrict=0 and CAP_SYSLOG; zeros otherwise).
 */
#ifndef CPROF_SYMBOL_KALLSYMS_H
#define CPROF_SYMBOL_KALLSYMS_H

#include <stdint.h>

struct kallsyms;

/* NULL when the file cannot be read or shows only zero addresses */
struct kallsyms *kallsyms_load(const char *path);
void kallsyms_free(struct kallsyms *k);
/* the function containing ADDR, or NULL */
const char *kallsyms_lookup(const struct kallsyms *k, uint64_t addr, uint64_t *offset);

#endif
