/* SPDX-License-Identifier: MIT */
/*
 * forker - a workload that forks and execs a child, for testing that a
 * profiler follows new processes and exec.
 *
 * The parent fork()s; the child execs this same program (through
 * /proc/self/exe) as "forker --child SECONDS" and in that mode runs
 * child_hot() CPU-bound for SECONDS.  Meanwhile the parent runs
 * parent_hot() CPU-bound for a quarter of SECONDS, then waits for the
 * child.  The parent exits 0 if the child exited with status 0, else 1.
 *
 * Exec through /proc/self/exe would leave the child's thread name
 * (comm) as "exe", so the child renames itself "forker-child" first
 * thing in --child mode; the parent keeps the name "forker".
 *
 * Expected profile when children are followed: two processes (same
 * executable, different pids), parent_hot and child_hot both present,
 * with child_hot getting about four times the samples of parent_hot
 * (both processes run at the same time, so this needs two CPUs for the
 * wall-clock times to match).  Samples of the child taken before the
 * exec belong to the forked copy of the parent and are negligible.
 * When only the parent is profiled, child_hot must not show up.
 *
 * Built with -O2 -g.
 *
 * Usage: forker [SECONDS]   (wall-clock run time, default 2)
 *        forker --child SECONDS   (internal: the child's mode)
 */
#include "workload.h"

#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define CHUNK_ITERS 100000UL

static volatile unsigned long sink;

static __attribute__((noinline)) WL_NOIPA unsigned long child_hot(double end)
{
	unsigned long x = 0x6368696c64UL;

	do {
		WL_BURN(x, CHUNK_ITERS);
	} while (now() < end);
	__asm__ __volatile__("" ::: "memory");
	return x;
}

static __attribute__((noinline)) WL_NOIPA unsigned long parent_hot(double end)
{
	unsigned long x = 0x706172656e74UL;

	do {
		WL_BURN_ALT(x, CHUNK_ITERS);
	} while (now() < end);
	__asm__ __volatile__("" ::: "memory");
	return x;
}

int main(int argc, char **argv)
{
	double seconds, start;
	char arg[64];
	pid_t pid;
	int status;

	if (argc > 1 && strcmp(argv[1], "--child") == 0) {
		prctl(PR_SET_NAME, "forker-child", 0, 0, 0);
		seconds = parse_seconds(argc > 2 ? argv[2] : NULL, 2.0);
		sink = child_hot(now() + seconds);
		return 0;
	}

	seconds = parse_seconds(argc > 1 ? argv[1] : NULL, 2.0);
	snprintf(arg, sizeof(arg), "%.6f", seconds);
	start = now();

	pid = fork();
	if (pid < 0) {
		perror("fork");
		return 1;
	}
	if (pid == 0) {
		char *child_argv[] = { argv[0], "--child", arg, NULL };

		execv("/proc/self/exe", child_argv);
		perror("execv /proc/self/exe");
		_exit(127);
	}

	sink = parent_hot(start + seconds / 4);

	while (waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR) {
			perror("waitpid");
			return 1;
		}
	}
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	return 1;
}
