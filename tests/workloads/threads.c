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
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* Keep GCC from cloning or merging the hot functions (names must stay). */
#if defined(__GNUC__) && !defined(__clang__)
#define WL_NOIPA __attribute__((noipa))
#else
#define WL_NOIPA
#endif

#define CHUNK_ITERS 100000UL

static volatile unsigned long sink;
static double start_time;
static double run_seconds;

static double parse_seconds(const char *arg, double def)
{
	char *end;
	double v;

	if (!arg)
		return def;
	errno = 0;
	v = strtod(arg, &end);
	if (errno || end == arg || *end != '\0' || !isfinite(v) || v <= 0) {
		fprintf(stderr, "invalid run time '%s'\n", arg);
		exit(2);
	}
	return v;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void sleep_until(double when)
{
	struct timespec ts;

	ts.tv_sec = (time_t)when;
	ts.tv_nsec = (long)((when - (double)ts.tv_sec) * 1e9);
	if (ts.tv_nsec >= 1000000000L)
		ts.tv_nsec = 999999999L;
	while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL) == EINTR)
		;
}

static __attribute__((noinline)) WL_NOIPA unsigned long alpha_work(double end)
{
	unsigned long x = 0x616c706861UL;
	unsigned long i;

	do {
		for (i = 0; i < CHUNK_ITERS; i++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			__asm__ __volatile__("" : "+r"(x));
		}
	} while (now() < end);
	__asm__ __volatile__("" ::: "memory");
	return x;
}

static __attribute__((noinline)) WL_NOIPA unsigned long beta_work(double end)
{
	unsigned long x = 0x62657461UL;
	unsigned long i;

	do {
		for (i = 0; i < CHUNK_ITERS; i++) {
			x = x * 2862933555777941757UL + 3037000493UL;
			__asm__ __volatile__("" : "+r"(x));
		}
	} while (now() < end);
	__asm__ __volatile__("" ::: "memory");
	return x;
}

/* each worker's own CPU time, printed at the end for tests to compare with */
static double alpha_cpu, beta_cpu;

static double thread_cpu(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void *alpha_main(void *arg)
{
	(void)arg;
	pthread_setname_np(pthread_self(), "worker-alpha");
	sink = alpha_work(start_time + run_seconds);
	alpha_cpu = thread_cpu();
	return NULL;
}

static void *beta_main(void *arg)
{
	(void)arg;
	pthread_setname_np(pthread_self(), "worker-beta");
	sink = beta_work(start_time + run_seconds / 2);
	beta_cpu = thread_cpu();
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
