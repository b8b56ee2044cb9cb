/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A growable, always NUL-terminated string (git's strbuf, reduced).
 *
 *   struct strbuf sb = STRBUF_INIT;
 *   strbuf_addf(&sb, "%d samples", n);
 *   puts(sb.buf);
 *   strbuf_release(&sb);
 */
#ifndef CPROF_UTIL_STRBUF_H
#define CPROF_UTIL_STRBUF_H

#include <stddef.h>

struct strbuf {
	size_t alloc;
	size_t len;
	char *buf;
};

extern char strbuf_empty[];
#define STRBUF_INIT { 0, 0, strbuf_empty }

void strbuf_init(struct strbuf *sb);
void strbuf_release(struct strbuf *sb);
void strbuf_reset(struct strbuf *sb);
void strbuf_grow(struct strbuf *sb, size_t extra);
void strbuf_add(struct strbuf *sb, const void *data, size_t len);
void strbuf_addstr(struct strbuf *sb, const char *s);
void strbuf_addch(struct strbuf *sb, char c);
__attribute__((format(printf, 2, 3))) void strbuf_addf(struct strbuf *sb, const char *fmt, ...);
/* append everything readable from FD; 0, or -1 with errno set */
int strbuf_read_fd(struct strbuf *sb, int fd);
/* append ITEM to a ", "-separated list, unless the list already has it */
void strbuf_add_list_item(struct strbuf *list, const char *item);
/* hand the buffer to the caller, who frees it; SB is left empty */
char *strbuf_detach(struct strbuf *sb);

#endif
