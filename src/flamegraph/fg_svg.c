/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The SVG: header, embedded CSS and JavaScript, and one <g> per frame
 * with its full name in <title> (the tooltip), a <rect> placed in
 * percent of the frames area (fg:x and fg:w carry the sample counts the
 * script zooms with), and the name cut to fit in <text>.
 */
#include "flamegraph/fg.h"
#include "util/escape.h"
#include "util/strbuf.h"

#include <inttypes.h>
#include <string.h>

#define FG_XPAD 10

struct svg_geom {
	unsigned width, height, frame_height, font_size;
	unsigned ypad1, ypad2;
	double font_width;
};

static void geom_init(struct svg_geom *g, const struct fg_opts *o, unsigned max_depth)
{
	g->width = o->width;
	g->frame_height = o->frame_height;
	g->font_size = o->font_size;
	g->font_width = FG_DEFAULT_FONT_WIDTH;
	g->ypad1 = o->font_size * 3 + (o->subtitle ? o->font_size * 2 : 0);
	g->ypad2 = o->font_size * 2 + 10;
	g->height = (max_depth + 1) * o->frame_height + g->ypad1 + g->ypad2;
}

static const char *default_title(const struct fg_opts *o)
{
	if (o->title)
		return o->title;
	if (o->flamechart)
		return "Flame Chart";
	return o->inverted ? "Icicle Graph" : "Flame Graph";
}

/* 1234567 -> "1,234,567" */
static void add_thousands(struct strbuf *sb, int64_t v)
{
	char digits[32];
	int n = snprintf(digits, sizeof(digits), "%" PRId64, v), i;

	for (i = 0; i < n; i++) {
		strbuf_addch(sb, digits[i]);
		if (digits[i] != '-' && (n - 1 - i) % 3 == 0 && i != n - 1)
			strbuf_addch(sb, ',');
	}
}

static void write_header(FILE *out, const struct svg_geom *g, const struct fg_opts *o)
{
	const char *bg_top, *bg_bottom;
	struct strbuf sb = STRBUF_INIT;

	fg_background(o, &bg_top, &bg_bottom);
	fprintf(out, "<?xml version=\"1.0\" standalone=\"no\"?>\n"
		     "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\" "
		     "\"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n");
	fprintf(out,
		"<svg version=\"1.1\" width=\"%u\" height=\"%u\" onload=\"init(evt)\" "
		"viewBox=\"0 0 %u %u\" xmlns=\"http://www.w3.org/2000/svg\" "
		"xmlns:xlink=\"http://www.w3.org/1999/xlink\" "
		"xmlns:fg=\"http://cprof.dev/flamegraph\">\n",
		g->width, g->height, g->width, g->height);
	fprintf(out, "<!-- Flame graph by cprof " PACKAGE_VERSION " -->\n");
	fprintf(out,
		"<defs><linearGradient id=\"background\" y1=\"0\" y2=\"1\" x1=\"0\" x2=\"0\">"
		"<stop stop-color=\"%s\" offset=\"5%%\"/><stop stop-color=\"%s\" offset=\"95%%\"/>"
		"</linearGradient></defs>\n",
		bg_top, bg_bottom);
	text_sanitize(&sb, o->font_type);
	fprintf(out, "<style type=\"text/css\">\n%s\ntext { font-family: ", fg_css);
	/* a family name is quoted unless it is a generic one */
	if (strspn(sb.buf, "abcdefghijklmnopqrstuvwxyz-") == sb.len) {
		fputs(sb.buf, out);
	} else {
		struct strbuf q = STRBUF_INIT;
		char *c;

		for (c = sb.buf; *c; c++)
			if (*c == '"' || *c == '<' || *c == '>' || *c == '&' || *c == '\\')
				*c = ' ';
		xml_escape(&q, sb.buf);
		fprintf(out, "\"%s\"", q.buf);
		strbuf_release(&q);
	}
	fprintf(out, "; font-size: %upx; }\n</style>\n", g->font_size);
	strbuf_reset(&sb);
	text_sanitize(&sb, o->count_name);
	fprintf(out, "<script type=\"text/ecmascript\"><![CDATA[\n");
	fprintf(out,
		"var fg_config = { fontsize: %u, fontwidth: %.2f, xpad: %d, inverted: %s, "
		"searchcolor: \"%s\", countname: \"",
		g->font_size, g->font_width, FG_XPAD, o->inverted ? "true" : "false",
		FG_DEFAULT_SEARCH_COLOR);
	/* a JavaScript string inside CDATA: no quotes, backslashes or "]]>" */
	{
		const char *c;

		for (c = sb.buf; *c; c++)
			fputc(*c == '"' || *c == '\\' || *c == ']' || *c == '<' ? '_' : *c, out);
	}
	fprintf(out, "\", nametype: \"Function:\", flamechart: %s };\n",
		o->flamechart ? "true" : "false");
	fputs(fg_js, out);
	fprintf(out, "\n]]></script>\n");
	strbuf_release(&sb);
}

