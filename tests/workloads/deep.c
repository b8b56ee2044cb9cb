/* SPDX-License-Identifier: MIT */
/*
 * deep - a hot leaf at the bottom of a deep stack of large frames.
 *
 * main() repeatedly calls descend(DEPTH) until the run time is up.
 * descend() recurses until DEPTH frames of descend are on the stack;
 * the innermost one calls deep_leaf(), which burns a few milliseconds of
 * CPU.  Every descend frame holds a volatile 200-byte buffer that is
 * written on the way down and read after the recursive call returns, so
 * the recursion is neither a tail call nor turned into a loop, and each
 * level costs roughly 230 bytes of stack.
 *
 * Expected profile: nearly all samples (well over 95%) have deep_leaf as
 * the leaf, with a call chain of main, DEPTH frames of descend, then
 * deep_leaf (DEPTH + 2 frames, plus the libc start-up frames).  With
 * the default depth of 64 that is about 15 KiB of stack below main, so
 * an unwinder that copies only 8 KiB of user stack per sample (perf's
 * default for --call-graph dwarf) sees a truncated chain.
 *
 * Built with -O2 -g -fomit-frame-pointer: complete stacks need DWARF
 * unwinding.
 *
 * Usage: deep [SECONDS [DEPTH]]   (wall-clock run time, default 2;
 *                                  DEPTH 1..10000, default 64)
 */
#include "workload.h"

#define FRAME_BYTES 200
#define LEAF_ITERS 1000000UL
#define MAX_DEPTH 10000

static volatile unsigned long sink;

static int parse_depth(const char *arg, int def)
{
	long v;

	if (!arg)
		return def;
	if (parse_long_range(arg, 1, MAX_DEPTH, &v)) {
		fprintf(stderr, "invalid depth '%s' (1..%d)\n", arg, MAX_DEPTH);
		exit(2);
	}
	return (int)v;
}

static __attribute__((noinline)) WL_NOIPA unsigned long deep_leaf(unsigned long seed)
{
	unsigned long x = seed;

	WL_BURN(x, LEAF_ITERS);
	return x;
}

static __attribute__((noinline)) WL_NOIPA unsigned long descend(int depth)
{
	volatile char buf[FRAME_BYTES];
	unsigned long r;
	int i;

	for (i = 0; i < FRAME_BYTES; i++)
		buf[i] = (char)(depth + i);

	if (depth <= 1)
		r = deep_leaf((unsigned long)depth);
	else
		r = descend(depth - 1);

	/* Work after the call: the frame must stay live until here. */
	buf[depth % FRAME_BYTES] ^= (char)r;
	__asm__ __volatile__("" ::: "memory");
	return r + (unsigned char)buf[0] + (unsigned char)buf[FRAME_BYTES - 1];
}

int main(int argc, char **argv)
{
	double seconds = parse_seconds(argc > 1 ? argv[1] : NULL, 2.0);
	int depth = parse_depth(argc > 2 ? argv[2] : NULL, 64);
	double end = now() + seconds;
	unsigned long acc = 0;

	do {
		acc += descend(depth);
	} while (now() < end);
	sink = acc;
	return 0;
}
