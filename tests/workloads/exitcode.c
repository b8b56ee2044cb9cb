/* SPDX-License-Identifier: MIT */
/*
 * exitcode - a short workload that ends with a chosen exit status or
 * signal, for testing that a profiler reports (and passes on) how the
 * profiled program ended.
 *
 * "exitcode STATUS" burns about 0.2 s of CPU time in burn() and then
 * exits with STATUS (0..255).  "exitcode -s SIGNUM" burns the same way,
 * resets SIGNUM to its default action, unblocks it and raises it, so
 * the process is killed by that signal (use a signal whose default
 * action terminates, e.g. 9, 15, 6 or 11; with SIGABRT, SIGSEGV and
 * the like a core dump may be written if the core limit allows it).
 * If the raised signal does not kill the process (its default action is
 * to ignore or stop it), the program exits with status 125 once it runs
 * again.  Bad usage exits with status 2.  Without arguments it exits 0.
 *
 * Expected profile: about 0.2 s of samples, nearly all self time in
 * burn() (main -> burn).
 *
 * Built with -O2 -g.
 *
 * Usage: exitcode [STATUS]
 *        exitcode -s SIGNUM
 */
#include "workload.h"

#include <signal.h>
#include <string.h>

#define BURN_SECONDS 0.2
#define CHUNK_ITERS 100000UL

static volatile unsigned long sink;

static __attribute__((noinline)) WL_NOIPA unsigned long burn(double seconds)
{
	double end = clock_seconds(CLOCK_PROCESS_CPUTIME_ID) + seconds;
	unsigned long x = 0x65786974UL;

	do {
		WL_BURN(x, CHUNK_ITERS);
	} while (clock_seconds(CLOCK_PROCESS_CPUTIME_ID) < end);
	__asm__ __volatile__("" ::: "memory");
	return x;
}

static void usage(void)
{
	fprintf(stderr, "usage: exitcode [STATUS] | exitcode -s SIGNUM\n");
	exit(2);
}

int main(int argc, char **argv)
{
	struct sigaction sa;
	sigset_t set;
	long status = 0, signum = 0;

	if (argc > 1 && strcmp(argv[1], "-s") == 0) {
		if (argc != 3)
			usage();
		if (parse_long_range(argv[2], 1, NSIG - 1, &signum))
			usage();
	} else if (argc > 1) {
		if (argc != 2)
			usage();
		if (parse_long_range(argv[1], 0, 255, &status))
			usage();
	}

	sink = burn(BURN_SECONDS);

	if (signum) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_handler = SIG_DFL;
		sigemptyset(&sa.sa_mask);
		/* SIGKILL and SIGSTOP cannot be changed; that is fine. */
		sigaction((int)signum, &sa, NULL);
		sigemptyset(&set);
		sigaddset(&set, (int)signum);
		sigprocmask(SIG_UNBLOCK, &set, NULL);
		raise((int)signum);
		fprintf(stderr, "exitcode: still alive after signal %ld\n", signum);
		return 125;
	}
	return (int)status;
}
