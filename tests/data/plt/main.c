int hot_fn(int);
int main(void)
{
	volatile int s = 0;
	for (long i = 0; i < 300000000; i++)
		s = hot_fn(s);
	return s == 42;
}
