/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Writing cprof.data. Records are queued per type and written as chunks
 * by cdata_writer_flush(), dependencies first, so that a file cut short
 * at any chunk boundary never has a sample whose stack is missing.
 */
#include "format/cdata.h"
#include "format/bytes.h"
#include "util/xalloc.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

/* the order in which queued chunks reach the file */
static const enum cdata_chunk_type flush_order[] = {
	CDATA_CHUNK_META,     CDATA_CHUNK_MAPPING, CDATA_CHUNK_THREAD,  CDATA_CHUNK_CGROUP,
	CDATA_CHUNK_LOCATION, CDATA_CHUNK_STACK,   CDATA_CHUNK_SAMPLE,  CDATA_CHUNK_FUNCTION,
	CDATA_CHUNK_LINES,    CDATA_CHUNK_MAPINFO, CDATA_CHUNK_HEALTH,
};

#define NTYPES (CDATA_CHUNK_CGROUP + 1)

struct cdata_writer {
	FILE *fp;
	struct strbuf queue[NTYPES];
	size_t pending_samples;
	uint64_t bytes;
};

static int write_all(struct cdata_writer *w, const void *p, size_t n, struct diag *d)
{
	if (n && fwrite(p, 1, n, w->fp) != n)
		return diag_set(d, "write failed: %s", strerror(errno));
	w->bytes += n;
	return 0;
}

struct cdata_writer *cdata_writer_open(const char *path, struct diag *d)
{
	FILE *fp = fopen(path, "wb");

	if (!fp) {
		diag_set_errno(d, errno, "cannot create '%s': %s", path, strerror(errno));
		return NULL;
	}
	return cdata_writer_open_stream(fp, d);
}

struct cdata_writer *cdata_writer_open_stream(FILE *fp, struct diag *d)
{
	struct cdata_writer *w;
	struct strbuf hdr = STRBUF_INIT;
	int i;

	w = xcalloc(1, sizeof(*w));
	w->fp = fp;
	for (i = 0; i < NTYPES; i++)
		strbuf_init(&w->queue[i]);
	strbuf_add(&hdr, CDATA_MAGIC, 8);
	put_u32(&hdr, CDATA_VERSION);
	put_u32(&hdr, CDATA_HEADER_SIZE);
	put_u64(&hdr, 0); /* flags */
	put_u64(&hdr, 0); /* reserved */
	if (write_all(w, hdr.buf, hdr.len, d) < 0 || fflush(w->fp)) {
		strbuf_release(&hdr);
		cdata_writer_abort(w);
		return NULL;
	}
	strbuf_release(&hdr);
	return w;
}

static int write_chunk(struct cdata_writer *w, uint32_t type, const void *payload, size_t size,
		       struct diag *d)
{
	struct strbuf hdr = STRBUF_INIT;
	int ret;

	put_u32(&hdr, type);
	put_u32(&hdr, (uint32_t)size);
	put_u32(&hdr, (uint32_t)crc32(crc32(0, NULL, 0), payload, (uInt)size));
	put_u32(&hdr, 0);
	ret = write_all(w, hdr.buf, hdr.len, d);
	if (!ret)
		ret = write_all(w, payload, size, d);
	strbuf_release(&hdr);
	return ret;
}

/*
 * The queue for TYPE, with room for NEED more bytes: when a queue would
 * pass half the reader's chunk limit, everything queued is flushed, in
 * order, so no chunk grows too large and no record loses its dependencies.
 * A write error here is found again by the next explicit flush.
 */
static struct strbuf *queue_room(struct cdata_writer *w, enum cdata_chunk_type type, size_t need)
{
	struct strbuf *q = &w->queue[type];

	if (q->len && q->len + need > CDATA_MAX_CHUNK / 2) {
		struct diag d;

		cdata_writer_flush(w, &d);
	}
	return q;
}

void cdata_write_meta(struct cdata_writer *w, const char *key, const char *value)
{
	struct strbuf *q = queue_room(w, CDATA_CHUNK_META, strlen(key) + strlen(value) + 8);

	put_str(q, key);
	put_str(q, value);
}

void cdata_write_health(struct cdata_writer *w, const char *key, const char *value)
{
	struct strbuf *q = queue_room(w, CDATA_CHUNK_HEALTH, strlen(key) + strlen(value) + 8);

	put_str(q, key);
	put_str(q, value);
}

void cdata_write_mapping(struct cdata_writer *w, const struct cdata_mapping *m)
{
	struct strbuf *q = queue_room(w, CDATA_CHUNK_MAPPING, 64 + strlen(m->path));

	put_u32(q, m->id);
	put_u32(q, m->pid);
	put_u64(q, m->start);
	put_u64(q, m->end);
	put_u64(q, m->pgoff);
	put_u32(q, m->kind);
	put_str(q, m->path);
	put_str(q, m->build_id);
}

