/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The model as an OTLP ExportProfilesServiceRequest. The dictionary's
 * tables all start with a zero entry (index 0 means "none"); model ids
 * are 1-based positions, so they are the dictionary indices as they are.
 */
#include "config.h"

#include "format/otlp.h"
#include "format/strtab.h"
#include "opentelemetry/proto/collector/profiles/v1development/profiles_service.pb-c.h"
#include "util/arena.h"
#include "util/hashidx.h"
#include "util/xalloc.h"

#include <string.h>
#include <sys/random.h>

typedef Opentelemetry__Proto__Collector__Profiles__V1development__ExportProfilesServiceRequest
	OtlpRequest;
typedef Opentelemetry__Proto__Profiles__V1development__ProfilesDictionary OtlpDictionary;
typedef Opentelemetry__Proto__Profiles__V1development__ResourceProfiles OtlpResourceProfiles;
typedef Opentelemetry__Proto__Profiles__V1development__ScopeProfiles OtlpScopeProfiles;
typedef Opentelemetry__Proto__Profiles__V1development__Profile OtlpProfile;
typedef Opentelemetry__Proto__Profiles__V1development__Sample OtlpSample;
typedef Opentelemetry__Proto__Profiles__V1development__ValueType OtlpValueType;
typedef Opentelemetry__Proto__Profiles__V1development__Mapping OtlpMapping;
typedef Opentelemetry__Proto__Profiles__V1development__Location OtlpLocation;
typedef Opentelemetry__Proto__Profiles__V1development__Line OtlpLine;
typedef Opentelemetry__Proto__Profiles__V1development__Function OtlpFunction;
typedef Opentelemetry__Proto__Profiles__V1development__Link OtlpLink;
typedef Opentelemetry__Proto__Profiles__V1development__Stack OtlpStack;
typedef Opentelemetry__Proto__Profiles__V1development__KeyValueAndUnit OtlpAttribute;
typedef Opentelemetry__Proto__Common__V1__AnyValue OtlpAnyValue;
typedef Opentelemetry__Proto__Common__V1__KeyValue OtlpKeyValue;
typedef Opentelemetry__Proto__Common__V1__InstrumentationScope OtlpScope;
typedef Opentelemetry__Proto__Resource__V1__Resource OtlpResource;

/* semantic-convention names; one pointer each, for the string table */
static const char ATTR_BUILD_ID[] = "process.executable.build_id.gnu";
static const char ATTR_FRAME_TYPE[] = "profile.frame.type";
static const char FRAME_KERNEL[] = "kernel";
static const char FRAME_NATIVE[] = "native";

/* the model's label keys and their OpenTelemetry names */
static const struct {
	const char *label, *attr;
} label_attrs[] = {
	{ "pid", "process.pid" },
	{ "tid", "thread.id" },
	{ "thread", "thread.name" },
	{ "process", "process.executable.name" },
	{ "container", "container.id" },
};

/* an attribute, by string-table indices (or an integer value) */
struct attr_key {
	int64_t key, unit, str;
	int64_t num;
	int is_num;
};

struct encoder {
	const struct profile *p;
	struct arena arena;
	struct strtab strings;

	struct attr_key *attrs;
	size_t nattrs, attrs_alloc;
	struct hashidx attr_index;

	OtlpStack **stacks;
	size_t nstacks, stacks_alloc;
	struct hashidx stack_index;
};

static void *zalloc(struct encoder *e, size_t n, size_t size)
{
	void *q = arena_alloc(&e->arena, n ? n * size : 1);

	memset(q, 0, n ? n * size : 1);
	return q;
}

static int attr_eq(const void *ctx, size_t pos)
{
	const void *const *k = ctx;
	const struct encoder *e = k[1];

	return !memcmp(&e->attrs[pos], k[0], sizeof(struct attr_key));
}

