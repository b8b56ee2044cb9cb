/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "unwind/unwind.h"
#include "unwind/unwind_epilogue.h"
#include "unwind/unwind_plt.h"
#include "symbol/addrspace.h"
#include "symbol/objdwfl.h"
#include "util/xalloc.h"

#include <elfutils/libdwfl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct reported {
	const struct objfile *obj;
	uint64_t bias;
};

struct unwind_state {
	Dwfl *dwfl;
	bool attached;
	unsigned generation;
	struct reported *reported;
	size_t nreported, reported_alloc;
	/* the sample being unwound, for the callbacks */
	const struct unwind_sample *cur;
	uint64_t *ips;
	int nips, max;
	bool ran_off_copy;
};

/*
 * No separate debug files for the unwinder: where a file's .eh_frame
 * does not unwind a frame, libdwfl falls back to .debug_frame, and
 * opening a separate debug file for it means decompressing all of its
 * DWARF (libc6-dbg's: most of the recorder's CPU when it was done for
 * every new process). The file's own .eh_frame and .debug_frame (Go's)
 * are what unwinds; separate debug files are the symbolizer's.
 */
static int no_debuginfo(Dwfl_Module *mod, void **userdata, const char *modname, GElf_Addr base,
			const char *file_name, const char *debuglink, GElf_Word crc,
			char **debuginfo_file_name)
{
	(void)mod;
	(void)userdata;
	(void)modname;
	(void)base;
	(void)file_name;
	(void)debuglink;
	(void)crc;
	(void)debuginfo_file_name;
	return -1;
}

static const Dwfl_Callbacks unwind_callbacks = {
	.find_elf = objdwfl_find_elf,
	.find_debuginfo = no_debuginfo,
	.section_address = dwfl_offline_section_address,
};

static pid_t cb_next_thread(Dwfl *dwfl, void *dwfl_arg, void **thread_argp)
{
	(void)dwfl;
	(void)dwfl_arg;
	(void)thread_argp;
	return 0; /* threads are named by each sample, never enumerated */
}

static bool cb_get_thread(Dwfl *dwfl, pid_t tid, void *dwfl_arg, void **thread_argp)
{
	(void)dwfl;
	(void)tid;
	*thread_argp = dwfl_arg;
	return true;
}

static bool cb_memory_read(Dwfl *dwfl, Dwarf_Addr addr, Dwarf_Word *result, void *dwfl_arg)
{
	struct unwind_state *st = dwfl_arg;
	const struct unwind_sample *s = st->cur;
	uint64_t sp = s->regs[UNWIND_REG_SP];

	(void)dwfl;
	/* only the copied stack is known; anything else ends the unwind */
	if (addr < sp || addr - sp > s->stack_size || s->stack_size - (addr - sp) < sizeof(*result)) {
		/* above the copy: the stack went on, the copy did not */
		if (addr >= sp)
			st->ran_off_copy = true;
		return false;
	}
	memcpy(result, s->stack + (addr - sp), sizeof(*result));
	return true;
}

static bool cb_set_initial_registers(Dwfl_Thread *thread, void *thread_arg)
{
	struct unwind_state *st = thread_arg;
	Dwarf_Word dw[UNWIND_NREGS];

	memcpy(dw, st->cur->regs, sizeof(dw));
	return dwfl_thread_state_registers(thread, 0, UNWIND_NREGS, dw);
}

static const Dwfl_Thread_Callbacks thread_callbacks = {
	.next_thread = cb_next_thread,
	.get_thread = cb_get_thread,
	.memory_read = cb_memory_read,
	.set_initial_registers = cb_set_initial_registers,
};

static void state_reset(struct unwind_state *st)
{
	if (st->dwfl)
		dwfl_end(st->dwfl);
	st->dwfl = NULL;
	st->attached = false;
	st->nreported = 0;
}

static void state_free(void *p)
{
	struct unwind_state *st = p;

	state_reset(st);
	free(st->reported);
	free(st);
}

static bool is_reported(const struct unwind_state *st, const struct as_map *m)
{
	size_t i;

	for (i = 0; i < st->nreported; i++)
		if (st->reported[i].obj == m->obj && st->reported[i].bias == m->bias)
			return true;
	return false;
}

/* report the mappings libdwfl does not know yet; false when it must start over */
static bool report_new_maps(struct unwind_state *st, const struct addrspace *as)
{
	bool ok = true;
	size_t i;

	dwfl_report_begin_add(st->dwfl);
	for (i = 0; i < as->nmaps; i++) {
		const struct as_map *m = &as->maps[i];

		if (!m->obj || m->obj->fd < 0 || !m->has_bias || is_reported(st, m))
			continue;
		if (!objdwfl_report(st->dwfl, m->obj, m->bias)) {
			/* an overlap means a library was unmapped and replaced */
			ok = dwfl_errno() == 0;
			if (!ok)
				break;
			continue;
		}
		ALLOC_GROW(st->reported, st->nreported + 1, st->reported_alloc);
		st->reported[st->nreported].obj = m->obj;
		st->reported[st->nreported++].bias = m->bias;
	}
	dwfl_report_end(st->dwfl, NULL, NULL);
	return ok;
}

