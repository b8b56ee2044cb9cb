/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * A function's samples without its source: by instruction, at the ELF
 * virtual addresses objdump -d prints (a runtime address means nothing
 * outside the process, and a file offset differs from the address in an
 * lld-linked file), beside objdump's disassembly of the function, as
 * perf annotate --stdio shows it.
 */
#include "profile/frames.h"
#include "report/annotate_impl.h"
#include "symbol/disasm.h"
#include "util/arith.h"
#include "util/xalloc.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

/* what a row's address is */
enum row_kind {
	ROW_ELF,    /* an ELF virtual address in obj */
	ROW_OFFSET, /* the file could not be read here: an offset in it */
	ROW_RAW,    /* the kernel's, or of no mapping: as recorded */
};

struct row {
	enum row_kind kind;
	struct objfile *obj; /* for ROW_ELF */
	const char *file;    /* the mapping's file, or "" */
	uint64_t addr;
	int64_t line, self, cum;
};

/* widest function objdump is asked for; beyond, its addresses alone */
#define MAX_DISASM_BYTES (1u << 20)

static int row_cmp(const void *a, const void *b)
{
	const struct row *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c)
		return c;
	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return x->addr < y->addr ? -1 : x->addr > y->addr;
}

static struct row *make_rows(struct annotate_ctx *c, const struct annotate_target *t, size_t *n)
{
	struct row *rows = xcalloc(t->naddrs + 1, sizeof(*rows));
	size_t i, j, m = 0;

	for (i = 0; i < t->naddrs; i++) {
		const struct annotate_hit *h = &t->addrs[i];
		const struct profile_mapping *map = h->mapping;
		struct objfile *obj = annotate_objfile(c, map);
		struct row r = { .kind = ROW_RAW, .file = map ? map->file : "", .addr = h->at,
				 .line = h->line, .self = h->self, .cum = h->cum };
		uint64_t vaddr;

		if (obj && obj->fd >= 0 && !obj->mismatch &&
		    objfile_elf_address(obj, map->start, map->offset, h->at, &vaddr)) {
			r.kind = ROW_ELF;
			r.obj = obj;
			r.addr = vaddr;
		} else if (obj && h->at >= map->start) {
			r.kind = ROW_OFFSET;
			r.addr = h->at - map->start + map->offset;
		}
		rows[m++] = r;
	}
	qsort(rows, m, sizeof(*rows), row_cmp);
	/* one row per address: processes map the same file at different places */
	for (i = 0, j = 0; i < m; i++) {
		if (j && !row_cmp(&rows[j - 1], &rows[i])) {
			rows[j - 1].self = sat_add64(rows[j - 1].self, rows[i].self);
			rows[j - 1].cum = sat_add64(rows[j - 1].cum, rows[i].cum);
			continue;
		}
		rows[j++] = rows[i];
	}
	*n = j;
	return rows;
}

static void print_counts(int64_t self, int64_t cum, int64_t total, FILE *out)
{
	fprintf(out, "%10lld %10lld %6.2f%% %6.2f%%", (long long)self, (long long)cum,
		annotate_pct(self, total), annotate_pct(cum, total));
}

static void print_line_no(int64_t line, FILE *out)
{
	if (line > 0)
		fprintf(out, "  %6lld", (long long)line);
	else
		fprintf(out, "  %6s", ".");
}

static void print_row(const struct annotate_ctx *c, const struct row *r, FILE *out)
{
	char addr[64];

	if (r->kind == ROW_OFFSET)
		snprintf(addr, sizeof(addr), "%.40s+0x%" PRIx64, path_basename(r->file), r->addr);
	else if (r->kind == ROW_RAW)
		snprintf(addr, sizeof(addr), "0x%016" PRIx64, r->addr);
	else
		snprintf(addr, sizeof(addr), "0x%" PRIx64, r->addr);
	print_counts(r->self, r->cum, c->total, out);
	fprintf(out, "  %-18s", addr);
	print_line_no(r->line, out);
	fputc('\n', out);
}

/* the header of a run of rows of one file and kind */
static void print_group_note(const struct row *r, FILE *out)
{
	if (r->kind == ROW_ELF) {
		fprintf(out, "# ELF addresses in %s, as objdump -d prints them\n", r->file);
	} else if (r->kind == ROW_OFFSET) {
		fprintf(out, "# %s cannot be read here: offsets in the file instead\n", r->file);
	} else if (*r->file) {
		fprintf(out, "# addresses in %s as recorded\n", r->file);
	}
}

/*
 * The instructions of DIS with the samples of ROWS beside them: a row
 * counts for the instruction that holds its address (a caller's address
 * is the last byte of its call, the return address less one). Rows that
 * fall in no instruction are printed as addresses, in order.
 */
