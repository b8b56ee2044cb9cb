/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * gzip through zlib, for pprof files, OTLP bodies and Pyroscope pushes:
 * whole buffers in, whole buffers out.
 */
#ifndef CPROF_UTIL_GZIP_H
#define CPROF_UTIL_GZIP_H

#include <stdbool.h>
#include <stddef.h>

#include "util/strbuf.h"
#include "util/usage.h"

/* does DATA start with gzip's magic (1f 8b)? */
bool gzip_sniff(const void *data, size_t len);

/* append DATA, gzip-compressed, to OUT; 0, or -1 with D filled */
int gzip_compress(const void *data, size_t len, struct strbuf *out, struct diag *d);

/*
 * Append DATA, decompressed, to OUT, refusing to pass MAX bytes (against
 * decompression bombs); 0, or -1 with D filled.
 */
int gzip_decompress(const void *data, size_t len, size_t max, struct strbuf *out,
		    struct diag *d);

#endif