/* the attribute table index of K, added if new */
static int32_t attr_index(struct encoder *e, const struct attr_key *k)
{
	const void *ctx[2] = { k, e };
	uint64_t h = hash_bytes(k, sizeof(*k), 0x0a77);
	size_t pos = hashidx_find(&e->attr_index, h, attr_eq, ctx);

	if (pos != HASHIDX_NONE)
		return (int32_t)pos;
	ALLOC_GROW(e->attrs, e->nattrs + 1, e->attrs_alloc);
	e->attrs[e->nattrs] = *k;
	hashidx_insert(&e->attr_index, h, e->nattrs);
	return (int32_t)e->nattrs++;
}

static int32_t str_attr(struct encoder *e, const char *key, const char *value)
{
	struct attr_key k;

	memset(&k, 0, sizeof(k)); /* padding too: keys are compared as bytes */
	k.key = strtab_index(&e->strings, key);
	k.str = strtab_index(&e->strings, value);
	return attr_index(e, &k);
}

static int32_t label_attr(struct encoder *e, const struct profile_label *l)
{
	const char *key = l->key;
	struct attr_key k;

	for (size_t i = 0; i < sizeof(label_attrs) / sizeof(label_attrs[0]); i++)
		if (!strcmp(key, label_attrs[i].label))
			key = label_attrs[i].attr;
	if (l->str)
		return str_attr(e, key, l->str);
	memset(&k, 0, sizeof(k));
	k.key = strtab_index(&e->strings, key);
	k.unit = strtab_index(&e->strings, l->num_unit);
	k.num = l->num;
	k.is_num = 1;
	return attr_index(e, &k);
}

static int stack_eq(const void *ctx, size_t pos)
{
	const void *const *k = ctx;
	const struct encoder *e = k[1];
	const struct profile_sample *s = k[0];
	const OtlpStack *st = e->stacks[pos];

	if (st->n_location_indices != s->nlocs)
		return 0;
	for (size_t i = 0; i < s->nlocs; i++)
		if ((uint64_t)st->location_indices[i] != s->locs[i]->id)
			return 0;
	return 1;
}

/* the stack table index of S's stack, added if new */
static int32_t stack_index(struct encoder *e, const struct profile_sample *s)
{
	const void *ctx[2] = { s, e };
	uint64_t h = 0x57ac;
	size_t pos;
	OtlpStack *st;

	if (s->nlocs == 0)
		return 0;
	for (size_t i = 0; i < s->nlocs; i++)
		h = hash_combine(h, s->locs[i]->id);
	pos = hashidx_find(&e->stack_index, h, stack_eq, ctx);
	if (pos != HASHIDX_NONE)
		return (int32_t)pos;
	st = zalloc(e, 1, sizeof(*st));
	opentelemetry__proto__profiles__v1development__stack__init(st);
	st->n_location_indices = s->nlocs;
	st->location_indices = zalloc(e, s->nlocs, sizeof(int32_t));
	for (size_t i = 0; i < s->nlocs; i++)
		st->location_indices[i] = (int32_t)s->locs[i]->id;
	ALLOC_GROW(e->stacks, e->nstacks + 1, e->stacks_alloc);
	e->stacks[e->nstacks] = st;
	hashidx_insert(&e->stack_index, h, e->nstacks);
	return (int32_t)e->nstacks++;
}

static OtlpValueType *value_type(struct encoder *e, const struct profile_value_type *t)
{
	OtlpValueType *vt = zalloc(e, 1, sizeof(*vt));

	opentelemetry__proto__profiles__v1development__value_type__init(vt);
	vt->type_strindex = (int32_t)strtab_index(&e->strings, t->type);
	vt->unit_strindex = (int32_t)strtab_index(&e->strings, t->unit);
	return vt;
}

static int32_t *attr_list(struct encoder *e, size_t n)
{
	return zalloc(e, n, sizeof(int32_t));
}

static void encode_mappings(struct encoder *e, OtlpDictionary *dict)
{
	const struct profile *p = e->p;

	dict->n_mapping_table = p->nmappings + 1;
	dict->mapping_table = zalloc(e, dict->n_mapping_table, sizeof(OtlpMapping *));
	for (size_t i = 0; i <= p->nmappings; i++) {
		OtlpMapping *om = zalloc(e, 1, sizeof(*om));

		opentelemetry__proto__profiles__v1development__mapping__init(om);
		dict->mapping_table[i] = om;
		if (i == 0)
			continue;
		const struct profile_mapping *m = p->mappings[i - 1];
		om->memory_start = m->start;
		om->memory_limit = m->limit;
		om->file_offset = m->offset;
		om->filename_strindex = (int32_t)strtab_index(&e->strings, m->file);
		if (m->build_id && *m->build_id) {
			om->n_attribute_indices = 1;
			om->attribute_indices = attr_list(e, 1);
			om->attribute_indices[0] = str_attr(e, ATTR_BUILD_ID, m->build_id);
		}
	}
}

