/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The object files (executables, shared libraries, the vDSO) that
 * profiled processes map, each opened once and kept open: the unwinder
 * reads their CFI while recording, the symbolizer their symbols when it
 * ends, by which time a process may have exited or its files changed.
 * Files are opened through /proc/PID/root so that programs in containers
 * resolve too, through /proc/PID/map_files when deleted, and identified
 * by build-id where they have one.
 */
#ifndef CPROF_SYMBOL_OBJFILE_H
#define CPROF_SYMBOL_OBJFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct objfile_load {
	uint64_t vaddr, offset, filesz, memsz, align;
	bool exec; /* PF_X */
};

struct objfile {
	char *path;      /* as the process names it */
	char *open_path; /* what cprof opened */
	char *build_id;  /* hex from the file, or "" */
	int fd;          /* -1 when the file could not be opened */
	struct Elf *elf; /* read with pread, never mapped (objdwfl.h); NULL with fd -1 */
	int open_errno;
	bool is_vdso;
	bool has_unwind;    /* .eh_frame or .debug_frame */
	bool has_symtab;    /* .symtab (not just .dynsym) */
	bool mismatch;      /* build-id differs from the one the kernel saw */
	size_t nloads;
	struct objfile_load *loads;
	bool in_use;        /* marked by the owner for objcache_sweep */
	uint64_t last_used; /* the sweep that last found it in use */
	unsigned live_maps; /* mappings of it in address spaces (addrspace.c counts) */
	bool closed;        /* its file closed, what was learnt kept (objcache_close) */
	uint64_t idle_stamp; /* when first seen unmapped, for objcache_evictable */
};

struct objcache;

struct objcache *objcache_new(void);
void objcache_free(struct objcache *c);

/*
 * The object mapped from PATH by process PID, whose build-id the kernel
 * reported as BUILD_ID (hex, or "" when unknown). Always returns an
 * object; its fd is -1 when the file could not be opened. "[vdso]" is
 * served from cprof's own vDSO image, which is the same kernel's.
 */
struct objfile *objcache_get(struct objcache *c, pid_t pid, const char *path,
			     const char *build_id);
/*
 * The same for the mapping [START, END) of PID: while the process lives,
 * a file deleted or replaced since it was mapped, or a memfd, is opened
 * through /proc/PID/map_files (see objopen.h).
 */
struct objfile *objcache_get_mapped(struct objcache *c, pid_t pid, uint64_t start, uint64_t end,
				    const char *path, const char *build_id);

/*
 * Close and free the objects their owner did not mark in_use since the
 * last sweep, but for the IDLE_MAX of them used most recently (a program
 * that runs again and again is not reopened each time). FORGET is told of
 * each before it goes, for caches keyed by the object (the symbolizer's).
 * Clears the marks. Objects still referenced must be marked: the rest are
 * freed.
 */
void objcache_sweep(struct objcache *c, size_t idle_max,
		    void (*forget)(void *ctx, struct objfile *o), void *ctx);
/* the number of objects held (open or not) */
size_t objcache_count(const struct objcache *c);

/*
 * An object no address space maps whose file is still open, when there
 * are more than IDLE_MAX such: the one idle longest, for its owner to
 * close (objcache_close) after taking what it needs from it. NULL when
 * there are no more than IDLE_MAX. The vDSO image is never one.
 */
struct objfile *objcache_evictable(struct objcache *c, size_t idle_max);

/*
 * Close O's file and ELF handle, keeping its path, build-id and loads:
 * caches keyed by O (the symbolizer's answers) stay valid, and
 * objcache_reopen opens it again when a process maps it again.
 */
void objcache_close(struct objfile *o);

/*
 * Open a closed O again for process PID's mapping [START, END) of it. It
 * stays closed when its file cannot be opened or is now another build.
 */
void objcache_reopen(struct objfile *o, pid_t pid, uint64_t start, uint64_t end);

/*
 * Keep the root directory of process PID open when PID lives in another
 * pid or mount namespace than cprof, so that files it wrote in its own
 * /tmp (a JIT's perf map, named by its pid there) can be read after it
 * exits. Once per pid; cheap when it shares cprof's namespaces.
 */
void objcache_keep_root(struct objcache *c, pid_t pid);

/*
 * The kept root of PID as a path ("/proc/self/fd/N", at least 32 bytes
 * in ROOT) and PID's pid in its own namespace. False when none was kept.
 */
bool objcache_root(const struct objcache *c, pid_t pid, char *root, size_t rootsz,
		   pid_t *nspid);

/*
 * Address translation, for every ELF layout. A mapping of OBJ at [START,
 * END) from file offset PGOFF holds the file's bytes, so a runtime pc is
 * first a file offset (pc - START + PGOFF); the PT_LOAD whose file range
 * holds that offset then gives the ELF virtual address (offset - p_offset
 * + p_vaddr). The file offset is not the ELF address: lld lays out text
 * at offset 0x670 for vaddr 0x1670, and the page-aligned PGOFF of such a
 * mapping (0) also falls in the read-only segment before it, so the
 * segment must be found from the pc, not from PGOFF alone. An ET_EXEC
 * mapped a second time elsewhere (node's remapped builtins) translates
 * the same way.
 */

/*
 * The ELF virtual address of runtime address PC in the mapping of OBJ at
 * START from file offset PGOFF. False when no PT_LOAD holds it.
 */
bool objfile_elf_address(const struct objfile *obj, uint64_t start, uint64_t pgoff, uint64_t pc,
			 uint64_t *vaddr);

/*
 * The load bias of OBJ's executable mapping [START, END) from file offset
 * PGOFF (runtime address = bias + ELF virtual address), for libdwfl,
 * which takes one bias per module: that of the executable PT_LOAD the
 * mapping holds, else of any PT_LOAD it holds. False when it holds none.
 */
bool objfile_bias(const struct objfile *obj, uint64_t start, uint64_t end, uint64_t pgoff,
		  uint64_t *bias);

/* read the GNU build-id of an open ELF file as hex into OUT (at least 41 bytes) */
bool elf_fd_build_id(int fd, char *out, size_t outsz);

#endif
