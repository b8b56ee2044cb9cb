/* SPDX-License-Identifier: MIT */
/*
 * mapper.c - code mapped in the ways perf has trouble with (built by the
 * tests that need it, with libmaplib.so from maplib.c):
 *
 *   mapper dlopen LIB SECS   dlopen LIB, SECS s in its lib_burn, dlclose
 *                            it (exit 3 if it stays mapped), delete it,
 *                            then SECS/2 s in main_burn
 *   mapper hold LIB SECS [unlink]
 *                            dlopen LIB (with "unlink", then delete LIB
 *                            and the program), print "ready PID" and
 *                            burn SECS s, alternating lib_burn and
 *                            main_burn
 *   mapper memfd-exe LIB SECS
 *                            copy the program into a memfd and fexecve
 *                            it as "hold LIB SECS"
 *   mapper memfd-lib LIB SECS
 *                            copy LIB into a memfd, dlopen it through
 *                            /proc/self/fd/N and run as hold
 *
 * Frame pointers, no sibling calls: main -> run_hold/run_dlopen ->
 * lib_burn -> lib_mid -> lib_leaf, and main -> ... -> main_burn ->
 * main_leaf.
 */
#include "workload.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

typedef unsigned long (*burn_fn)(double);

WL_NOIPA __attribute__((noinline)) unsigned long main_leaf(unsigned long x)
{
	WL_BURN_ALT(x, 200000);
	return x;
}

WL_NOIPA __attribute__((noinline)) unsigned long main_burn(double secs)
{
	double end = now() + secs;
	unsigned long x = 1;

	while (now() < end)
		x = main_leaf(x);
	return x;
}

static burn_fn open_lib(const char *lib, void **handle)
{
	burn_fn burn;

	*handle = dlopen(lib, RTLD_NOW);
	if (!*handle) {
		fprintf(stderr, "mapper: %s\n", dlerror());
		exit(1);
	}
	burn = (burn_fn)dlsym(*handle, "lib_burn");
	if (!burn) {
		fprintf(stderr, "mapper: %s has no lib_burn\n", lib);
		exit(1);
	}
	return burn;
}

/* true when a mapping of this process is of a file named NAME */
static int mapped(const char *name)
{
	FILE *maps = fopen("/proc/self/maps", "r");
	char line[4096];
	int found = 0;

	while (maps && !found && fgets(line, sizeof(line), maps))
		found = strstr(line, name) != NULL;
	if (maps)
		fclose(maps);
	return found;
}

WL_NOIPA __attribute__((noinline)) static int run_dlopen(const char *lib, double secs)
{
	const char *base = strrchr(lib, '/') ? strrchr(lib, '/') + 1 : lib;
	void *h;
	burn_fn burn = open_lib(lib, &h);
	unsigned long x = burn(secs);

	dlclose(h);
	if (mapped(base)) {
		fprintf(stderr, "mapper: %s still mapped after dlclose\n", lib);
		return 3;
	}
	unlink(lib);
	x += main_burn(secs / 2);
	return x == 42;
}

/* delete the program and LIB, which stay mapped */
static void unlink_self(const char *lib)
{
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0 || unlink(lib) < 0) {
		perror("mapper: unlink");
		exit(1);
	}
	self[n] = '\0';
	if (unlink(self) < 0) {
		perror("mapper: unlink");
		exit(1);
	}
}

WL_NOIPA __attribute__((noinline)) static int run_hold(const char *lib, double secs, int delete_files)
{
	double end;
	void *h;
	burn_fn burn = open_lib(lib, &h);
	unsigned long x = 0;

	if (delete_files)
		unlink_self(lib);

	printf("ready %d\n", (int)getpid());
	fflush(stdout);
	end = now() + secs;
	while (now() < end) {
		x += burn(0.05);
		x += main_burn(0.05);
	}
	return x == 42;
}

/* a memfd named NAME holding a copy of file PATH */
static int memfd_copy(const char *name, const char *path)
{
	char buf[65536];
	int in = open(path, O_RDONLY), fd = memfd_create(name, 0);
	ssize_t n;

	if (in < 0 || fd < 0) {
		perror("mapper: memfd copy");
		exit(1);
	}
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(fd, buf, (size_t)n) != n) {
			perror("mapper: memfd write");
			exit(1);
		}
	close(in);
	return fd;
}

int main(int argc, char **argv)
{
	extern char **environ;
	const char *mode = argc > 1 ? argv[1] : "";
	double secs;

	if (argc < 4) {
		fprintf(stderr, "usage: mapper dlopen|hold|memfd-exe|memfd-lib LIB SECS [unlink]\n");
		return 2;
	}
	secs = parse_seconds(argv[3], 1);
	if (!strcmp(mode, "dlopen"))
		return run_dlopen(argv[2], secs);
	if (!strcmp(mode, "hold"))
		return run_hold(argv[2], secs, argc > 4 && !strcmp(argv[4], "unlink"));
	if (!strcmp(mode, "memfd-exe")) {
		char *args[] = { "mapper", "hold", argv[2], argv[3], NULL };
		int fd = memfd_copy("mapper-exe", "/proc/self/exe");

		fexecve(fd, args, environ);
		perror("mapper: fexecve");
		return 1;
	}
	if (!strcmp(mode, "memfd-lib")) {
		char path[64];

		snprintf(path, sizeof(path), "/proc/self/fd/%d", memfd_copy("mapper-lib", argv[2]));
		return run_hold(path, secs, 0);
	}
	fprintf(stderr, "mapper: unknown mode '%s'\n", mode);
	return 2;
}
