/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * libFuzzer target for the cprof.data reader and its conversion to the
 * profile model (see fuzz-pprof.c). A recording without stored functions
 * would be symbolized against files on disk: those only go through the
 * reader, so the fuzzer never opens paths it made up.
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
	if (cdata_read_named(data, size, NULL, size & 1 ? CDATA_READ_FOLD : 0, &rec, &d) == 0 &&
	    (rec.nfunctions > 0 || rec.nlocations == 0)) {
		(void)cdata_meta(&rec, "command");
		(void)cdata_health(&rec, "lost");
		/* cdata_to_profile initialises P itself; both ways of building samples */
		(void)cdata_to_profile(&rec, !(size & 1), &p, &d);
		profile_release(&p);
	}
	cdata_recording_release(&rec);
	return 0;
}
