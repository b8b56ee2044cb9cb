/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the kernel symbols' cache reader (see
 * fuzz-pprof.c). The key is taken from the input itself, so that inputs
 * get past the check of which boot wrote them and reach the records.
 */
#include "symbol/kallsyms.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint64_t probes[] = { 0, 1, 0xffffffff81000000ULL, UINT64_MAX };
	struct kallsyms *k;
	uint64_t key = 0;
	size_t i;

	for (i = 0; i < 8 && 8 + i < size; i++)
		key |= (uint64_t)data[8 + i] << (8 * i);
	k = kallsyms_parse_cache(data, size, key);
	for (i = 0; i < sizeof(probes) / sizeof(probes[0]); i++) {
		uint64_t off;

		(void)kallsyms_lookup(k, probes[i], &off);
	}
	kallsyms_free(k);
	return 0;
}
