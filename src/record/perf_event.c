/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "record/perf_event.h"
#include "util/clock.h"
#include "record/pe_budget.h"
#include "util/xalloc.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
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
	/* side-band records, unless a dummy event of their own carries them */
	a->mmap = a->mmap2 = a->comm = a->comm_exec = a->task = !cfg->sideband_event;
	a->build_id = !cfg->no_build_id && !cfg->sideband_event;
	a->sample_id_all = 1;
	a->use_clockid = !cfg->no_clockid;
	a->clockid = cfg->no_clockid ? 0 : CLOCK_MONOTONIC;
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

/* the stack copy tried before giving up DWARF call graphs: what most kernels take */
#define FALLBACK_STACK_BYTES 8192

int pe_fallback_step(struct pe_config *cfg, int err, int paranoid, char *what, size_t size)
{
	if (err == EACCES || err == EPERM) {
		if (cfg->exclude_kernel || cfg->event.exclude_kernel || paranoid < 2)
			return 0;
		cfg->exclude_kernel = true;
		snprintf(what, size,
			 "kernel frames: the kernel refused kernel samples (perf_event_paranoid is "
			 "%d), so only user code is sampled and time in the kernel goes uncounted "
			 "(CAP_PERFMON, or perf_event_paranoid set to 1, keeps it)",
			 paranoid);
		return 1;
	}
	if (err != EINVAL && err != EOPNOTSUPP && err != E2BIG)
		return 0;
	/* perf's order: the newest features first */
	if (!cfg->no_build_id) {
		cfg->no_build_id = true;
		snprintf(what, size, "build-ids in mapping records: the kernel does not send them, "
				     "so mapped files are known by path only");
		return 1;
	}
	if (!cfg->no_clockid) {
		cfg->no_clockid = true;
		snprintf(what, size, "CLOCK_MONOTONIC sample times: the kernel has no use_clockid; "
				     "perf's clock is used, set against CLOCK_MONOTONIC at the start");
		return 1;
	}
	if (cfg->callgraph == PE_CALLGRAPH_DWARF && cfg->stack_bytes > FALLBACK_STACK_BYTES) {
		snprintf(what, size,
			 "the %u-byte stack copy: the kernel refused it; it is %u bytes instead "
			 "(as -g dwarf,%u asks)",
			 cfg->stack_bytes, FALLBACK_STACK_BYTES, FALLBACK_STACK_BYTES);
		cfg->stack_bytes = FALLBACK_STACK_BYTES;
		return 1;
	}
	if (cfg->callgraph == PE_CALLGRAPH_DWARF) {
		cfg->callgraph = PE_CALLGRAPH_FP;
		snprintf(what, size, "DWARF call graphs: the kernel refused user registers and "
				     "stack copies; call graphs follow frame pointers instead (-g fp)");
		return 1;
	}
	return 0;
}

static void give_up(struct pe_session *s, const char *what)
{
	ALLOC_GROW(s->given_up, s->ngiven_up + 1, s->given_up_alloc);
	s->given_up[s->ngiven_up++] = xstrdup(what);
}

/*
 * Without use_clockid, record times are perf's own clock. Relate it to
 * CLOCK_MONOTONIC (the engine's clock, which the source's horizon is
 * in): rename ourselves to our own name between two clock readings and
 * take the time of the COMM record that makes. 0, or -errno.
 */
