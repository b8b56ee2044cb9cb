/* SPDX-License-Identifier: MIT */
/*
 * qsort_cb - hot code called back from inside libc.
 *
 * main() calls sort_round() until the run time is up; each round fills
 * an array of NELEM ints from a fixed-seed LCG and sorts it with libc
 * qsort() using the comparator slow_cmp(), which does some throw-away
 * arithmetic before comparing.  Nearly all samples (typically well over
 * 80%) should have slow_cmp as the leaf, with call chains
 * main -> sort_round -> qsort (libc) -> ... (libc internals) -> slow_cmp.
 *
 * Built with -O2 -g -fomit-frame-pointer: getting complete stacks needs
 * DWARF (.eh_frame) unwinding through libc; frame-pointer unwinding
 * should not be expected to get past slow_cmp.
 *
 * Usage: qsort_cb [SECONDS]   (wall-clock run time, default 2)
 */
#include "workload.h"

#define NELEM 20000
#define CMP_EXTRA 40

static volatile unsigned long sink;
static int array[NELEM];
static unsigned int lcg_state = 12345u;

/*
 * A valid total order on ints; the loop only burns time, its result
 * goes to a volatile sink and never changes the answer.
 */
static __attribute__((noinline)) WL_NOIPA int slow_cmp(const void *pa, const void *pb)
{
	int a = *(const int *)pa;
	int b = *(const int *)pb;
	unsigned long h = (unsigned int)a ^ ((unsigned long)(unsigned int)b << 32);

	WL_BURN(h, CMP_EXTRA);
	sink = h;
	return (a > b) - (a < b);
}

static __attribute__((noinline)) WL_NOIPA int sort_round(void)
{
	int i;

	/* The sequence restarts every round: every round sorts the same data. */
	lcg_state = 12345u;
	for (i = 0; i < NELEM; i++) {
		lcg_state = lcg_state * 1103515245u + 12345u;
		array[i] = (int)(lcg_state >> 1);
	}
	qsort(array, NELEM, sizeof(array[0]), slow_cmp);
	/* Using the result keeps the qsort() call from being a tail call. */
	__asm__ __volatile__("" ::: "memory");
	return array[0] <= array[NELEM - 1] ? 0 : 1;
}

int main(int argc, char **argv)
{
	double seconds = parse_seconds(argc > 1 ? argv[1] : NULL, 2.0);
	double end = now() + seconds;
	int bad = 0;

	do {
		bad |= sort_round();
	} while (now() < end);
	if (bad) {
		fprintf(stderr, "qsort_cb: array not sorted\n");
		return 1;
	}
	return 0;
}
