/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A small streaming JSON writer: values go to the FILE as they are
 * given, so output of any size needs no memory beyond the nesting state.
 * The writer places commas, newlines and indentation (two spaces) and
 * ends the top-level value with a newline.
 *
 *   struct json j;
 *   json_init(&j, stdout);
 *   json_object_begin(&j);
 *   json_key(&j, "samples");
 *   json_uint(&j, 1234);
 *   json_key(&j, "names");
 *   json_array_begin(&j);
 *   json_string(&j, "main");
 *   json_array_end(&j);
 *   json_object_end(&j);
 *
 * Strings may hold any bytes: valid UTF-8 is copied through, and each
 * invalid part (a stray byte, an overlong form, a surrogate, a value past
 * U+10FFFF, a truncated sequence) becomes U+FFFD, so the output is valid
 * JSON whatever the input. Function names come from binaries and input
 * files and may hold anything.
 *
 * Write errors are left in the FILE's error flag for the caller to check.
 * Misuse (a value in an object without a key, a key in an array, ends
 * that do not match, nesting deeper than JSON_MAX_DEPTH) is a BUG().
 */
#ifndef CPROF_UTIL_JSON_H
#define CPROF_UTIL_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#define JSON_MAX_DEPTH 64

struct json {
	FILE *out;
	/* private */
	int depth;                         /* open containers */
	bool pretty;                       /* newlines and indentation */
	bool after_key;                    /* a key was written, its value is next */
	char open[JSON_MAX_DEPTH + 1];     /* per level: '{' or '[' (index 0: top) */
	bool has_items[JSON_MAX_DEPTH + 1]; /* per level: a comma goes before the next item */
};

/* start writing JSON to OUT: pretty-printed, with a newline after the top-level value */
void json_init(struct json *j, FILE *out);

void json_object_begin(struct json *j);
void json_object_end(struct json *j);
void json_array_begin(struct json *j);
void json_array_end(struct json *j);

/* inside an object, before each value */
void json_key(struct json *j, const char *key);

/* S as a string; NULL gives null */
void json_string(struct json *j, const char *s);
/* the LEN bytes at S (NUL bytes included, escaped) as a string; NULL gives null */
void json_string_n(struct json *j, const char *s, size_t len);
void json_int(struct json *j, int64_t v);
void json_uint(struct json *j, uint64_t v);
/*
 * V with DECIMALS digits after the point (0 to 17), as printf's %.*f:
 * 59.80. Minus zero is written as zero; NaN and infinities give null.
 */
void json_double(struct json *j, double v, int decimals);
void json_bool(struct json *j, bool v);
void json_null(struct json *j);

#endif