static void encode_locations(struct encoder *e, OtlpDictionary *dict)
{
	const struct profile *p = e->p;

	dict->n_location_table = p->nlocations + 1;
	dict->location_table = zalloc(e, dict->n_location_table, sizeof(OtlpLocation *));
	for (size_t i = 0; i <= p->nlocations; i++) {
		OtlpLocation *ol = zalloc(e, 1, sizeof(*ol));

		opentelemetry__proto__profiles__v1development__location__init(ol);
		dict->location_table[i] = ol;
		if (i == 0)
			continue;
		const struct profile_location *l = p->locations[i - 1];
		bool kernel = l->mapping && l->mapping->kind == PROFILE_MAPPING_KERNEL;
		ol->mapping_index = l->mapping ? (int32_t)l->mapping->id : 0;
		ol->address = l->address;
		ol->n_lines = l->nlines;
		ol->lines = zalloc(e, l->nlines, sizeof(OtlpLine *));
		for (size_t j = 0; j < l->nlines; j++) {
			OtlpLine *ln = zalloc(e, 1, sizeof(*ln));

			opentelemetry__proto__profiles__v1development__line__init(ln);
			ln->function_index = l->lines[j].function ? (int32_t)l->lines[j].function->id : 0;
			ln->line = l->lines[j].line;
			ln->column = l->lines[j].column;
			ol->lines[j] = ln;
		}
		ol->n_attribute_indices = 1;
		ol->attribute_indices = attr_list(e, 1);
		ol->attribute_indices[0] =
			str_attr(e, ATTR_FRAME_TYPE, kernel ? FRAME_KERNEL : FRAME_NATIVE);
	}
}

static void encode_functions(struct encoder *e, OtlpDictionary *dict)
{
	const struct profile *p = e->p;

	dict->n_function_table = p->nfunctions + 1;
	dict->function_table = zalloc(e, dict->n_function_table, sizeof(OtlpFunction *));
	for (size_t i = 0; i <= p->nfunctions; i++) {
		OtlpFunction *of = zalloc(e, 1, sizeof(*of));

		opentelemetry__proto__profiles__v1development__function__init(of);
		dict->function_table[i] = of;
		if (i == 0)
			continue;
		const struct profile_function *f = p->functions[i - 1];
		of->name_strindex = (int32_t)strtab_index(&e->strings, f->name);
		of->system_name_strindex = (int32_t)strtab_index(&e->strings, f->system_name);
		of->filename_strindex = (int32_t)strtab_index(&e->strings, f->filename);
		of->start_line = f->start_line;
	}
}

