/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/kallsyms.h"
#include "util/arena.h"
#include "util/strbuf.h"
#include "util/usage.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct ksym {
	uint64_t addr;
	const char *name;
};

struct kallsyms {
	struct arena arena;
	struct ksym *syms;
	size_t nsyms, alloc;
};

static int ksym_cmp(const void *a, const void *b)
{
	const struct ksym *x = a, *y = b;

	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

struct kallsyms *kallsyms_load(const char *path)
{
	FILE *f = fopen(path, "re");
	struct kallsyms *k;
	char line[512];

	if (!f)
		return NULL;
	k = xcalloc(1, sizeof(*k));
	arena_init(&k->arena);
	while (fgets(line, sizeof(line), f)) {
		unsigned long long addr;
		char type, name[256], module[128] = "";
		int n = sscanf(line, "%llx %c %255s [%127[^]]]", &addr, &type, name, module);

		if (n < 3 || !addr)
			continue;
		if (type != 't' && type != 'T' && type != 'w' && type != 'W')
			continue;
		ALLOC_GROW(k->syms, k->nsyms + 1, k->alloc);
		k->syms[k->nsyms].addr = addr;
		if (*module) {
			char *full = xasprintf("%s [%s]", name, module);

			k->syms[k->nsyms++].name = arena_strndup(&k->arena, full, strlen(full));
			free(full);
		} else {
			k->syms[k->nsyms++].name = arena_strndup(&k->arena, name, strlen(name));
		}
	}
	fclose(f);
	if (!k->nsyms) {
		kallsyms_free(k);
		return NULL;
	}
	qsort(k->syms, k->nsyms, sizeof(*k->syms), ksym_cmp);
	return k;
}

struct kallsyms_loader {
	pthread_t thread;
	bool started;
	char *path, *cache;
	struct kallsyms *k;
};

static void *load_thread(void *arg)
{
	struct kallsyms_loader *l = arg;

	l->k = kallsyms_load_cached(l->path, l->cache);
	return NULL;
}

struct kallsyms_loader *kallsyms_load_start(const char *path, const char *cache)
{
	struct kallsyms_loader *l = xcalloc(1, sizeof(*l));
	sigset_t all, old;

	l->path = xstrdup(path);
	l->cache = cache ? xstrdup(cache) : NULL;
	/* signals stay the caller's: its poll() must see them */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	l->started = pthread_create(&l->thread, NULL, load_thread, l) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	/* no thread to be had: loaded when waited for */
	return l;
}

struct kallsyms *kallsyms_load_wait(struct kallsyms_loader *l)
{
	struct kallsyms *k;

	if (!l)
		return NULL;
	if (l->started)
		pthread_join(l->thread, NULL);
	else
		l->k = kallsyms_load_cached(l->path, l->cache);
	k = l->k;
	free(l->path);
	free(l->cache);
	free(l);
	return k;
}

void kallsyms_free(struct kallsyms *k)
{
	if (!k)
		return;
	free(k->syms);
	arena_release(&k->arena);
	free(k);
}

const char *kallsyms_lookup(const struct kallsyms *k, uint64_t addr, uint64_t *offset)
{
	size_t lo = 0, hi;

	if (!k || !k->nsyms || addr < k->syms[0].addr)
		return NULL;
	hi = k->nsyms;
	/* the last symbol at or below addr */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (k->syms[mid].addr <= addr)
			lo = mid;
		else
			hi = mid;
	}
	if (offset)
		*offset = addr - k->syms[lo].addr;
	return k->syms[lo].name;
}

/* ---- the compact cache ---- */

/*
 * The cache file: "CPKSYM01", u64 key, u32 n, u32 string bytes, then n
 * records of {u64 address, u32 name offset}, then the names, each
 * NUL-terminated; little-endian. Addresses ascend.
 */
#define CACHE_MAGIC "CPKSYM01"
#define CACHE_HEADER 24
#define CACHE_RECORD 12
/* more symbols than any kernel has (a distribution kernel has about 200,000) */
#define CACHE_MAX_SYMS (16u << 20)

static uint64_t get_le(const unsigned char *p, int n)
{
	uint64_t v = 0;

	while (n--)
		v = v << 8 | p[n];
	return v;
}

static void put_le(struct strbuf *sb, uint64_t v, int n)
{
	while (n--) {
		strbuf_addch(sb, (char)(v & 0xff));
		v >>= 8;
	}
}

static uint64_t fnv1a(uint64_t h, const void *data, size_t len)
{
	const unsigned char *p = data;

	while (len--)
		h = (h ^ *p++) * 0x100000001b3ULL;
	return h;
}

/* FNV-1a of PATH's contents into H; false when it cannot be read */
static bool hash_file(const char *path, uint64_t *h)
{
	char buf[8192];
	size_t n;
	FILE *f = fopen(path, "re");

	if (!f)
		return false;
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		*h = fnv1a(*h, buf, n);
	fclose(f);
	return true;
}

