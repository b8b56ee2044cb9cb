/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Little-endian encoding into a growable buffer, and bounds-checked
 * decoding out of one. A decoder that runs past its end stays failed, so
 * a parser can read a whole record and check once.
 */
#ifndef CPROF_FORMAT_BYTES_H
#define CPROF_FORMAT_BYTES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "util/strbuf.h"

static inline void put_u16(struct strbuf *b, uint16_t v)
{
	unsigned char x[2] = { (unsigned char)v, (unsigned char)(v >> 8) };

	strbuf_add(b, x, 2);
}

static inline void put_u32(struct strbuf *b, uint32_t v)
{
	unsigned char x[4];
	int i;

	for (i = 0; i < 4; i++)
		x[i] = (unsigned char)(v >> (8 * i));
	strbuf_add(b, x, 4);
}

static inline void put_u64(struct strbuf *b, uint64_t v)
{
	unsigned char x[8];
	int i;

	for (i = 0; i < 8; i++)
		x[i] = (unsigned char)(v >> (8 * i));
	strbuf_add(b, x, 8);
}

/* u32 length, then the bytes (no NUL) */
static inline void put_str(struct strbuf *b, const char *s)
{
	size_t len = s ? strlen(s) : 0;

	put_u32(b, (uint32_t)len);
	strbuf_add(b, s ? s : "", len);
}

struct decoder {
	const unsigned char *p, *end;
	bool failed;
};

static inline void decoder_init(struct decoder *dc, const void *data, size_t size)
{
	dc->p = data;
	dc->end = dc->p + size;
	dc->failed = false;
}

static inline size_t decoder_left(const struct decoder *dc)
{
	return dc->failed ? 0 : (size_t)(dc->end - dc->p);
}

static inline bool take(struct decoder *dc, size_t n)
{
	if (dc->failed || (size_t)(dc->end - dc->p) < n) {
		dc->failed = true;
		return false;
	}
	return true;
}

static inline uint16_t get_u16(struct decoder *dc)
{
	uint16_t v;

	if (!take(dc, 2))
		return 0;
	v = (uint16_t)(dc->p[0] | dc->p[1] << 8);
	dc->p += 2;
	return v;
}

static inline uint32_t get_u32(struct decoder *dc)
{
	uint32_t v = 0;
	int i;

	if (!take(dc, 4))
		return 0;
	for (i = 3; i >= 0; i--)
		v = v << 8 | dc->p[i];
	dc->p += 4;
	return v;
}

static inline uint64_t get_u64(struct decoder *dc)
{
	uint64_t v = 0;
	int i;

	if (!take(dc, 8))
		return 0;
	for (i = 7; i >= 0; i--)
		v = v << 8 | dc->p[i];
	dc->p += 8;
	return v;
}

/* a string borrowed from the buffer, with its length */
static inline const char *get_str(struct decoder *dc, uint32_t *len)
{
	const char *s;

	*len = get_u32(dc);
	if (!take(dc, *len))
		return NULL;
	s = (const char *)dc->p;
	dc->p += *len;
	return s;
}

#endif
