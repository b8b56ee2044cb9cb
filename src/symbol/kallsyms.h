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
/*
 * The same on a thread of its own, started when the first kernel frame is
 * recorded: the kernel takes about 0.1 s to list its symbols, which then
 * overlaps the profiled program's run instead of following it.
 * kallsyms_load_wait() joins it and frees LOADER; either may be NULL.
 */
struct kallsyms_loader;
struct kallsyms_loader *kallsyms_load_start(const char *path);
struct kallsyms *kallsyms_load_wait(struct kallsyms_loader *loader);

/* the function containing ADDR, or NULL */
const char *kallsyms_lookup(const struct kallsyms *k, uint64_t addr, uint64_t *offset);

#endif