uint64_t kallsyms_cache_key(void)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	/*
	 * This boot, and the modules loaded now (their code moves when they
	 * come and go); a kernel without modules has no /proc/modules
	 */
	if (!hash_file("/proc/sys/kernel/random/boot_id", &h) ||
	    (!hash_file("/proc/modules", &h) && errno != ENOENT))
		return 0;
	return h ? h : 1;
}

struct kallsyms *kallsyms_parse_cache(const void *data, size_t size, uint64_t key)
{
	const unsigned char *p = data;
	const char *names;
	struct kallsyms *k;
	uint64_t n, strsize, i;

	if (size < CACHE_HEADER || memcmp(p, CACHE_MAGIC, 8) || get_le(p + 8, 8) != key || !key)
		return NULL;
	n = get_le(p + 16, 4);
	strsize = get_le(p + 20, 4);
	if (!n || n > CACHE_MAX_SYMS || size - CACHE_HEADER < n * CACHE_RECORD ||
	    size - CACHE_HEADER - n * CACHE_RECORD != strsize || !strsize)
		return NULL;
	names = (const char *)p + CACHE_HEADER + n * CACHE_RECORD;
	if (names[strsize - 1] != '\0')
		return NULL;
	k = xcalloc(1, sizeof(*k));
	arena_init(&k->arena);
	k->syms = xcalloc((size_t)n, sizeof(*k->syms));
	k->nsyms = k->alloc = (size_t)n;
	for (i = 0; i < n; i++) {
		const unsigned char *r = p + CACHE_HEADER + i * CACHE_RECORD;
		uint64_t off = get_le(r + 8, 4);

		k->syms[i].addr = get_le(r, 8);
		/* names in bounds, addresses ascending: anything else is not ours */
		if (off >= strsize || (i && k->syms[i].addr < k->syms[i - 1].addr)) {
			kallsyms_free(k);
			return NULL;
		}
		k->syms[i].name = arena_strndup(&k->arena, names + off, strlen(names + off));
	}
	return k;
}

int kallsyms_write_cache(const struct kallsyms *k, const char *path, uint64_t key, struct diag *d)
{
	struct strbuf sb = STRBUF_INIT, strs = STRBUF_INIT;
	char *tmp = xasprintf("%s.%ld.tmp", path, (long)getpid());
	FILE *f = NULL;
	size_t i;
	int ret = 0, fd, err;
	bool ok;

	strbuf_add(&sb, CACHE_MAGIC, 8);
	put_le(&sb, key, 8);
	put_le(&sb, k->nsyms, 4);
	for (i = 0; i < k->nsyms; i++) {
		strbuf_addstr(&strs, k->syms[i].name);
		strbuf_addch(&strs, '\0');
	}
	put_le(&sb, strs.len, 4);
	for (i = 0, strs.len = 0; i < k->nsyms; i++) {
		put_le(&sb, k->syms[i].addr, 8);
		put_le(&sb, strs.len, 4);
		strs.len += strlen(k->syms[i].name) + 1;
	}
	strbuf_add(&sb, strs.buf, strs.len);
	/* kernel addresses are for the user who could read them: 0600 */
	unlink(tmp); /* a crashed recorder's of the same pid */
	fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
	if (fd >= 0 && !(f = fdopen(fd, "wb")))
		close(fd);
	ok = f && fwrite(sb.buf, 1, sb.len, f) == sb.len;
	err = errno;
	if (f && fclose(f) != 0 && ok) {
		ok = false;
		err = errno;
	}
	if (!ok) {
		ret = diag_set_errno(d, err, "cannot write '%s': %s", tmp, strerror(err));
		if (fd >= 0)
			unlink(tmp);
	} else if (rename(tmp, path) < 0) {
		ret = diag_set_errno(d, errno, "cannot rename '%s': %s", tmp, strerror(errno));
		unlink(tmp);
	}
	free(tmp);
	strbuf_release(&sb);
	strbuf_release(&strs);
	return ret;
}

struct kallsyms *kallsyms_load_cached(const char *path, const char *cache)
{
	uint64_t key = cache ? kallsyms_cache_key() : 0;
	struct kallsyms *k = NULL;
	struct strbuf sb = STRBUF_INIT;
	struct diag d;

	if (key) {
		/* a regular file only: a FIFO or a device planted there is not read */
		int fd = open(cache, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
		struct stat st;

		if (fd >= 0 && fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_size < (64 << 20) && strbuf_read_fd(&sb, fd) == 0)
			k = kallsyms_parse_cache(sb.buf, sb.len, key);
		if (fd >= 0)
			close(fd);
	}
	strbuf_release(&sb);
	if (k)
		return k;
	k = kallsyms_load(path);
	/* a cache that cannot be written only costs the next recording the read */
	if (k && key)
		(void)kallsyms_write_cache(k, cache, key, &d);
	return k;
}
