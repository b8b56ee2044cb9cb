/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "format/pprof.h"
#include "format/strtab.h"
#include "profile.pb-c.h"
#include "util/escape.h"
#include "util/gzip.h"
#include "util/hashidx.h"
#include "util/xalloc.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

typedef Perftools__Profiles__Profile PbProfile;
typedef Perftools__Profiles__ValueType PbValueType;
typedef Perftools__Profiles__Sample PbSample;
typedef Perftools__Profiles__Label PbLabel;
typedef Perftools__Profiles__Mapping PbMapping;
typedef Perftools__Profiles__Location PbLocation;
typedef Perftools__Profiles__Line PbLine;
typedef Perftools__Profiles__Function PbFunction;

#define ATTR_PREFIX "cprof."

/* ---- writing ---- */

void pprof_encode(const struct profile *p, struct strbuf *out)
{
	PbProfile pb = PERFTOOLS__PROFILES__PROFILE__INIT;
	PbValueType *types = xcalloc(p->ntypes + 1, sizeof(*types)), period_type;
	PbSample *samples = xcalloc(p->nsamples + 1, sizeof(*samples));
	PbSample **sample_ptrs = xcalloc(p->nsamples + 1, sizeof(*sample_ptrs));
	PbMapping *maps = xcalloc(p->nmappings + 1, sizeof(*maps));
	PbMapping **map_ptrs = xcalloc(p->nmappings + 1, sizeof(*map_ptrs));
	PbLocation *locs = xcalloc(p->nlocations + 1, sizeof(*locs));
	PbLocation **loc_ptrs = xcalloc(p->nlocations + 1, sizeof(*loc_ptrs));
	PbFunction *funcs = xcalloc(p->nfunctions + 1, sizeof(*funcs));
	PbFunction **func_ptrs = xcalloc(p->nfunctions + 1, sizeof(*func_ptrs));
	PbValueType **type_ptrs = xcalloc(p->ntypes + 1, sizeof(*type_ptrs));
	int64_t *comments = xcalloc(p->ncomments + p->nattrs + 1, sizeof(*comments));
	struct strtab t;
	size_t i, j, nlines = 0, nlabels = 0, nc = 0;
	PbLine *lines, **line_ptrs;
	PbLabel *labels, **label_ptrs;
	size_t li = 0, lbi = 0;

	strtab_init(&t);
	for (i = 0; i < p->nlocations; i++)
		nlines += p->locations[i]->nlines;
	for (i = 0; i < p->nsamples; i++)
		nlabels += p->samples[i]->nlabels;
	lines = xcalloc(nlines + 1, sizeof(*lines));
	line_ptrs = xcalloc(nlines + 1, sizeof(*line_ptrs));
	labels = xcalloc(nlabels + 1, sizeof(*labels));
	label_ptrs = xcalloc(nlabels + 1, sizeof(*label_ptrs));

	for (i = 0; i < p->ntypes; i++) {
		perftools__profiles__value_type__init(&types[i]);
		types[i].type = strtab_index(&t, p->types[i].type);
		types[i].unit = strtab_index(&t, p->types[i].unit);
		type_ptrs[i] = &types[i];
	}
	pb.n_sample_type = p->ntypes;
	pb.sample_type = type_ptrs;

	for (i = 0; i < p->nsamples; i++) {
		const struct profile_sample *s = p->samples[i];
		PbSample *ps = &samples[i];

		perftools__profiles__sample__init(ps);
		ps->n_location_id = s->nlocs;
		ps->location_id = xcalloc(s->nlocs + 1, sizeof(*ps->location_id));
		for (j = 0; j < s->nlocs; j++)
			ps->location_id[j] = s->locs[j]->id;
		ps->n_value = p->ntypes;
		ps->value = s->values;
		ps->n_label = s->nlabels;
		ps->label = label_ptrs + lbi;
		for (j = 0; j < s->nlabels; j++, lbi++) {
			const struct profile_label *l = &s->labels[j];

			perftools__profiles__label__init(&labels[lbi]);
			labels[lbi].key = strtab_index(&t, l->key);
			if (l->str) {
				labels[lbi].str = strtab_index(&t, l->str);
			} else {
				labels[lbi].num = l->num;
				labels[lbi].num_unit = strtab_index(&t, l->num_unit);
			}
			label_ptrs[lbi] = &labels[lbi];
		}
		sample_ptrs[i] = ps;
	}
	pb.n_sample = p->nsamples;
	pb.sample = sample_ptrs;

	for (i = 0; i < p->nmappings; i++) {
		const struct profile_mapping *m = p->mappings[i];
		PbMapping *pm = &maps[i];

		perftools__profiles__mapping__init(pm);
		pm->id = m->id;
		pm->memory_start = m->start;
		pm->memory_limit = m->limit;
		pm->file_offset = m->offset;
		pm->filename = strtab_index(&t, m->file);
		pm->build_id = strtab_index(&t, m->build_id);
		pm->has_functions = m->has_functions;
		pm->has_filenames = m->has_filenames;
		pm->has_line_numbers = m->has_line_numbers;
		pm->has_inline_frames = m->has_inline_frames;
		map_ptrs[i] = pm;
	}
	pb.n_mapping = p->nmappings;
	pb.mapping = map_ptrs;

	for (i = 0; i < p->nlocations; i++) {
		const struct profile_location *l = p->locations[i];
		PbLocation *pl = &locs[i];

		perftools__profiles__location__init(pl);
		pl->id = l->id;
		pl->mapping_id = l->mapping ? l->mapping->id : 0;
		pl->address = l->address;
		pl->n_line = l->nlines;
		pl->line = line_ptrs + li;
		for (j = 0; j < l->nlines; j++, li++) {
			perftools__profiles__line__init(&lines[li]);
			lines[li].function_id = l->lines[j].function->id;
			lines[li].line = l->lines[j].line;
			lines[li].column = l->lines[j].column;
			line_ptrs[li] = &lines[li];
		}
		loc_ptrs[i] = pl;
	}
	pb.n_location = p->nlocations;
	pb.location = loc_ptrs;

	for (i = 0; i < p->nfunctions; i++) {
		const struct profile_function *f = p->functions[i];
		PbFunction *pf = &funcs[i];

		perftools__profiles__function__init(pf);
		pf->id = f->id;
		pf->name = strtab_index(&t, f->name);
		pf->system_name = strtab_index(&t, f->system_name);
		pf->filename = strtab_index(&t, f->filename);
		pf->start_line = f->start_line;
		func_ptrs[i] = pf;
	}
	pb.n_function = p->nfunctions;
	pb.function = func_ptrs;

	pb.time_nanos = p->time_nanos;
	pb.duration_nanos = p->duration_nanos;
	perftools__profiles__value_type__init(&period_type);
	period_type.type = strtab_index(&t, p->period_type.type);
	period_type.unit = strtab_index(&t, p->period_type.unit);
	if (period_type.type || period_type.unit)
		pb.period_type = &period_type;
	pb.period = p->period;
	pb.default_sample_type = strtab_index(&t, p->default_sample_type);
	for (i = 0; i < p->ncomments; i++)
		comments[nc++] = strtab_index(&t, p->comments[i]);
	for (i = 0; i < p->nattrs; i++) {
		char *c = xasprintf(ATTR_PREFIX "%s=%s", p->attrs[i].key, p->attrs[i].value);

		comments[nc++] = strtab_add_copy(&t, c);
		free(c);
	}
	pb.n_comment = nc;
	pb.comment = comments;
	pb.n_string_table = t.n;
	pb.string_table = t.strings;

	{
		size_t size = perftools__profiles__profile__get_packed_size(&pb);

		strbuf_grow(out, size);
		perftools__profiles__profile__pack(&pb, (uint8_t *)out->buf + out->len);
		out->len += size;
		out->buf[out->len] = '\0';
	}

	for (i = 0; i < p->nsamples; i++)
		free(samples[i].location_id);
	free(types);
	free(type_ptrs);
	free(samples);
	free(sample_ptrs);
	free(maps);
	free(map_ptrs);
	free(locs);
	free(loc_ptrs);
	free(funcs);
	free(func_ptrs);
	free(lines);
	free(line_ptrs);
	free(labels);
	free(label_ptrs);
	free(comments);
	strtab_release(&t);
}

