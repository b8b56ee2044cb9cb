/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * DWARF unwinding of sampled user stacks with elfutils libdwfl: one
 * persistent Dwfl per address space, its modules reported as mappings
 * appear, and dwfl_getthread_frames() run over each sample's copied
 * stack and registers. Measured about 7 times faster than libunwind here
 * (shared/reference/kernel-facilities.md).
 */
#ifndef CPROF_UNWIND_UNWIND_H
#define CPROF_UNWIND_UNWIND_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

struct addrspace;

/*
 * The user registers of a sample, in DWARF x86-64 order: rax rdx rcx rbx
 * rsi rdi rbp rsp r8..r15 rip. Each sample source converts its own
 * layout (perf_event_x86_regs, ptrace's user_regs_struct) into this.
 */
enum {
	UNWIND_REG_BP = 6,
	UNWIND_REG_SP = 7,
	UNWIND_REG_IP = 16,
	UNWIND_NREGS = 17,
};

struct unwind_sample {
	pid_t tid;
	const uint64_t *regs; /* UNWIND_NREGS values */
	const unsigned char *stack;
	uint64_t stack_size; /* valid bytes from regs[UNWIND_REG_SP] on */
};

enum unwind_end {
	UNWIND_COMPLETE,  /* reached a frame the CFI marks as outermost */
	UNWIND_TRUNCATED, /* ran past the copied stack */
	UNWIND_FAILED,    /* no CFI or no module for a frame */
};

/*
 * Unwind S in AS. IPS gets the frames, innermost first: the sampled pc,
 * then each caller's return address less one (so it points into the
 * call instruction). Returns the number of frames.
 */
int unwind_dwarf(struct addrspace *as, const struct unwind_sample *s, uint64_t *ips, int max,
		 enum unwind_end *end);

#endif
