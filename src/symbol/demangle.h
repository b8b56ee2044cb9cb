/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef CPROF_SYMBOL_DEMANGLE_H
#define CPROF_SYMBOL_DEMANGLE_H

/*
 * The readable form of a symbol name, malloc'd: the @VERSION / @@VERSION
 * suffix is stripped (libdwfl hands out "memcpy@@GLIBC_2.14"), then C++
 * and Rust (legacy and v0) names are demangled with libiberty. A name
 * that is not mangled comes back stripped but otherwise unchanged.
 */
char *demangle_symbol(const char *name);

#endif
