/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The progress meter (progress.h). Drawing is driven by the caller's
 * updates, not by a timer signal: an update reads a coarse monotonic
 * clock (a few nanoseconds through the vDSO) and draws when the delay has
 * passed and the previous drawing is old enough.
 */
#include "util/progress.h"
#include "util/escape.h"
#include "util/strbuf.h"
#include "util/xalloc.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define NS_PER_SEC 1000000000ull
#define REDRAW_NS (NS_PER_SEC / 10)
#define BAR_MAX 30 /* cells between the brackets */
#define BAR_MIN 10 /* narrower than this, no bar */

/* the only target there is: stderr, found to be a terminal */
struct progress_target {
	FILE *stream;
};

struct progress {
	FILE *out;           /* the target's stream */
	struct strbuf title; /* printable */
	uint64_t total;      /* 0: unknown */
	uint64_t done;
	bool bytes;
	bool shown;          /* something was drawn */
	bool dumb;           /* TERM=dumb: pad with spaces instead of erasing */
	uint64_t start_ns, delay_ns;
	uint64_t next_draw_ns;
	size_t last_cols;    /* width of the last line drawn */
	struct strbuf line;
};

static uint64_t now_ns(void)
{
	struct timespec ts;

#ifdef CLOCK_MONOTONIC_COARSE
	if (clock_gettime(CLOCK_MONOTONIC_COARSE, &ts) == 0)
		return (uint64_t)ts.tv_sec * NS_PER_SEC + (uint64_t)ts.tv_nsec;
#endif
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * NS_PER_SEC + (uint64_t)ts.tv_nsec;
}

/*
 * CPROF_PROGRESS_DELAY: digits, optionally a point and more digits (at
 * least one digit in all), nothing else; false for anything else.
 */
static bool parse_delay(const char *s, uint64_t *ns)
{
	uint64_t secs = 0, frac = 0, scale = NS_PER_SEC;
	bool digits = false;

	for (; *s >= '0' && *s <= '9'; s++, digits = true)
		if (secs < NS_PER_SEC) /* beyond 30 years it hardly matters */
			secs = secs * 10 + (uint64_t)(*s - '0');
	if (*s == '.')
		for (s++; *s >= '0' && *s <= '9'; s++, digits = true)
			if (scale > 1) {
				scale /= 10;
				frac += scale * (uint64_t)(*s - '0');
			}
	if (!digits || *s)
		return false;
	*ns = secs * NS_PER_SEC + frac;
	return true;
}

static uint64_t delay_from_env(void)
{
	const char *s = getenv(PROGRESS_DELAY_ENV);
	uint64_t ns;

	if (s && parse_delay(s, &ns))
		return ns;
	return PROGRESS_DEFAULT_DELAY * NS_PER_SEC;
}

/* not while the process runs in the background of its terminal */
static bool in_foreground(FILE *out)
{
	pid_t fg = tcgetpgrp(fileno(out));

	return fg < 0 || fg == getpgrp();
}

static size_t term_columns(FILE *out)
{
	struct winsize ws;

	if (ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col)
		return ws.ws_col;
	return 80;
}

const struct progress_target *progress_to_stderr(bool quiet)
{
	static struct progress_target to_stderr;

	if (quiet || !isatty(STDERR_FILENO))
		return NULL;
	to_stderr.stream = stderr;
	return &to_stderr;
}

static struct progress *start(const struct progress_target *t, const char *title,
			      uint64_t total, bool bytes)
{
	struct progress *p;
	const char *term = getenv("TERM");

	if (!t)
		return NULL;
	p = xcalloc(1, sizeof(*p));
	p->out = t->stream;
	strbuf_init(&p->title);
	strbuf_init(&p->line);
	text_sanitize(&p->title, title);
	p->total = total;
	p->bytes = bytes;
	p->dumb = term && !strcmp(term, "dumb");
	p->delay_ns = delay_from_env();
	p->start_ns = now_ns();
	p->next_draw_ns = p->start_ns + p->delay_ns;
	if (p->next_draw_ns < p->start_ns)
		p->next_draw_ns = UINT64_MAX;
	return p;
}

struct progress *progress_start(const struct progress_target *t, const char *title,
				uint64_t total)
{
	return start(t, title, total, false);
}

struct progress *progress_start_bytes(const struct progress_target *t, const char *title,
				      uint64_t total)
{
	return start(t, title, total, true);
}

static unsigned percent(const struct progress *p)
{
	unsigned v;

	if (p->done >= p->total)
		return 100;
	v = (unsigned)((double)p->done * 100.0 / (double)p->total);
	/* never 100% before the end, whatever the rounding */
	return v > 99 ? 99 : v;
}

/* "12.3/29.0 MiB", or "12.3 MiB" when the total is unknown */
static void add_bytes(struct strbuf *sb, const struct progress *p, uint64_t done)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB" };
	uint64_t ref = p->total ? p->total : done;
	double div = 1024.0;
	char buf[64];
	size_t u = 0;

	if (ref < 1024) {
		if (p->total)
			snprintf(buf, sizeof(buf), "%llu/%llu bytes", (unsigned long long)done,
				 (unsigned long long)p->total);
		else
			snprintf(buf, sizeof(buf), "%llu bytes", (unsigned long long)done);
		strbuf_addstr(sb, buf);
		return;
	}
	while (u + 1 < sizeof(units) / sizeof(units[0]) && (double)ref / div >= 1024.0) {
		div *= 1024.0;
		u++;
	}
	if (p->total)
		snprintf(buf, sizeof(buf), "%.1f/%.1f %s", (double)done / div,
			 (double)p->total / div, units[u]);
	else
		snprintf(buf, sizeof(buf), "%.1f %s", (double)done / div, units[u]);
	strbuf_addstr(sb, buf);
}

