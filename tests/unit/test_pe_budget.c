/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests for src/record/pe_budget: the ring and stack copy sizes
 * that fit a locked-memory budget.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "record/pe_budget.h"

#define KIB 1024ULL
#define MIB (1024ULL * 1024)
#define PAGE 4096

static struct pe_budget_request request(uint64_t lockable, unsigned nrings, unsigned rate,
					size_t want_ring, unsigned stack)
{
	struct pe_budget_request r = { lockable, nrings, PAGE, rate, want_ring, stack };

	return r;
}

static int is_pow2(uint64_t v)
{
	return v && !(v & (v - 1));
}

/* what an unprivileged user on a 2-CPU machine may lock: 516 KiB per CPU, plus ulimit -l */
static uint64_t unprivileged(uint64_t rlimit)
{
	return 516 * KIB * 2 + rlimit;
}

static void test_unlimited_keeps_wanted(void **state)
{
	struct pe_budget_request r = request(PE_BUDGET_UNLIMITED, 2, 999, 32 * MIB, 32768);
	struct pe_budget_fit f = pe_budget_fit(&r);

	(void)state;
	assert_int_equal(f.ring, 32 * MIB);
	assert_int_equal(f.stack, 32768);
}

static void test_ring_shrinks_stack_kept_when_enough_fit(void **state)
{
	/* Debian's ulimit -l of 8 MiB: 4 MiB rings hold 126 samples of 32 KiB, over 100 ms */
	struct pe_budget_request r = request(unprivileged(8 * MIB), 2, 999, 32 * MIB, 32768);
	struct pe_budget_fit f = pe_budget_fit(&r);

	(void)state;
	assert_int_equal(f.ring, 4 * MIB);
	assert_int_equal(f.stack, 32768);
}

static void test_stack_shrinks_to_hold_a_tenth_of_a_second(void **state)
{
	/* the old ulimit -l of 64 KiB: 512 KiB rings; 99 samples need copies under 5 KiB */
	struct pe_budget_request r = request(unprivileged(64 * KIB), 2, 999, 32 * MIB, 32768);
	struct pe_budget_fit f = pe_budget_fit(&r);

	(void)state;
	assert_int_equal(f.ring, 512 * KIB);
	assert_int_equal(f.stack, 4608);
	assert_true(f.ring / (f.stack + PE_BUDGET_SAMPLE_OVERHEAD) >= 99);
}

static void test_stack_never_below_the_floor(void **state)
{
	/* 5 kHz in 512 KiB would need 536-byte copies: the floor wins */
	struct pe_budget_request r = request(unprivileged(0), 2, 4999, 32 * MIB, 32768);
	struct pe_budget_fit f = pe_budget_fit(&r);

	(void)state;
	assert_int_equal(f.ring, 512 * KIB);
	assert_int_equal(f.stack, PE_BUDGET_MIN_STACK);
}

static void test_small_stack_asked_for_is_kept(void **state)
{
	struct pe_budget_request r = request(unprivileged(64 * KIB), 2, 999, 16 * MIB, 1024);
	struct pe_budget_fit f = pe_budget_fit(&r);

	(void)state;
	assert_int_equal(f.ring, 512 * KIB);
	/* below the floor already, and it fits: never raised */
	assert_int_equal(f.stack, 1024);
}

static void test_low_rate_wants_sixteen_samples(void **state)
{
	/* 99 Hz: a tenth of a second is 9 samples, but a ring should hold 16 */
	struct pe_budget_request r = request(unprivileged(0), 2, 99, 32 * MIB, 65528);
	struct pe_budget_fit f = pe_budget_fit(&r);

	(void)state;
	assert_int_equal(f.ring, 512 * KIB);
	assert_true(f.stack < 65528);
	assert_true(f.ring / (f.stack + PE_BUDGET_SAMPLE_OVERHEAD) >= 16);
	assert_true(f.ring / (f.stack + 512 + PE_BUDGET_SAMPLE_OVERHEAD) < 16);
}