int pprof_write(const struct profile *p, FILE *out, struct diag *d)
{
	struct strbuf raw = STRBUF_INIT, gz = STRBUF_INIT;
	int ret;

	pprof_encode(p, &raw);
	ret = gzip_compress(raw.buf, raw.len, &gz, d);
	strbuf_release(&raw);
	if (ret == 0 && fwrite(gz.buf, 1, gz.len, out) != gz.len)
		ret = diag_set(d, "write failed");
	strbuf_release(&gz);
	return ret;
}

/* ---- reading ---- */

bool pprof_sniff_gzip(const void *data, size_t len)
{
	return gzip_sniff(data, len);
}

/*
 * A bound on what decoding would allocate. protobuf-c and the model spend
 * a few hundred bytes per message, and an empty sample takes two bytes
 * on the wire, so a small file can ask for gigabytes: count the messages
 * first (samples, their labels, locations, their lines, and the rest of
 * the top level) and refuse what would not fit.
 */
#define PPROF_BYTES_PER_MESSAGE 256
#define PPROF_MAX_DECODED ((uint64_t)2 << 30)

static bool pb_varint(const uint8_t **p, const uint8_t *end, uint64_t *v)
{
	int shift;

	*v = 0;
	for (shift = 0; shift < 64 && *p < end; shift += 7) {
		uint8_t b = *(*p)++;

		*v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80))
			return true;
	}
	return false;
}

