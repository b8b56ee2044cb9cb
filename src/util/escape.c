/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "util/escape.h"

#include <stdbool.h>
#include <string.h>

/* the length of the valid UTF-8 sequence at S, or 0 */
static size_t utf8_seq(const unsigned char *s)
{
	size_t n, i;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07;
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* overlong forms, surrogates and values past U+10FFFF are invalid */
	if ((n == 3 && cp < 0x800) || (n == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

/* S as one line of valid UTF-8: control characters as '?' or escaped */
static void text_one_line(struct strbuf *out, const char *s, bool escape)
{
	const unsigned char *p = (const unsigned char *)s;

	while (*p) {
		size_t n = utf8_seq(p);

		if (!n) {
			strbuf_addstr(out, "\xef\xbf\xbd");
			p++;
		} else if (n == 1 && (*p < 0x20 || *p == 0x7f)) {
			if (!escape)
				strbuf_addch(out, '?');
			else if (*p == '\n')
				strbuf_addstr(out, "\\n");
			else if (*p == '\t')
				strbuf_addstr(out, "\\t");
			else if (*p == '\r')
				strbuf_addstr(out, "\\r");
			else
				strbuf_addf(out, "\\x%02x", *p);
			p++;
		} else {
			strbuf_add(out, p, n);
			p += n;
		}
	}
}

void text_sanitize(struct strbuf *out, const char *s)
{
	text_one_line(out, s, false);
}

void text_escape(struct strbuf *out, const char *s)
{
	text_one_line(out, s, true);
}

const char *text_escaped(const char *s)
{
	static struct strbuf sb = STRBUF_INIT;

	strbuf_reset(&sb);
	text_escape(&sb, s ? s : "");
	return sb.buf;
}

size_t utf8_length(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		if (((unsigned char)*s & 0xc0) != 0x80)
			n++;
	return n;
}

size_t utf8_prefix_bytes(const char *s, size_t n)
{
	size_t i = 0;

	while (s[i] && n) {
		i++;
		while (((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		n--;
	}
	return i;
}

void xml_escape(struct strbuf *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '<':
			strbuf_addstr(out, "&lt;");
			break;
		case '>':
			strbuf_addstr(out, "&gt;");
			break;
		case '&':
			strbuf_addstr(out, "&amp;");
			break;
		case '"':
			strbuf_addstr(out, "&quot;");
			break;
		case '\'':
			strbuf_addstr(out, "&apos;");
			break;
		default:
			strbuf_addch(out, *s);
		}
	}
}