static void test_frame_pointers_only_shrink_the_ring(void **state)
{
	struct pe_budget_request r = request(unprivileged(0), 8, 999, 512 * KIB, 0);
	struct pe_budget_fit f = pe_budget_fit(&r);

	(void)state;
	/* 1032 KiB over 8 rings, a header page each: 64 KiB of data */
	assert_int_equal(f.ring, 64 * KIB);
	assert_int_equal(f.stack, 0);
}

static void test_budget_smaller_than_the_rings(void **state)
{
	/* less than two pages per ring: one page of data, the least a ring has */
	struct pe_budget_request r = request(8 * PAGE, 64, 999, 512 * KIB, 8192);
	struct pe_budget_fit f = pe_budget_fit(&r);

	(void)state;
	assert_int_equal(f.ring, PAGE);
	assert_int_equal(f.stack, PE_BUDGET_MIN_STACK);
}

/* over many budgets, CPU counts and rates: the answer always fits and is well formed */
static void test_fit_invariants(void **state)
{
	static const uint64_t budgets[] = { 100 * KIB, 516 * KIB, 1032 * KIB, 3 * MIB,
					    9 * MIB, 100 * MIB, 1ULL << 40 };
	static const unsigned nrings[] = { 1, 2, 3, 4, 16, 64, 256 };
	static const unsigned rates[] = { 1, 99, 999, 4999, 100000 };
	static const unsigned stacks[] = { 0, 8, 2048, 8192, 32768, 65528 };
	size_t b, n, r, s;

	(void)state;
	for (b = 0; b < sizeof(budgets) / sizeof(budgets[0]); b++)
		for (n = 0; n < sizeof(nrings) / sizeof(nrings[0]); n++)
			for (r = 0; r < sizeof(rates) / sizeof(rates[0]); r++)
				for (s = 0; s < sizeof(stacks) / sizeof(stacks[0]); s++) {
					struct pe_budget_request q = request(
						budgets[b], nrings[n], rates[r], 32 * MIB, stacks[s]);
					struct pe_budget_fit f = pe_budget_fit(&q);

					assert_true(f.ring % PAGE == 0);
					assert_true(is_pow2(f.ring / PAGE));
					assert_true(f.ring <= 32 * MIB);
					/* it fits whenever two pages per ring do */
					if (budgets[b] >= (uint64_t)nrings[n] * 2 * PAGE)
						assert_true((uint64_t)nrings[n] * (f.ring + PAGE) <=
							    budgets[b]);
					assert_true(f.stack <= stacks[s]);
					assert_true(f.stack % 8 == 0);
					if (stacks[s] >= PE_BUDGET_MIN_STACK)
						assert_true(f.stack >= PE_BUDGET_MIN_STACK);
					else
						assert_int_equal(f.stack, stacks[s]);
				}
}

static void test_limits_read_from_this_system(void **state)
{
	struct pe_budget_limits lim;

	(void)state;
	pe_budget_limits(&lim);
	assert_true(lim.online_cpus >= 1);
	assert_true(lim.mlock_kb > 0);
	/* a limited budget is at least the per-CPU allowance less what we pinned */
	if (lim.lockable != PE_BUDGET_UNLIMITED && lim.memlock_rlimit != PE_BUDGET_UNLIMITED)
		assert_true(lim.lockable <=
			    (uint64_t)lim.mlock_kb * 1024 * lim.online_cpus + lim.memlock_rlimit);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_unlimited_keeps_wanted),
		cmocka_unit_test(test_ring_shrinks_stack_kept_when_enough_fit),
		cmocka_unit_test(test_stack_shrinks_to_hold_a_tenth_of_a_second),
		cmocka_unit_test(test_stack_never_below_the_floor),
		cmocka_unit_test(test_small_stack_asked_for_is_kept),
		cmocka_unit_test(test_low_rate_wants_sixteen_samples),
		cmocka_unit_test(test_frame_pointers_only_shrink_the_ring),
		cmocka_unit_test(test_budget_smaller_than_the_rings),
		cmocka_unit_test(test_fit_invariants),
		cmocka_unit_test(test_limits_read_from_this_system),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
