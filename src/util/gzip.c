/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "util/gzip.h"

#include <string.h>
#include <zlib.h>

bool gzip_sniff(const void *data, size_t len)
{
	const unsigned char *b = data;

	return len >= 2 && b[0] == 0x1f && b[1] == 0x8b;
}

int gzip_compress(const void *data, size_t len, struct strbuf *out, struct diag *d)
{
	z_stream zs;
	int zr;

	memset(&zs, 0, sizeof(zs));
	/* windowBits 15 + 16: a gzip wrapper, as pprof files and HTTP bodies have */
	if (deflateInit2(&zs, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) !=
	    Z_OK)
		return diag_set(d, "zlib: deflateInit2 failed");
	zs.next_in = (unsigned char *)data;
	zs.avail_in = (uInt)len;
	strbuf_grow(out, deflateBound(&zs, (uLong)len) + 1);
	do {
		strbuf_grow(out, 1 << 16);
		zs.next_out = (unsigned char *)out->buf + out->len;
		zs.avail_out = (uInt)(out->alloc - out->len - 1);
		zr = deflate(&zs, Z_FINISH);
		out->len = (size_t)((char *)zs.next_out - out->buf);
		out->buf[out->len] = '\0';
		if (zr == Z_STREAM_ERROR) {
			deflateEnd(&zs);
			return diag_set(d, "zlib: deflate failed");
		}
	} while (zr != Z_STREAM_END);
	deflateEnd(&zs);
	return 0;
}

int gzip_decompress(const void *data, size_t len, size_t max, struct strbuf *out,
		    struct diag *d)
{
	size_t start = out->len;
	z_stream zs;
	int zr;

	memset(&zs, 0, sizeof(zs));
	if (inflateInit2(&zs, 15 + 32) != Z_OK)
		return diag_set(d, "zlib: inflateInit2 failed");
	zs.next_in = (unsigned char *)data;
	zs.avail_in = (uInt)len;
	do {
		/* room for one byte past MAX, so that passing it shows */
		size_t room = max - (out->len - start) + 1;

		strbuf_grow(out, 1 << 20);
		zs.next_out = (unsigned char *)out->buf + out->len;
		zs.avail_out = (uInt)(out->alloc - out->len - 1);
		if (zs.avail_out > room)
			zs.avail_out = (uInt)room;
		zr = inflate(&zs, Z_NO_FLUSH);
		out->len = (size_t)((char *)zs.next_out - out->buf);
		out->buf[out->len] = '\0';
		if (out->len - start > max) {
			inflateEnd(&zs);
			return diag_set(d, "gzip data expands past %zu bytes: refusing it", max);
		}
		if (zr != Z_OK && zr != Z_STREAM_END) {
			inflateEnd(&zs);
			return diag_set(d, "bad gzip data: %s", zs.msg ? zs.msg : "truncated");
		}
		if (zr == Z_OK && zs.avail_in == 0 && zs.avail_out != 0) {
			inflateEnd(&zs);
			return diag_set(d, "gzip data is truncated");
		}
	} while (zr != Z_STREAM_END);
	inflateEnd(&zs);
	return 0;
}
