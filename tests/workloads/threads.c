/* SPDX-License-Identifier: MIT */
/*
 * threads - a multi-threaded workload with a known per-thread split.
 *
 * The main thread names itself "threads-main", starts two threads and
 * then only waits for them (no CPU).  "worker-alpha" runs alpha_work()
 * CPU-bound for the whole run time; "worker-beta" runs beta_work()
 * CPU-bound for the first half of the run time and then sleeps until
 * the end.  A profile should therefore show samples from exactly two
 * threads, named worker-alpha and worker-beta, in a ratio of about 2:1,
 * nearly all of them self time in alpha_work and beta_work
 * respectively, and (almost) no samples from threads-main.  Each worker
 * names itself before it starts burning CPU.
 *
 * Built with -pthread -O2 -g.
 *
 * Usage: threads [SECONDS]   (wall-clock run time, default 2)
 */
#include "workload.h"

#include <pthread.h>
#include <string.h>

#define CHUNK_ITERS 100000UL

static volatile unsigned long sink;
static double start_time;
static double run_seconds;

static __attribute__((noinline)) WL_NOIPA unsigned long alpha_work(double end)
{
	unsigned long x = 0x616c706861UL;

	do {
		WL_BURN(x, CHUNK_ITERS);
	} while (now() < end);
	__asm__ __volatile__("" ::: "memory");
	return x;
}

static __attribute__((noinline)) WL_NOIPA unsigned long beta_work(double end)
{
	unsigned long x = 0x62657461UL;

	do {
		WL_BURN_ALT(x, CHUNK_ITERS);
	} while (now() < end);
	__asm__ __volatile__("" ::: "memory");
	return x;
}

/* each worker's own CPU time, printed at the end for tests to compare with */
static double alpha_cpu, beta_cpu;

static void *alpha_main(void *arg)
{
	(void)arg;
	pthread_setname_np(pthread_self(), "worker-alpha");
	sink = alpha_work(start_time + run_seconds);
	alpha_cpu = clock_seconds(CLOCK_THREAD_CPUTIME_ID);
	return NULL;
}

static void *beta_main(void *arg)
{
	(void)arg;
	pthread_setname_np(pthread_self(), "worker-beta");
	sink = beta_work(start_time + run_seconds / 2);
	beta_cpu = clock_seconds(CLOCK_THREAD_CPUTIME_ID);
	sleep_until(start_time + run_seconds);
	return NULL;
}

int main(int argc, char **argv)
{
	pthread_t alpha, beta;
	int err;

	run_seconds = parse_seconds(argc > 1 ? argv[1] : NULL, 2.0);
	pthread_setname_np(pthread_self(), "threads-main");
	start_time = now();

	err = pthread_create(&alpha, NULL, alpha_main, NULL);
	if (err) {
		fprintf(stderr, "pthread_create: %s\n", strerror(err));
		return 1;
	}
	err = pthread_create(&beta, NULL, beta_main, NULL);
	if (err) {
		fprintf(stderr, "pthread_create: %s\n", strerror(err));
		return 1;
	}
	pthread_join(alpha, NULL);
	pthread_join(beta, NULL);
	fprintf(stderr, "cpu worker-alpha %.3f\ncpu worker-beta %.3f\n", alpha_cpu, beta_cpu);
	return 0;
}
