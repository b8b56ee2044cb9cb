/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Flamegraphs: the profile's stacks merged into frames (fg_layout), each
 * frame coloured (fg_color), written as an interactive SVG whose CSS and
 * JavaScript (svg/flamegraph.{css,js}) are compiled into cprof (fg_svg).
 * Options and defaults follow flamegraph.pl and inferno.
 */
#ifndef CPROF_FLAMEGRAPH_FG_H
#define CPROF_FLAMEGRAPH_FG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "profile/collapse.h"
#include "profile/profile.h"
#include "util/usage.h"

#define FG_DEFAULT_WIDTH 1200
#define FG_DEFAULT_FRAME_HEIGHT 16
#define FG_DEFAULT_MIN_WIDTH 0.1 /* pixels */
#define FG_DEFAULT_FONT_SIZE 12
#define FG_DEFAULT_FONT_WIDTH 0.59
#define FG_DEFAULT_FONT_TYPE "monospace"
#define FG_DEFAULT_COUNT_NAME "samples"
#define FG_DEFAULT_SEARCH_COLOR "#e600e6"

enum fg_palette {
	FG_PALETTE_HOT,
	FG_PALETTE_MEM,
	FG_PALETTE_IO,
	FG_PALETTE_RED,
	FG_PALETTE_GREEN,
	FG_PALETTE_BLUE,
	FG_PALETTE_AQUA,
	FG_PALETTE_YELLOW,
	FG_PALETTE_PURPLE,
	FG_PALETTE_ORANGE,
	FG_PALETTE_NATIVE, /* by kind: user code, libraries, kernel, inlined, unresolved */
	FG_PALETTE_RUST,   /* std/core/alloc, other crates, non-Rust */
};

struct fg_opts {
	const char *title;    /* NULL: "Flame Graph", "Icicle Graph" or "Flame Chart" */
	const char *subtitle; /* NULL: none */
	unsigned width;       /* image width, pixels */
	unsigned frame_height;
	double min_width;     /* prune frames narrower than this ... */
	bool min_width_pct;   /* ... percent of the total, rather than pixels */
	enum fg_palette palette;
	bool hash;            /* colour by name, the same in every graph */
	bool reverse;         /* stacks reversed: merged from the leaves */
	bool inverted;        /* icicle: root at the top */
	bool flamechart;      /* x is time, stacks not merged */
	const char *count_name;
	unsigned font_size;
	const char *font_type;
	int value_index;      /* -1: profile_value_index()'s default */
};

void fg_opts_init(struct fg_opts *o);
/* the palette named NAME; -1 when unknown */
int fg_palette_parse(const char *name);

/* one frame as drawn */
struct fg_frame {
	const struct cframe *frame;
	unsigned depth;
	int64_t start, width; /* in samples (or time units) */
	/* differential graphs: the frame's self value on each side, normalised */
	double before, after;
};

struct fg_layout {
	struct fg_frame *frames;
	size_t nframes, alloc;
	int64_t total;
	unsigned max_depth;
	bool differential; /* colour by after - before, red grew, blue shrank */
	double max_delta;
};

/*
 * Merge sorted (or, for flame charts, time-ordered) stacks into frames,
 * leaving out frames narrower than MIN_UNITS (samples or time units).
 */
void fg_layout_build(const struct collapsed *c, double min_units, struct fg_layout *l);
void fg_layout_release(struct fg_layout *l);

struct fg_rgb {
	unsigned char r, g, b;
};

/*
 * The colour of a frame. Without --hash, colours come from a fixed-seed
 * generator, so identical input still gives identical output.
 */
struct fg_color_state {
	uint64_t rng;
};
void fg_color_init(struct fg_color_state *s);
struct fg_rgb fg_color(struct fg_color_state *s, const struct fg_opts *o, const struct cframe *f);
/* red where DELTA > 0, blue where < 0, saturated by |DELTA| / MAX */
struct fg_rgb fg_diff_color(double delta, double max);
/* the background gradient of a palette: two colours */
void fg_background(const struct fg_opts *o, const char **top, const char **bottom);

/* the SVG writer (fg_svg.c) */
void fg_svg_write(FILE *out, const struct fg_layout *l, const struct fg_opts *o);
void fg_svg_write_error(FILE *out, const struct fg_opts *o, const char *message);

/*
 * Write P as a flamegraph SVG. With no samples, writes an SVG that says
 * so and returns -1 with D filled (as inferno does).
 */
int fg_write(const struct profile *p, const struct fg_opts *o, FILE *out, struct diag *d);

/*
 * A differential flamegraph of BEFORE and AFTER (values BVI and AVI):
 * the union of both sides' stacks, each frame as wide as the larger of
 * its two sides (so frames that vanished stay visible), coloured by the
 * change of its self value: red where it grew, blue where it shrank,
 * deeper the larger the change (inferno's scale). With NORMALIZE, the
 * before side is scaled to the after side's total first.
 */
int fg_write_diff(const struct profile *before, int bvi, const struct profile *after, int avi,
		  bool normalize, const struct fg_opts *o, FILE *out, struct diag *d);

/* the SVG support code, generated from svg/ at build time */
extern const char fg_css[];
extern const char fg_js[];

#endif
