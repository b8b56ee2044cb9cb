/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Reading cprof.data. The input is hostile: every length is checked
 * against what is left, every id must point at a record read before it,
 * and no allocation is larger than the input justifies.
 */
#include "format/cdata.h"
#include "format/bytes.h"
#include "util/arena.h"
#include "util/hashidx.h"
#include "util/progress.h"
#include "util/xalloc.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

struct reader {
	struct cdata_recording *rec;
	struct arena *arena;
	size_t meta_alloc, health_alloc, mappings_alloc, threads_alloc, cgroups_alloc, locations_alloc;
	size_t stacks_alloc, samples_alloc, functions_alloc, lines_alloc, mapinfo_alloc;
	struct diag *d;
	uint64_t chunk_offset;
	const unsigned char *base; /* the start of the input, for progress */
	struct progress *progress;
	unsigned ticks;
	unsigned flags;        /* CDATA_READ_* */
	struct hashidx folded; /* CDATA_READ_FOLD: samples by stack and thread */
};

/* report how far the decoder is, every so many records */
static inline void tick(struct reader *r, const struct decoder *dc)
{
	if (r->progress && !(++r->ticks % 1024))
		progress_update(r->progress, (uint64_t)(dc->p - r->base));
}

bool cdata_sniff(const void *data, size_t size)
{
	return size >= 8 && !memcmp(data, CDATA_MAGIC, 8);
}

static const char *dup_str(struct reader *r, struct decoder *dc)
{
	uint32_t len;
	const char *s = get_str(dc, &len);

	if (!s)
		return NULL;
	if (memchr(s, '\0', len)) {
		dc->failed = true;
		return NULL;
	}
	return arena_strndup(r->arena, s, len);
}

static int corrupt(struct reader *r, const char *what)
{
	r->d->offset = (long long)r->chunk_offset;
	return diag_set(r->d, "corrupt recording: bad %s chunk at byte %llu", what,
			(unsigned long long)r->chunk_offset);
}

static int read_kv(struct reader *r, struct decoder *dc, struct cdata_kv **arr, size_t *n,
		   size_t *alloc, const char *what)
{
	while (decoder_left(dc)) {
		struct cdata_kv kv;

		kv.key = dup_str(r, dc);
		kv.value = dup_str(r, dc);
		if (dc->failed)
			return corrupt(r, what);
		ALLOC_GROW(*arr, *n + 1, *alloc);
		(*arr)[(*n)++] = kv;
	}
	return 0;
}

static int read_mappings(struct reader *r, struct decoder *dc)
{
	struct cdata_recording *rec = r->rec;

	while (decoder_left(dc)) {
		struct cdata_mapping m;

		m.id = get_u32(dc);
		m.pid = get_u32(dc);
		m.start = get_u64(dc);
		m.end = get_u64(dc);
		m.pgoff = get_u64(dc);
		m.kind = get_u32(dc);
		m.path = dup_str(r, dc);
		m.build_id = dup_str(r, dc);
		if (dc->failed || m.id != rec->nmappings + 1 || m.end < m.start ||
		    m.kind > CDATA_MAP_VDSO)
			return corrupt(r, "mapping");
		ALLOC_GROW(rec->mappings, rec->nmappings + 1, r->mappings_alloc);
		rec->mappings[rec->nmappings++] = m;
	}
	return 0;
}

static int read_threads(struct reader *r, struct decoder *dc)
{
	struct cdata_recording *rec = r->rec;

	while (decoder_left(dc)) {
		struct cdata_thread t;

		t.pid = get_u32(dc);
		t.tid = get_u32(dc);
		t.time = get_u64(dc);
		t.comm = dup_str(r, dc);
		if (dc->failed)
			return corrupt(r, "thread");
		ALLOC_GROW(rec->threads, rec->nthreads + 1, r->threads_alloc);
		rec->threads[rec->nthreads++] = t;
	}
	return 0;
}

static int read_cgroups(struct reader *r, struct decoder *dc)
{
	struct cdata_recording *rec = r->rec;

	while (decoder_left(dc)) {
		struct cdata_cgroup c;

		c.pid = get_u32(dc);
		c.path = dup_str(r, dc);
		c.container = dup_str(r, dc);
		if (dc->failed)
			return corrupt(r, "cgroup");
		ALLOC_GROW(rec->cgroups, rec->ncgroups + 1, r->cgroups_alloc);
		rec->cgroups[rec->ncgroups++] = c;
	}
	return 0;
}

