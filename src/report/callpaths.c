/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "report/callpaths.h"
#include "profile/collapse.h"
#include "util/arith.h"
#include "util/hashidx.h"
#include "util/xalloc.h"

#include <regex.h>
#include <stdlib.h>
#include <string.h>

static double pct(int64_t v, int64_t total)
{
	return total ? 100.0 * (double)v / (double)total : 0;
}

/* ---- the frames a name or pattern picks ---- */

/* the frames named FUNC, else those matching it as a regex; NULL-terminated */
static const struct cframe **pick_frames(const struct collapsed *c, const char *func,
					 struct diag *d)
{
	const struct cframe **picked = xcalloc(c->nframes + 1, sizeof(*picked));
	size_t n = 0, i;
	regex_t re;
	int err;

	for (i = 0; i < c->nframes; i++)
		if (!strcmp(c->frames[i]->name, func))
			picked[n++] = c->frames[i];
	if (n)
		return picked;
	if ((err = regcomp(&re, func, REG_EXTENDED | REG_NOSUB))) {
		char msg[256];

		regerror(err, &re, msg, sizeof(msg));
		diag_set(d, "invalid regular expression '%s': %s", func, msg);
		free(picked);
		return NULL;
	}
	for (i = 0; i < c->nframes; i++)
		if (!regexec(&re, c->frames[i]->name, 0, NULL, 0))
			picked[n++] = c->frames[i];
	regfree(&re);
	if (!n) {
		diag_set(d, "no function matches '%s'", func);
		free(picked);
		return NULL;
	}
	return picked;
}

/* ---- edges of one function: value per neighbour frame ---- */

struct edge {
	const struct cframe *frame; /* NULL: (root) for callers, (self) for callees */
	int64_t value;
	size_t last_stack; /* to count once per stack; index + 1 */
};

struct edges {
	struct edge *e;
	size_t n, alloc;
	struct hashidx index;
};

static int edge_eq(const void *ctx, size_t pos)
{
	const struct edges *es = ((const void *const *)ctx)[0];

	return es->e[pos].frame == ((const void *const *)ctx)[1];
}

static struct edge *edge_for(struct edges *es, const struct cframe *f)
{
	const void *ctx[2] = { es, f };
	uint64_t h = hash_u64((uintptr_t)f);
	size_t pos = hashidx_find(&es->index, h, edge_eq, ctx);

	if (pos != HASHIDX_NONE)
		return &es->e[pos];
	ALLOC_GROW(es->e, es->n + 1, es->alloc);
	es->e[es->n] = (struct edge){ f, 0, 0 };
	hashidx_insert(&es->index, h, es->n);
	return &es->e[es->n++];
}

static int edge_cmp(const void *a, const void *b)
{
	const struct edge *x = a, *y = b;

	if (x->value != y->value)
		return x->value > y->value ? -1 : 1;
	if (!x->frame || !y->frame)
		return !x->frame ? 1 : -1;
	return strcmp(x->frame->name, y->frame->name);
}

struct peek {
	const struct cframe *target;
	int64_t cum;
	struct edges edges;
};

static int peek_cmp(const void *a, const void *b)
{
	const struct peek *x = a, *y = b;

	if (x->cum != y->cum)
		return x->cum > y->cum ? -1 : 1;
	return strcmp(x->target->name, y->target->name);
}

static void peek_collect(const struct collapsed *c, struct peek *pk, bool callers)
{
	size_t i, k;

	hashidx_init(&pk->edges.index);
	for (i = 0; i < c->nstacks; i++) {
		const struct cstack *s = &c->stacks[i];
		bool seen = false;

		for (k = 0; k < s->nframes; k++) {
			const struct cframe *nb;
			struct edge *e;

			if (s->frames[k] != pk->target)
				continue;
			if (!seen)
				pk->cum = sat_add64(pk->cum, s->value);
			seen = true;
			/* stacks are root first: the caller is before, the callee after */
			if (callers)
				nb = k ? s->frames[k - 1] : NULL;
			else
				nb = k + 1 < s->nframes ? s->frames[k + 1] : NULL;
			e = edge_for(&pk->edges, nb);
			if (e->last_stack != i + 1) {
				e->value = sat_add64(e->value, s->value);
				e->last_stack = i + 1;
			}
		}
	}
	if (pk->edges.n)
		qsort(pk->edges.e, pk->edges.n, sizeof(*pk->edges.e), edge_cmp);
}

