/* SPDX-License-Identifier: GPL-3.0-or-later */
/* libFuzzer target for the folded-stacks reader (see fuzz-pprof.c). */
#include "format/folded.h"
#include "profile/profile.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct profile p;
	struct diag d;

	profile_init(&p);
	/* the sniffer decides in cprof; here every input goes to the reader */
	(void)folded_sniff((const char *)data, size);
	(void)folded_read((const char *)data, size, &p, &d);
	profile_release(&p);
	return 0;
}
