/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the cprof.data reader and its conversion to the
 * profile model (see fuzz-pprof.c), every recording all the way: the
 * conversion opens no file (symbolization is a pass of its own), so the
 * fuzzer never opens paths it made up.
 */
#include "format/cdata.h"
#include "format/cdata_profile.h"
#include "profile/profile.h"

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cdata_recording rec;
	struct profile p;
	struct diag d;

	(void)cdata_sniff(data, size);
	/* odd sizes read as report does (folded), even ones as --time does */
	if (cdata_read_named(data, size, NULL, size & 1 ? CDATA_READ_FOLD : 0, NULL, &rec, &d) ==
	    0) {
		(void)cdata_meta(&rec, "command");
		(void)cdata_health(&rec, "lost");
		/* cdata_to_profile initialises P itself; both ways of building samples */
		(void)cdata_to_profile(&rec, !(size & 1), NULL, &p, &d);
		profile_release(&p);
	}
	cdata_recording_release(&rec);
	return 0;
}
