/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "profile/profile.h"
#include "util/xalloc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void profile_init(struct profile *p)
{
	memset(p, 0, sizeof(*p));
	arena_init(&p->arena);
	hashidx_init(&p->string_index);
	hashidx_init(&p->function_index);
	p->default_sample_type = profile_intern(p, "");
	p->period_type.type = p->period_type.unit = p->default_sample_type;
}

void profile_release(struct profile *p)
{
	free(p->samples);
	free(p->mappings);
	free(p->locations);
	free(p->functions);
	free(p->comments);
	free(p->attrs);
	free(p->strings);
	hashidx_release(&p->string_index);
	hashidx_release(&p->function_index);
	arena_release(&p->arena);
	memset(p, 0, sizeof(*p));
}

struct str_key {
	const struct profile *p;
	const char *s;
	size_t len;
};

static int str_eq(const void *ctx, size_t pos)
{
	const struct str_key *k = ctx;
	const char *t = k->p->strings[pos];

	return !strncmp(t, k->s, k->len) && t[k->len] == '\0';
}

const char *profile_intern_n(struct profile *p, const char *s, size_t len)
{
	struct str_key key = { p, s ? s : "", s ? len : 0 };
	uint64_t h = hash_bytes(key.s, key.len, 0);
	size_t pos = hashidx_find(&p->string_index, h, str_eq, &key);
	char *copy;

	if (pos != HASHIDX_NONE)
		return p->strings[pos];
	copy = arena_strndup(&p->arena, key.s, key.len);
	ALLOC_GROW(p->strings, p->nstrings + 1, p->strings_alloc);
	p->strings[p->nstrings] = copy;
	hashidx_insert(&p->string_index, h, p->nstrings++);
	return copy;
}

const char *profile_intern(struct profile *p, const char *s)
{
	return profile_intern_n(p, s, s ? strlen(s) : 0);
}

void profile_set_types(struct profile *p, size_t ntypes, const struct profile_value_type *types)
{
	size_t i;

	p->types = arena_alloc(&p->arena, st_mult(ntypes, sizeof(*p->types)));
	p->ntypes = ntypes;
	for (i = 0; i < ntypes; i++) {
		p->types[i].type = profile_intern(p, types[i].type);
		p->types[i].unit = profile_intern(p, types[i].unit);
	}
}

static int func_eq(const void *ctx, size_t pos)
{
	const struct profile_function *k = ((const struct profile_function *const *)ctx)[0];
	const struct profile *p = ((const struct profile *const *)ctx)[1];
	const struct profile_function *f = p->functions[pos];

	return f->name == k->name && f->system_name == k->system_name &&
	       f->filename == k->filename && f->start_line == k->start_line;
}

static uint64_t function_hash(const struct profile_function *f)
{
	return hash_combine(hash_combine(hash_u64((uintptr_t)f->name), (uintptr_t)f->system_name),
			    hash_combine((uintptr_t)f->filename, (uint64_t)f->start_line));
}

const struct profile_function *profile_function(struct profile *p, const char *name,
						const char *system_name, const char *filename,
						int64_t start_line)
{
	struct profile_function key, *f;
	const void *ctx[2] = { &key, p };
	uint64_t h;
	size_t pos;

	key.name = profile_intern(p, name);
	key.system_name = profile_intern(p, system_name ? system_name : name);
	key.filename = profile_intern(p, filename);
	key.start_line = start_line;
	h = function_hash(&key);
	pos = hashidx_find(&p->function_index, h, func_eq, ctx);
	if (pos != HASHIDX_NONE)
		return p->functions[pos];
	f = arena_memdup(&p->arena, &key, sizeof(key));
	ALLOC_GROW(p->functions, p->nfunctions + 1, p->functions_alloc);
	p->functions[p->nfunctions] = f;
	f->id = p->nfunctions + 1;
	hashidx_insert(&p->function_index, h, p->nfunctions++);
	return f;
}

const struct profile_function *profile_add_function(struct profile *p, const char *name,
						    const char *system_name, const char *filename,
						    int64_t start_line)
{
	struct profile_function *f = arena_alloc(&p->arena, sizeof(*f));

	f->name = profile_intern(p, name);
	f->system_name = profile_intern(p, system_name ? system_name : name);
	f->filename = profile_intern(p, filename);
	f->start_line = start_line;
	ALLOC_GROW(p->functions, p->nfunctions + 1, p->functions_alloc);
	p->functions[p->nfunctions++] = f;
	f->id = p->nfunctions;
	return f;
}

struct profile_mapping *profile_add_mapping(struct profile *p, const struct profile_mapping *m)
{
	struct profile_mapping *c = arena_memdup(&p->arena, m, sizeof(*m));

