/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/objfile.h"
#include "symbol/objopen.h"
#include "util/xalloc.h"

#include <elfutils/libdwelf.h>
#include <errno.h>
#include <fcntl.h>
#include <gelf.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

/* a process in other namespaces, for files it wrote in its own root */
struct proc_root {
	pid_t pid, nspid;
	int dirfd; /* -1: shares cprof's namespaces, or could not be opened */
};

struct objcache {
	struct objfile **objs;
	size_t nobjs, alloc;
	struct proc_root *roots;
	size_t nroots, roots_alloc;
	uint64_t sweeps;
	uint64_t idle_clock;
};

struct objcache *objcache_new(void)
{
	elf_version(EV_CURRENT);
	return xcalloc(1, sizeof(struct objcache));
}

static void objfile_free(struct objfile *o)
{
	if (o->elf)
		elf_end(o->elf);
	if (o->fd >= 0)
		close(o->fd);
	free(o->path);
	free(o->open_path);
	free(o->build_id);
	free(o->loads);
	free(o);
}

void objcache_free(struct objcache *c)
{
	size_t i;

	if (!c)
		return;
	for (i = 0; i < c->nobjs; i++)
		objfile_free(c->objs[i]);
	free(c->objs);
	for (i = 0; i < c->nroots; i++)
		if (c->roots[i].dirfd >= 0)
			close(c->roots[i].dirfd);
	free(c->roots);
	free(c);
}

size_t objcache_count(const struct objcache *c)
{
	return c->nobjs;
}

static int by_last_used_desc(const void *a, const void *b)
{
	const struct objfile *x = *(struct objfile *const *)a, *y = *(struct objfile *const *)b;

	return x->last_used < y->last_used ? 1 : x->last_used > y->last_used ? -1 : 0;
}

void objcache_sweep(struct objcache *c, size_t idle_max,
		    void (*forget)(void *ctx, struct objfile *o), void *ctx)
{
	struct objfile **idle = xcalloc(c->nobjs + 1, sizeof(*idle));
	bool *doomed = xcalloc(c->nobjs + 1, sizeof(*doomed));
	size_t i, j = 0, nidle = 0;

	c->sweeps++;
	for (i = 0; i < c->nobjs; i++) {
		struct objfile *o = c->objs[i];

		if (o->in_use)
			o->last_used = c->sweeps;
		else if (o->closed)
			doomed[i] = true; /* nothing open to keep for a later process */
		else
			idle[nidle++] = o;
		o->in_use = false;
	}
	/* the open ones used most recently stay; in_use, cleared above, marks the others */
	qsort(idle, nidle, sizeof(*idle), by_last_used_desc);
	for (i = idle_max; i < nidle; i++)
		idle[i]->in_use = true;
	for (i = 0; i < c->nobjs; i++) {
		struct objfile *o = c->objs[i];

		if (doomed[i] || o->in_use) {
			if (forget)
				forget(ctx, o);
			objfile_free(o);
		} else {
			c->objs[j++] = o;
		}
	}
	c->nobjs = j;
	free(doomed);
	free(idle);
}

static void hexify(const unsigned char *id, size_t len, char *out, size_t outsz)
{
	size_t i;

	out[0] = '\0';
	for (i = 0; i < len && 2 * i + 2 < outsz; i++)
		snprintf(out + 2 * i, 3, "%02x", id[i]);
}

static bool elf_build_id(Elf *elf, char *out, size_t outsz)
{
	const void *id;
	ssize_t len = dwelf_elf_gnu_build_id(elf, &id);

	out[0] = '\0';
	if (len <= 0)
		return false;
	hexify(id, (size_t)len, out, outsz);
	return true;
}

bool elf_fd_build_id(int fd, char *out, size_t outsz)
{
	Elf *elf;
	bool ok;

	elf_version(EV_CURRENT);
	/* read, not mapped: a file truncated meanwhile is an error, not SIGBUS */
	elf = elf_begin(fd, ELF_C_READ, NULL);
	if (!elf) {
		out[0] = '\0';
		return false;
	}
	ok = elf_build_id(elf, out, outsz);
	elf_end(elf);
	return ok;
}