static void write_chrome(FILE *out, const struct svg_geom *g, const struct fg_opts *o)
{
	struct strbuf sb = STRBUF_INIT, esc = STRBUF_INIT;

	fprintf(out, "<rect x=\"0\" y=\"0\" width=\"100%%\" height=\"%u\" fill=\"url(#background)\"/>\n",
		g->height);
	text_sanitize(&sb, default_title(o));
	xml_escape(&esc, sb.buf);
	fprintf(out, "<text id=\"title\" x=\"50%%\" y=\"%u\">%s</text>\n", g->font_size * 2,
		esc.buf);
	if (o->subtitle) {
		strbuf_reset(&sb);
		strbuf_reset(&esc);
		text_sanitize(&sb, o->subtitle);
		xml_escape(&esc, sb.buf);
		fprintf(out, "<text id=\"subtitle\" x=\"50%%\" y=\"%u\">%s</text>\n",
			g->font_size * 4, esc.buf);
	}
	fprintf(out, "<text id=\"details\" x=\"%d\" y=\"%u\"> </text>\n", FG_XPAD, g->height - 17);
	fprintf(out, "<text id=\"unzoom\" class=\"hide\" x=\"%d\" y=\"%u\">Reset Zoom</text>\n",
		FG_XPAD, g->font_size * 2);
	/* "ic" at the edge, "Search" left of it, so neither covers the other */
	fprintf(out, "<text id=\"search\" x=\"%u\" y=\"%u\">Search</text>\n",
		g->width - FG_XPAD - 24, g->font_size * 2);
	fprintf(out, "<text id=\"ignorecase\" x=\"%u\" y=\"%u\">ic</text>\n", g->width - FG_XPAD,
		g->font_size * 2);
	fprintf(out, "<text id=\"matched\" x=\"%u\" y=\"%u\"> </text>\n", g->width - FG_XPAD,
		g->height - 17);
	strbuf_release(&sb);
	strbuf_release(&esc);
}

/* the name cut to fit PX pixels: whole, or a prefix and "..", or nothing */
static void fit_text(struct strbuf *out, const char *name, double px, const struct svg_geom *g)
{
	size_t fits = (size_t)(px / (g->font_size * g->font_width));
	size_t len = utf8_length(name);

	if (fits < 3)
		return;
	if (len <= fits) {
		strbuf_addstr(out, name);
		return;
	}
	strbuf_add(out, name, utf8_prefix_bytes(name, fits - 2));
	strbuf_addstr(out, "..");
}