	c->file = profile_intern(p, m->file);
	c->build_id = profile_intern(p, m->build_id);
	ALLOC_GROW(p->mappings, p->nmappings + 1, p->mappings_alloc);
	p->mappings[p->nmappings++] = c;
	c->id = p->nmappings;
	return c;
}

struct profile_location *profile_add_location(struct profile *p, const struct profile_mapping *m,
					      uint64_t address, const struct profile_line *lines,
					      size_t nlines)
{
	struct profile_location *l = arena_alloc(&p->arena, sizeof(*l));

	l->mapping = m;
	l->address = address;
	l->nlines = nlines;
	l->lines = arena_memdup(&p->arena, lines, st_mult(nlines, sizeof(*lines)));
	ALLOC_GROW(p->locations, p->nlocations + 1, p->locations_alloc);
	p->locations[p->nlocations++] = l;
	l->id = p->nlocations;
	return l;
}

static struct profile_sample *append_sample(struct profile *p, struct profile_sample *s)
{
	ALLOC_GROW(p->samples, p->nsamples + 1, p->samples_alloc);
	p->samples[p->nsamples++] = s;
	return s;
}

struct profile_sample *profile_add_sample(struct profile *p, const struct profile_location **locs,
					  size_t nlocs, const int64_t *values,
					  const struct profile_label *labels, size_t nlabels)
{
	struct profile_sample *s = arena_alloc(&p->arena, sizeof(*s));
	size_t i;

	s->nlocs = nlocs;
	s->locs = arena_memdup(&p->arena, locs, st_mult(nlocs, sizeof(*locs)));
	s->values = arena_memdup(&p->arena, values, st_mult(p->ntypes, sizeof(*values)));
	s->nlabels = nlabels;
	s->labels = arena_memdup(&p->arena, labels, st_mult(nlabels, sizeof(*labels)));
	for (i = 0; i < nlabels; i++) {
		s->labels[i].key = profile_intern(p, labels[i].key);
		if (labels[i].str)
			s->labels[i].str = profile_intern(p, labels[i].str);
		if (labels[i].num_unit)
			s->labels[i].num_unit = profile_intern(p, labels[i].num_unit);
	}
	return append_sample(p, s);
}

struct profile_sample *profile_add_sample_like(struct profile *p,
					       const struct profile_sample *like,
					       const int64_t *values)
{
	struct profile_sample *s = arena_alloc(&p->arena, sizeof(*s));

	*s = *like;
	s->values = arena_memdup(&p->arena, values, st_mult(p->ntypes, sizeof(*values)));
	s->time_ns = 0;
	return append_sample(p, s);
}

/*
 * Keep the entries of TABLE (N of them) whose ID is marked in USED,
 * renumbering ids; entries are structs whose first field is the id.
 */
#define COMPACT_TABLE(table, n, used)                                          \
	do {                                                                   \
		size_t kept_ = 0, k_;                                          \
		for (k_ = 0; k_ < (n); k_++)                                   \
			if ((used)[k_]) {                                      \
				(table)[kept_] = (table)[k_];                  \
				(table)[kept_]->id = kept_ + 1;                \
				kept_++;                                       \
			}                                                      \
		(n) = kept_;                                                   \
	} while (0)

void profile_compact(struct profile *p)
{
	bool *loc_used = xcalloc(p->nlocations + 1, sizeof(bool));
	bool *fn_used = xcalloc(p->nfunctions + 1, sizeof(bool));
	bool *map_used = xcalloc(p->nmappings + 1, sizeof(bool));
	size_t i, j;

	/* ids are positions, so they index the marks */
	for (i = 0; i < p->nsamples; i++)
		for (j = 0; j < p->samples[i]->nlocs; j++)
			loc_used[p->samples[i]->locs[j]->id - 1] = true;
	for (i = 0; i < p->nlocations; i++) {
		const struct profile_location *l = p->locations[i];

		if (!loc_used[i])
			continue;
		if (l->mapping)
			map_used[l->mapping->id - 1] = true;
		for (j = 0; j < l->nlines; j++)
			fn_used[l->lines[j].function->id - 1] = true;
	}
	COMPACT_TABLE(p->locations, p->nlocations, loc_used);
	COMPACT_TABLE(p->functions, p->nfunctions, fn_used);
	COMPACT_TABLE(p->mappings, p->nmappings, map_used);
	hashidx_release(&p->function_index);
	hashidx_init(&p->function_index);
	for (i = 0; i < p->nfunctions; i++)
		hashidx_insert(&p->function_index, function_hash(p->functions[i]), i);
	free(loc_used);
	free(fn_used);
	free(map_used);
}