static int read_locations(struct reader *r, struct decoder *dc)
{
	struct cdata_recording *rec = r->rec;

	while (decoder_left(dc)) {
		struct cdata_location l;

		tick(r, dc);
		l.id = get_u32(dc);
		l.mapping_id = get_u32(dc);
		l.address = get_u64(dc);
		if (dc->failed || l.id != rec->nlocations + 1 || l.mapping_id > rec->nmappings)
			return corrupt(r, "location");
		ALLOC_GROW(rec->locations, rec->nlocations + 1, r->locations_alloc);
		rec->locations[rec->nlocations++] = l;
	}
	return 0;
}

static int read_stacks(struct reader *r, struct decoder *dc)
{
	struct cdata_recording *rec = r->rec;

	while (decoder_left(dc)) {
		struct cdata_stack s;
		uint16_t i;

		tick(r, dc);
		s.id = get_u32(dc);
		s.flags = get_u16(dc);
		s.nframes = get_u16(dc);
		if (dc->failed || s.id != rec->nstacks + 1 || s.nframes > CDATA_MAX_FRAMES ||
		    decoder_left(dc) < 4 * (size_t)s.nframes)
			return corrupt(r, "stack");
		s.frames = arena_alloc(r->arena, 4 * (size_t)s.nframes);
		for (i = 0; i < s.nframes; i++) {
			s.frames[i] = get_u32(dc);
			if (!s.frames[i] || s.frames[i] > rec->nlocations)
				return corrupt(r, "stack");
		}
		ALLOC_GROW(rec->stacks, rec->nstacks + 1, r->stacks_alloc);
		rec->stacks[rec->nstacks++] = s;
	}
	return 0;
}

struct fold_key {
	const struct cdata_recording *rec;
	const struct cdata_sample *s;
};

bool cdata_same_stack_thread(const struct cdata_sample *a, const struct cdata_sample *b)
{
	return a->stack_id == b->stack_id && a->pid == b->pid && a->tid == b->tid;
}

uint64_t cdata_stack_thread_hash(const struct cdata_sample *s)
{
	return hash_combine(hash_combine(hash_u64(s->stack_id), s->pid), s->tid);
}

static int folds_into(const void *ctx, size_t pos)
{
	const struct fold_key *k = ctx;

	return cdata_same_stack_thread(&k->rec->samples[pos], k->s);
}

/* S into the samples: appended, or with CDATA_READ_FOLD added to its like */
static void add_sample(struct reader *r, const struct cdata_sample *s)
{
	struct cdata_recording *rec = r->rec;
	uint64_t h = 0;

	if (!rec->nrecorded++ || s->time < rec->first_time)
		rec->first_time = s->time;
	if (s->time > rec->last_time)
		rec->last_time = s->time;
	if (r->flags & CDATA_READ_FOLD) {
		struct fold_key k = { rec, s };
		size_t pos;

		h = cdata_stack_thread_hash(s);
		pos = hashidx_find(&r->folded, h, folds_into, &k);
		if (pos != HASHIDX_NONE) {
			struct cdata_sample *like = &rec->samples[pos];

			like->count++;
			like->period = UINT64_MAX - like->period < s->period ? UINT64_MAX
									    : like->period + s->period;
			return;
		}
		hashidx_insert(&r->folded, h, rec->nsamples);
	}
	ALLOC_GROW(rec->samples, rec->nsamples + 1, r->samples_alloc);
	rec->samples[rec->nsamples++] = *s;
}

static int read_samples(struct reader *r, struct decoder *dc)
{
	struct cdata_recording *rec = r->rec;

	if (decoder_left(dc) % 32)
		return corrupt(r, "sample");
	/* the chunk's size says how many: grow once, not by doubling */
	if (!(r->flags & CDATA_READ_FOLD))
		ALLOC_GROW(rec->samples, rec->nsamples + decoder_left(dc) / 32, r->samples_alloc);
	while (decoder_left(dc)) {
		struct cdata_sample s;

		tick(r, dc);
		s.time = get_u64(dc);
		s.pid = get_u32(dc);
		s.tid = get_u32(dc);
		s.stack_id = get_u32(dc);
		s.cpu = get_u32(dc);
		s.period = get_u64(dc);
		s.count = 1;
		if (dc->failed || s.stack_id > rec->nstacks)
			return corrupt(r, "sample");
		add_sample(r, &s);
	}
	return 0;
}

