/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A progress meter on stderr for work that takes a while (after git's
 * progress.c): reading a large recording, building the profile,
 * symbolizing. It draws only when stderr is a terminal and the user did
 * not ask for quiet (-q), and only once the work has lasted longer than
 * a delay, so short work prints nothing:
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
 *   struct progress *p = progress_start("Symbolizing", n);
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

#include <stdint.h>

struct progress;

/* the default delay before anything is drawn, in seconds */
#define PROGRESS_DEFAULT_DELAY 1
/* the environment variable that overrides it */
#define PROGRESS_DELAY_ENV "CPROF_PROGRESS_DELAY"

/*
 * Start measuring work of TOTAL items (0: unknown), shown as a count
 * ("42% (1234/2938)"). TITLE is copied. NULL when nothing may be drawn:
 * stderr is not a terminal or the user asked for quiet.
 */
struct progress *progress_start(const char *title, uint64_t total);
/* the same for TOTAL bytes, shown with a bar ("42% [===>  ] 1.2/2.9 MiB") */
struct progress *progress_start_bytes(const char *title, uint64_t total);

/*
 * DONE items of the total are done (it should not decrease). Cheap: it
 * reads a coarse clock and draws only when the delay has passed and the
 * last drawing is 100 ms old, so it may be called once per item.
 */
void progress_update(struct progress *p, uint64_t done);

/*
 * Draw nothing from now on, whatever stderr is: the terminal is shared
 * with a program that writes to it (cprof record attached to a process
 * on the same terminal).
 */
void progress_disable(void);

/*
 * End the meter and free it; *P becomes NULL. If anything was drawn, or
 * the work lasted longer than the delay, the last state is drawn with
 * ", done" and a newline; otherwise nothing is printed.
 */
void progress_stop(struct progress **p);

#endif