static bool sync_state(struct unwind_state *st, const struct addrspace *as, pid_t pid)
{
	if (st->dwfl && st->generation == as->generation)
		return st->attached;
	if (!st->dwfl)
		st->dwfl = dwfl_begin(&unwind_callbacks);
	if (!st->dwfl)
		return false;
	if (!report_new_maps(st, as)) {
		state_reset(st);
		st->dwfl = dwfl_begin(&unwind_callbacks);
		if (!st->dwfl)
			return false;
		report_new_maps(st, as);
	}
	st->generation = as->generation;
	if (!st->attached && st->nreported)
		st->attached = dwfl_attach_state(st->dwfl, NULL, pid, &thread_callbacks, st);
	return st->attached;
}

static int frame_cb(Dwfl_Frame *frame, void *arg)
{
	struct unwind_state *st = arg;
	Dwarf_Addr pc;
	bool activation;

	if (!dwfl_frame_pc(frame, &pc, &activation) || pc == 0)
		return DWARF_CB_ABORT;
	st->ips[st->nips++] = activation ? pc : pc - 1;
	return st->nips < st->max ? DWARF_CB_OK : DWARF_CB_ABORT;
}

/* unwind S with libdwfl into IPS, once the state knows the address space */
static int walk(struct unwind_state *st, const struct unwind_sample *s, uint64_t *ips, int max,
		enum unwind_end *end)
{
	int rc;

	st->cur = s;
	st->ips = ips;
	st->nips = 0;
	st->max = max;
	st->ran_off_copy = false;
	rc = dwfl_getthread_frames(st->dwfl, s->tid, frame_cb, st);
	/* libdwfl may report a clean end when a read past the copy failed */
	if (st->ran_off_copy)
		*end = UNWIND_TRUNCATED;
	else if (rc == 0)
		*end = UNWIND_COMPLETE;
	else if (st->nips > 1 && s->stack_size)
		*end = UNWIND_TRUNCATED;
	if (st->nips == 0) {
		ips[0] = s->regs[UNWIND_REG_IP];
		st->nips = 1;
	}
	return st->nips;
}

/*
 * S's first frame was stepped by hand to the caller state DW (rip the
 * return address): let libdwfl go on from there, on the copy above the
 * caller's rsp.
 */
static int walk_from_caller(struct unwind_state *st, const struct unwind_sample *s,
			    const uint64_t dw[17], uint64_t *ips, int max, enum unwind_end *end)
{
	uint64_t skip = dw[UNWIND_REG_SP] - s->regs[UNWIND_REG_SP];
	struct unwind_sample caller = *s;
	int n;

	ips[0] = s->regs[UNWIND_REG_IP];
	caller.regs = dw;
	caller.stack = s->stack + skip;
	caller.stack_size = s->stack_size - skip;
	n = walk(st, &caller, ips + 1, max - 1, end);
	/* a return address, less one like every caller's, points into the call */
	ips[1] = dw[UNWIND_REG_IP] - 1;
	return n + 1;
}

/*
 * S stopped in a PLT entry without CFI whose caller's CFA is rsp +
 * CFA_OFFSET (see unwind_plt.h): the return address is at CFA - 8, and
 * every other register is as the caller left it: entries only jump.
 */
static int walk_from_plt(struct unwind_state *st, const struct unwind_sample *s,
			 uint64_t cfa_offset, uint64_t *ips, int max, enum unwind_end *end)
{
	uint64_t dw[UNWIND_NREGS], ra;

	if (cfa_offset > s->stack_size) {
		ips[0] = s->regs[UNWIND_REG_IP];
		*end = s->stack_size ? UNWIND_TRUNCATED : UNWIND_FAILED;
		return 1;
	}
	memcpy(&ra, s->stack + cfa_offset - sizeof(ra), sizeof(ra));
	memcpy(dw, s->regs, sizeof(dw));
	dw[UNWIND_REG_SP] += cfa_offset;
	dw[UNWIND_REG_IP] = ra;
	return walk_from_caller(st, s, dw, ips, max, end);
}

int unwind_dwarf(struct addrspace *as, const struct unwind_sample *s, uint64_t *ips, int max,
		 enum unwind_end *end)
{
	struct unwind_state *st;
	uint64_t cfa_offset;

	*end = UNWIND_FAILED;
	if (max <= 0)
		return 0;
	if (!as->unwind) {
		as->unwind = xcalloc(1, sizeof(struct unwind_state));
		as->unwind_free = state_free;
	}
	st = as->unwind;
	if (!sync_state(st, as, as->pid)) {
		ips[0] = s->regs[UNWIND_REG_IP];
		return 1;
	}
	if (max > 1 && unwind_plt_cfa(st->dwfl, s->regs[UNWIND_REG_IP], &cfa_offset))
		return walk_from_plt(st, s, cfa_offset, ips, max, end);
	if (max > 1) {
		uint64_t dw[UNWIND_NREGS];

		memcpy(dw, s->regs, sizeof(dw));
		if (unwind_epilogue_step(st->dwfl, dw, s->stack, s->stack_size))
			return walk_from_caller(st, s, dw, ips, max, end);
	}
	return walk(st, s, ips, max, end);
}
