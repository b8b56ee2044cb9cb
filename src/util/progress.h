/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A progress meter on stderr for work that takes a while (after git's
 * progress.c): reading a large recording, building the profile,
 * symbolizing. Whether it may draw at all is the command's decision,
 * made once (progress_to_stderr()) and passed down to library code as a
 * target, NULL meaning silent. It draws only once the work has lasted
 * longer than a delay, so short work prints nothing:
 *
 *   Reading cprof.data:  42% [========>           ] 12.3/29.0 MiB
 *   Symbolizing:  42% (1234/2938)
 *
 * The line is redrawn in place with \r at most ten times a second, fits
 * the terminal's width (the bar goes first when it is narrow) and ends
 * with ", done" and a newline at progress_stop().
 *
 * The delay is CPROF_PROGRESS_DELAY seconds (as git's
 * GIT_PROGRESS_DELAY): a non-negative decimal number such as 0, 2 or
 * 0.5; 0 draws at once. Any other value is ignored and the default of
 * one second is used.
 *
 * Every function accepts NULL and then does nothing, so callers need no
 * checks:
 *
 *   struct progress *p = progress_start(target, "Symbolizing", n);
 *
 *   for (i = 0; i < n; i++) {
 *           progress_update(p, i);
 *           ...
 *   }
 *   progress_update(p, n);
 *   progress_stop(&p);
 */
#ifndef CPROF_UTIL_PROGRESS_H
#define CPROF_UTIL_PROGRESS_H

#include <stdbool.h>
#include <stdint.h>

struct progress;
/* where a meter may draw; NULL: nowhere (silent) */
struct progress_target;

/* the default delay before anything is drawn, in seconds */
#define PROGRESS_DEFAULT_DELAY 1
/* the environment variable that overrides it */
#define PROGRESS_DELAY_ENV "CPROF_PROGRESS_DELAY"

/*
 * For a command: stderr as a target, or NULL when nothing may be drawn
 * there: QUIET (the user asked for it with -q, or the terminal is shared
 * with a program that writes to it), or stderr is not a terminal.
 */
const struct progress_target *progress_to_stderr(bool quiet);

/*
 * Start measuring work of TOTAL items (0: unknown), shown on T as a
 * count ("42% (1234/2938)"). TITLE is copied. NULL when T is NULL.
 */
struct progress *progress_start(const struct progress_target *t, const char *title,
				uint64_t total);
/* the same for TOTAL bytes, shown with a bar ("42% [===>  ] 1.2/2.9 MiB") */
struct progress *progress_start_bytes(const struct progress_target *t, const char *title,
				      uint64_t total);

/*
 * DONE items of the total are done (it should not decrease). Cheap: it
 * reads a coarse clock and draws only when the delay has passed and the
 * last drawing is 100 ms old, so it may be called once per item.
 */
void progress_update(struct progress *p, uint64_t done);

/*
 * End the meter and free it; *P becomes NULL. If anything was drawn, or
 * the work lasted longer than the delay, the last state is drawn with
 * ", done" and a newline; otherwise nothing is printed.
 */
void progress_stop(struct progress **p);

#endif
