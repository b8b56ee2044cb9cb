/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * pprof's profile.proto, through protobuf-c (proto/profile.proto), and
 * gzip through zlib. Writing follows pprof's preEncode (string 0 is "",
 * ids are table positions); reading follows ParseData and CheckValid:
 * gunzip when the data starts 1f 8b, decode, check every index and id.
 * cprof's own facts (command, event, ...) travel as comments
 * "cprof.KEY=VALUE", which other tools show and cprof reads back.
 */
#ifndef CPROF_FORMAT_PPROF_H
#define CPROF_FORMAT_PPROF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "profile/profile.h"
#include "util/strbuf.h"
#include "util/usage.h"

/* the largest profile cprof will gunzip, against decompression bombs */
#define PPROF_MAX_DECOMPRESSED ((size_t)512 << 20)

/* encode P as protobuf into OUT (uncompressed) */
void pprof_encode(const struct profile *p, struct strbuf *out);
/* write P gzip-compressed; 0, or -1 with D filled */
int pprof_write(const struct profile *p, FILE *out, struct diag *d);

/* decode a profile (gzipped or not) into P, initialised by the caller */
int pprof_read(const void *data, size_t len, struct profile *p, struct diag *d);

/* gzip magic */
bool pprof_sniff_gzip(const void *data, size_t len);

#endif
