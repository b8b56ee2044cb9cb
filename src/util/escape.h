/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CPROF_UTIL_ESCAPE_H
#define CPROF_UTIL_ESCAPE_H

#include <stddef.h>

#include "util/strbuf.h"

/*
 * Append S made printable: invalid UTF-8 bytes become U+FFFD, control
 * characters become '?'. Names come from binaries and input files and
 * may hold anything; every output format wants valid text.
 */
void text_sanitize(struct strbuf *out, const char *s);
/*
 * Append S for one line of text output: control characters escaped as
 * perf's headers and C do (\n, \t, \r, else \xHH), invalid UTF-8
 * bytes as U+FFFD. A command line or a path may hold a newline, which
 * would otherwise end a "# " header line early.
 */
void text_escape(struct strbuf *out, const char *s);
/* S escaped as text_escape() does, in a buffer reused at each call */
const char *text_escaped(const char *s);
/* the number of code points in valid UTF-8 S */
size_t utf8_length(const char *s);
/* the byte length of the first N code points of valid UTF-8 S */
size_t utf8_prefix_bytes(const char *s, size_t n);
/* append S (valid UTF-8) escaped for XML text and attribute values */
void xml_escape(struct strbuf *out, const char *s);

#endif
