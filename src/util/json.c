/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Our own writer rather than json-c: json-c builds the whole document as
 * a tree in memory before printing it, and our outputs (every function of
 * a large profile, a call tree) are better streamed; and it passes the
 * bytes of a string through unchecked, while function names from
 * binaries and input files may hold invalid UTF-8 that must still come
 * out as valid JSON.
 */
#include "util/json.h"

#include <inttypes.h>
#include <math.h>
#include <string.h>

#include "util/usage.h"

void json_init(struct json *j, FILE *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->pretty = true;
}

static void newline_indent(struct json *j, int depth)
{
	int i;

	if (!j->pretty)
		return;
	putc('\n', j->out);
	for (i = 0; i < depth; i++)
		fputs("  ", j->out);
}

/* the separator and indentation before an item (a key, or a value in an array) */
static void begin_item(struct json *j)
{
	if (j->depth) {
		if (j->has_items[j->depth])
			putc(',', j->out);
		newline_indent(j, j->depth);
	}
	j->has_items[j->depth] = true;
}

static void begin_value(struct json *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (j->open[j->depth] == '{')
		BUG("JSON value in an object without a key");
	begin_item(j);
}

/* after a whole value: the top-level one ends with a newline */
static void end_value(struct json *j)
{
	if (!j->depth && j->pretty)
		putc('\n', j->out);
}

static void begin_container(struct json *j, char open)
{
	begin_value(j);
	if (j->depth == JSON_MAX_DEPTH)
		BUG("JSON nested deeper than %d levels", JSON_MAX_DEPTH);
	putc(open, j->out);
	j->depth++;
	j->open[j->depth] = open;
	j->has_items[j->depth] = false;
}

static void end_container(struct json *j, char open, char close)
{
	if (!j->depth || j->open[j->depth] != open || j->after_key)
		BUG("JSON '%c' does not close what is open", close);
	if (j->has_items[j->depth])
		newline_indent(j, j->depth - 1);
	putc(close, j->out);
	j->depth--;
	end_value(j);
}

void json_object_begin(struct json *j)
{
	begin_container(j, '{');
}

void json_object_end(struct json *j)
{
	end_container(j, '{', '}');
}

void json_array_begin(struct json *j)
{
	begin_container(j, '[');
}

void json_array_end(struct json *j)
{
	end_container(j, '[', ']');
}

/*
 * The length of the valid UTF-8 sequence at S (LEN bytes left), or, as
 * a negative number, the length of the invalid part to replace by one
 * U+FFFD: the longest start of a valid sequence, at least one byte (the
 * "maximal subpart" of Unicode's chapter 3, as Python and browsers do).
 * The ranges of the second byte rule out overlong forms (E0, F0),
 * surrogates (ED) and values past U+10FFFF (F4).
 */
static int utf8_step(const unsigned char *s, size_t len)
{
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4;
	else
		return -1;
	if (s[0] == 0xe0)
		lo = 0xa0;
	else if (s[0] == 0xed)
		hi = 0x9f;
	else if (s[0] == 0xf0)
		lo = 0x90;
	else if (s[0] == 0xf4)
		hi = 0x8f;
	for (i = 1; i < n; i++) {
		if (i >= len || s[i] < lo || s[i] > hi)
			return -(int)i;
		lo = 0x80;
		hi = 0xbf;
	}
	return (int)n;
}

static void put_string(FILE *out, const char *str, size_t len)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run = 0; /* s[run..i) is copied as it is */

	putc('"', out);
	while (i < len) {
		unsigned char c = s[i];
		const char *esc = NULL;
		char u[7];
		int n;

		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			i++;
			continue;
		}
		n = c < 0x80 ? 1 : utf8_step(s + i, len - i);
		if (n > 1) {
			i += (size_t)n;
			continue;
		}
		fwrite(s + run, 1, i - run, out);
		switch (c) {
		case '"':
			esc = "\\\"";
			break;
		case '\\':
			esc = "\\\\";
			break;
		case '\b':
			esc = "\\b";
			break;
		case '\f':
			esc = "\\f";
			break;
		case '\n':
			esc = "\\n";
			break;
		case '\r':
			esc = "\\r";
			break;
		case '\t':
			esc = "\\t";
			break;
		default:
			if (c < 0x80) {
				/* the other control characters, and DEL */
				memcpy(u, "\\u00", 4);
				u[4] = hex[c >> 4];
				u[5] = hex[c & 0xf];
				u[6] = '\0';
				esc = u;
			} else {
				esc = "\xef\xbf\xbd";
			}
		}
		fputs(esc, out);
		i += n < 0 ? (size_t)-n : 1;
		run = i;
	}
	fwrite(s + run, 1, i - run, out);
	putc('"', out);
}

void json_key(struct json *j, const char *key)
{
	if (j->open[j->depth] != '{' || j->after_key)
		BUG("JSON key '%s' outside an object", key);
	begin_item(j);
	put_string(j->out, key, strlen(key));
	fputs(j->pretty ? ": " : ":", j->out);
	j->after_key = true;
}

void json_string_n(struct json *j, const char *s, size_t len)
{
	if (!s) {
		json_null(j);
		return;
	}
	begin_value(j);
	put_string(j->out, s, len);
	end_value(j);
}

void json_string(struct json *j, const char *s)
{
	json_string_n(j, s, s ? strlen(s) : 0);
}

void json_int(struct json *j, int64_t v)
{
	begin_value(j);
	fprintf(j->out, "%" PRId64, v);
	end_value(j);
}

void json_uint(struct json *j, uint64_t v)
{
	begin_value(j);
	fprintf(j->out, "%" PRIu64, v);
	end_value(j);
}

void json_double(struct json *j, double v, int decimals)
{
	/* %.17f of the largest double: 309 digits, the point, 17 decimals, a sign */
	char buf[400];
	const char *p = buf;

	if (!isfinite(v)) {
		json_null(j);
		return;
	}
	if (decimals < 0)
		decimals = 0;
	if (decimals > 17)
		decimals = 17;
	/* the point is '.': cprof sets LC_CTYPE only, never LC_NUMERIC */
	snprintf(buf, sizeof(buf), "%.*f", decimals, v);
	if (buf[0] == '-' && !buf[1 + strspn(buf + 1, "0.")])
		p++; /* -0.00 */
	begin_value(j);
	fputs(p, j->out);
	end_value(j);
}

void json_bool(struct json *j, bool v)
{
	begin_value(j);
	fputs(v ? "true" : "false", j->out);
	end_value(j);
}

void json_null(struct json *j)
{
	begin_value(j);
	fputs("null", j->out);
	end_value(j);
}
