/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/kallsyms.h"
#include "util/arena.h"
#include "util/xalloc.h"

#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	char *path;
	struct kallsyms *k;
};

static void *load_thread(void *arg)
{
	struct kallsyms_loader *l = arg;

	l->k = kallsyms_load(l->path);
	return NULL;
}

struct kallsyms_loader *kallsyms_load_start(const char *path)
{
	struct kallsyms_loader *l = xcalloc(1, sizeof(*l));
	sigset_t all, old;

	l->path = xstrdup(path);
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
		l->k = kallsyms_load(l->path);
	k = l->k;
	free(l->path);
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