static void peek_print(const struct peek *pk, bool callers, int64_t total, FILE *out)
{
	size_t i;

	fprintf(out, "%s of %s: %lld (%.2f%% of the total)\n", callers ? "callers" : "callees",
		pk->target->name, (long long)pk->cum, pct(pk->cum, total));
	fprintf(out, "%12s %8s  %s\n", "Value", "Share", callers ? "Caller" : "Callee");
	for (i = 0; i < pk->edges.n; i++) {
		const struct edge *e = &pk->edges.e[i];

		fprintf(out, "%12lld %7.2f%%  %s\n", (long long)e->value, pct(e->value, pk->cum),
			e->frame ? e->frame->name : callers ? "(root)" : "(self)");
	}
}

static void peek_json(struct json *j, const struct peek *pk, bool callers, int64_t total)
{
	size_t i;

	json_object_begin(j);
	json_key(j, "function");
	json_string(j, pk->target->name);
	json_key(j, "cum");
	json_int(j, pk->cum);
	json_key(j, "cum_pct");
	json_double(j, pct(pk->cum, total), 2);
	json_key(j, "edges");
	json_array_begin(j);
	for (i = 0; i < pk->edges.n; i++) {
		const struct edge *e = &pk->edges.e[i];

		json_object_begin(j);
		json_key(j, "function");
		json_string(j, e->frame ? e->frame->name : callers ? "(root)" : "(self)");
		json_key(j, "value");
		json_int(j, e->value);
		json_key(j, "pct");
		json_double(j, pct(e->value, pk->cum), 2);
		json_object_end(j);
	}
	json_array_end(j);
	json_object_end(j);
}

int report_peek(const struct profile *p, const struct top_opts *o, const char *func,
		bool callers, FILE *out, struct diag *d)
{
	struct collapse_opts co = { .value_index = report_value_index(p, o), .merge = true };
	struct collapsed c;
	const struct cframe **picked;
	struct peek *peeks;
	size_t n = 0, i;
	struct json j;

	profile_collapse(p, &co, &c);
	if (!(picked = pick_frames(&c, func, d))) {
		collapsed_release(&c);
		return -1;
	}
	while (picked[n])
		n++;
	peeks = xcalloc(n, sizeof(*peeks));
	for (i = 0; i < n; i++) {
		peeks[i].target = picked[i];
		peek_collect(&c, &peeks[i], callers);
	}
	qsort(peeks, n, sizeof(*peeks), peek_cmp);
	if (o->json) {
		json_init(&j, out);
		json_object_begin(&j);
		report_json_header(&j, p, o, co.value_index, c.total);
		json_key(&j, callers ? "callers" : "callees");
		json_array_begin(&j);
	} else {
		report_print_header(p, o, co.value_index, c.total, out);
	}
	for (i = 0; i < n; i++) {
		if (o->json)
			peek_json(&j, &peeks[i], callers, c.total);
		else
			peek_print(&peeks[i], callers, c.total, out);
		if (!o->json && i + 1 < n)
			fputc('\n', out);
		free(peeks[i].edges.e);
		hashidx_release(&peeks[i].edges.index);
	}
	if (o->json) {
		json_array_end(&j);
		json_object_end(&j);
	}
	free(peeks);
	free(picked);
	collapsed_release(&c);
	return 0;
}

/* ---- the call tree ---- */

struct node {
	const struct cframe *frame; /* NULL for the root */
	size_t parent;
	int64_t self, cum;
	size_t *children;
	size_t nchildren, children_alloc;
};

struct tree {
	struct node *nodes;
	size_t n, alloc;
	struct hashidx index;
};

static int node_eq(const void *ctx, size_t pos)
{
	const struct tree *t = ((const void *const *)ctx)[0];
	const struct node *k = ((const void *const *)ctx)[1];

	return t->nodes[pos].parent == k->parent && t->nodes[pos].frame == k->frame;
}

static size_t node_for(struct tree *t, size_t parent, const struct cframe *f)
{
	struct node key = { .frame = f, .parent = parent };
	const void *ctx[2] = { t, &key };
	uint64_t h = hash_combine(hash_u64((uintptr_t)f), parent);
	size_t pos = hashidx_find(&t->index, h, node_eq, ctx);

	if (pos != HASHIDX_NONE)
		return pos;
	ALLOC_GROW(t->nodes, t->n + 1, t->alloc);
	t->nodes[t->n] = key;
	hashidx_insert(&t->index, h, t->n);
	ALLOC_GROW(t->nodes[parent].children, t->nodes[parent].nchildren + 1,
		   t->nodes[parent].children_alloc);
	t->nodes[parent].children[t->nodes[parent].nchildren++] = t->n;
	return t->n++;
}