void cdata_write_thread(struct cdata_writer *w, const struct cdata_thread *t)
{
	struct strbuf *q = queue_room(w, CDATA_CHUNK_THREAD, 32 + strlen(t->comm));

	put_u32(q, t->pid);
	put_u32(q, t->tid);
	put_u64(q, t->time);
	put_str(q, t->comm);
}

void cdata_write_cgroup(struct cdata_writer *w, const struct cdata_cgroup *c)
{
	struct strbuf *q =
		queue_room(w, CDATA_CHUNK_CGROUP, 16 + strlen(c->path) + strlen(c->container));

	put_u32(q, c->pid);
	put_str(q, c->path);
	put_str(q, c->container);
}

void cdata_write_location(struct cdata_writer *w, const struct cdata_location *l)
{
	struct strbuf *q = queue_room(w, CDATA_CHUNK_LOCATION, 16);

	put_u32(q, l->id);
	put_u32(q, l->mapping_id);
	put_u64(q, l->address);
}

void cdata_write_stack(struct cdata_writer *w, uint32_t id, uint16_t flags, const uint32_t *frames,
		       uint16_t nframes)
{
	struct strbuf *q = queue_room(w, CDATA_CHUNK_STACK, 8 + 4 * (size_t)nframes);
	uint16_t i;

	put_u32(q, id);
	put_u16(q, flags);
	put_u16(q, nframes);
	for (i = 0; i < nframes; i++)
		put_u32(q, frames[i]);
}

void cdata_write_sample(struct cdata_writer *w, const struct cdata_sample *s)
{
	struct strbuf *q = queue_room(w, CDATA_CHUNK_SAMPLE, 32);

	put_u64(q, s->time);
	put_u32(q, s->pid);
	put_u32(q, s->tid);
	put_u32(q, s->stack_id);
	put_u32(q, s->cpu);
	put_u64(q, s->period);
	w->pending_samples++;
}

void cdata_write_function(struct cdata_writer *w, const struct cdata_function *f)
{
	struct strbuf *q = queue_room(w, CDATA_CHUNK_FUNCTION,
				      24 + strlen(f->name) + strlen(f->system_name) +
					      strlen(f->filename));

	put_u32(q, f->id);
	put_str(q, f->name);
	put_str(q, f->system_name);
	put_str(q, f->filename);
	put_u32(q, f->start_line);
}

void cdata_write_lines(struct cdata_writer *w, uint32_t location_id, const struct cdata_line *lines,
		       uint32_t nlines)
{
	struct strbuf *q = queue_room(w, CDATA_CHUNK_LINES, 8 + 8 * (size_t)nlines);
	uint32_t i;

	put_u32(q, location_id);
	put_u32(q, nlines);
	for (i = 0; i < nlines; i++) {
		put_u32(q, lines[i].function_id);
		put_u32(q, lines[i].line);
	}
}

void cdata_write_mapinfo(struct cdata_writer *w, uint32_t mapping_id, uint32_t flags)
{
	struct strbuf *q = queue_room(w, CDATA_CHUNK_MAPINFO, 8);

	put_u32(q, mapping_id);
	put_u32(q, flags);
}

size_t cdata_writer_pending_samples(const struct cdata_writer *w)
{
	return w->pending_samples;
}

uint64_t cdata_writer_bytes(const struct cdata_writer *w)
{
	return w->bytes;
}

int cdata_writer_flush(struct cdata_writer *w, struct diag *d)
{
	size_t i;

	for (i = 0; i < sizeof(flush_order) / sizeof(flush_order[0]); i++) {
		struct strbuf *q = &w->queue[flush_order[i]];

		if (!q->len)
			continue;
		if (write_chunk(w, flush_order[i], q->buf, q->len, d) < 0)
			return -1;
		strbuf_reset(q);
	}
	w->pending_samples = 0;
	if (fflush(w->fp))
		return diag_set(d, "write failed: %s", strerror(errno));
	return 0;
}

static void writer_free(struct cdata_writer *w)
{
	int i;

	for (i = 0; i < NTYPES; i++)
		strbuf_release(&w->queue[i]);
	free(w);
}

int cdata_writer_finish(struct cdata_writer *w, struct diag *d)
{
	int ret = cdata_writer_flush(w, d);

	if (!ret)
		ret = write_chunk(w, CDATA_CHUNK_END, "", 0, d);
	if (fflush(w->fp) && !ret)
		ret = diag_set(d, "write failed: %s", strerror(errno));
	/* a memory stream has no descriptor, and nothing to sync */
	if (!ret && fileno(w->fp) >= 0 && fsync(fileno(w->fp)) && errno != EINVAL)
		ret = diag_set(d, "fsync failed: %s", strerror(errno));
	if (fclose(w->fp) && !ret)
		ret = diag_set(d, "close failed: %s", strerror(errno));
	writer_free(w);
	return ret;
}

void cdata_writer_abort(struct cdata_writer *w)
{
	fclose(w->fp);
	writer_free(w);
}