/* the samples with a value of sample type T, as one Profile */
static OtlpProfile *encode_profile(struct encoder *e, size_t t, const int32_t *profile_attrs,
				   size_t nprofile_attrs)
{
	const struct profile *p = e->p;
	bool timed = p->sample_time_origin.known;
	OtlpProfile *op = zalloc(e, 1, sizeof(*op));
	size_t n = 0;

	opentelemetry__proto__profiles__v1development__profile__init(op);
	op->sample_type = value_type(e, &p->types[t]);
	op->period_type = value_type(e, &p->period_type);
	op->period = p->period;
	op->time_unix_nano = p->time_nanos > 0 ? (uint64_t)p->time_nanos : 0;
	op->duration_nano = p->duration_nanos > 0 ? (uint64_t)p->duration_nanos : 0;
	op->profile_id.len = 16;
	op->profile_id.data = zalloc(e, 16, 1);
	if (getrandom(op->profile_id.data, 16, 0) != 16) {
		/* no entropy yet: any id that is not all zeroes (invalid) will do */
		uint64_t h = hash_u64((uint64_t)p->time_nanos ^ (uint64_t)p->nsamples ^ t);
		memcpy(op->profile_id.data, &h, 8);
		op->profile_id.data[15] = 1;
	}
	op->n_attribute_indices = nprofile_attrs;
	op->attribute_indices = (int32_t *)profile_attrs;

	op->samples = zalloc(e, p->nsamples, sizeof(OtlpSample *));
	for (size_t i = 0; i < p->nsamples; i++) {
		const struct profile_sample *s = p->samples[i];
		OtlpSample *os;

		if (s->values[t] == 0)
			continue;
		os = zalloc(e, 1, sizeof(*os));
		opentelemetry__proto__profiles__v1development__sample__init(os);
		os->stack_index = stack_index(e, s);
		os->n_values = 1;
		os->values = zalloc(e, 1, sizeof(int64_t));
		os->values[0] = s->values[t];
		if (timed && s->time_ns) {
			os->n_timestamps_unix_nano = 1;
			os->timestamps_unix_nano = zalloc(e, 1, sizeof(uint64_t));
			os->timestamps_unix_nano[0] =
				(uint64_t)(p->sample_time_origin.unix_ns + s->time_ns);
		}
		os->n_attribute_indices = s->nlabels;
		os->attribute_indices = attr_list(e, s->nlabels);
		for (size_t j = 0; j < s->nlabels; j++)
			os->attribute_indices[j] = label_attr(e, &s->labels[j]);
		op->samples[n++] = os;
	}
	op->n_samples = n;
	return op;
}

static OtlpAnyValue *string_value(struct encoder *e, const char *s)
{
	OtlpAnyValue *v = zalloc(e, 1, sizeof(*v));

	opentelemetry__proto__common__v1__any_value__init(v);
	v->value_case = OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_STRING_VALUE;
	v->string_value = (char *)s;
	return v;
}

/* the attribute table, once every attribute is known */
static void encode_attributes(struct encoder *e, OtlpDictionary *dict)
{
	dict->n_attribute_table = e->nattrs;
	dict->attribute_table = zalloc(e, e->nattrs, sizeof(OtlpAttribute *));
	for (size_t i = 0; i < e->nattrs; i++) {
		const struct attr_key *k = &e->attrs[i];
		OtlpAttribute *a = zalloc(e, 1, sizeof(*a));

		opentelemetry__proto__profiles__v1development__key_value_and_unit__init(a);
		dict->attribute_table[i] = a;
		if (i == 0)
			continue;
		a->key_strindex = (int32_t)k->key;
		a->unit_strindex = (int32_t)k->unit;
		if (k->is_num) {
			a->value = zalloc(e, 1, sizeof(OtlpAnyValue));
			opentelemetry__proto__common__v1__any_value__init(a->value);
			a->value->value_case = OPENTELEMETRY__PROTO__COMMON__V1__ANY_VALUE__VALUE_INT_VALUE;
			a->value->int_value = k->num;
		} else {
			a->value = string_value(e, e->strings.strings[k->str]);
		}
	}
}

static OtlpResourceProfiles *encode_resource(struct encoder *e, const struct otlp_resource *res,
					     OtlpProfile **profiles, size_t nprofiles)
{
	OtlpResourceProfiles *rp = zalloc(e, 1, sizeof(*rp));
	OtlpScopeProfiles *sp = zalloc(e, 1, sizeof(*sp));
	OtlpResource *r = zalloc(e, 1, sizeof(*r));
	OtlpScope *scope = zalloc(e, 1, sizeof(*scope));
	size_t n = res ? res->nattrs : 0;

	opentelemetry__proto__profiles__v1development__resource_profiles__init(rp);
	opentelemetry__proto__profiles__v1development__scope_profiles__init(sp);
	opentelemetry__proto__resource__v1__resource__init(r);
	opentelemetry__proto__common__v1__instrumentation_scope__init(scope);
	r->n_attributes = n;
	r->attributes = zalloc(e, n, sizeof(OtlpKeyValue *));
	for (size_t i = 0; i < n; i++) {
		OtlpKeyValue *kv = zalloc(e, 1, sizeof(*kv));

		opentelemetry__proto__common__v1__key_value__init(kv);
		kv->key = (char *)res->attrs[i].key;
		kv->value = string_value(e, res->attrs[i].value);
		r->attributes[i] = kv;
	}
	scope->name = (char *)PACKAGE_NAME;
	scope->version = (char *)PACKAGE_VERSION;
	sp->scope = scope;
	sp->n_profiles = nprofiles;
	sp->profiles = profiles;
	rp->resource = r;
	rp->n_scope_profiles = 1;
	rp->scope_profiles = zalloc(e, 1, sizeof(OtlpScopeProfiles *));
	rp->scope_profiles[0] = sp;
	return rp;
}

