/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "record/sink_profile.h"
#include "format/cdata.h"
#include "format/cdata_profile.h"
#include "record/sink_cdata.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the file sink over a memory stream, and what it wrote there */
struct sink_profile {
	struct sink sink;
	struct sink *cdata;
	char *buf;
	size_t len;
	bool finished;
};

static struct sink_profile *to_profile(struct sink *s)
{
	return (struct sink_profile *)s;
}

static void sp_meta(struct sink *s, const char *key, const char *value)
{
	sink_meta(to_profile(s)->cdata, key, value);
}

static void sp_mapping(struct sink *s, const struct sink_mapping *m)
{
	struct sink *c = to_profile(s)->cdata;

	c->ops->mapping(c, m);
}

static void sp_thread(struct sink *s, const struct sink_thread *t)
{
	struct sink *c = to_profile(s)->cdata;

	c->ops->thread(c, t);
}

static void sp_cgroup(struct sink *s, pid_t pid, const char *path, const char *container)
{
	struct sink *c = to_profile(s)->cdata;

	c->ops->cgroup(c, pid, path, container);
}

static void sp_sample(struct sink *s, const struct sink_sample *smp)
{
	struct sink *c = to_profile(s)->cdata;

	c->ops->sample(c, smp);
}

static void sp_settle(struct sink *s, const struct sink_finish *f, const uint32_t *ids, size_t n)
{
	struct sink *c = to_profile(s)->cdata;

	c->ops->settle(c, f, ids, n);
}

static size_t sp_pending(const struct sink *s)
{
	const struct sink *c = ((const struct sink_profile *)s)->cdata;

	return c->ops->pending(c);
}

static uint64_t sp_bytes(const struct sink *s)
{
	const struct sink *c = ((const struct sink_profile *)s)->cdata;

	return c->ops->bytes(c);
}

static int sp_flush(struct sink *s, struct diag *d)
{
	struct sink *c = to_profile(s)->cdata;

	return c->ops->flush(c, d);
}

static int sp_finish(struct sink *s, const struct sink_finish *f, struct session_health *h,
		     struct diag *d)
{
	struct sink_profile *p = to_profile(s);
	int ret = p->cdata->ops->finish(p->cdata, f, h, d);

	/* the stream is closed now: buf and len hold the whole segment */
	p->finished = ret == 0;
	return ret;
}

static void sp_abort(struct sink *s)
{
	struct sink *c = to_profile(s)->cdata;

	c->ops->abort(c);
}

static void sp_free(struct sink *s)
{
	struct sink_profile *p = to_profile(s);

	sink_free(p->cdata);
	free(p->buf);
	free(p);
}

static const struct sink_ops profile_ops = {
	.meta = sp_meta,
	.mapping = sp_mapping,
	.thread = sp_thread,
	.cgroup = sp_cgroup,
	.sample = sp_sample,
	.settle = sp_settle,
	.pending = sp_pending,
	.bytes = sp_bytes,
	.flush = sp_flush,
	.finish = sp_finish,
	.abort = sp_abort,
	.free = sp_free,
};

struct sink *sink_profile_open(struct diag *d)
{
	struct sink_profile *p = xcalloc(1, sizeof(*p));
	struct cdata_writer *w;
	FILE *fp = open_memstream(&p->buf, &p->len);

	if (!fp) {
		diag_set_errno(d, errno, "cannot open a memory stream: %s", strerror(errno));
		free(p);
		return NULL;
	}
	w = cdata_writer_open_stream(fp, d);
	if (!w) {
		free(p->buf);
		free(p);
		return NULL;
	}
	p->sink.ops = &profile_ops;
	p->cdata = sink_cdata_wrap(w);
	return &p->sink;
}

int sink_profile_take(struct sink *s, bool sample_times, struct profile *out, struct diag *d)
{
	struct sink_profile *p = to_profile(s);
	struct cdata_recording rec;
	int ret;

	if (!p->finished)
		return diag_set(d, "the segment did not finish");
	if (cdata_read_buffer(p->buf, p->len, &rec, d) < 0)
		return -1;
	ret = cdata_to_profile(&rec, sample_times, NULL, out, d);
	cdata_recording_release(&rec);
	free(p->buf);
	p->buf = NULL;
	p->len = 0;
	p->finished = false;
	return ret;
}