/*
 * Read the headers cprof needs (loads, sections present, build-id) and
 * keep the handle, read with pread and never mapped, for every later use
 */
static void objfile_inspect(struct objfile *o)
{
	Elf *elf = elf_begin(o->fd, ELF_C_READ, NULL);
	GElf_Ehdr ehdr;
	Elf_Scn *scn = NULL;
	size_t phnum, shstrndx, i, alloc = 0;
	char id[130];

	if (!elf || !gelf_getehdr(elf, &ehdr)) {
		if (elf)
			elf_end(elf);
		o->open_errno = ENOEXEC;
		close(o->fd);
		o->fd = -1;
		return;
	}
	if (elf_getphdrnum(elf, &phnum) == 0) {
		for (i = 0; i < phnum; i++) {
			GElf_Phdr ph;

			if (!gelf_getphdr(elf, (int)i, &ph) || ph.p_type != PT_LOAD)
				continue;
			ALLOC_GROW(o->loads, o->nloads + 1, alloc);
			o->loads[o->nloads].vaddr = ph.p_vaddr;
			o->loads[o->nloads].offset = ph.p_offset;
			o->loads[o->nloads].filesz = ph.p_filesz;
			o->loads[o->nloads].exec = ph.p_flags & PF_X;
			o->loads[o->nloads].align = ph.p_align;
			o->loads[o->nloads++].memsz = ph.p_memsz;
		}
	}
	if (elf_getshdrstrndx(elf, &shstrndx) == 0) {
		while ((scn = elf_nextscn(elf, scn))) {
			GElf_Shdr sh;
			const char *name;

			if (!gelf_getshdr(scn, &sh))
				continue;
			name = elf_strptr(elf, shstrndx, sh.sh_name);
			if (!name)
				continue;
			if (!strcmp(name, ".eh_frame") || !strcmp(name, ".debug_frame"))
				o->has_unwind = true;
			if (sh.sh_type == SHT_SYMTAB)
				o->has_symtab = true;
		}
	}
	elf_build_id(elf, id, sizeof(id));
	free(o->build_id);
	o->build_id = xstrdup(id);
	o->elf = elf;
}

/* cprof's own vDSO image in a memfd: the kernel is the same for every process */
static int open_vdso_image(void)
{
	FILE *maps = fopen("/proc/self/maps", "re");
	char line[512];
	int fd = -1;

	if (!maps)
		return -1;
	while (fgets(line, sizeof(line), maps)) {
		unsigned long start, end;

		if (!strstr(line, "[vdso]") || sscanf(line, "%lx-%lx", &start, &end) != 2)
			continue;
		fd = memfd_create("cprof-vdso", MFD_CLOEXEC);
		if (fd >= 0 && write(fd, (const void *)start, end - start) != (ssize_t)(end - start)) {
			close(fd);
			fd = -1;
		}
		break;
	}
	fclose(maps);
	return fd;
}

/* true when the ELF file open as FD has build-id ID, or ID is unknown */
static bool fd_has_build_id(int fd, const char *id)
{
	char have[130];

	return !*id || (elf_fd_build_id(fd, have, sizeof(have)) && !strcmp(have, id));
}

/*
 * Open what PID mapped from PATH at [START, END): by its path where the
 * file there is the one mapped, else through /proc/PID/map_files while the
 * process lives (deleted, replaced or memfd files), else the file at the
 * path even though its build-id differs, for the report to say so. A
 * mapped file of another build-id is refused: its pid was reused.
 */
static int open_object(pid_t pid, uint64_t start, uint64_t end, const char *path,
		       const char *build_id, char **open_path)
{
	char *mapped_path = NULL;
	int fd = -1, mapped, err = ENOENT;

	if (!objopen_path_unlinked(path)) {
		fd = objopen_in_root(pid, path, open_path);
		if (fd >= 0 && fd_has_build_id(fd, build_id))
			return fd;
		if (fd < 0)
			err = errno;
	}
	mapped = objopen_mapped(pid, start, end, path, &mapped_path);
	if (mapped >= 0 && fd_has_build_id(mapped, build_id)) {
		if (fd >= 0) {
			close(fd);
			free(*open_path);
		}
		*open_path = mapped_path;
		return mapped;
	}
	if (mapped >= 0) {
		close(mapped);
		free(mapped_path);
	} else if (fd < 0 && objopen_path_unlinked(path)) {
		err = errno;
	}
	errno = err;
	return fd;
}

