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
#include "workload.h"

#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#define CHUNK_ITERS 100000UL
#define LATE_START 0.5

static volatile sig_atomic_t stop_requested;
static volatile unsigned long sink;
static double end_time;

static void on_stop_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static __attribute__((noinline)) WL_NOIPA unsigned long spinner_loop(double end)
{
	unsigned long x = 0x7370696eUL;

	while (!stop_requested && now() < end)
		WL_BURN(x, CHUNK_ITERS);
	__asm__ __volatile__("" ::: "memory");
	return x;
}

static __attribute__((noinline)) WL_NOIPA unsigned long late_thread_work(double end)
{
	unsigned long x = 0x6c617465UL;

	while (!stop_requested && now() < end)
		WL_BURN_ALT(x, CHUNK_ITERS);
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
