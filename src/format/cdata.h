/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * cprof.data, the recording format (doc/cprof-data.5 is the reference).
 *
 * A 32-byte header, then chunks. Each chunk is a 16-byte header
 * {u32 type, u32 size, u32 crc32, u32 reserved} and SIZE bytes of payload
 * holding records of one type. Little-endian throughout. A reader stops
 * at the first chunk that is incomplete or fails its checksum, so a
 * recording whose writer died still reads up to its last complete chunk;
 * an END chunk marks a recording that was finished. Unknown chunk types
 * are skipped, so the format can grow.
 */
#ifndef CPROF_FORMAT_CDATA_H
#define CPROF_FORMAT_CDATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "util/progress.h"
#include "util/usage.h"

#define CDATA_MAGIC "CPROFDAT"
#define CDATA_VERSION 1
#define CDATA_HEADER_SIZE 32
#define CDATA_CHUNK_HEADER_SIZE 16
#define CDATA_MAX_CHUNK (64u << 20)
#define CDATA_MAX_FRAMES 1024

enum cdata_chunk_type {
	CDATA_CHUNK_META = 1,     /* string key, string value */
	CDATA_CHUNK_MAPPING = 2,  /* struct cdata_mapping */
	CDATA_CHUNK_THREAD = 3,   /* struct cdata_thread */
	CDATA_CHUNK_LOCATION = 4, /* u32 id, u32 mapping id, u64 address */
	CDATA_CHUNK_STACK = 5,    /* u32 id, u16 flags, u16 n, u32 location ids[n] */
	CDATA_CHUNK_SAMPLE = 6,   /* struct cdata_sample, 32 bytes each */
	CDATA_CHUNK_FUNCTION = 7, /* u32 id, name, system name, file, u32 line */
	CDATA_CHUNK_LINES = 8,    /* u32 location id, u32 n, {u32 function, u32 line}[n] */
	CDATA_CHUNK_MAPINFO = 9,  /* u32 mapping id, u32 flags */
	CDATA_CHUNK_HEALTH = 10,  /* string key, string value */
	CDATA_CHUNK_END = 11,     /* empty */
	CDATA_CHUNK_CGROUP = 12,  /* u32 pid, cgroup path, container id */
};

/* stack flags */
#define CDATA_STACK_TRUNCATED 0x1 /* the unwinder stopped before a root frame */

/* mapping kinds */
enum cdata_mapping_kind {
	CDATA_MAP_USER = 0,
	CDATA_MAP_KERNEL = 1,
	CDATA_MAP_VDSO = 2,
};

/* mapping info flags, written when symbols are resolved */
#define CDATA_MAPINFO_SYMBOLS 0x1      /* names were found */
#define CDATA_MAPINFO_LINES 0x2        /* file:line were found */
#define CDATA_MAPINFO_UNWIND 0x4       /* the file has .eh_frame or .debug_frame */
#define CDATA_MAPINFO_MISMATCH 0x8     /* the file on disk has another build-id */
#define CDATA_MAPINFO_MISSING 0x10     /* the file could not be opened */

struct cdata_mapping {
	uint32_t id;
	uint32_t pid;
	uint64_t start, end, pgoff;
	uint32_t kind;
	const char *path;
	const char *build_id; /* hex, or "" */
};

struct cdata_thread {
	uint32_t pid, tid;
	uint64_t time;
	const char *comm;
};

/* the control group a process was in, and the container it names if any */
struct cdata_cgroup {
	uint32_t pid;
	const char *path;      /* "/system.slice/foo.service", or "" */
	const char *container; /* a container runtime's id in the path, or "" */
};

struct cdata_sample {
	uint64_t time;
	uint32_t pid, tid;
	uint32_t stack_id;
	uint32_t cpu;
	uint64_t period;
	/* read only: how many recorded samples this stands for (see CDATA_READ_FOLD) */
	uint64_t count;
};

struct cdata_location {
	uint32_t id;
	uint32_t mapping_id;
	uint64_t address;
};

struct cdata_stack {
	uint32_t id;
	uint16_t flags;
	uint16_t nframes;
	uint32_t *frames; /* location ids, leaf first */
};

struct cdata_function {
	uint32_t id;
	const char *name, *system_name, *filename;
	uint32_t start_line;
};

struct cdata_line {
	uint32_t function_id;
	uint32_t line;
};

struct cdata_lines {
	uint32_t location_id;
	uint32_t nlines;
	struct cdata_line *lines; /* innermost first */
};

struct cdata_kv {
	const char *key, *value;
};

struct cdata_mapinfo {
	uint32_t mapping_id;
	uint32_t flags;
};

/* ---- writing ---- */

struct cdata_writer;