static void print_disasm(const struct annotate_ctx *c, const struct disasm *dis,
			 const struct row *rows, size_t n, uint64_t stop, FILE *out)
{
	size_t i, r = 0;

	for (i = 0; i < dis->nlines; i++) {
		const struct disasm_line *l = &dis->lines[i];
		uint64_t end = stop;
		int64_t self = 0, cum = 0, line = 0;
		bool hit = false;
		size_t k;
		char addr[32];

		if (l->is_label) {
			fprintf(out, "%10s %10s %7s %7s  %s\n", "", "", "", "", l->text);
			continue;
		}
		for (k = i + 1; k < dis->nlines; k++)
			if (!dis->lines[k].is_label) {
				end = dis->lines[k].addr;
				break;
			}
		for (; r < n && rows[r].addr < end; r++) {
			if (rows[r].addr < l->addr) {
				print_row(c, &rows[r], out);
				continue;
			}
			self = sat_add64(self, rows[r].self);
			cum = sat_add64(cum, rows[r].cum);
			if (!line)
				line = rows[r].line;
			hit = true;
		}
		snprintf(addr, sizeof(addr), "0x%" PRIx64, l->addr);
		if (hit)
			print_counts(self, cum, c->total, out);
		else
			fprintf(out, "%10s %10s %7s %7s", ".", ".", ".", ".");
		fprintf(out, "  %-18s", addr);
		print_line_no(line, out);
		fprintf(out, "  %s\n", l->text);
	}
	for (; r < n; r++)
		print_row(c, &rows[r], out);
}

/*
 * The function that holds ROWS[0] ([*LO, *HI), from the symbol table)
 * and how many of ROWS fall in it; 0 when no symbol holds it or it is
 * too wide to disassemble.
 */
static size_t function_rows(struct annotate_ctx *c, const struct row *rows, size_t n,
			    uint64_t *lo, uint64_t *hi)
{
	size_t k;

	if (!c->sym)
		c->sym = symbolizer_new();
	if (!symbolizer_symbol_range(c->sym, rows[0].obj, rows[0].addr, lo, hi))
		return 0;
	if (*hi - *lo <= 1) {
		/* no size (hand-written assembly): up to its last sampled address */
		for (k = 1; k < n && rows[k].addr - *lo < 65536; k++)
			;
		*hi = rows[k - 1].addr + 16;
	}
	if (*hi - *lo > MAX_DISASM_BYTES)
		return 0;
	for (k = 0; k < n && rows[k].addr < *hi; k++)
		;
	return k;
}

/* ROWS: of one file, ELF addresses, sorted */
static void print_elf_rows(struct annotate_ctx *c, const struct row *rows, size_t n, FILE *out)
{
	const char *objdump = c->ao->objdump ? c->ao->objdump : "objdump";
	size_t i = 0, k;

	while (i < n) {
		struct disasm dis;
		struct diag d;
		uint64_t lo, hi;
		int rc;

		if (c->ao->no_disassembly || c->no_objdump || c->objdump_stopped ||
		    !(k = function_rows(c, rows + i, n - i, &lo, &hi))) {
			print_row(c, &rows[i++], out);
			continue;
		}
		rc = disasm_range(objdump, rows[i].obj->fd, lo, hi, &dis, &d);
		if (rc == 0) {
			print_disasm(c, &dis, rows + i, k, hi, out);
			disasm_release(&dis);
			i += k;
			continue;
		}
		if (rc == DISASM_NO_TOOL) {
			c->no_objdump = true;
		} else if (rc == DISASM_STOPPED) {
			c->objdump_stopped = true;
			annotate_warn(c, "objdump stopped", "%s; not run again", d.msg);
		} else {
			annotate_warn(c, rows[i].file, "cannot disassemble %s: %s", rows[i].file,
				      d.msg);
		}
		for (; k; k--)
			print_row(c, &rows[i++], out);
	}
}

void annotate_print_addresses(struct annotate_ctx *c, const struct annotate_target *t,
			      FILE *out)
{
	size_t n, i, k;
	struct row *rows = make_rows(c, t, &n);
	bool any_elf = false;

	for (i = 0; i < n; i = k) {
		for (k = i + 1; k < n && rows[k].kind == rows[i].kind &&
				!strcmp(rows[k].file, rows[i].file);
		     k++)
			;
		print_group_note(&rows[i], out);
		fprintf(out, "%10s %10s %7s %7s  %-18s  %6s  %s\n", "Self", "Cum", "Self%", "Cum%",
			"Address", "Line", rows[i].kind == ROW_ELF ? "Instruction" : "");
		if (rows[i].kind == ROW_ELF) {
			print_elf_rows(c, rows + i, k - i, out);
			any_elf = true;
		} else {
			size_t j;

			for (j = i; j < k; j++)
				print_row(c, &rows[j], out);
		}
	}
	if (any_elf && c->no_objdump && !c->ao->no_disassembly)
		fprintf(out, "# %s not found: with GNU binutils' objdump (or --objdump PATH), "
			"the instructions are shown too\n",
			c->ao->objdump ? c->ao->objdump : "objdump");
	free(rows);
}