static int read_functions(struct reader *r, struct decoder *dc)
{
	struct cdata_recording *rec = r->rec;

	while (decoder_left(dc)) {
		struct cdata_function f;

		tick(r, dc);
		f.id = get_u32(dc);
		f.name = dup_str(r, dc);
		f.system_name = dup_str(r, dc);
		f.filename = dup_str(r, dc);
		f.start_line = get_u32(dc);
		if (dc->failed || f.id != rec->nfunctions + 1)
			return corrupt(r, "function");
		ALLOC_GROW(rec->functions, rec->nfunctions + 1, r->functions_alloc);
		rec->functions[rec->nfunctions++] = f;
	}
	return 0;
}

static int read_lines(struct reader *r, struct decoder *dc)
{
	struct cdata_recording *rec = r->rec;

	while (decoder_left(dc)) {
		struct cdata_lines l;
		uint32_t i;

		tick(r, dc);
		l.location_id = get_u32(dc);
		l.nlines = get_u32(dc);
		if (dc->failed || !l.location_id || l.location_id > rec->nlocations ||
		    l.nlines > CDATA_MAX_FRAMES || decoder_left(dc) < 8 * (size_t)l.nlines)
			return corrupt(r, "lines");
		l.lines = arena_alloc(r->arena, 8 * (size_t)l.nlines);
		for (i = 0; i < l.nlines; i++) {
			l.lines[i].function_id = get_u32(dc);
			l.lines[i].line = get_u32(dc);
			if (!l.lines[i].function_id || l.lines[i].function_id > rec->nfunctions)
				return corrupt(r, "lines");
		}
		ALLOC_GROW(rec->lines, rec->nlines + 1, r->lines_alloc);
		rec->lines[rec->nlines++] = l;
	}
	return 0;
}

static int read_mapinfo(struct reader *r, struct decoder *dc)
{
	struct cdata_recording *rec = r->rec;

	while (decoder_left(dc)) {
		struct cdata_mapinfo mi;

		mi.mapping_id = get_u32(dc);
		mi.flags = get_u32(dc);
		if (dc->failed || !mi.mapping_id || mi.mapping_id > rec->nmappings)
			return corrupt(r, "mapping info");
		ALLOC_GROW(rec->mapinfo, rec->nmapinfo + 1, r->mapinfo_alloc);
		rec->mapinfo[rec->nmapinfo++] = mi;
	}
	return 0;
}

static int read_chunk(struct reader *r, uint32_t type, const unsigned char *payload, size_t size)
{
	struct cdata_recording *rec = r->rec;
	struct decoder dc;

	decoder_init(&dc, payload, size);
	switch (type) {
	case CDATA_CHUNK_META:
		return read_kv(r, &dc, &rec->meta, &rec->nmeta, &r->meta_alloc, "meta");
	case CDATA_CHUNK_HEALTH:
		return read_kv(r, &dc, &rec->health, &rec->nhealth, &r->health_alloc, "health");
	case CDATA_CHUNK_MAPPING:
		return read_mappings(r, &dc);
	case CDATA_CHUNK_THREAD:
		return read_threads(r, &dc);
	case CDATA_CHUNK_CGROUP:
		return read_cgroups(r, &dc);
	case CDATA_CHUNK_LOCATION:
		return read_locations(r, &dc);
	case CDATA_CHUNK_STACK:
		return read_stacks(r, &dc);
	case CDATA_CHUNK_SAMPLE:
		return read_samples(r, &dc);
	case CDATA_CHUNK_FUNCTION:
		return read_functions(r, &dc);
	case CDATA_CHUNK_LINES:
		return read_lines(r, &dc);
	case CDATA_CHUNK_MAPINFO:
		return read_mapinfo(r, &dc);
	case CDATA_CHUNK_END:
		rec->complete = true;
		return 0;
	default:
		return 0; /* a newer writer's chunk: skip it */
	}
}

