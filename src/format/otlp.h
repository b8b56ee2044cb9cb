/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * OpenTelemetry profiles (OTLP, opentelemetry.proto.profiles.v1development):
 * the model as one ExportProfilesServiceRequest, the body that an
 * OpenTelemetry Collector takes over HTTP or gRPC.
 */
#ifndef CPROF_FORMAT_OTLP_H
#define CPROF_FORMAT_OTLP_H

#include <stddef.h>

#include "profile/profile.h"
#include "util/strbuf.h"

/* a resource attribute, a string: service.name, host.name, ... */
struct otlp_attr {
	const char *key;
	const char *value;
};

struct otlp_resource {
	const struct otlp_attr *attrs;
	size_t nattrs;
};

/*
 * Append P, encoded as an ExportProfilesServiceRequest, to OUT: one
 * ResourceProfiles for RES, one Profile per sample type, sharing one
 * dictionary. Samples keep their times when P knows its clock's origin.
 */
void otlp_encode(const struct profile *p, const struct otlp_resource *res, struct strbuf *out);

#endif
