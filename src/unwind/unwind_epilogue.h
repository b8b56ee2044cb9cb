/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The first frame of a sample taken in a function's epilogue, after it
 * popped a callee-saved register and before it returned. GCC's CFI
 * there still says the register is saved at its old slot, which is now
 * below the stack pointer and so outside the stack the kernel copied:
 * libdwfl cannot read it, the caller's frame (whose CFA is often rbp
 * based) cannot be computed, and the unwind stops after one caller
 * while claiming a clean end. A popped register already holds the
 * value the CFI would restore, so the first step is taken by hand.
 */
#ifndef CPROF_UNWIND_UNWIND_EPILOGUE_H
#define CPROF_UNWIND_UNWIND_EPILOGUE_H

#include <elfutils/libdwfl.h>
#include <stdbool.h>
#include <stdint.h>

/*
 * DW holds the sampled registers in DWARF x86-64 order (rax rdx rcx rbx
 * rsi rdi rbp rsp r8..r15 rip); STACK (SIZE bytes) is the copy from rsp
 * on. When the CFI of the module of DWFL at rip has a callee-saved
 * register saved below rsp, replace DW with the caller's registers (rip
 * the return address) and return true; else leave DW and return false.
 */
bool unwind_epilogue_step(Dwfl *dwfl, uint64_t dw[17], const unsigned char *stack,
			  uint64_t size);

#endif