struct objfile *objcache_get(struct objcache *c, pid_t pid, const char *path,
			     const char *build_id)
{
	return objcache_get_mapped(c, pid, 0, 0, path, build_id);
}

struct objfile *objcache_get_mapped(struct objcache *c, pid_t pid, uint64_t start, uint64_t end,
				    const char *path, const char *build_id)
{
	struct objfile *o;
	char *open_path = NULL, id[130];
	int fd = -1;
	size_t i;

	if (!build_id)
		build_id = "";
	/*
	 * Two deleted files, or two memfds, share a path: without the
	 * kernel's build-id, the file's own tells them apart.
	 */
	if (!*build_id && objopen_path_unlinked(path)) {
		fd = objopen_mapped(pid, start, end, path, &open_path);
		if (fd >= 0 && elf_fd_build_id(fd, id, sizeof(id)))
			build_id = id;
	}
	for (i = 0; i < c->nobjs; i++) {
		o = c->objs[i];
		if (!strcmp(o->path, path) && (!*build_id || !strcmp(o->build_id, build_id))) {
			if (fd >= 0)
				close(fd);
			free(open_path);
			return o;
		}
	}

	o = xcalloc(1, sizeof(*o));
	o->path = xstrdup(path);
	o->build_id = xstrdup("");
	o->is_vdso = !strcmp(path, "[vdso]");
	if (o->is_vdso) {
		o->fd = open_vdso_image();
		if (o->fd >= 0)
			o->open_path = xasprintf("/proc/self/fd/%d", o->fd);
	} else if (fd >= 0) {
		o->fd = fd;
		o->open_path = open_path;
	} else {
		free(open_path);
		o->fd = open_object(pid, start, end, path, build_id, &o->open_path);
	}
	if (o->fd < 0)
		o->open_errno = errno;
	else
		objfile_inspect(o);
	if (*build_id && strcmp(o->build_id, build_id)) {
		/*
		 * The file on disk is not what the process mapped (rebuilt or
		 * upgraded since): its symbols would be wrong names. Keep the
		 * build-id the kernel saw, to name the file in reports.
		 */
		o->mismatch = o->fd >= 0 && *o->build_id;
		free(o->build_id);
		o->build_id = xstrdup(build_id);
	}
	ALLOC_GROW(c->objs, c->nobjs + 1, c->alloc);
	c->objs[c->nobjs++] = o;
	return o;
}

struct objfile *objcache_evictable(struct objcache *c, size_t idle_max)
{
	struct objfile *oldest = NULL;
	size_t i, nidle = 0;

	c->idle_clock++;
	for (i = 0; i < c->nobjs; i++) {
		struct objfile *o = c->objs[i];

		if (o->live_maps || o->closed || o->fd < 0 || o->is_vdso) {
			o->idle_stamp = 0;
			continue;
		}
		if (!o->idle_stamp)
			o->idle_stamp = c->idle_clock;
		nidle++;
		if (!oldest || o->idle_stamp < oldest->idle_stamp)
			oldest = o;
	}
	return nidle > idle_max ? oldest : NULL;
}

void objcache_close(struct objfile *o)
{
	if (o->elf)
		elf_end(o->elf);
	if (o->fd >= 0)
		close(o->fd);
	o->elf = NULL;
	o->fd = -1;
	o->closed = true;
}

void objcache_reopen(struct objfile *o, pid_t pid, uint64_t start, uint64_t end)
{
	char *open_path = NULL, *want;
	int fd;

	if (!o->closed)
		return;
	want = xstrdup(o->build_id);
	fd = open_object(pid, start, end, o->path, want, &open_path);
	if (fd < 0) {
		free(open_path);
		free(want);
		return;
	}
	free(o->open_path);
	free(o->loads);
	o->open_path = open_path;
	o->loads = NULL;
	o->nloads = 0;
	o->fd = fd;
	o->closed = false;
	objfile_inspect(o);
	if (o->fd < 0 || (*want && strcmp(o->build_id, want))) {
		/* another file at the path now: what was learnt is of the old one */
		objcache_close(o);
		free(o->build_id);
		o->build_id = want;
		return;
	}
	free(want);
}