void profile_set_attr(struct profile *p, const char *key, const char *value)
{
	size_t i;

	key = profile_intern(p, key);
	value = profile_intern(p, value);
	for (i = 0; i < p->nattrs; i++)
		if (p->attrs[i].key == key) {
			p->attrs[i].value = value;
			return;
		}
	ALLOC_GROW(p->attrs, p->nattrs + 1, p->attrs_alloc);
	p->attrs[p->nattrs].key = key;
	p->attrs[p->nattrs++].value = value;
}

const char *profile_attr(const struct profile *p, const char *key)
{
	size_t i;

	for (i = 0; i < p->nattrs; i++)
		if (!strcmp(p->attrs[i].key, key))
			return p->attrs[i].value;
	return NULL;
}

void profile_add_comment(struct profile *p, const char *comment)
{
	ALLOC_GROW(p->comments, p->ncomments + 1, p->comments_alloc);
	p->comments[p->ncomments++] = profile_intern(p, comment);
}

int profile_type_index(const struct profile *p, const char *type)
{
	size_t i;

	for (i = 0; i < p->ntypes; i++)
		if (!strcmp(p->types[i].type, type))
			return (int)i;
	return -1;
}

int profile_value_index(const struct profile *p, const char *spec, struct diag *d)
{
	char *end;
	long n;
	int i;

	if (!p->ntypes)
		return spec ? diag_set(d, "the profile has no sample types") : 0;
	if (!spec) {
		if ((i = profile_type_index(p, "samples")) >= 0)
			return i;
		if (*p->default_sample_type && (i = profile_type_index(p, p->default_sample_type)) >= 0)
			return i;
		return (int)p->ntypes - 1;
	}
	n = strtol(spec, &end, 10);
	if (*spec && !*end) {
		if (n < 0 || (size_t)n >= p->ntypes)
			return diag_set(d, "sample index %ld is out of range (0 to %zu)", n,
					p->ntypes - 1);
		return (int)n;
	}
	if ((i = profile_type_index(p, spec)) >= 0)
		return i;
	{
		char list[256] = "";
		size_t k;

		for (k = 0; k < p->ntypes; k++)
			snprintf(list + strlen(list), sizeof(list) - strlen(list), "%s%s",
				 k ? ", " : "", p->types[k].type);
		return diag_set(d, "no sample type '%s' (the profile has: %s)", spec, list);
	}
}

int64_t profile_sample_num_label(const struct profile_sample *s, const char *key, int64_t def)
{
	size_t i;

	for (i = 0; i < s->nlabels; i++)
		if (!s->labels[i].str && !strcmp(s->labels[i].key, key))
			return s->labels[i].num;
	return def;
}

const char *profile_sample_str_label(const struct profile_sample *s, const char *key)
{
	size_t i;

	for (i = 0; i < s->nlabels; i++)
		if (s->labels[i].str && !strcmp(s->labels[i].key, key))
			return s->labels[i].str;
	return NULL;
}

int profile_check(const struct profile *p, struct diag *d)
{
	size_t i, j;

	if (!p->ntypes && p->nsamples)
		return diag_set(d, "profile has samples but no sample types");
	for (i = 0; i < p->nfunctions; i++)
		if (p->functions[i]->id != i + 1 || !p->functions[i]->name)
			return diag_set(d, "function %zu is malformed", i + 1);
	for (i = 0; i < p->nmappings; i++)
		if (p->mappings[i]->id != i + 1)
			return diag_set(d, "mapping %zu has id %llu", i + 1,
					(unsigned long long)p->mappings[i]->id);
	for (i = 0; i < p->nlocations; i++) {
		const struct profile_location *l = p->locations[i];

		if (l->id != i + 1)
			return diag_set(d, "location %zu has id %llu", i + 1,
					(unsigned long long)l->id);
		if (l->mapping && (l->mapping->id == 0 || l->mapping->id > p->nmappings ||
				   p->mappings[l->mapping->id - 1] != l->mapping))
			return diag_set(d, "location %zu points to a foreign mapping", i + 1);
		for (j = 0; j < l->nlines; j++) {
			const struct profile_function *f = l->lines[j].function;

			if (!f || f->id == 0 || f->id > p->nfunctions || p->functions[f->id - 1] != f)
				return diag_set(d, "location %zu line %zu has no valid function",
						i + 1, j);
		}
	}
	for (i = 0; i < p->nsamples; i++) {
		const struct profile_sample *s = p->samples[i];

		for (j = 0; j < s->nlocs; j++) {
			const struct profile_location *l = s->locs[j];

			if (!l || l->id == 0 || l->id > p->nlocations || p->locations[l->id - 1] != l)
				return diag_set(d, "sample %zu frame %zu has no valid location", i, j);
		}
		for (j = 0; j < s->nlabels; j++)
			if (!s->labels[j].key)
				return diag_set(d, "sample %zu label %zu has no key", i, j);
	}
	return 0;
}