static int read_all(struct reader *r, const void *data, size_t size)
{
	struct cdata_recording *rec = r->rec;
	struct diag *d = r->d;
	struct decoder dc;
	uint32_t header_size;

	if (size < 8 || memcmp(data, CDATA_MAGIC, 8))
		return diag_set(d, "not a cprof recording (bad magic)");
	if (size < CDATA_HEADER_SIZE)
		return diag_set(d, "recording is truncated: only %zu bytes of header", size);
	decoder_init(&dc, (const unsigned char *)data + 8, size - 8);
	rec->version = get_u32(&dc);
	header_size = get_u32(&dc);
	if (rec->version == 0 || rec->version > CDATA_VERSION)
		return diag_set(d, "recording has format version %u; this cprof reads up to %u",
				rec->version, CDATA_VERSION);
	if (header_size < CDATA_HEADER_SIZE || header_size > size)
		return diag_set(d, "corrupt recording: bad header size %u", header_size);

	decoder_init(&dc, (const unsigned char *)data + header_size, size - header_size);
	rec->valid_bytes = header_size;
	while (decoder_left(&dc) && !rec->complete) {
		uint32_t type, csize, crc;

		r->chunk_offset = size - decoder_left(&dc);
		if (decoder_left(&dc) < CDATA_CHUNK_HEADER_SIZE) {
			rec->truncated = true;
			break;
		}
		type = get_u32(&dc);
		csize = get_u32(&dc);
		crc = get_u32(&dc);
		get_u32(&dc);
		if (csize > CDATA_MAX_CHUNK)
			return corrupt(r, "oversized");
		if (decoder_left(&dc) < csize ||
		    crc != (uint32_t)crc32(crc32(0, NULL, 0), dc.p, (uInt)csize)) {
			/* the writer died in this chunk: keep what came before */
			rec->truncated = true;
			break;
		}
		if (read_chunk(r, type, dc.p, csize) < 0)
			return -1;
		dc.p += csize;
		rec->valid_bytes = size - decoder_left(&dc);
		progress_update(r->progress, rec->valid_bytes);
	}
	if (!rec->complete)
		rec->truncated = true;
	progress_update(r->progress, size);
	return 0;
}

int cdata_read_named(const void *data, size_t size, const char *name, unsigned flags,
		     const struct progress_target *progress, struct cdata_recording *rec,
		     struct diag *d)
{
	struct reader r = { .rec = rec, .d = d, .base = data, .flags = flags };
	struct strbuf title = STRBUF_INIT;
	int ret;

	memset(rec, 0, sizeof(*rec));
	d->offset = -1;
	r.arena = xcalloc(1, sizeof(*r.arena));
	arena_init(r.arena);
	rec->priv = r.arena;

	strbuf_addstr(&title, "Reading ");
	strbuf_addstr(&title, name ? name : "recording");
	r.progress = progress_start_bytes(progress, title.buf, size);
	strbuf_release(&title);
	hashidx_init(&r.folded);
	ret = read_all(&r, data, size);
	hashidx_release(&r.folded);
	progress_stop(&r.progress);
	return ret;
}

int cdata_read_buffer(const void *data, size_t size, struct cdata_recording *rec, struct diag *d)
{
	return cdata_read_named(data, size, NULL, 0, NULL, rec, d);
}

int cdata_read_file(const char *path, const struct progress_target *progress,
		    struct cdata_recording *rec, struct diag *d)
{
	struct strbuf sb = STRBUF_INIT;
	struct stat st;
	int fd, ret;

	memset(rec, 0, sizeof(*rec));
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return diag_set(d, "cannot open '%s': %s", path, strerror(errno));
	/*
	 * A mapping spares a copy, and the reader's progress then counts
	 * the disk reads as the pages come in.
	 */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0) {
		void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);

		if (map != MAP_FAILED) {
			close(fd);
			ret = cdata_read_named(map, (size_t)st.st_size, path, 0, progress, rec, d);
			munmap(map, (size_t)st.st_size);
			return ret;
		}
	}
	if (strbuf_read_fd(&sb, fd) < 0) {
		ret = diag_set(d, "cannot read '%s': %s", path, strerror(errno));
		close(fd);
		strbuf_release(&sb);
		return ret;
	}
	close(fd);
	ret = cdata_read_named(sb.buf, sb.len, path, 0, progress, rec, d);
	strbuf_release(&sb);
	return ret;
}

void cdata_recording_release(struct cdata_recording *rec)
{
	free(rec->meta);
	free(rec->health);
	free(rec->mappings);
	free(rec->threads);
	free(rec->cgroups);
	free(rec->locations);
	free(rec->stacks);
	free(rec->samples);
	free(rec->functions);
	free(rec->lines);
	free(rec->mapinfo);
	if (rec->priv) {
		arena_release(rec->priv);
		free(rec->priv);
	}
	memset(rec, 0, sizeof(*rec));
}

static const char *kv_find(const struct cdata_kv *kv, size_t n, const char *key)
{
	size_t i;

	/* the last value wins, so a writer can correct an earlier one */
	for (i = n; i-- > 0;)
		if (!strcmp(kv[i].key, key))
			return kv[i].value;
	return NULL;
}

const char *cdata_meta(const struct cdata_recording *rec, const char *key)
{
	return kv_find(rec->meta, rec->nmeta, key);
}

const char *cdata_health(const struct cdata_recording *rec, const char *key)
{
	return kv_find(rec->health, rec->nhealth, key);
}
