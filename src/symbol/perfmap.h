/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * JIT symbols from a perf map, /tmp/perf-PID.map: one line per function,
 * "START SIZE name", START and SIZE in hex (0x optional), the name the
 * rest of the line (it may hold spaces: "JS:*work loop.js:3:14"). Written
 * by node --perf-basic-prof, the JVM's perf-map agents, LuaJIT and
 * others for code they generate in anonymous memory, and read here as
 * perf reads it (tools/perf/util/symbol.c, dso__load_perf_map).
 */
#ifndef CPROF_SYMBOL_PERFMAP_H
#define CPROF_SYMBOL_PERFMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "util/usage.h"

/* a larger map file is refused: a JIT writes tens of MB at most */
#define PERFMAP_MAX_BYTES (256u << 20)

struct perfmap;

/*
 * The symbols in BUF, LEN bytes of a perf map. Lines that are not
 * "START SIZE name" are skipped, as perf skips them. Never NULL.
 */
struct perfmap *perfmap_parse(const char *buf, size_t len);

/*
 * Read the perf map at PATH. NULL with D filled when it cannot be opened,
 * is not a regular file, is larger than PERFMAP_MAX_BYTES, has lines but
 * not one symbol among them, or belongs to a user other than root, the
 * one running cprof, and OWNER (the uid of the process it describes, or
 * (uid_t)-1 when unknown): as perf refuses them, since anyone can write
 * to /tmp.
 */
struct perfmap *perfmap_load(const char *path, uid_t owner, struct diag *d);

/*
 * The perf map of process PID: the one in its own /tmp under its pid in
 * its own namespace (for containers): ROOT/tmp/perf-ROOT_PID.map when
 * its root directory was kept open as ROOT (or NULL), else
 * /proc/PID/root/tmp/perf-NSPID.map while it lives; else
 * /tmp/perf-PID.map. NULL when there is none, with D's message empty,
 * or when one could not be read, with D filled.
 */
struct perfmap *perfmap_load_pid(pid_t pid, const char *root, pid_t root_pid, struct diag *d);

void perfmap_free(struct perfmap *m);
size_t perfmap_count(const struct perfmap *m);
/* how many non-empty lines were skipped, not being "START SIZE name" */
size_t perfmap_skipped(const struct perfmap *m);

/*
 * The name of the symbol holding ADDR, or NULL. Where entries overlap
 * (a JIT that reuses freed code memory appends new entries over old
 * ones), the one written last wins, among the PERFMAP_MAX_WALK entries
 * starting nearest below ADDR.
 */
const char *perfmap_lookup(const struct perfmap *m, uint64_t addr);

/*
 * Whether a mapping named PATH (as the kernel or /proc/PID/maps names
 * it) is anonymous memory, where a JIT puts its code: "//anon", "",
 * "[anon:NAME]", "/dev/zero", "/anon_hugepage", "[heap]", "[stack]" (perf
 * looks up the same ones in the perf map).
 */
bool perfmap_anonymous(const char *path);

#endif
