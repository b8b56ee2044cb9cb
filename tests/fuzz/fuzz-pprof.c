/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the pprof reader (gzipped or raw protobuf).
 * Built with -fsanitize=fuzzer by tests/fuzz/run-fuzzers.sh, or with
 * tests/fuzz/replay.c into a plain program that replays the corpus.
 */
#include "format/pprof.h"
#include "profile/profile.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile p;
	struct diag d;

	profile_init(&p);
	(void)pprof_read(data, size, &p, &d); /* it ends with profile_check() */
	profile_release(&p);
	return 0;
}
