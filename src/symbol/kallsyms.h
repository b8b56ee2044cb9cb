/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Kernel symbols from /proc/kallsyms (readable with addresses as root,
 * or with kptr_restrict=0 and CAP_SYSLOG; zeros otherwise).
 */
#ifndef CPROF_SYMBOL_KALLSYMS_H
#define CPROF_SYMBOL_KALLSYMS_H

#include <stddef.h>
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
struct kallsyms_loader *kallsyms_load_start(const char *path, const char *cache);
struct kallsyms *kallsyms_load_wait(struct kallsyms_loader *loader);

/*
 * The compact cache: the symbols of PATH as a file CACHE that a later
 * recording of the same boot, with the same modules loaded, reads
 * instead (the kernel takes 0.1 s of CPU to list them, a recorder more
 * to parse them). kallsyms_load_cached() reads CACHE when it is valid,
 * else PATH, and then writes CACHE (under a temporary name, renamed);
 * CACHE NULL: no cache. The key says which boot and which modules.
 */
struct kallsyms *kallsyms_load_cached(const char *path, const char *cache);
uint64_t kallsyms_cache_key(void); /* 0 when it cannot be known: no cache */
struct kallsyms *kallsyms_parse_cache(const void *data, size_t size, uint64_t key);
struct diag;
int kallsyms_write_cache(const struct kallsyms *k, const char *path, uint64_t key,
			 struct diag *d);

/* the function containing ADDR, or NULL */
const char *kallsyms_lookup(const struct kallsyms *k, uint64_t addr, uint64_t *offset);

#endif
