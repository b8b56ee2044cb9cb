/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "unwind/unwind_epilogue.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <stdlib.h>
#include <string.h>

enum { DW_RSP = 7, DW_RA = 16 };

/* the callee-saved registers of the x86-64 ABI, DWARF numbers */
static const int callee_saved[] = { 3, 6, 12, 13, 14, 15 };

/* the CFA of FRAME for registers DW, when it is a register plus offset */
static bool eval_cfa(Dwarf_Frame *frame, const uint64_t dw[17], uint64_t *cfa)
{
	Dwarf_Op *ops;
	size_t nops;
	unsigned reg;
	int64_t off;

	if (dwarf_frame_cfa(frame, &ops, &nops) != 0 || nops != 1)
		return false;
	if (ops[0].atom >= DW_OP_breg0 && ops[0].atom <= DW_OP_breg16) {
		reg = ops[0].atom - DW_OP_breg0;
		off = (int64_t)ops[0].number;
	} else if (ops[0].atom == DW_OP_bregx) {
		reg = (unsigned)ops[0].number;
		off = (int64_t)ops[0].number2;
	} else {
		return false;
	}
	if (reg > 16)
		return false;
	*cfa = dw[reg] + (uint64_t)off;
	return true;
}

enum rule { RULE_SAME, RULE_SAVED, RULE_OTHER };

/*
 * Where FRAME says the caller's REGNO is: unchanged, or saved at *ADDR.
 * A callee-saved register with no rule ("undefined" to libdw when the
 * CIE does not name it) is unchanged: the ABI says the callee keeps it.
 */
static enum rule reg_rule(Dwarf_Frame *frame, int regno, uint64_t cfa, uint64_t *addr)
{
	Dwarf_Op mem[3], *ops;
	size_t nops;

	if (dwarf_frame_register(frame, regno, mem, &ops, &nops) != 0)
		return RULE_OTHER;
	if (nops == 0)
		return RULE_SAME;
	if (ops[0].atom != DW_OP_call_frame_cfa)
		return RULE_OTHER;
	if (nops == 1) {
		*addr = cfa;
		return RULE_SAVED;
	}
	if (nops == 2 && ops[1].atom == DW_OP_plus_uconst) {
		*addr = cfa + ops[1].number;
		return RULE_SAVED;
	}
	return RULE_OTHER;
}

static bool read_copy(const unsigned char *stack, uint64_t size, uint64_t sp, uint64_t addr,
		      uint64_t *val)
{
	if (addr < sp || addr - sp > size || size - (addr - sp) < sizeof(*val))
		return false;
	memcpy(val, stack + (addr - sp), sizeof(*val));
	return true;
}

static Dwarf_Frame *frame_at(Dwfl *dwfl, uint64_t pc)
{
	Dwfl_Module *mod = dwfl_addrmodule(dwfl, pc);
	Dwarf_Frame *frame = NULL;
	Dwarf_Addr bias;
	Dwarf_CFI *cfi;

	if (!mod)
		return NULL;
	cfi = dwfl_module_eh_cfi(mod, &bias);
	if (cfi && dwarf_cfi_addrframe(cfi, pc - bias, &frame) == 0)
		return frame;
	cfi = dwfl_module_dwarf_cfi(mod, &bias);
	if (cfi && dwarf_cfi_addrframe(cfi, pc - bias, &frame) == 0)
		return frame;
	return NULL;
}

bool unwind_epilogue_step(Dwfl *dwfl, uint64_t dw[17], const unsigned char *stack,
			  uint64_t size)
{
	uint64_t sp = dw[DW_RSP], cfa, addr, caller[17], ra;
	Dwarf_Frame *frame = frame_at(dwfl, dw[DW_RA]);
	bool popped = false, ok = false;
	size_t i;

	if (!frame)
		return false;
	if (!eval_cfa(frame, dw, &cfa) || cfa <= sp)
		goto out;
	if (reg_rule(frame, DW_RA, cfa, &addr) != RULE_SAVED || !read_copy(stack, size, sp, addr, &ra))
		goto out;
	memcpy(caller, dw, sizeof(caller));
	for (i = 0; i < sizeof(callee_saved) / sizeof(callee_saved[0]); i++) {
		int r = callee_saved[i];

		switch (reg_rule(frame, r, cfa, &addr)) {
		case RULE_SAME:
			break;
		case RULE_SAVED:
			if (addr < sp)
				popped = true; /* already back in the register */
			else if (!read_copy(stack, size, sp, addr, &caller[r]))
				goto out;
			break;
		default:
			goto out;
		}
	}
	if (popped) {
		caller[DW_RSP] = cfa;
		caller[DW_RA] = ra;
		memcpy(dw, caller, sizeof(caller));
		ok = true;
	}
out:
	free(frame);
	return ok;
}
