/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A fake JIT for t0065: copies a busy loop's x86_64 bytes into anonymous
 * memory, makes it executable, names it in /tmp/perf-PID.map as JITs do,
 * and calls it for SECONDS. The loop does not touch rbp, so frame-pointer
 * unwinding from it reaches main.
 *   fakejit SECONDS [PIDFILE [NAME]]   (NAME: jit_hot_loop)
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	/* mov ecx, 100000; 1: dec ecx; jnz 1b; ret */
	static const unsigned char code[] = { 0xb9, 0xa0, 0x86, 0x01, 0x00, 0xff, 0xc9, 0x75, 0xfc, 0xc3 };
	double secs = argc > 1 ? atof(argv[1]) : 1.0, t0;
	const char *pidfile = argc > 2 && *argv[2] ? argv[2] : NULL;
	const char *name = argc > 3 ? argv[3] : "jit_hot_loop";
	unsigned char *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	void (*fn)(void);
	char path[64];
	FILE *f;

	if (page == MAP_FAILED)
		return 1;
	memset(page, 0xcc, 4096);
	memcpy(page + 0x40, code, sizeof(code));
	if (mprotect(page, 4096, PROT_READ | PROT_EXEC))
		return 1;
	snprintf(path, sizeof(path), "/tmp/perf-%d.map", (int)getpid());
	f = fopen(path, "w");
	if (!f)
		return 1;
	/*
	 * Garbage, an entry for other code, and a stale one that the hot
	 * loop's overlaps, as a JIT that reuses code memory leaves behind.
	 */
	fprintf(f, "not a symbol line\n%lx 10 jit_stub_before\n", (unsigned long)(uintptr_t)page);
	fprintf(f, "0x%lx 0x1000 jit_stale_page\n", (unsigned long)(uintptr_t)page);
	fprintf(f, "%lx %zx %s\n", (unsigned long)(uintptr_t)(page + 0x40), sizeof(code), name);
	fclose(f);
	if (pidfile) {
		f = fopen(pidfile, "w");
		if (!f)
			return 1;
		fprintf(f, "%d\n", (int)getpid());
		fclose(f);
	}
	fn = (void (*)(void))(page + 0x40);
	t0 = now();
	while (now() - t0 < secs)
		fn();
	return 0;
}
