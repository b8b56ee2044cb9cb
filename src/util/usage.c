/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "util/usage.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

int cprof_quiet;
int cprof_verbose;

static void vreport(const char *prefix, const char *fmt, va_list ap)
{
	/* one write per message, so lines from threads do not interleave */
	char buf[4096];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	fprintf(stderr, "cprof: %s%s\n", prefix, buf);
}

void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap);
	va_end(ap);
	exit(EXIT_FATAL);
}

int error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap);
	va_end(ap);
	return -1;
}

void warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("warning: ", fmt, ap);
	va_end(ap);
}

void info_msg(const char *fmt, ...)
{
	va_list ap;

	if (cprof_quiet)
		return;
	va_start(ap, fmt);
	vreport("", fmt, ap);
	va_end(ap);
}

void debug_msg(int level, const char *fmt, ...)
{
	va_list ap;

	if (cprof_verbose < level)
		return;
	va_start(ap, fmt);
	vreport("debug: ", fmt, ap);
	va_end(ap);
}

void usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport("", fmt, ap);
	va_end(ap);
	if (cmd)
		fprintf(stderr, "Try 'cprof %s --help' for more information.\n", cmd);
	else
		fprintf(stderr, "Try 'cprof --help' for more information.\n");
	exit(EXIT_USAGE);
}

void bug_fl(const char *file, int line, const char *fmt, ...)
{
	va_list ap;
	char buf[1024];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	fprintf(stderr, "cprof: BUG: %s:%d: %s\n", file, line, buf);
	abort();
}

static void diag_vset(struct diag *d, enum diag_kind kind, int err, const char *fmt, va_list ap)
{
	vsnprintf(d->msg, sizeof(d->msg), fmt, ap);
	d->kind = kind;
	d->err = err;
}

int diag_set(struct diag *d, const char *fmt, ...)
{
	va_list ap;

	if (!d)
		return -1;
	va_start(ap, fmt);
	diag_vset(d, DIAG_FAILED, 0, fmt, ap);
	va_end(ap);
	return -1;
}

enum diag_kind diag_kind_of_errno(int err)
{
	switch (err) {
	case EACCES:
	case EPERM:
		return DIAG_PERMISSION;
	case ENOSYS:
	case EOPNOTSUPP:
	case ENODEV:
		return DIAG_UNSUPPORTED;
	case ESRCH:
	case ENOENT:
		return DIAG_NOT_FOUND;
	case EMFILE:
	case ENFILE:
	case ENOMEM:
	case ENOSPC:
	case EDQUOT:
		return DIAG_RESOURCE;
	case EINVAL:
		return DIAG_BAD_INPUT;
	default:
		return DIAG_FAILED;
	}
}

int diag_set_errno(struct diag *d, int err, const char *fmt, ...)
{
	va_list ap;

	if (!d)
		return -1;
	va_start(ap, fmt);
	diag_vset(d, diag_kind_of_errno(err), err, fmt, ap);
	va_end(ap);
	return -1;
}

int diag_set_kind(struct diag *d, enum diag_kind kind, const char *fmt, ...)
{
	va_list ap;

	if (!d)
		return -1;
	va_start(ap, fmt);
	diag_vset(d, kind, 0, fmt, ap);
	va_end(ap);
	return -1;
}