/* whether /proc/PID/ns/NAME is another namespace than cprof's own */
static bool other_namespace(pid_t pid, const char *name)
{
	char path[64];
	struct stat theirs, ours;

	snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, name);
	if (stat(path, &theirs) < 0)
		return false;
	snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
	if (stat(path, &ours) < 0)
		return false;
	return theirs.st_ino != ours.st_ino || theirs.st_dev != ours.st_dev;
}

/* PID's pid in its own (innermost) pid namespace, from NSpid in its status */
static pid_t innermost_pid(pid_t pid)
{
	char path[64], line[256];
	pid_t nspid = pid;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (!(f = fopen(path, "re")))
		return pid;
	while (fgets(line, sizeof(line), f)) {
		char *last;

		if (strncmp(line, "NSpid:", 6))
			continue;
		last = strrchr(line, '\t');
		if (last && atoi(last + 1) > 0)
			nspid = atoi(last + 1);
		break;
	}
	fclose(f);
	return nspid;
}

void objcache_keep_root(struct objcache *c, pid_t pid)
{
	struct proc_root *r;
	char path[64];
	size_t i;

	for (i = 0; i < c->nroots; i++)
		if (c->roots[i].pid == pid)
			return;
	ALLOC_GROW(c->roots, c->nroots + 1, c->roots_alloc);
	r = &c->roots[c->nroots++];
	r->pid = pid;
	r->nspid = pid;
	r->dirfd = -1;
	if (pid <= 0 || (!other_namespace(pid, "pid") && !other_namespace(pid, "mnt")))
		return;
	snprintf(path, sizeof(path), "/proc/%d/root", (int)pid);
	r->dirfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	r->nspid = innermost_pid(pid);
}

bool objcache_root(const struct objcache *c, pid_t pid, char *root, size_t rootsz,
		   pid_t *nspid)
{
	size_t i;

	for (i = 0; i < c->nroots; i++) {
		if (c->roots[i].pid != pid || c->roots[i].dirfd < 0)
			continue;
		snprintf(root, rootsz, "/proc/self/fd/%d", c->roots[i].dirfd);
		*nspid = c->roots[i].nspid;
		return true;
	}
	return false;
}

/* the PT_LOAD whose bytes in the file hold file offset FO, preferring code */
static const struct objfile_load *load_holding(const struct objfile *obj, uint64_t fo)
{
	const struct objfile_load *found = NULL;
	size_t i;

	for (i = 0; i < obj->nloads; i++) {
		const struct objfile_load *l = &obj->loads[i];

		if (fo < l->offset || fo - l->offset >= l->filesz)
			continue;
		if (l->exec)
			return l;
		if (!found)
			found = l;
	}
	return found;
}

bool objfile_elf_address(const struct objfile *obj, uint64_t start, uint64_t pgoff, uint64_t pc,
			 uint64_t *vaddr)
{
	const struct objfile_load *l;
	uint64_t fo;

	if (pc < start)
		return false;
	fo = pc - start + pgoff;
	l = load_holding(obj, fo);
	if (!l)
		return false;
	*vaddr = fo - l->offset + l->vaddr;
	return true;
}

bool objfile_bias(const struct objfile *obj, uint64_t start, uint64_t end, uint64_t pgoff,
		  uint64_t *bias)
{
	const struct objfile_load *best = NULL;
	uint64_t len = end > start ? end - start : 1;
	size_t i;

	/* the loads whose file bytes the mapping holds: code first, then the first */
	for (i = 0; i < obj->nloads; i++) {
		const struct objfile_load *l = &obj->loads[i];
		uint64_t lend = l->offset + (l->filesz ? l->filesz : 1);

		if (l->offset >= pgoff + len || lend <= pgoff)
			continue;
		if (!best || (l->exec && !best->exec))
			best = l;
	}
	if (!best)
		return false;
	/* START maps file offset PGOFF; vaddr - offset is constant within a load */
	*bias = start - pgoff + best->offset - best->vaddr;
	return true;
}
