/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "record/perf_event.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

static const struct pe_event known_events[] = {
	{ "cpu-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, false, true },
	{ "task-clock", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_TASK_CLOCK, false, true },
	{ "page-faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS, false, false },
	{ "faults", PERF_TYPE_SOFTWARE, PERF_COUNT_SW_PAGE_FAULTS, false, false },
	{ "cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES, false, false },
	{ "instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS, false, false },
	{ "cache-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES, false, false },
	{ "branch-misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_BRANCH_MISSES, false, false },
};

int pe_parse_event(const char *spec, struct pe_event *ev, struct diag *d)
{
	const char *colon = strchr(spec, ':');
	size_t len = colon ? (size_t)(colon - spec) : strlen(spec);
	size_t i;

	for (i = 0; i < sizeof(known_events) / sizeof(known_events[0]); i++) {
		if (strlen(known_events[i].name) != len || strncmp(known_events[i].name, spec, len))
			continue;
		*ev = known_events[i];
		if (colon) {
			if (strcmp(colon, ":u"))
				return diag_set(d, "unknown event modifier '%s' (only :u is supported)",
						colon);
			ev->exclude_kernel = true;
		}
		return 0;
	}
	return diag_set(d, "unknown event '%s' (try cpu-clock, task-clock, page-faults, cycles, "
			"instructions, cache-misses or branch-misses)", spec);
}

uint64_t pe_sample_type(const struct pe_config *cfg)
{
	uint64_t t = PERF_SAMPLE_IP | PERF_SAMPLE_TID | PERF_SAMPLE_TIME | PERF_SAMPLE_CPU |
		     PERF_SAMPLE_PERIOD | PERF_SAMPLE_CALLCHAIN;

	if (cfg->callgraph == PE_CALLGRAPH_DWARF)
		t |= PERF_SAMPLE_REGS_USER | PERF_SAMPLE_STACK_USER;
	return t;
}

static void fill_attr(struct perf_event_attr *a, const struct pe_config *cfg)
{
	memset(a, 0, sizeof(*a));
	a->size = sizeof(*a);
	a->type = cfg->event.type;
	a->config = cfg->event.config;
	if (cfg->period) {
		a->sample_period = cfg->period;
	} else {
		a->freq = 1;
		a->sample_freq = cfg->freq;
	}
	a->sample_type = pe_sample_type(cfg);
	a->disabled = 1;
	a->enable_on_exec = cfg->enable_on_exec;
	a->inherit = cfg->inherit;
	a->exclude_kernel = cfg->exclude_kernel || cfg->event.exclude_kernel;
	a->exclude_hv = 1;
	a->mmap = 1;
	a->mmap2 = 1;
	a->comm = 1;
	a->comm_exec = 1;
	a->task = 1;
	a->build_id = 1;
	a->sample_id_all = 1;
	a->use_clockid = 1;
	a->clockid = CLOCK_MONOTONIC;
	a->watermark = 1;
	a->wakeup_watermark = (uint32_t)(cfg->ring_bytes / 4);
	if (cfg->callgraph == PE_CALLGRAPH_DWARF) {
		/* the user part comes from our own unwinder; keep the kernel's */
		a->exclude_callchain_user = 1;
		a->sample_regs_user = PE_REGS_USER_MASK;
		a->sample_stack_user = cfg->stack_bytes;
	}
}

static int sys_perf_event_open(struct perf_event_attr *a, pid_t pid, int cpu, int group,
			       unsigned long flags)
{
	return (int)syscall(SYS_perf_event_open, a, pid, cpu, group, flags);
}

static int read_int_file(const char *path, int def)
{
	FILE *f = fopen(path, "re");
	int v = def;

	if (f) {
		if (fscanf(f, "%d", &v) != 1)
			v = def;
		fclose(f);
	}
	return v;
}

/* explain why perf_event_open failed and what to do */
static int open_error(struct diag *d, const struct pe_config *cfg, pid_t tid, int err)
{
	int paranoid = read_int_file("/proc/sys/kernel/perf_event_paranoid", 2);
	char target[32];

	if (tid < 0)
		snprintf(target, sizeof(target), "every process");
	else
		snprintf(target, sizeof(target), "pid %d", (int)tid);
	if (tid < 0 && (err == EACCES || err == EPERM))
		return diag_set_errno(d, err,
				      "cannot profile system-wide: %s (perf_event_paranoid is %d; -a "
				      "needs root, CAP_PERFMON or a perf_event_paranoid of 0 or less)",
				      strerror(err), paranoid);
	switch (err) {
	case ESRCH:
		return diag_set_errno(d, err, "no such process: %d", (int)tid);
	case EACCES:
	case EPERM:
		return diag_set_errno(d, err,
				      "cannot open perf event for %s: %s (perf_event_paranoid "
				      "is %d; run as root, grant CAP_PERFMON, lower "
				      "/proc/sys/kernel/perf_event_paranoid, or profile your own "
				      "processes with an event ending in :u)",
				      target, strerror(err), paranoid);
	case ENOENT:
	case EOPNOTSUPP:
	case ENODEV:
		if (cfg->event.type == PERF_TYPE_HARDWARE)
			diag_set_errno(d, err,
				       "event '%s' is not supported on this machine: it has no "
				       "hardware PMU (virtual machines often have none); use -e "
				       "cpu-clock",
				       cfg->event.name);
		else
			diag_set_errno(d, err, "event '%s' is not supported: %s", cfg->event.name,
				       strerror(err));
		d->kind = DIAG_UNSUPPORTED; /* ENOENT here is the event's, not a file's */
		return -1;
	case EMFILE:
		return diag_set_errno(d, err,
				      "cannot open perf event for %s: too many open files "
				      "(raise the limit with ulimit -n)",
				      target);
	case EINVAL:
		if (cfg->freq > (unsigned)read_int_file("/proc/sys/kernel/perf_event_max_sample_rate",
							100000))
			return diag_set_errno(d, err,
					      "frequency %u Hz is above the kernel's limit "
					      "(/proc/sys/kernel/perf_event_max_sample_rate)",
					      cfg->freq);
		/* fall through */
	default:
		return diag_set_errno(d, err, "cannot open perf event for %s: %s", target,
				      strerror(err));
	}
}

static void remember_fd(struct pe_session *s, int fd)
{
	ALLOC_GROW(s->fds, s->nfds + 1, s->fds_alloc);
	s->fds[s->nfds++] = fd;
}

static int map_ring(struct pe_ring *r, size_t data_size)
{
	long page = sysconf(_SC_PAGESIZE);
	void *base = mmap(NULL, data_size + (size_t)page, PROT_READ | PROT_WRITE, MAP_SHARED, r->fd,
			  0);

	if (base == MAP_FAILED)
		return -errno;
	r->base = base;
	r->data_size = data_size;
	return 0;
}

static int open_one(struct pe_session *s, pid_t tid, int cpu, struct diag *d)
{
	struct perf_event_attr attr;
	struct pe_ring *ring = &s->rings[cpu];
	int fd;

	fill_attr(&attr, &s->cfg);
	fd = sys_perf_event_open(&attr, tid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0)
		return open_error(d, &s->cfg, tid, errno);
	remember_fd(s, fd);
	if (ring->fd < 0) {
		size_t size = s->cfg.ring_bytes;
		int err;

		ring->fd = fd;
		/* without CAP_IPC_LOCK the locked-memory limit may be lower */
		while ((err = map_ring(ring, size)) == -EPERM && size > 64 * 1024)
			size /= 2;
		if (err)
			return diag_set_errno(d, -err, "cannot map the perf ring buffer: %s (raise "
					"/proc/sys/kernel/perf_event_mlock_kb or run as root)",
					strerror(-err));
		return 0;
	}
	if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, ring->fd) < 0)
		return diag_set_errno(d, errno, "cannot redirect perf event output: %s",
				      strerror(errno));
	return 0;
}

static void init_rings(struct pe_session *s, const struct pe_config *cfg)
{
	int cpu;

	memset(s, 0, sizeof(*s));
	s->cfg = *cfg;
	s->ncpus = (int)sysconf(_SC_NPROCESSORS_CONF);
	if (s->ncpus < 1)
		s->ncpus = 1;
	s->nrings = (size_t)s->ncpus;
	s->rings = xcalloc(s->nrings, sizeof(*s->rings));
	for (cpu = 0; cpu < s->ncpus; cpu++) {
		s->rings[cpu].fd = -1;
		s->rings[cpu].cpu = cpu;
	}
}

int pe_open(struct pe_session *s, const struct pe_config *cfg, const pid_t *tids, size_t ntids,
	    struct diag *d)
{
	size_t i;
	int cpu;

	init_rings(s, cfg);
	for (i = 0; i < ntids; i++) {
		for (cpu = 0; cpu < s->ncpus; cpu++) {
			if (open_one(s, tids[i], cpu, d) < 0) {
				/* an offline CPU has no events; skip it */
				if (errno == ENODEV && cfg->event.type != PERF_TYPE_HARDWARE)
					continue;
				pe_close(s);
				return -1;
			}
		}
	}
	return 0;
}

int pe_open_cpus(struct pe_session *s, const struct pe_config *cfg, const int *cpus, size_t ncpus,
		 struct diag *d)
{
	size_t i, opened = 0;

	init_rings(s, cfg);
	for (i = 0; i < ncpus; i++) {
		if (cpus[i] < 0 || cpus[i] >= s->ncpus) {
			diag_set_kind(d, DIAG_BAD_INPUT, "no CPU %d on this machine (it has 0-%d)",
				      cpus[i], s->ncpus - 1);
			pe_close(s);
			return -1;
		}
		if (open_one(s, -1, cpus[i], d) == 0) {
			opened++;
			continue;
		}
		/* an offline CPU has no events: skip it, unless it was the only one */
		if (errno == ENODEV && ncpus > 1)
			continue;
		pe_close(s);
		return -1;
	}
	if (!opened) {
		diag_set_kind(d, DIAG_UNSUPPORTED, "none of the CPUs asked for is online");
		pe_close(s);
		return -1;
	}
	return 0;
}

int pe_add_task(struct pe_session *s, pid_t tid, struct diag *d)
{
	int cpu;

	for (cpu = 0; cpu < s->ncpus; cpu++)
		if (open_one(s, tid, cpu, d) < 0)
			return -1;
	return 0;
}

static int ioctl_all(struct pe_session *s, unsigned long req)
{
	size_t i;
	int ret = 0;

	for (i = 0; i < s->nfds; i++)
		if (ioctl(s->fds[i], req, 0) < 0)
			ret = -1;
	return ret;
}

int pe_enable(struct pe_session *s)
{
	return ioctl_all(s, PERF_EVENT_IOC_ENABLE);
}

int pe_disable(struct pe_session *s)
{
	return ioctl_all(s, PERF_EVENT_IOC_DISABLE);
}

void pe_close(struct pe_session *s)
{
	size_t i;
	long page = sysconf(_SC_PAGESIZE);

	for (i = 0; i < s->nrings; i++)
		if (s->rings[i].base)
			munmap(s->rings[i].base, s->rings[i].data_size + (size_t)page);
	for (i = 0; i < s->nfds; i++)
		close(s->fds[i]);
	free(s->rings);
	free(s->fds);
	memset(s, 0, sizeof(*s));
}

size_t pe_ring_drain(struct pe_ring *ring, pe_record_fn fn, void *ctx)
{
	struct perf_event_mmap_page *meta = ring->base;
	unsigned char wrapped[UINT16_MAX + 1]; /* a record's size is 16 bits */
	const unsigned char *data;
	uint64_t head, tail;
	size_t n = 0, mask;

	if (!meta)
		return 0;
	data = (const unsigned char *)ring->base + meta->data_offset;
	mask = ring->data_size - 1;
	head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
	tail = meta->data_tail;
	while (tail + sizeof(struct perf_event_header) <= head) {
		struct perf_event_header hdr;
		size_t off = tail & mask, first;

		/* a record may wrap around the end of the ring */
		first = ring->data_size - off;
		if (first >= sizeof(hdr)) {
			memcpy(&hdr, data + off, sizeof(hdr));
		} else {
			memcpy(&hdr, data + off, first);
			memcpy((char *)&hdr + first, data, sizeof(hdr) - first);
		}
		if (hdr.size < sizeof(hdr) || tail + hdr.size > head)
			break;
		if (first >= hdr.size) {
			fn(ctx, data + off, hdr.size);
		} else {
			memcpy(wrapped, data + off, first);
			memcpy(wrapped + first, data, hdr.size - first);
			fn(ctx, wrapped, hdr.size);
		}
		tail += hdr.size;
		n++;
	}
	__atomic_store_n(&meta->data_tail, tail, __ATOMIC_RELEASE);
	return n;
}

/* perf_event_x86_regs positions within the sampled PE_REGS_USER_MASK set */
enum {
	PR_AX, PR_BX, PR_CX, PR_DX, PR_SI, PR_DI, PR_BP, PR_SP, PR_IP, PR_FLAGS, PR_CS, PR_SS,
	PR_R8, PR_R9, PR_R10, PR_R11, PR_R12, PR_R13, PR_R14, PR_R15,
};

void pe_regs_to_dwarf(const uint64_t *r, uint64_t *dw)
{
	/* DWARF x86-64 order: rax rdx rcx rbx rsi rdi rbp rsp r8..r15 rip */
	static const int from_perf[17] = {
		PR_AX, PR_DX, PR_CX, PR_BX, PR_SI, PR_DI, PR_BP, PR_SP, PR_R8,
		PR_R9, PR_R10, PR_R11, PR_R12, PR_R13, PR_R14, PR_R15, PR_IP,
	};
	int i;

	for (i = 0; i < 17; i++)
		dw[i] = r[from_perf[i]];
}
