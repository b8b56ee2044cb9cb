/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the perf map reader (see fuzz-pprof.c). */
#include "symbol/perfmap.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct perfmap *m = perfmap_parse((const char *)data, size);
	static const uint64_t probes[] = { 0, 1, 0x1000, 0x7fffffff, 0x400000, UINT64_MAX };
	size_t i;

	/* look up a few fixed addresses and the bytes of the input read as one */
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++)
		(void)perfmap_lookup(m, probes[i]);
	for (i = 0; i + 8 <= size && i < 64; i += 8) {
		uint64_t a = 0;
		size_t j;

		for (j = 0; j < 8; j++)
			a = a << 8 | data[i + j];
		(void)perfmap_lookup(m, a);
	}
	(void)perfmap_count(m);
	(void)perfmap_skipped(m);
	perfmap_free(m);
	return 0;
}