/* count the messages in [p, end), and at depth 0 those inside samples and locations */
static bool pb_count(const uint8_t *p, const uint8_t *end, int depth, uint64_t *messages)
{
	while (p < end) {
		uint64_t key, len, v;

		if (!pb_varint(&p, end, &key))
			return false;
		switch (key & 7) {
		case 0:
			if (!pb_varint(&p, end, &v))
				return false;
			break;
		case 1:
			p += 8;
			break;
		case 5:
			p += 4;
			break;
		case 2:
			if (!pb_varint(&p, end, &len) || len > (uint64_t)(end - p))
				return false;
			(*messages)++;
			/* samples (2) hold labels (3); locations (4) hold lines (4) */
			if (depth == 0 && ((key >> 3) == 2 || (key >> 3) == 4) &&
			    !pb_count(p, p + len, 1, messages))
				return false;
			p += len;
			break;
		default:
			return false;
		}
	}
	return p == end;
}

struct id_table {
	uint64_t *ids;
	struct hashidx index;
};

static int id_eq(const void *ctx, size_t pos)
{
	const void *const *k = ctx;
	const struct id_table *t = k[1];

	return t->ids[pos] == *(const uint64_t *)k[0];
}

/* position of ID, or -1 */
static long id_find(const struct id_table *t, uint64_t id)
{
	const void *ctx[2] = { &id, t };
	size_t pos = hashidx_find(&t->index, hash_u64(id), id_eq, ctx);

	return pos == HASHIDX_NONE ? -1 : (long)pos;
}

/* index ids, rejecting 0 and duplicates; -1 with D filled */
static int id_build(struct id_table *t, uint64_t *ids, size_t n, const char *what, struct diag *d)
{
	size_t i;

	t->ids = ids;
	hashidx_init(&t->index);
	for (i = 0; i < n; i++) {
		if (!ids[i])
			return diag_set(d, "malformed profile: %s with id 0", what);
		if (id_find(t, ids[i]) >= 0)
			return diag_set(d, "malformed profile: duplicate %s id %" PRIu64, what, ids[i]);
		hashidx_insert(&t->index, hash_u64(ids[i]), i);
	}
	return 0;
}

struct decode {
	const PbProfile *pb;
	struct profile *p;
	struct diag *d;
	const char **strings; /* interned copies */
};

/* string index I, or NULL (with D filled) when out of range */
static const char *str_at(struct decode *dc, int64_t i, bool *bad)
{
	if (i < 0 || (uint64_t)i >= dc->pb->n_string_table) {
		*bad = true;
		return NULL;
	}
	return dc->strings[i];
}