static const struct tree *sort_tree;

static int child_cmp(const void *a, const void *b)
{
	const struct node *x = &sort_tree->nodes[*(const size_t *)a];
	const struct node *y = &sort_tree->nodes[*(const size_t *)b];

	if (x->cum != y->cum)
		return x->cum > y->cum ? -1 : 1;
	return strcmp(x->frame->name, y->frame->name);
}

/*
 * Print the subtree of node N at DEPTH; iterative with an explicit stack,
 * since stacks can be thousands of frames deep. JSON gets a flat list of
 * nodes with their parent's id (nesting that deep would not be portable).
 */
static void tree_print(const struct tree *t, int64_t total, double threshold, FILE *out,
		       struct json *j)
{
	struct item {
		size_t node, depth, parent_id;
	} *pending = NULL;
	size_t npending = 0, pending_alloc = 0, next_id = 1, k;

	ALLOC_GROW(pending, 1, pending_alloc);
	pending[npending++] = (struct item){ 0, 0, 0 };
	while (npending) {
		struct item it = pending[--npending];
		const struct node *nd = &t->nodes[it.node];
		size_t id = next_id++;

		if (j) {
			json_object_begin(j);
			json_key(j, "id");
			json_uint(j, id);
			json_key(j, "parent");
			if (it.parent_id)
				json_uint(j, it.parent_id);
			else
				json_null(j);
			json_key(j, "function");
			json_string(j, nd->frame ? nd->frame->name : "(root)");
			json_key(j, "self");
			json_int(j, nd->self);
			json_key(j, "cum");
			json_int(j, nd->cum);
			json_key(j, "cum_pct");
			json_double(j, pct(nd->cum, total), 2);
			json_object_end(j);
		} else if (nd->frame) {
			fprintf(out, "%7.2f %7.2f  %*s%s\n", pct(nd->cum, total), pct(nd->self, total),
				(int)(2 * (it.depth - 1)), "", nd->frame->name);
		}
		/* children sorted by value, pushed in reverse so the biggest comes first */
		for (k = nd->nchildren; k-- > 0;) {
			const struct node *ch = &t->nodes[nd->children[k]];

			if (pct(ch->cum, total) < threshold || !ch->cum)
				continue;
			ALLOC_GROW(pending, npending + 1, pending_alloc);
			pending[npending++] = (struct item){ nd->children[k], it.depth + 1, id };
		}
	}
	free(pending);
}

void report_tree(const struct profile *p, const struct top_opts *o, FILE *out)
{
	struct collapse_opts co = { .value_index = report_value_index(p, o), .merge = true };
	struct collapsed c;
	struct tree t = { 0 };
	size_t i, k;
	struct json j;

	profile_collapse(p, &co, &c);
	hashidx_init(&t.index);
	ALLOC_GROW(t.nodes, 1, t.alloc);
	t.nodes[t.n++] = (struct node){ .frame = NULL };
	for (i = 0; i < c.nstacks; i++) {
		const struct cstack *s = &c.stacks[i];
		size_t at = 0;

		t.nodes[0].cum = sat_add64(t.nodes[0].cum, s->value);
		for (k = 0; k < s->nframes; k++) {
			at = node_for(&t, at, s->frames[k]);
			t.nodes[at].cum = sat_add64(t.nodes[at].cum, s->value);
		}
		t.nodes[at].self = sat_add64(t.nodes[at].self, s->value);
	}
	sort_tree = &t;
	for (i = 0; i < t.n; i++)
		if (t.nodes[i].nchildren)
			qsort(t.nodes[i].children, t.nodes[i].nchildren, sizeof(size_t), child_cmp);
	if (o->json) {
		json_init(&j, out);
		json_object_begin(&j);
		report_json_header(&j, p, o, co.value_index, c.total);
		json_key(&j, "threshold");
		json_double(&j, o->threshold, 2);
		json_key(&j, "tree");
		json_array_begin(&j);
		tree_print(&t, c.total, o->threshold, out, &j);
		json_array_end(&j);
		json_object_end(&j);
	} else {
		report_print_header(p, o, co.value_index, c.total, out);
		fprintf(out, "# call tree: frames with at least %g%% of the total\n#\n", o->threshold);
		fprintf(out, "%7s %7s  %s\n", "Cum%", "Self%", "Function");
		tree_print(&t, c.total, o->threshold, out, NULL);
	}
	for (i = 0; i < t.n; i++)
		free(t.nodes[i].children);
	free(t.nodes);
	hashidx_release(&t.index);
	collapsed_release(&c);
}
