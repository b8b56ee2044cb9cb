/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "symbol/perfmap.h"
#include "util/arena.h"
#include "util/regfile.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* longer names are cut: JITs write a function and its source position */
#define PERFMAP_MAX_NAME 1024
/* how many entries starting below an address a lookup looks at */
#define PERFMAP_MAX_WALK 64

struct perfmap_entry {
	uint64_t start, end;
	size_t seq; /* line order, for entries with the same start */
	const char *name;
};

struct perfmap {
	struct arena arena;
	struct perfmap_entry *entries;
	size_t n, alloc;
	size_t skipped; /* lines that are not "START SIZE name" */
};

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* a hex number at P (before END), 0x optional: the bytes it took, 0 if none or too long */
static size_t parse_hex(const char *p, const char *end, uint64_t *v)
{
	const char *q = p;
	size_t digits = 0;

	if (end - q > 2 && q[0] == '0' && (q[1] == 'x' || q[1] == 'X') && hexval(q[2]) >= 0)
		q += 2;
	*v = 0;
	for (; q < end && hexval(*q) >= 0; q++) {
		if (++digits > 16)
			return 0;
		*v = *v << 4 | (uint64_t)hexval(*q);
	}
	return digits ? (size_t)(q - p) : 0;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* one line, without its newline; false when it is not "START SIZE name" */
static bool parse_line(struct perfmap *m, const char *p, const char *end)
{
	struct perfmap_entry *e;
	uint64_t start, size;
	size_t k;

	while (end > p && (is_blank(end[-1]) || end[-1] == '\r'))
		end--;
	if (!(k = parse_hex(p, end, &start)) || p + k >= end || !is_blank(p[k]))
		return false;
	for (p += k; p < end && is_blank(*p); p++)
		;
	if (!(k = parse_hex(p, end, &size)) || p + k >= end || !is_blank(p[k]))
		return false;
	for (p += k; p < end && is_blank(*p); p++)
		;
	if (p >= end)
		return false;
	ALLOC_GROW(m->entries, m->n + 1, m->alloc);
	e = &m->entries[m->n];
	e->start = start;
	e->end = size > UINT64_MAX - start ? UINT64_MAX : start + size;
	e->seq = m->n++;
	k = (size_t)(end - p);
	e->name = arena_strndup(&m->arena, p, k > PERFMAP_MAX_NAME ? PERFMAP_MAX_NAME : k);
	return true;
}

static int entry_cmp(const void *a, const void *b)
{
	const struct perfmap_entry *x = a, *y = b;

	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/*
 * Sorted, one entry per start (the last written: perf keeps one symbol
 * per start too), and a size of 0 taken to reach the next symbol, as
 * perf's symbols__fixup_end does.
 */
static void finish(struct perfmap *m)
{
	size_t i, out = 0;

	if (!m->n)
		return;
	qsort(m->entries, m->n, sizeof(*m->entries), entry_cmp);
	for (i = 0; i < m->n; i++) {
		if (out && m->entries[out - 1].start == m->entries[i].start)
			out--;
		m->entries[out++] = m->entries[i];
	}
	m->n = out;
	for (i = 0; i < m->n; i++) {
		struct perfmap_entry *e = &m->entries[i];

		if (e->end == e->start)
			e->end = i + 1 < m->n ? m->entries[i + 1].start : e->start + 1;
	}
}

struct perfmap *perfmap_parse(const char *buf, size_t len)
{
	struct perfmap *m = xcalloc(1, sizeof(*m));
	const char *p = buf, *end = buf + len;

	arena_init(&m->arena);
	while (p < end) {
		const char *eol = memchr(p, '\n', (size_t)(end - p));

		if (!eol)
			eol = end;
		if (!parse_line(m, p, eol) && eol > p)
			m->skipped++;
		p = eol + 1;
	}
	finish(m);
	return m;
}

/* the whole file, read to its end (a JIT may still be appending), bounded */
static char *read_bounded(int fd, size_t *len)
{
	size_t alloc = 65536, n = 0;
	char *buf = xmalloc(alloc);
	ssize_t got;

	for (;;) {
		if (n == alloc) {
			if (alloc > PERFMAP_MAX_BYTES) {
				free(buf);
				errno = EFBIG;
				return NULL;
			}
			alloc *= 2;
			buf = xrealloc(buf, alloc);
		}
		got = read(fd, buf + n, alloc - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			free(buf);
			return NULL;
		}
		if (!got)
			break;
		n += (size_t)got;
		if (n > PERFMAP_MAX_BYTES) {
			free(buf);
			errno = EFBIG;
			return NULL;
		}
	}
	*len = n;
	return buf;
}

struct perfmap *perfmap_load(const char *path, uid_t owner, struct diag *d)
{
	struct perfmap *m;
	struct stat st;
	size_t len = 0;
	char *buf = NULL;
	int err, fd = open_regular(path);

	if (fd < 0 || fstat(fd, &st) < 0) {
		err = errno;
		diag_set(d, "%s: %s", path, strerror(err));
		goto fail;
	}
	if (st.st_uid != 0 && st.st_uid != geteuid() && st.st_uid != owner) {
		err = EPERM;
		diag_set(d, "%s: not owned by the process's user or root, ignored", path);
		goto fail;
	}
	if ((uint64_t)st.st_size > PERFMAP_MAX_BYTES || !(buf = read_bounded(fd, &len))) {
		err = (uint64_t)st.st_size > PERFMAP_MAX_BYTES ? EFBIG : errno;
		if (err == EFBIG)
			diag_set(d, "%s: larger than %u MiB, ignored", path, PERFMAP_MAX_BYTES >> 20);
		else
			diag_set(d, "%s: %s", path, strerror(err));
		goto fail;
	}
	close(fd);
	m = perfmap_parse(buf, len);
	free(buf);
	if (!m->n && m->skipped) {
		/* not a perf map at all: say so rather than name nothing silently */
		diag_set(d, "%s: none of its %zu lines is \"START SIZE name\", ignored", path,
			 m->skipped);
		perfmap_free(m);
		return NULL;
	}
	return m;
fail:
	if (fd >= 0)
		close(fd);
	errno = err;
	return NULL;
}

/* the effective uid and innermost pid of a live process, from /proc/PID/status */
static bool process_ids(pid_t pid, uid_t *uid, pid_t *nspid)
{
	char path[64], line[256];
	bool found = false;
	FILE *f;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (!(f = fopen(path, "re")))
		return false;
	*uid = (uid_t)-1;
	*nspid = pid;
	while (fgets(line, sizeof(line), f)) {
		unsigned long ruid, euid;

		if (sscanf(line, "Uid: %lu %lu", &ruid, &euid) == 2) {
			*uid = (uid_t)euid;
			found = true;
		} else if (!strncmp(line, "NSpid:", 6)) {
			/* the last pid is the one in the process's own namespace */
			char *last = strrchr(line, '\t');

			if (last && atoi(last + 1) > 0)
				*nspid = atoi(last + 1);
		}
	}
	fclose(f);
	return found;
}

struct perfmap *perfmap_load_pid(pid_t pid, const char *root, pid_t root_pid, struct diag *d)
{
	struct perfmap *m = NULL;
	uid_t uid = (uid_t)-1;
	pid_t nspid = pid;
	bool alive;
	char path[128];

	d->msg[0] = '\0';
	if (pid <= 0)
		return NULL;
	alive = process_ids(pid, &uid, &nspid);
	if (root) {
		snprintf(path, sizeof(path), "%s/tmp/perf-%d.map", root, (int)root_pid);
		m = perfmap_load(path, uid, d);
		if (m || errno != ENOENT)
			return m;
	}
	if (alive) {
		snprintf(path, sizeof(path), "/proc/%d/root/tmp/perf-%d.map", (int)pid, (int)nspid);
		m = perfmap_load(path, uid, d);
		if (m || errno != ENOENT)
			return m;
	}
	snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)pid);
	m = perfmap_load(path, uid, d);
	if (!m && errno == ENOENT)
		d->msg[0] = '\0';
	return m;
}