/* Create FILE (truncating it) and write the header. NULL with D filled. */
struct cdata_writer *cdata_writer_open(const char *path, struct diag *d);
/* The same on FP (taken over, closed by finish or abort): open_memstream(3), say. */
struct cdata_writer *cdata_writer_open_stream(FILE *fp, struct diag *d);
/*
 * Queue records; they reach the file at the next cdata_writer_flush(),
 * which writes one chunk per type in dependency order (mappings, threads,
 * locations, stacks, samples), so every complete prefix is consistent.
 */
void cdata_write_meta(struct cdata_writer *w, const char *key, const char *value);
void cdata_write_mapping(struct cdata_writer *w, const struct cdata_mapping *m);
void cdata_write_thread(struct cdata_writer *w, const struct cdata_thread *t);
void cdata_write_cgroup(struct cdata_writer *w, const struct cdata_cgroup *c);
void cdata_write_location(struct cdata_writer *w, const struct cdata_location *l);
void cdata_write_stack(struct cdata_writer *w, uint32_t id, uint16_t flags, const uint32_t *frames,
		       uint16_t nframes);
void cdata_write_sample(struct cdata_writer *w, const struct cdata_sample *s);
void cdata_write_function(struct cdata_writer *w, const struct cdata_function *f);
void cdata_write_lines(struct cdata_writer *w, uint32_t location_id, const struct cdata_line *lines,
		       uint32_t nlines);
void cdata_write_mapinfo(struct cdata_writer *w, uint32_t mapping_id, uint32_t flags);
void cdata_write_health(struct cdata_writer *w, const char *key, const char *value);
/* the number of samples queued but not flushed */
size_t cdata_writer_pending_samples(const struct cdata_writer *w);
int cdata_writer_flush(struct cdata_writer *w, struct diag *d);
/* Flush, write the END chunk and close. 0, or -1 with D filled. */
int cdata_writer_finish(struct cdata_writer *w, struct diag *d);
/* Close without END (used when recording failed). */
void cdata_writer_abort(struct cdata_writer *w);
uint64_t cdata_writer_bytes(const struct cdata_writer *w);

/* ---- reading ---- */

struct cdata_recording {
	uint32_t version;
	bool complete;       /* the END chunk was read */
	bool truncated;      /* stopped at an incomplete or damaged chunk */
	uint64_t valid_bytes; /* bytes read up to the last complete chunk */

	struct cdata_kv *meta;
	size_t nmeta;
	struct cdata_kv *health;
	size_t nhealth;
	struct cdata_mapping *mappings;
	size_t nmappings;
	struct cdata_thread *threads;
	size_t nthreads;
	struct cdata_cgroup *cgroups; /* the last for a pid wins */
	size_t ncgroups;
	struct cdata_location *locations;
	size_t nlocations;
	struct cdata_stack *stacks;
	size_t nstacks;
	struct cdata_sample *samples;
	size_t nsamples;
	uint64_t nrecorded;              /* samples in the file: nsamples unless folded */
	uint64_t first_time, last_time; /* the earliest and latest sample times */
	struct cdata_function *functions;
	size_t nfunctions;
	struct cdata_lines *lines;
	size_t nlines;
	struct cdata_mapinfo *mapinfo;
	size_t nmapinfo;

	/* storage for the above */
	void *priv;
};

/*
 * Read a recording from a memory buffer or a file. Bad input gives -1 and
 * D; a recording cut short reads to its last complete chunk and sets
 * TRUNCATED. Ids are checked: every reference points at a record that
 * came before it.
 */
int cdata_read_buffer(const void *data, size_t size, struct cdata_recording *rec, struct diag *d);
int cdata_read_file(const char *path, const struct progress_target *progress,
		    struct cdata_recording *rec, struct diag *d);
/*
 * cdata_read_buffer() for input read from NAME. Reading shows a
 * progress meter on PROGRESS (util/progress.h; NULL: silent, as
 * cdata_read_buffer() is), titled "Reading NAME" ("Reading recording"
 * when NAME is NULL; cdata_read_file() names its path).
 */
int cdata_read_named(const void *data, size_t size, const char *name, unsigned flags,
		     const struct progress_target *progress, struct cdata_recording *rec,
		     struct diag *d);
/*
 * A flag of cdata_read_named(): fold the samples of one stack in one
 * thread into one, its count and period summed and the first one's time
 * and CPU kept. For readers that need no per-sample times, this spares
 * holding every sample (32 bytes each) in memory.
 */
#define CDATA_READ_FOLD 1u
/* samples of the same stack in the same thread, and a hash that agrees */
bool cdata_same_stack_thread(const struct cdata_sample *a, const struct cdata_sample *b);
uint64_t cdata_stack_thread_hash(const struct cdata_sample *s);
void cdata_recording_release(struct cdata_recording *rec);

/* the META or HEALTH value for KEY, or NULL */
const char *cdata_meta(const struct cdata_recording *rec, const char *key);
const char *cdata_health(const struct cdata_recording *rec, const char *key);

/* does the buffer start like a recording? */
bool cdata_sniff(const void *data, size_t size);

#endif
