/* the PLT tests' program: main calls hot_fn through its PLT entry, 300M times per ARGV[1] (1) */
#include <stdlib.h>

int hot_fn(int);
int main(int argc, char **argv)
{
	long rounds = argc > 1 ? atol(argv[1]) : 1;
	volatile int s = 0;

	for (long i = 0; i < 300000000 * rounds; i++)
		s = hot_fn(s);
	return s == 42;
}