static void write_frame(FILE *out, const struct fg_frame *f, int64_t total,
			const struct svg_geom *g, const struct fg_opts *o, struct fg_rgb c,
			bool differential, struct strbuf *scratch)
{
	double x = 100.0 * (double)f->start / (double)total;
	double w = 100.0 * (double)f->width / (double)total;
	double frames_px = g->width - 2 * FG_XPAD;
	unsigned y = o->inverted ? g->ypad1 + f->depth * g->frame_height
				 : g->height - g->ypad2 - (f->depth + 1) * g->frame_height + 1;
	struct strbuf name = STRBUF_INIT, fitted = STRBUF_INIT;

	text_sanitize(&name, f->frame->name);
	strbuf_reset(scratch);
	strbuf_addstr(scratch, "<g><title>");
	xml_escape(scratch, name.buf);
	/* the tooltip says what the colour may not: inlined, kernel */
	if (f->frame->kind == FRAME_INLINED)
		strbuf_addstr(scratch, " [inlined]");
	else if (f->frame->kind == FRAME_KERNEL)
		strbuf_addstr(scratch, " [kernel.kallsyms]");
	strbuf_addstr(scratch, " (");
	add_thousands(scratch, f->width);
	strbuf_addf(scratch, " %s, %.2f%%", o->count_name, w);
	if (differential)
		strbuf_addf(scratch, "; self %.0f before, %.0f after, %+.2f%%", f->before, f->after,
			    100.0 * (f->after - f->before) / (double)total);
	strbuf_addstr(scratch, ")</title>");
	fputs(scratch->buf, out);
	fprintf(out,
		"<rect x=\"%.4f%%\" y=\"%u\" width=\"%.4f%%\" height=\"%u\" fill=\"rgb(%u,%u,%u)\" "
		"fg:x=\"%" PRId64 "\" fg:w=\"%" PRId64 "\"/>",
		x, y, w, g->frame_height - 1, c.r, c.g, c.b, f->start, f->width);
	fit_text(&fitted, name.buf, frames_px * w / 100.0, g);
	strbuf_reset(scratch);
	xml_escape(scratch, fitted.buf);
	fprintf(out, "<text x=\"%.4f%%\" y=\"%.1f\">%s</text></g>\n", x + 0.25,
		y + (g->frame_height - 1) / 2.0 + g->font_size / 3.0, scratch->buf);
	strbuf_release(&name);
	strbuf_release(&fitted);
}

void fg_svg_write(FILE *out, const struct fg_layout *l, const struct fg_opts *o)
{
	struct svg_geom g;
	struct fg_color_state cs;
	struct strbuf scratch = STRBUF_INIT;
	size_t i;

	geom_init(&g, o, l->max_depth);
	write_header(out, &g, o);
	write_chrome(out, &g, o);
	fprintf(out, "<svg id=\"frames\" x=\"%d\" width=\"%u\" total_samples=\"%" PRId64 "\">\n",
		FG_XPAD, g.width - 2 * FG_XPAD, l->total);
	fg_color_init(&cs);
	for (i = 0; i < l->nframes; i++) {
		const struct fg_frame *f = &l->frames[i];
		struct fg_rgb c = l->differential ? fg_diff_color(f->after - f->before, l->max_delta)
						  : fg_color(&cs, o, f->frame);

		write_frame(out, f, l->total, &g, o, c, l->differential, &scratch);
	}
	fprintf(out, "</svg>\n</svg>\n");
	strbuf_release(&scratch);
}

void fg_svg_write_error(FILE *out, const struct fg_opts *o, const char *message)
{
	struct strbuf sb = STRBUF_INIT, esc = STRBUF_INIT;

	text_sanitize(&sb, message);
	xml_escape(&esc, sb.buf);
	fprintf(out, "<?xml version=\"1.0\" standalone=\"no\"?>\n"
		     "<svg version=\"1.1\" width=\"%u\" height=\"60\" "
		     "xmlns=\"http://www.w3.org/2000/svg\">\n"
		     "<text x=\"50%%\" y=\"30\" text-anchor=\"middle\" font-family=\"monospace\" "
		     "font-size=\"%u\">ERROR: %s</text>\n</svg>\n",
		o->width, o->font_size, esc.buf);
	strbuf_release(&sb);
	strbuf_release(&esc);
}