static int decode_profile(struct decode *dc)
{
	const PbProfile *pb = dc->pb;
	struct profile *p = dc->p;
	struct id_table mids = { 0 }, lids = { 0 }, fids = { 0 };
	uint64_t *mid = xcalloc(pb->n_mapping + 1, sizeof(*mid));
	uint64_t *lid = xcalloc(pb->n_location + 1, sizeof(*lid));
	uint64_t *fid = xcalloc(pb->n_function + 1, sizeof(*fid));
	struct profile_mapping **maps = xcalloc(pb->n_mapping + 1, sizeof(*maps));
	const struct profile_function **funcs = xcalloc(pb->n_function + 1, sizeof(*funcs));
	struct profile_location **locs = xcalloc(pb->n_location + 1, sizeof(*locs));
	struct profile_value_type *types = xcalloc(pb->n_sample_type + 1, sizeof(*types));
	const struct profile_location **stack = NULL;
	struct profile_label *labels = NULL;
	struct profile_line *lines = NULL;
	size_t stack_alloc = 0, labels_alloc = 0, lines_alloc = 0, i, j;
	bool bad = false;
	int ret = -1;

	for (i = 0; i < pb->n_mapping; i++)
		mid[i] = pb->mapping[i]->id;
	for (i = 0; i < pb->n_location; i++)
		lid[i] = pb->location[i]->id;
	for (i = 0; i < pb->n_function; i++)
		fid[i] = pb->function[i]->id;
	if (id_build(&mids, mid, pb->n_mapping, "mapping", dc->d) < 0 ||
	    id_build(&lids, lid, pb->n_location, "location", dc->d) < 0 ||
	    id_build(&fids, fid, pb->n_function, "function", dc->d) < 0)
		goto out;

	for (i = 0; i < pb->n_sample_type; i++) {
		types[i].type = str_at(dc, pb->sample_type[i]->type, &bad);
		types[i].unit = str_at(dc, pb->sample_type[i]->unit, &bad);
	}
	if (bad)
		goto bad_string;
	if (pb->n_sample && !pb->n_sample_type) {
		diag_set(dc->d, "malformed profile: samples but no sample types");
		goto out;
	}
	profile_set_types(p, pb->n_sample_type, types);
	if (pb->period_type) {
		p->period_type.type = profile_intern(p, str_at(dc, pb->period_type->type, &bad));
		p->period_type.unit = profile_intern(p, str_at(dc, pb->period_type->unit, &bad));
	}
	p->period = pb->period;
	p->time_nanos = pb->time_nanos;
	p->duration_nanos = pb->duration_nanos;
	p->default_sample_type = profile_intern(p, str_at(dc, pb->default_sample_type, &bad));
	for (i = 0; i < pb->n_comment; i++) {
		const char *c = str_at(dc, pb->comment[i], &bad);
		const char *eq;

		if (bad)
			break;
		eq = strchr(c, '=');
		if (!strncmp(c, ATTR_PREFIX, strlen(ATTR_PREFIX)) && eq) {
			char *key = xstrndup(c + strlen(ATTR_PREFIX),
					     (size_t)(eq - c) - strlen(ATTR_PREFIX));

			profile_set_attr(p, key, eq + 1);
			free(key);
		} else {
			profile_add_comment(p, c);
		}
	}
	if (bad)
		goto bad_string;

	for (i = 0; i < pb->n_mapping; i++) {
		const PbMapping *pm = pb->mapping[i];
		struct profile_mapping m = {
			.start = pm->memory_start,
			.limit = pm->memory_limit,
			.offset = pm->file_offset,
			.file = str_at(dc, pm->filename, &bad),
			.build_id = str_at(dc, pm->build_id, &bad),
			.has_functions = pm->has_functions,
			.has_filenames = pm->has_filenames,
			.has_line_numbers = pm->has_line_numbers,
			.has_inline_frames = pm->has_inline_frames,
		};

		if (bad)
			goto bad_string;
		if (!strncmp(m.file, "[kernel.kallsyms]", 17))
			m.kind = PROFILE_MAPPING_KERNEL;
		maps[i] = profile_add_mapping(p, &m);
	}
	for (i = 0; i < pb->n_function; i++) {
		const PbFunction *pf = pb->function[i];
		const char *name = str_at(dc, pf->name, &bad);
		const char *sys = str_at(dc, pf->system_name, &bad);
		const char *file = str_at(dc, pf->filename, &bad);

		if (bad)
			goto bad_string;
		funcs[i] = profile_add_function(p, name, *sys ? sys : name, file, pf->start_line);
	}
	for (i = 0; i < pb->n_location; i++) {
		const PbLocation *pl = pb->location[i];
		long mi = pl->mapping_id ? id_find(&mids, pl->mapping_id) : -1;

		ALLOC_GROW(lines, pl->n_line + 1, lines_alloc);
		for (j = 0; j < pl->n_line; j++) {
			long fi = id_find(&fids, pl->line[j]->function_id);

			if (fi < 0) {
				diag_set(dc->d, "malformed profile: location %" PRIu64
					 " has a line with no function", pl->id);
				goto out;
			}
			lines[j].function = funcs[fi];
			lines[j].line = pl->line[j]->line;
			lines[j].column = pl->line[j]->column;
		}
		/* an unknown mapping id is no error: the location is unmapped */
		locs[i] = profile_add_location(p, mi >= 0 ? maps[mi] : NULL, pl->address, lines,
					       pl->n_line);
	}
	for (i = 0; i < pb->n_sample; i++) {
		const PbSample *ps = pb->sample[i];

		if (ps->n_value != pb->n_sample_type) {
			diag_set(dc->d, "malformed profile: sample %zu has %zu values for %zu types", i,
				 ps->n_value, pb->n_sample_type);
			goto out;
		}
		ALLOC_GROW(stack, ps->n_location_id + 1, stack_alloc);
		for (j = 0; j < ps->n_location_id; j++) {
			long li = id_find(&lids, ps->location_id[j]);

			if (li < 0) {
				diag_set(dc->d, "malformed profile: sample %zu has unknown location %" PRIu64,
					 i, ps->location_id[j]);
				goto out;
			}
			stack[j] = locs[li];
		}
		ALLOC_GROW(labels, ps->n_label + 1, labels_alloc);
		for (j = 0; j < ps->n_label; j++) {
			const PbLabel *pl = ps->label[j];

			memset(&labels[j], 0, sizeof(labels[j]));
			labels[j].key = str_at(dc, pl->key, &bad);
			/* as pprof reads it: an empty string value makes a numeric label */
			if (pl->str) {
				labels[j].str = str_at(dc, pl->str, &bad);
			} else {
				labels[j].num = pl->num;
				labels[j].num_unit = pl->num_unit ? str_at(dc, pl->num_unit, &bad) : NULL;
			}
		}
		if (bad)
			goto bad_string;
		profile_add_sample(p, stack, ps->n_location_id, ps->value, labels, ps->n_label);
	}
	ret = profile_check(p, dc->d);
	goto out;
bad_string:
	diag_set(dc->d, "malformed profile: a string index is out of range");
out:
	hashidx_release(&mids.index);
	hashidx_release(&lids.index);
	hashidx_release(&fids.index);
	free(mid);
	free(lid);
	free(fid);
	free(maps);
	free(funcs);
	free(locs);
	free(types);
	free(stack);
	free(labels);
	free(lines);
	return ret;
}

