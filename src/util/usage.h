/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The one funnel for messages to the user (git usage.c, curl tool_msgs).
 * Library code does not call these; it returns an error and fills a
 * struct diag, and the command layer reports it.
 *
 *   die()      fatal: prints "cprof: ..." and exits 2
 *   error()    prints "cprof: ..." and returns -1, for `return error(...)`
 *   warning()  prints "cprof: warning: ..." and continues
 *   usage_error()  prints the message and a hint, exits 64
 */
#ifndef CPROF_UTIL_USAGE_H
#define CPROF_UTIL_USAGE_H

#include <stdarg.h>

enum {
	EXIT_PROBLEMS = 1, /* finished, with non-fatal problems */
	EXIT_FATAL = 2,
	EXIT_USAGE = 64,
};

/* set by the global -q and -v options in cprof.c */
extern int cprof_quiet;
extern int cprof_verbose;

__attribute__((noreturn, format(printf, 1, 2))) void die(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) int error(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void warning(const char *fmt, ...);
__attribute__((format(printf, 1, 2))) void info_msg(const char *fmt, ...);
__attribute__((format(printf, 2, 3))) void debug_msg(int level, const char *fmt, ...);
__attribute__((noreturn, format(printf, 2, 3))) void usage_error(const char *cmd,
								  const char *fmt, ...);

#define BUG(...) bug_fl(__FILE__, __LINE__, __VA_ARGS__)
__attribute__((noreturn, format(printf, 3, 4))) void bug_fl(const char *file, int line,
							    const char *fmt, ...);

/*
 * What kind of failure a diag holds, so that a caller can branch on
 * "permission denied" versus "not supported" (fall back to ptrace, say)
 * without parsing the message.
 */
enum diag_kind {
	DIAG_NONE = 0,
	DIAG_FAILED,      /* anything not below */
	DIAG_PERMISSION,  /* EACCES, EPERM */
	DIAG_UNSUPPORTED, /* ENOSYS, EOPNOTSUPP, ENODEV, ENOENT for an event */
	DIAG_NOT_FOUND,   /* ESRCH, ENOENT: no such process or file */
	DIAG_BAD_INPUT,   /* a file or argument that makes no sense */
	DIAG_RESOURCE,    /* EMFILE, ENOMEM, ENOSPC: a limit was reached */
};

/*
 * Diagnostics filled by library code: the message, its kind, the errno
 * behind it (0 when none), and for parsers the byte offset at which the
 * input went wrong (-1 when not applicable).
 */
struct diag {
	char msg[512];
	long long offset;
	enum diag_kind kind;
	int err;
};

/* set D's message; the kind is DIAG_FAILED. Returns -1, for `return diag_set(...)`. */
__attribute__((format(printf, 2, 3))) int diag_set(struct diag *d, const char *fmt, ...);
/*
 * The same for a failed system call: ERR is the errno, saved by the
 * caller before anything else could change it, and gives the kind.
 */
__attribute__((format(printf, 3, 4))) int diag_set_errno(struct diag *d, int err,
							  const char *fmt, ...);
__attribute__((format(printf, 3, 4))) int diag_set_kind(struct diag *d, enum diag_kind kind,
							 const char *fmt, ...);
enum diag_kind diag_kind_of_errno(int err);

#endif
