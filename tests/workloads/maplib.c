/* SPDX-License-Identifier: MIT */
/*
 * maplib.c - a shared library for mapper (built by the tests that need
 * it, as libmaplib.so): lib_burn(SECS) spends SECS seconds in lib_leaf,
 * called from lib_mid, so that a profile shows lib_leaf on top with
 * lib_mid and lib_burn above it. Build with frame pointers and without
 * sibling calls, so that -g fp sees every frame too.
 */
#include "workload.h"

WL_NOIPA __attribute__((noinline)) unsigned long lib_leaf(unsigned long x)
{
	WL_BURN(x, 200000);
	return x;
}

WL_NOIPA __attribute__((noinline)) unsigned long lib_mid(unsigned long x)
{
	x = lib_leaf(x);
	return x + 1;
}

unsigned long lib_burn(double secs)
{
	double end = now() + secs;
	unsigned long x = 1;

	while (now() < end)
		x = lib_mid(x);
	return x;
}