int pprof_read(const void *data, size_t len, struct profile *p, struct diag *d)
{
	struct strbuf raw = STRBUF_INIT;
	struct decode dc = { .p = p, .d = d };
	PbProfile *pb;
	size_t i;
	int ret;

	d->offset = -1;
	if (pprof_sniff_gzip(data, len)) {
		if (gzip_decompress(data, len, PPROF_MAX_DECOMPRESSED, &raw, d) < 0) {
			strbuf_release(&raw);
			return -1;
		}
		data = raw.buf;
		len = raw.len;
	}
	{
		uint64_t messages = 0;

		if (pb_count(data, (const uint8_t *)data + len, 0, &messages) &&
		    messages * PPROF_BYTES_PER_MESSAGE + (uint64_t)len * 8 > PPROF_MAX_DECODED) {
			strbuf_release(&raw);
			return diag_set(d, "profile too large: %llu messages would need more than "
					"%llu MiB to decode",
					(unsigned long long)messages,
					(unsigned long long)(PPROF_MAX_DECODED >> 20));
		}
	}
	pb = perftools__profiles__profile__unpack(NULL, len, data);
	strbuf_release(&raw);
	if (!pb)
		return diag_set(d, "not a pprof profile (protobuf decoding failed)");
	if (pb->n_string_table == 0 || pb->string_table[0][0] != '\0') {
		perftools__profiles__profile__free_unpacked(pb, NULL);
		return diag_set(d, "malformed profile: string_table[0] must be ''");
	}
	dc.pb = pb;
	dc.strings = xcalloc(pb->n_string_table, sizeof(*dc.strings));
	for (i = 0; i < pb->n_string_table; i++) {
		struct strbuf sb = STRBUF_INIT;

		text_sanitize(&sb, pb->string_table[i]);
		dc.strings[i] = profile_intern_n(p, sb.buf, sb.len);
		strbuf_release(&sb);
	}
	ret = decode_profile(&dc);
	free(dc.strings);
	perftools__profiles__profile__free_unpacked(pb, NULL);
	return ret;
}
