/* SPDX-License-Identifier: MIT */
/*
 * spinner - a long-running target for attach-by-pid tests.
 *
 * On start it prints its pid and a newline on stdout (and flushes), so
 * a test can read the pid from a pipe and attach to it.  The main
 * thread then runs spinner_loop() CPU-bound.  0.5 s after start it
 * creates one more thread, named "spin-late", which runs
 * late_thread_work() CPU-bound; this is for testing that threads created
 * after the profiler attached are followed.  Both stop when the run time
 * is up or when SIGTERM or SIGINT arrives, and the program then exits 0.
 *
 * Expected profile after attaching at time T (>= 0.5 s): samples from
 * the main thread (named "spinner") in spinner_loop and from "spin-late"
 * in late_thread_work, about 1:1 (on two or more CPUs).  Before 0.5 s
 * there is only the main thread.
 *
 * Built with -pthread -O2 -g.
 *
 * Usage: spinner [SECONDS]   (wall-clock run time, default 30)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <math.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* Keep GCC from cloning or merging the hot functions (names must stay). */
#if defined(__GNUC__) && !defined(__clang__)
#define WL_NOIPA __attribute__((noipa))
#else
#define WL_NOIPA
#endif

#define CHUNK_ITERS 100000UL
#define LATE_START 0.5

static volatile sig_atomic_t stop_requested;
static volatile unsigned long sink;
static double end_time;

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

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static __attribute__((noinline)) WL_NOIPA unsigned long spinner_loop(double end)
{
	unsigned long x = 0x7370696eUL;
	unsigned long i;

	while (!stop_requested && now() < end) {
		for (i = 0; i < CHUNK_ITERS; i++) {
			x = x * 6364136223846793005UL + 1442695040888963407UL;
			__asm__ __volatile__("" : "+r"(x));
		}
	}
	__asm__ __volatile__("" ::: "memory");
	return x;
}

static __attribute__((noinline)) WL_NOIPA unsigned long late_thread_work(double end)
{
	unsigned long x = 0x6c617465UL;
	unsigned long i;

	while (!stop_requested && now() < end) {
		for (i = 0; i < CHUNK_ITERS; i++) {
			x = x * 2862933555777941757UL + 3037000493UL;
			__asm__ __volatile__("" : "+r"(x));
		}
	}
	__asm__ __volatile__("" ::: "memory");
	return x;
}

static void *late_main(void *arg)
{
	(void)arg;
	pthread_setname_np(pthread_self(), "spin-late");
	sink = late_thread_work(end_time);
	return NULL;
}

int main(int argc, char **argv)
{
	double seconds = parse_seconds(argc > 1 ? argv[1] : NULL, 30.0);
	struct sigaction sa;
	pthread_t late;
	int have_late = 0;
	double start;
	int err;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_stop_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);

	start = now();
	end_time = start + seconds;

	printf("%d\n", (int)getpid());
	fflush(stdout);

	sink = spinner_loop(start + LATE_START < end_time ?
			    start + LATE_START : end_time);

	if (!stop_requested && now() < end_time) {
		err = pthread_create(&late, NULL, late_main, NULL);
		if (err) {
			fprintf(stderr, "pthread_create: %s\n", strerror(err));
			return 1;
		}
		have_late = 1;
	}

	sink = spinner_loop(end_time);

	if (have_late)
		pthread_join(late, NULL);
	return 0;
}