void otlp_encode(const struct profile *p, const struct otlp_resource *res, struct strbuf *out)
{
	OtlpRequest req = OPENTELEMETRY__PROTO__COLLECTOR__PROFILES__V1DEVELOPMENT__EXPORT_PROFILES_SERVICE_REQUEST__INIT;
	OtlpDictionary dict = OPENTELEMETRY__PROTO__PROFILES__V1DEVELOPMENT__PROFILES_DICTIONARY__INIT;
	OtlpLink link0 = OPENTELEMETRY__PROTO__PROFILES__V1DEVELOPMENT__LINK__INIT;
	OtlpLink *links[1] = { &link0 };
	OtlpStack stack0 = OPENTELEMETRY__PROTO__PROFILES__V1DEVELOPMENT__STACK__INIT;
	struct attr_key none;
	struct encoder e;
	OtlpProfile **profiles;
	int32_t *profile_attrs;
	size_t len;

	memset(&e, 0, sizeof(e));
	memset(&none, 0, sizeof(none));
	e.p = p;
	arena_init(&e.arena);
	strtab_init(&e.strings);
	attr_index(&e, &none); /* index 0: the empty attribute */
	ALLOC_GROW(e.stacks, 1, e.stacks_alloc);
	e.stacks[e.nstacks++] = &stack0; /* index 0: the empty stack */

	encode_mappings(&e, &dict);
	encode_locations(&e, &dict);
	encode_functions(&e, &dict);

	/* where the profile came from (command, event, ...), as cprof.KEY */
	profile_attrs = attr_list(&e, p->nattrs);
	for (size_t i = 0; i < p->nattrs; i++) {
		struct strbuf key = STRBUF_INIT;

		strbuf_addstr(&key, "cprof.");
		strbuf_addstr(&key, p->attrs[i].key);
		struct attr_key k;
		memset(&k, 0, sizeof(k));
		k.key = strtab_add_copy(&e.strings, key.buf);
		k.str = strtab_index(&e.strings, p->attrs[i].value);
		profile_attrs[i] = attr_index(&e, &k);
		strbuf_release(&key);
	}
	profiles = zalloc(&e, p->ntypes, sizeof(OtlpProfile *));
	for (size_t t = 0; t < p->ntypes; t++)
		profiles[t] = encode_profile(&e, t, profile_attrs, p->nattrs);

	encode_attributes(&e, &dict);
	dict.n_stack_table = e.nstacks;
	dict.stack_table = e.stacks;
	dict.n_link_table = 1;
	dict.link_table = links;
	dict.n_string_table = e.strings.n;
	dict.string_table = e.strings.strings;

	req.dictionary = &dict;
	req.n_resource_profiles = 1;
	req.resource_profiles = zalloc(&e, 1, sizeof(OtlpResourceProfiles *));
	req.resource_profiles[0] = encode_resource(&e, res, profiles, p->ntypes);

	len = opentelemetry__proto__collector__profiles__v1development__export_profiles_service_request__get_packed_size(&req);
	strbuf_grow(out, len);
	opentelemetry__proto__collector__profiles__v1development__export_profiles_service_request__pack(
		&req, (uint8_t *)out->buf + out->len);
	out->len += len;
	out->buf[out->len] = '\0';

	free(e.attrs);
	hashidx_release(&e.attr_index);
	free(e.stacks);
	hashidx_release(&e.stack_index);
	strtab_release(&e.strings);
	arena_release(&e.arena);
}
