/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The in-memory profile model, shaped like pprof's Profile. Every input
 * (recordings, pprof, folded stacks) becomes a struct profile, and every
 * output reads one. No I/O and no printing here.
 *
 * Links are pointers and strings are interned (equal strings are equal
 * pointers); numeric ids exist for encoders and are the 1-based position
 * in each table. Stacks are leaf first; a location's lines are innermost
 * first (more than one line = inlined frames).
 */
#ifndef CPROF_PROFILE_PROFILE_H
#define CPROF_PROFILE_PROFILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "util/arena.h"
#include "util/hashidx.h"
#include "util/usage.h"

struct profile_value_type {
	const char *type; /* "samples", "cpu", ... */
	const char *unit; /* "count", "nanoseconds", ... */
};

struct profile_function {
	uint64_t id;
	const char *name;        /* demangled, human-readable */
	const char *system_name; /* as in the symbol table */
	const char *filename;    /* source file, or "" */
	int64_t start_line;
};

enum profile_mapping_kind {
	PROFILE_MAPPING_USER = 0,
	PROFILE_MAPPING_KERNEL,
};

struct profile_mapping {
	uint64_t id;
	uint64_t start, limit, offset;
	const char *file;     /* path, "[vdso]", "[kernel.kallsyms]", or "" */
	const char *build_id; /* hex, or "" */
	enum profile_mapping_kind kind;
	uint32_t pid;         /* the process that mapped it, or 0 (not in pprof) */
	bool has_functions, has_filenames, has_line_numbers, has_inline_frames;
};

struct profile_line {
	const struct profile_function *function;
	int64_t line;
	int64_t column;
};

struct profile_location {
	uint64_t id;
	const struct profile_mapping *mapping; /* may be NULL */
	uint64_t address;
	size_t nlines;
	struct profile_line *lines; /* innermost (inlined) first */
};

struct profile_label {
	const char *key;
	const char *str;      /* NULL for a numeric label */
	int64_t num;
	const char *num_unit; /* may be NULL */
};

struct profile_sample {
	size_t nlocs;
	const struct profile_location **locs; /* leaf first */
	int64_t *values;                      /* one per sample type */
	size_t nlabels;
	struct profile_label *labels;
	int64_t time_ns; /* when it was taken (CLOCK_MONOTONIC), or 0 */
};

/*
 * Where the samples' times (time_ns) stand on the wall clock: a
 * recording's are CLOCK_MONOTONIC, an OTLP payload's Unix time.
 */
struct profile_time_origin {
	bool known;
	int64_t unix_ns; /* the Unix time (ns since the epoch) of time_ns == 0 */
};

/* free-form facts about where a profile came from: "command", "event", ... */
struct profile_attr {
	const char *key;
	const char *value;
};

struct profile {
	struct arena arena;

	size_t ntypes;
	struct profile_value_type *types;
	const char *default_sample_type;

	struct profile_sample **samples;
	size_t nsamples, samples_alloc;

	struct profile_mapping **mappings;
	size_t nmappings, mappings_alloc;

	struct profile_location **locations;
	size_t nlocations, locations_alloc;

	struct profile_function **functions;
	size_t nfunctions, functions_alloc;

	struct profile_value_type period_type;
	int64_t period;
	int64_t time_nanos;     /* wall-clock start, ns since the epoch */
	int64_t duration_nanos;
	struct profile_time_origin sample_time_origin;

	const char **comments;
	size_t ncomments, comments_alloc;

	struct profile_attr *attrs;
	size_t nattrs, attrs_alloc;

	/* interning */
	const char **strings;
	size_t nstrings, strings_alloc;
	struct hashidx string_index;
	struct hashidx function_index;
};

void profile_init(struct profile *p);
void profile_release(struct profile *p);

/* The interned copy of S (of LEN bytes); "" for NULL. */
const char *profile_intern_n(struct profile *p, const char *s, size_t len);
const char *profile_intern(struct profile *p, const char *s);

/* Set the sample types: pairs of type and unit strings. */
void profile_set_types(struct profile *p, size_t ntypes, const struct profile_value_type *types);

/* The function with these fields, added if new. Strings need not be interned. */
const struct profile_function *profile_function(struct profile *p, const char *name,
						const char *system_name, const char *filename,
						int64_t start_line);

/* a function added as it is, even if an equal one exists (readers keeping every id) */
const struct profile_function *profile_add_function(struct profile *p, const char *name,
						    const char *system_name, const char *filename,
						    int64_t start_line);

struct profile_mapping *profile_add_mapping(struct profile *p, const struct profile_mapping *m);
/* LINES is copied */
struct profile_location *profile_add_location(struct profile *p, const struct profile_mapping *m,
					      uint64_t address, const struct profile_line *lines,
					      size_t nlines);
/* LOCS, VALUES and LABELS are copied; VALUES has one entry per sample type. */
struct profile_sample *profile_add_sample(struct profile *p, const struct profile_location **locs,
					  size_t nlocs, const int64_t *values,
					  const struct profile_label *labels, size_t nlabels);
/*
 * A sample with LIKE's stack and labels (shared, not copied: neither is
 * changed in place once added) and its own VALUES: for the many samples
 * of one stack that keep their own times.
 */
struct profile_sample *profile_add_sample_like(struct profile *p,
					       const struct profile_sample *like,
					       const int64_t *values);

/*
 * Drop the locations, functions and mappings that no sample uses any
 * more (after filtering), renumbering the ids of the rest.
 */
void profile_compact(struct profile *p);

/*
 * The attr "symbols": a reader whose input holds addresses but no names
 * (a recording cut short) says so, for the symbolization pass.
 */
#define PROFILE_ATTR_SYMBOLS "symbols"
#define PROFILE_SYMBOLS_NOT_STORED "not stored"
#define PROFILE_SYMBOLS_RESOLVED_NOW "resolved at report time"

void profile_set_attr(struct profile *p, const char *key, const char *value);
/* the value, or NULL */
const char *profile_attr(const struct profile *p, const char *key);
void profile_add_comment(struct profile *p, const char *comment);

/* index of the sample type named TYPE, or -1 */
int profile_type_index(const struct profile *p, const char *type);

/*
 * The sample value that outputs show, as pprof's -sample_index: SPEC is
 * a type name or an index. Without SPEC: "samples" where there is one
 * (recordings, Go CPU profiles), else default_sample_type, else the last
 * type (pprof's rule). -1 with D filled when SPEC names nothing.
 */
int profile_value_index(const struct profile *p, const char *spec, struct diag *d);

/* the numeric label KEY of S, or DEF; the string label KEY, or NULL */
int64_t profile_sample_num_label(const struct profile_sample *s, const char *key, int64_t def);
const char *profile_sample_str_label(const struct profile_sample *s, const char *key);

/*
 * Check the model's invariants, as pprof's CheckValid does: every sample
 * has one value per type, every pointer points into this profile's tables,
 * ids are their positions. 0, or -1 with D filled.
 */
int profile_check(const struct profile *p, struct diag *d);

#endif
