/* SPDX-License-Identifier: MIT */
/*
 * manythreads - many CPU-bound threads at once, for testing that a
 * profiler keeps up with them.
 *
 * Starts NTHREADS threads named "worker-0", "worker-1", ..., each running
 * thread_work() CPU-bound for SECONDS of wall-clock time, and waits for
 * them. A profile should show samples from every worker thread, nearly
 * all of them self time in thread_work. At exit it prints "cpu SECONDS",
 * the CPU time the process got, on stderr.
 *
 * Built with -pthread -O2 -g.
 *
 * Usage: manythreads [NTHREADS [SECONDS]]   (defaults 32 and 2)
 */
#include "workload.h"

#include <pthread.h>
#include <stdint.h>
#include <string.h>

#define CHUNK_ITERS 100000UL
#define MAX_THREADS 1024

static volatile unsigned long sink;
static double end_time;

static __attribute__((noinline)) WL_NOIPA unsigned long thread_work(double end)
{
	unsigned long x = 0x6d616e79UL;

	do {
		WL_BURN(x, CHUNK_ITERS);
	} while (now() < end);
	__asm__ __volatile__("" ::: "memory");
	return x;
}

static void *worker(void *arg)
{
	char name[16];

	snprintf(name, sizeof(name), "worker-%ld", (long)(intptr_t)arg);
	pthread_setname_np(pthread_self(), name);
	sink = thread_work(end_time);
	return NULL;
}

int main(int argc, char **argv)
{
	static pthread_t tids[MAX_THREADS];
	long n = 32, i;
	int err;

	if (argc > 1 && parse_long_range(argv[1], 1, MAX_THREADS, &n) < 0) {
		fprintf(stderr, "invalid thread count '%s' (1 to %d)\n", argv[1], MAX_THREADS);
		return 2;
	}
	end_time = now() + parse_seconds(argc > 2 ? argv[2] : NULL, 2.0);
	for (i = 0; i < n; i++)
		if ((err = pthread_create(&tids[i], NULL, worker, (void *)(intptr_t)i))) {
			fprintf(stderr, "pthread_create: %s\n", strerror(err));
			return 1;
		}
	for (i = 0; i < n; i++)
		pthread_join(tids[i], NULL);
	fprintf(stderr, "cpu %.3f\n", clock_seconds(CLOCK_PROCESS_CPUTIME_ID));
	return 0;
}