static void add_count(struct strbuf *sb, const struct progress *p, uint64_t done)
{
	char buf[64];

	if (p->total)
		snprintf(buf, sizeof(buf), "(%llu/%llu)", (unsigned long long)done,
			 (unsigned long long)p->total);
	else
		snprintf(buf, sizeof(buf), "%llu", (unsigned long long)done);
	strbuf_addstr(sb, buf);
}

/* "1.2/2.9 MiB" or "(12/29)", then ", done" when FINAL */
static void add_tail(struct strbuf *sb, const struct progress *p, uint64_t done, bool final)
{
	if (p->bytes)
		add_bytes(sb, p, done);
	else
		add_count(sb, p, done);
	if (final)
		strbuf_addstr(sb, ", done");
}

static void add_bar(struct strbuf *sb, const struct progress *p, size_t cells)
{
	size_t filled = p->done >= p->total
				? cells
				: (size_t)((double)p->done * (double)cells / (double)p->total);
	size_t i;

	strbuf_addch(sb, '[');
	for (i = 0; i < cells; i++) {
		if (i < filled)
			strbuf_addch(sb, '=');
		else if (i == filled)
			strbuf_addch(sb, '>');
		else
			strbuf_addch(sb, ' ');
	}
	strbuf_addstr(sb, "] ");
}

/*
 * Draw "\rTitle:  42% [===>   ] 1.2/2.9 MiB" and erase the rest of the
 * line; FINAL adds ", done" and the newline. The line stays short of the
 * last column, where some terminals wrap: on a narrow terminal the bar
 * goes first, then the title is shortened, then the line is cut.
 */
static void draw(struct progress *p, bool final)
{
	struct strbuf mid = STRBUF_INIT, tail = STRBUF_INIT, widest = STRBUF_INIT;
	struct strbuf *line = &p->line;
	size_t avail = term_columns(p->out) - 1;
	size_t title_cols = utf8_length(p->title.buf), title_bytes = p->title.len;
	size_t rest_cols, cols;
	bool ellipsis = false;
	char pct[8];

	strbuf_addstr(&mid, ": ");
	if (p->total) {
		snprintf(pct, sizeof(pct), "%3u%% ", percent(p));
		strbuf_addstr(&mid, pct);
	}
	add_tail(&tail, p, p->done, final);
	/* lay out for the widest line to come, so the bar keeps its width */
	add_tail(&widest, p, p->total ? p->total : p->done, true);
	rest_cols = mid.len + widest.len; /* ASCII */

	if (title_cols + rest_cols > avail && rest_cols + 4 <= avail) {
		title_bytes = utf8_prefix_bytes(p->title.buf, avail - rest_cols - 3);
		ellipsis = true;
	}
	strbuf_reset(line);
	strbuf_addch(line, '\r');
	strbuf_add(line, p->title.buf, title_bytes);
	if (ellipsis)
		strbuf_addstr(line, "...");
	strbuf_add(line, mid.buf, mid.len);
	cols = utf8_length(line->buf + 1) + widest.len;
	if (p->bytes && p->total && cols + BAR_MIN + 3 <= avail) {
		size_t cells = avail - cols - 3;

		add_bar(line, p, cells < BAR_MAX ? cells : BAR_MAX);
	}
	strbuf_add(line, tail.buf, tail.len);
	cols = utf8_length(line->buf + 1);
	if (cols > avail) {
		line->len = 1 + utf8_prefix_bytes(line->buf + 1, avail);
		line->buf[line->len] = '\0';
		cols = avail;
	}
	if (p->dumb) {
		while (p->last_cols > cols) {
			strbuf_addch(line, ' ');
			p->last_cols--;
		}
	} else {
		strbuf_addstr(line, "\033[K");
	}
	p->last_cols = cols;
	if (final)
		strbuf_addch(line, '\n');
	fwrite(line->buf, 1, line->len, p->out);
	fflush(p->out);
	p->shown = true;
	strbuf_release(&mid);
	strbuf_release(&tail);
	strbuf_release(&widest);
}

void progress_update(struct progress *p, uint64_t done)
{
	uint64_t now;

	if (!p)
		return;
	p->done = done;
	now = now_ns();
	if (now < p->next_draw_ns)
		return;
	p->next_draw_ns = now + REDRAW_NS;
	if (in_foreground(p->out))
		draw(p, false);
}

void progress_stop(struct progress **pp)
{
	struct progress *p = *pp;

	if (!p)
		return;
	/* work that outlasted the delay gets its line even without updates */
	if (p->shown || (now_ns() - p->start_ns >= p->delay_ns && in_foreground(p->out)))
		draw(p, true);
	strbuf_release(&p->title);
	strbuf_release(&p->line);
	free(p);
	*pp = NULL;
}
