/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Frame colours. The flat palettes use flamegraph.pl's ranges; the
 * "native" palette colours by kind of frame, "rust" by crate. Three
 * numbers in [0, 1] pick a colour within a palette's range: from a
 * fixed-seed generator by default (deterministic for the same input),
 * or with --hash from the name, so a function keeps its colour in every
 * graph.
 */
#include "flamegraph/fg.h"

#include <string.h>

static const char *const palette_names[] = {
	[FG_PALETTE_HOT] = "hot",       [FG_PALETTE_MEM] = "mem",
	[FG_PALETTE_IO] = "io",         [FG_PALETTE_RED] = "red",
	[FG_PALETTE_GREEN] = "green",   [FG_PALETTE_BLUE] = "blue",
	[FG_PALETTE_AQUA] = "aqua",     [FG_PALETTE_YELLOW] = "yellow",
	[FG_PALETTE_PURPLE] = "purple", [FG_PALETTE_ORANGE] = "orange",
	[FG_PALETTE_NATIVE] = "native", [FG_PALETTE_RUST] = "rust",
};

int fg_palette_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(palette_names) / sizeof(palette_names[0]); i++)
		if (!strcmp(name, palette_names[i]))
			return (int)i;
	return -1;
}

void fg_color_init(struct fg_color_state *s)
{
	s->rng = 0x2545f4914f6cdd1dULL;
}

static double next_unit(struct fg_color_state *s)
{
	/* xorshift64* */
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return (double)((s->rng * 0x2545f4914f6cdd1dULL) >> 11) / (double)(1ULL << 53);
}

/*
 * A number in [0, 1] from a name, weighting its first characters most
 * (flamegraph.pl's scheme), so similar names get similar colours.
 */
static double name_hash(const char *name, bool reversed)
{
	double vector = 0, weight = 1, max = 1;
	size_t len = strlen(name), i;
	unsigned mod = 10;

	for (i = 0; i < len && mod <= 12; i++) {
		unsigned char c = (unsigned char)name[reversed ? len - 1 - i : i];

		vector += (double)(c % mod) / (double)(mod - 1) * weight;
		mod++;
		max += weight;
		weight *= 0.70;
	}
	return 1 - vector / max;
}

static struct fg_rgb rgb(double r, double g, double b)
{
	struct fg_rgb c = { (unsigned char)r, (unsigned char)g, (unsigned char)b };

	return c;
}

static struct fg_rgb flat(enum fg_palette p, double v1, double v2, double v3)
{
	switch (p) {
	case FG_PALETTE_MEM:
		return rgb(0, 190 + 50 * v2, 210 * v1);
	case FG_PALETTE_IO:
		return rgb(80 + 60 * v1, 80 + 60 * v1, 190 + 55 * v2);
	case FG_PALETTE_RED:
		return rgb(200 + 55 * v1, 50 + 80 * v1, 50 + 80 * v1);
	case FG_PALETTE_GREEN:
		return rgb(50 + 60 * v1, 200 + 55 * v1, 50 + 60 * v1);
	case FG_PALETTE_BLUE:
		return rgb(80 + 60 * v1, 80 + 60 * v1, 205 + 50 * v1);
	case FG_PALETTE_AQUA:
		return rgb(50 + 60 * v1, 165 + 55 * v1, 165 + 55 * v1);
	case FG_PALETTE_YELLOW:
		return rgb(175 + 55 * v1, 175 + 55 * v1, 50 + 20 * v1);
	case FG_PALETTE_PURPLE:
		return rgb(190 + 65 * v1, 80 + 60 * v1, 190 + 65 * v1);
	case FG_PALETTE_ORANGE:
		return rgb(190 + 65 * v1, 90 + 65 * v1, 0);
	case FG_PALETTE_HOT:
	default:
		return rgb(205 + 50 * v3, 230 * v1, 55 * v2);
	}
}

static enum fg_palette native_palette(const struct cframe *f)
{
	switch (f->kind) {
	case FRAME_KERNEL:
		return FG_PALETTE_ORANGE;
	case FRAME_INLINED:
		return FG_PALETTE_AQUA;
	case FRAME_LIBRARY:
		return FG_PALETTE_YELLOW;
	case FRAME_USER:
	default:
		return FG_PALETTE_RED;
	}
}

static enum fg_palette rust_palette(const struct cframe *f)
{
	const char *n = f->name;

	if (f->kind == FRAME_KERNEL)
		return FG_PALETTE_ORANGE;
	if (!strncmp(n, "core::", 6) || !strncmp(n, "std::", 5) || !strncmp(n, "alloc::", 7) ||
	    !strncmp(n, "<core::", 7) || !strncmp(n, "<std::", 6) || !strncmp(n, "<alloc::", 8))
		return FG_PALETTE_ORANGE;
	if (strstr(n, "::"))
		return FG_PALETTE_AQUA;
	return FG_PALETTE_YELLOW;
}

struct fg_rgb fg_color(struct fg_color_state *s, const struct fg_opts *o, const struct cframe *f)
{
	enum fg_palette p = o->palette;
	double v1, v2, v3;

	if (f->kind == FRAME_UNRESOLVED && (p == FG_PALETTE_NATIVE || p == FG_PALETTE_RUST))
		return rgb(180, 180, 180);
	if (!strcmp(f->name, "-") || !strcmp(f->name, "--"))
		return rgb(160, 160, 160);
	if (o->hash) {
		v1 = name_hash(f->name, false);
		v2 = v3 = name_hash(f->name, true);
	} else {
		v1 = next_unit(s);
		v2 = next_unit(s);
		v3 = next_unit(s);
	}
	if (p == FG_PALETTE_NATIVE)
		p = native_palette(f);
	else if (p == FG_PALETTE_RUST)
		p = rust_palette(f);
	return flat(p, v1, v2, v3);
}

void fg_background(const struct fg_opts *o, const char **top, const char **bottom)
{
	switch (o->palette) {
	case FG_PALETTE_HOT:
	case FG_PALETTE_NATIVE:
	case FG_PALETTE_RUST:
		*top = "#eeeeee";
		*bottom = "#eeeeb0";
		break;
	case FG_PALETTE_MEM:
		*top = "#eef2ee";
		*bottom = "#e0ffe0";
		break;
	case FG_PALETTE_IO:
		*top = "#eeeeee";
		*bottom = "#e0e0ff";
		break;
	default:
		*top = "#f8f8f8";
		*bottom = "#e8e8e8";
		break;
	}
}

struct fg_rgb fg_diff_color(double delta, double max)
{
	/* inferno's scale: 100..250 for the other two channels */
	if (max <= 0 || delta == 0)
		return rgb(250, 250, 250);
	if (delta > 0) {
		double v = 100 + 150 * (max - delta) / max;

		return rgb(255, v, v);
	}
	{
		double v = 100 + 150 * (max + delta) / max;

		return rgb(v, v, 255);
	}
}