void perfmap_free(struct perfmap *m)
{
	if (!m)
		return;
	free(m->entries);
	arena_release(&m->arena);
	free(m);
}

size_t perfmap_count(const struct perfmap *m)
{
	return m ? m->n : 0;
}

size_t perfmap_skipped(const struct perfmap *m)
{
	return m ? m->skipped : 0;
}

const char *perfmap_lookup(const struct perfmap *m, uint64_t addr)
{
	const struct perfmap_entry *best = NULL;
	size_t lo = 0, hi, i;

	if (!m || !m->n || addr < m->entries[0].start)
		return NULL;
	/* the first entry starting above ADDR */
	hi = m->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->entries[mid].start <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	/*
	 * Of the entries below that hold ADDR, the one written last: a JIT
	 * that reuses freed code memory appends the new code's entry, which
	 * may start below an old one it covers.
	 */
	for (i = lo; i-- > 0 && lo - i <= PERFMAP_MAX_WALK;)
		if (addr < m->entries[i].end && (!best || m->entries[i].seq > best->seq))
			best = &m->entries[i];
	return best ? best->name : NULL;
}

static bool has_prefix(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

bool perfmap_anonymous(const char *path)
{
	return !*path || !strcmp(path, "//anon") || has_prefix(path, "[anon:") ||
	       has_prefix(path, "/dev/zero") || has_prefix(path, "/anon_hugepage") ||
	       !strcmp(path, "[heap]") || has_prefix(path, "[stack");
}
