/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/objfile.h"
#include "util/regfile.h"
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
#include <unistd.h>

struct objcache {
	struct objfile **objs;
	size_t nobjs, alloc;
};

struct objcache *objcache_new(void)
{
	elf_version(EV_CURRENT);
	return xcalloc(1, sizeof(struct objcache));
}

static void objfile_free(struct objfile *o)
{
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
	free(c);
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
	elf = elf_begin(fd, ELF_C_READ_MMAP, NULL);
	if (!elf) {
		out[0] = '\0';
		return false;
	}
	ok = elf_build_id(elf, out, outsz);
	elf_end(elf);
	return ok;
}

/* read the headers cprof needs: loads, sections present, build-id */
static void objfile_inspect(struct objfile *o)
{
	Elf *elf = elf_begin(o->fd, ELF_C_READ_MMAP, NULL);
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
	elf_end(elf);
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

static int open_in_root(pid_t pid, const char *path, char **open_path)
{
	char *p;
	int fd = -1;

	if (pid > 0) {
		p = xasprintf("/proc/%d/root%s", (int)pid, path);
		fd = open_regular(p);
		if (fd >= 0) {
			*open_path = p;
			return fd;
		}
		free(p);
	}
	fd = open_regular(path);
	if (fd >= 0)
		*open_path = xstrdup(path);
	return fd;
}

struct objfile *objcache_get(struct objcache *c, pid_t pid, const char *path,
			     const char *build_id)
{
	struct objfile *o;
	size_t i;

	if (!build_id)
		build_id = "";
	for (i = 0; i < c->nobjs; i++) {
		o = c->objs[i];
		if (!strcmp(o->path, path) && (!*build_id || !strcmp(o->build_id, build_id)))
			return o;
	}

	o = xcalloc(1, sizeof(*o));
	o->path = xstrdup(path);
	o->build_id = xstrdup("");
	o->is_vdso = !strcmp(path, "[vdso]");
	if (o->is_vdso) {
		o->fd = open_vdso_image();
		if (o->fd >= 0)
			o->open_path = xasprintf("/proc/self/fd/%d", o->fd);
	} else {
		o->fd = open_in_root(pid, path, &o->open_path);
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