static int measure_clock_offset(int64_t *offset)
{
	struct perf_event_attr a;
	long page = sysconf(_SC_PAGESIZE);
	struct perf_event_mmap_page *meta;
	char name[17] = "";
	uint64_t before, after, head;
	const unsigned char *data;
	int fd, ret = -EIO;
	void *base;

	memset(&a, 0, sizeof(a));
	a.size = sizeof(a);
	a.type = PERF_TYPE_SOFTWARE;
	a.config = PERF_COUNT_SW_DUMMY;
	a.sample_type = PERF_SAMPLE_TIME;
	a.sample_id_all = 1;
	a.comm = 1;
	a.exclude_kernel = 1;
	a.exclude_hv = 1;
	fd = sys_perf_event_open(&a, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0)
		return -errno;
	base = mmap(NULL, 2 * (size_t)page, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (base == MAP_FAILED) {
		ret = -errno;
		close(fd);
		return ret;
	}
	prctl(PR_GET_NAME, name);
	before = clock_ns(CLOCK_MONOTONIC);
	prctl(PR_SET_NAME, name);
	after = clock_ns(CLOCK_MONOTONIC);
	meta = base;
	data = (const unsigned char *)base + meta->data_offset;
	head = __atomic_load_n(&meta->data_head, __ATOMIC_ACQUIRE);
	/* the first record, in a ring of one page that cannot have wrapped */
	if (head >= sizeof(struct perf_event_header) + 8 && head <= (uint64_t)page) {
		struct perf_event_header h;
		uint64_t t;

		memcpy(&h, data, sizeof(h));
		if (h.type == PERF_RECORD_COMM && h.size <= head && h.size >= sizeof(h) + 8) {
			/* the sample_id trailer holds only the time */
			memcpy(&t, data + h.size - 8, 8);
			*offset = (int64_t)(t - (before + (after - before) / 2));
			ret = 0;
		}
	}
	munmap(base, 2 * (size_t)page);
	close(fd);
	return ret;
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

/* open the event, giving up what the kernel refuses, on the session's first event only */
static int open_fd(struct pe_session *s, pid_t tid, int cpu, struct diag *d)
{
	struct perf_event_attr attr;
	char what[512];
	int fd = -1, err = EINVAL, paranoid = -1, steps;

	/* each step gives something up, so this ends; the bound says so */
	for (steps = 0; steps < 16; steps++) {
		fill_attr(&attr, &s->cfg);
		fd = sys_perf_event_open(&attr, tid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
		if (fd >= 0)
			break;
		err = errno;
		/* later events must agree with those open already: no change of attributes */
		if (s->nfds)
			goto fail;
		if (paranoid == -1)
			paranoid = read_int_file("/proc/sys/kernel/perf_event_paranoid", 2);
		/* an unknown event or a frequency over the limit is no missing feature */
		if (err == EINVAL && !s->cfg.period &&
		    s->cfg.freq > (unsigned)read_int_file("/proc/sys/kernel/perf_event_max_sample_rate",
							  100000))
			goto fail;
		if (!pe_fallback_step(&s->cfg, err, paranoid, what, sizeof(what)))
			goto fail;
		give_up(s, what);
	}
	if (fd < 0)
		goto fail;
	if (s->cfg.no_clockid && !s->nfds && (err = measure_clock_offset(&s->clock_offset)) < 0) {
		close(fd);
		errno = -err;
		return diag_set_errno(d, -err,
				      "the kernel takes no clock id for perf events, and its own clock "
				      "could not be set against CLOCK_MONOTONIC: %s",
				      strerror(-err));
	}
	remember_fd(s, fd);
	return fd;
fail:
	open_error(d, &s->cfg, tid, err);
	errno = err; /* the callers skip offline CPUs by it */
	return -1;
}

static const char *size_text(size_t bytes, char *buf, size_t size)
{
	if (bytes >= (1u << 20) && !(bytes % (1u << 20)))
		snprintf(buf, size, "%zu MiB", bytes >> 20);
	else
		snprintf(buf, size, "%zu KiB", bytes >> 10);
	return buf;
}

/*
 * The dummy event that carries TID's (or CPU's) side-band records into
 * the ring of CPU: the sampling event's attributes (the same sample_id_all
 * trailer, clock, inheritance and start at exec), counting nothing.
 */
static int open_sideband(struct pe_session *s, pid_t tid, int cpu, struct diag *d)
{
	struct perf_event_attr attr;
	int fd;

	fill_attr(&attr, &s->cfg);
	attr.type = PERF_TYPE_SOFTWARE;
	attr.config = PERF_COUNT_SW_DUMMY;
	attr.freq = 0;
	attr.sample_period = 0;
	attr.mmap = attr.mmap2 = attr.comm = attr.comm_exec = attr.task = 1;
	attr.build_id = !s->cfg.no_build_id;
	fd = sys_perf_event_open(&attr, tid, cpu, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0)
		return diag_set_errno(d, errno, "cannot open the side-band event for %s %d: %s",
				      tid < 0 ? "CPU" : "pid", tid < 0 ? cpu : (int)tid,
				      strerror(errno));
	ALLOC_GROW(s->sideband_fds, s->nsideband + 1, s->sideband_alloc);
	s->sideband_fds[s->nsideband++] = fd;
	if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, s->rings[cpu].fd) < 0)
		return diag_set_errno(d, errno, "cannot redirect perf event output: %s",
				      strerror(errno));
	return 0;
}

static int open_sampling(struct pe_session *s, pid_t tid, int cpu, struct diag *d)
{
	struct pe_ring *ring = &s->rings[cpu];
	int fd = open_fd(s, tid, cpu, d);

	if (fd < 0)
		return -1;
	if (ring->fd < 0) {
		size_t size = s->cfg.ring_bytes;
		char want[32], got[32], what[256];
		int err;

		ring->fd = fd;
		/* memory other perf users of ours locked counts too: halve until it fits */
		while ((err = map_ring(ring, size)) == -EPERM && size > 64 * 1024)
			size /= 2;
		if (err)
			return diag_set_errno(d, -err, "cannot map the perf ring buffer: %s (raise "
					"/proc/sys/kernel/perf_event_mlock_kb or run as root)",
					strerror(-err));
		if (size < s->cfg.ring_bytes) {
			snprintf(what, sizeof(what),
				 "the perf ring of CPU %d has %s, not %s: the locked memory allowed "
				 "ran out (other perf sessions of this user count against it)",
				 cpu, size_text(size, got, sizeof(got)),
				 size_text(s->cfg.ring_bytes, want, sizeof(want)));
			give_up(s, what);
		}
		return 0;
	}
	if (ioctl(fd, PERF_EVENT_IOC_SET_OUTPUT, ring->fd) < 0)
		return diag_set_errno(d, errno, "cannot redirect perf event output: %s",
				      strerror(errno));
	return 0;
}

static int open_one(struct pe_session *s, pid_t tid, int cpu, struct diag *d)
{
	int ret = open_sampling(s, tid, cpu, d);

	if (ret == 0 && s->cfg.sideband_event)
		ret = open_sideband(s, tid, cpu, d);
	return ret;
}

/* the samples per second one ring may have to take */
static unsigned ring_rate(const struct pe_config *cfg)
{
	if (!cfg->period)
		return cfg->freq;
	if (cfg->event.time_based)
		return cfg->period >= 1000000000ULL ? 1 : (unsigned)(1000000000ULL / cfg->period);
	return 1000; /* a count: no telling; as many as a millisecond's */
}

/*
 * Size the rings (and the DWARF stack copy) to the locked memory NRINGS
 * rings may take, before any is mapped, and say what that cost.
 */
static void fit_budget(struct pe_session *s, unsigned nrings)
{
	struct pe_budget_limits lim;
	struct pe_budget_request req;
	struct pe_budget_fit fit;
	char what[1024], ring[32], want[32], limits[256];
	bool dwarf = s->cfg.callgraph == PE_CALLGRAPH_DWARF;

	pe_budget_limits(&lim);
	req.lockable = lim.lockable;
	req.nrings = nrings ? nrings : 1;
	req.page = (size_t)sysconf(_SC_PAGESIZE);
	req.rate = ring_rate(&s->cfg);
	req.want_ring = s->cfg.ring_bytes;
	req.stack = dwarf ? s->cfg.stack_bytes : 0;
	fit = pe_budget_fit(&req);
	if (fit.ring == s->cfg.ring_bytes && (!dwarf || fit.stack == s->cfg.stack_bytes))
		return;
	size_text(fit.ring, ring, sizeof(ring));
	size_text(s->cfg.ring_bytes, want, sizeof(want));
	if (lim.lockable == PE_BUDGET_UNLIMITED)
		/* nothing limits locking: the ring's own ceiling does (a high -F with DWARF) */
		snprintf(limits, sizeof(limits),
			 "a ring is at most %s; a lower -F keeps more of each stack", want);
	else
		snprintf(limits, sizeof(limits),
			 "that is what %u rings may lock (perf_event_mlock_kb is %u per CPU, "
			 "ulimit -l %llu KiB); raising /proc/sys/kernel/perf_event_mlock_kb or "
			 "ulimit -l gives more",
			 req.nrings, lim.mlock_kb, (unsigned long long)(lim.memlock_rlimit >> 10));
	if (dwarf && fit.stack != s->cfg.stack_bytes) {
		uint64_t held = fit.ring / (fit.stack + PE_BUDGET_SAMPLE_OVERHEAD);

		snprintf(what, sizeof(what),
			 "the %u-byte stack copy: it is %u bytes instead (as -g dwarf,%u asks), so "
			 "that the perf rings, %s each, hold %llu samples (%llu ms at %u Hz): %s",
			 s->cfg.stack_bytes, fit.stack, fit.stack, ring, (unsigned long long)held,
			 (unsigned long long)(held * 1000 / (req.rate ? req.rate : 1)), req.rate,
			 limits);
	} else {
		snprintf(what, sizeof(what), "the perf rings get %s each, not %s: %s", ring, want,
			 limits);
	}
	s->cfg.ring_bytes = fit.ring;
	if (dwarf)
		s->cfg.stack_bytes = fit.stack;
	give_up(s, what);
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
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	size_t i;
	int cpu;

	init_rings(s, cfg);
	/* a ring for each online CPU */
	fit_budget(s, online > 0 && online < s->ncpus ? (unsigned)online : (unsigned)s->ncpus);
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
	fit_budget(s, (unsigned)ncpus);
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
	size_t i;
	int ret = ioctl_all(s, PERF_EVENT_IOC_ENABLE);

	/* once on, the side-band stays on: pe_disable() stops the samples only */
	for (i = 0; i < s->nsideband; i++)
		if (ioctl(s->sideband_fds[i], PERF_EVENT_IOC_ENABLE, 0) < 0)
			ret = -1;
	return ret;
}

/*
 * PERF_EVENT_IOC_PERIOD takes a frequency for an event sampling by
 * frequency, but cpu-clock and task-clock are not such events inside
 * the kernel: it turns their frequency into a fixed period of
 * nanoseconds when they are opened (perf_swevent_init_hrtimer), and
 * takes the ioctl's value as a period. So those get the period, 1e9/HZ;
 * a frequency given to them would sample at up to 100 kHz.
 */
int pe_set_frequency(struct pe_session *s, unsigned hz, struct diag *d)
{
	unsigned max = (unsigned)read_int_file("/proc/sys/kernel/perf_event_max_sample_rate",
					       100000);
	bool hrtimer = s->cfg.event.type == PERF_TYPE_SOFTWARE && s->cfg.event.time_based;
	uint64_t v = hrtimer && hz ? 1000000000ULL / hz : hz;
	size_t i;

	if (s->cfg.period)
		return diag_set_kind(d, DIAG_UNSUPPORTED,
				     "the events sample every %llu events (-c), not by frequency",
				     (unsigned long long)s->cfg.period);
	if (!hz || hz > max)
		return diag_set_kind(d, DIAG_BAD_INPUT,
				     "cannot sample at %u Hz: the kernel allows 1 to %u Hz "
				     "(/proc/sys/kernel/perf_event_max_sample_rate)",
				     hz, max);
	for (i = 0; i < s->nfds; i++)
		if (ioctl(s->fds[i], PERF_EVENT_IOC_PERIOD, &v) < 0) {
			int err = errno;

			return diag_set_errno(d, err, "cannot sample at %u Hz: %s", hz,
					      strerror(err));
		}
	s->cfg.freq = hz;
	return 0;
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
	for (i = 0; i < s->nsideband; i++)
		close(s->sideband_fds[i]);
	free(s->sideband_fds);
	for (i = 0; i < s->ngiven_up; i++)
		free(s->given_up[i]);
	free(s->given_up);
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
