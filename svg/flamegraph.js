/* cprof flame graph interactivity: hover details, click to zoom, regexp search.
 * Embedded in a CDATA section after "var fg_config = {...};" (so it must never
 * contain the CDATA terminator). Globals meant for callers: init(evt),
 * zoom(el), clearzoom(), search(term), resetSearch(). Everything else is fg_*. */

var fg_ns = "http://cprof.dev/flamegraph";
var fg_frames = [];   // one record per frame, see fg_collect()
var fg_total = 0;     // samples spanned by the root level (total_samples)
var fg_width = 0;     // width of the #frames viewport in px (user units)
var fg_zoomed = null; // record of the frame zoomed into, or null
var fg_term = null;   // current search term, or null when not searching
var fg_ic = false;    // ignore case in searches
var fg_ui = {};       // #details, #unzoom, #search, #ignorecase, #matched, #frames

/* ---------- helpers ---------- */

function fg_cfg(key, dflt) {
	var c = typeof fg_config === "object" && fg_config ? fg_config : {};
	return c[key] !== undefined ? c[key] : dflt;
}

// fg:NAME attribute; falls back to the qualified name if the namespace is off.
function fg_attr(el, name) {
	var v = el.getAttributeNS(fg_ns, name);
	return v !== null && v !== "" ? v : el.getAttribute("fg:" + name);
}

function fg_child(el, tag) {
	for (var c = el.firstElementChild; c; c = c.nextElementSibling)
		if (c.localName === tag) return c;
	return null;
}

function fg_set_text(id, s) {
	if (fg_ui[id]) fg_ui[id].textContent = s;
}

// The frame record of an element or of any element inside a frame, or null.
function fg_rec_of(node) {
	for (; node && node !== fg_ui.frames; node = node.parentNode)
		if (node.fg_rec) return node.fg_rec;
	return null;
}

// Update the query string (?x=&y= for zoom, ?s= for search) without reloading.
// history.replaceState may throw for file:// URLs in some browsers: ignore.
function fg_set_params(changes) {
	try {
		var u = new URL(window.location.href);
		for (var k in changes) {
			if (changes[k] === null) u.searchParams.delete(k);
			else u.searchParams.set(k, changes[k]);
		}
		if (u.href !== window.location.href) history.replaceState(history.state, "", u.href);
	} catch (e) { /* not fatal */ }
}

// Keep the "ic" toggle clear of the Search button: if their boxes overlap
// (e.g. both right-aligned near the right edge), move "ic" just left of it.
// Called again whenever the button's text changes ("Search"/"Reset Search").
function fg_layout_buttons() {
	var s = fg_ui.search, ic = fg_ui.ignorecase;
	if (!s || !ic || !ic.getBBox) return;
	if (ic.fg_x0 === undefined) ic.fg_x0 = ic.getAttribute("x");
	ic.setAttribute("x", ic.fg_x0);
	var a = s.getBBox(), b = ic.getBBox();
	if (b.x < a.x + a.width && a.x < b.x + b.width && b.y < a.y + a.height && a.y < b.y + b.height)
		ic.setAttribute("x", parseFloat(ic.fg_x0) + (a.x - 8) - (b.x + b.width));
}

/* ---------- init ---------- */

function init(evt) {
	["details", "unzoom", "search", "ignorecase", "matched", "frames"].forEach(function (id) {
		fg_ui[id] = document.getElementById(id);
	});
	var frames = fg_ui.frames;
	if (!frames) return;
	var wa = frames.getAttribute("width");
	fg_width = wa && wa.indexOf("%") < 0 ? parseFloat(wa) : frames.width.baseVal.value;
	fg_collect(frames);
	fg_layout_buttons();

	// Frame events are delegated to #frames.
	frames.addEventListener("mouseover", function (e) {
		var f = fg_rec_of(e.target);
		if (f) fg_set_text("details", fg_cfg("nametype", "Function:") + " " + f.info);
	});
	frames.addEventListener("mouseout", function (e) {
		if (fg_rec_of(e.target)) fg_set_text("details", " ");
	});
	frames.addEventListener("click", function (e) {
		var f = fg_rec_of(e.target);
		if (!f) return;
		if (e.ctrlKey && f.el.localName === "a") return; // ctrl-click follows a link
		e.preventDefault();
		zoom(f.el);
	});
	if (fg_ui.unzoom) fg_ui.unzoom.addEventListener("click", clearzoom);
	if (fg_ui.search) fg_ui.search.addEventListener("click", fg_search_prompt);
	if (fg_ui.ignorecase) fg_ui.ignorecase.addEventListener("click", fg_toggle_ignorecase);
	window.addEventListener("keydown", function (e) {
		var ctrl = e.ctrlKey || e.metaKey, k = e.key;
		if (k === "F3" || (ctrl && (k === "f" || k === "F"))) {
			e.preventDefault();
			fg_search_prompt(true);
		} else if (ctrl && (k === "i" || k === "I")) {
			e.preventDefault();
			fg_toggle_ignorecase();
		} else if (k === "Escape") {
			clearzoom();
		}
	});

	// Restore search and zoom from the URL (?s=TERM&x=FG_X&y=RECT_Y).
	var q = null;
	try { q = new URLSearchParams(window.location.search); } catch (e) { /* old browser */ }
	if (q) {
		if (q.get("s")) search(q.get("s"));
		var x = q.get("x"), y = q.get("y");
		if (x !== null && y !== null) {
			for (var i = 0; i < fg_frames.length; i++) {
				var f = fg_frames[i];
				if (f.x === +x && f.y === +y) { zoom(f.el); break; }
			}
		}
	}
}

// Build fg_frames from every <rect fg:w> under #frames. The frame element is
// the rect's parent (<g>, or <a> for linked frames); its <title> holds
// "NAME (N samples, P%)" and the original geometry is kept for clearzoom().
function fg_collect(frames) {
	var rects = frames.getElementsByTagName("rect"), end = 0;
	for (var i = 0; i < rects.length; i++) {
		var r = rects[i], w = fg_attr(r, "w");
		if (w === null) continue;
		var el = r.parentNode, t = fg_child(el, "title"), tx = fg_child(el, "text");
		var info = t ? t.textContent : "";
		var cut = info.lastIndexOf(" ("); // the name itself may contain " ("
		var f = {
			el: el, rect: r, text: tx, info: info,
			name: cut >= 0 ? info.substring(0, cut) : info,
			x: +fg_attr(r, "x"), w: +w, y: parseFloat(r.getAttribute("y")),
			ox: r.getAttribute("x"), ow: r.getAttribute("width"),
			otx: tx ? tx.getAttribute("x") : null, otext: tx ? tx.textContent : null
		};
		// label offset from the rect's left edge, in % of the #frames width
		f.pad = tx ? parseFloat(f.otx) - parseFloat(f.ox) : 0;
		el.fg_rec = f;
		fg_frames.push(f);
		end = Math.max(end, f.x + f.w);
	}
	fg_total = parseFloat(frames.getAttribute("total_samples"));
	if (!(fg_total > 0)) fg_total = end;
}

/* ---------- text fitting ---------- */

// Label for a frame wPct % wide: whole name if it fits, else the leading
// characters that fit followed by "..", else "" when fewer than 3 fit.
// Characters are Unicode code points; width is fontsize * fontwidth each.
function fg_fit(name, wPct) {
	var cw = fg_cfg("fontsize", 12) * fg_cfg("fontwidth", 0.59);
	var chars = Math.floor(fg_width * wPct / 100 / cw);
	if (chars < 3) return "";
	var cps = Array.from(name);
	if (cps.length <= chars) return name;
	return cps.slice(0, chars - 2).join("") + "..";
}

function fg_place(f, xPct, wPct) {
	f.rect.setAttribute("x", xPct.toFixed(4) + "%");
	f.rect.setAttribute("width", wPct.toFixed(4) + "%");
	if (f.text) {
		f.text.setAttribute("x", (xPct + f.pad).toFixed(4) + "%");
		f.text.textContent = fg_fit(f.name, wPct);
	}
}

/* ---------- zoom ---------- */

// Zoom into a frame (its <g>, or any element inside it): the frame spans the
// full width, its descendants are scaled, its ancestors are kept full width
// but faded ("parent"), and everything else is hidden.
function zoom(el) {
	var z = fg_rec_of(el);
	if (!z) return;
	var inv = !!fg_cfg("inverted", false), zend = z.x + z.w;
	fg_frames.forEach(function (f) {
		var cl = f.el.classList, fend = f.x + f.w;
		var deeper = inv ? f.y > z.y : f.y < z.y; // further from the root than z
		cl.remove("hide", "parent");
		if (f === z) {
			fg_place(f, 0, 100);
		} else if (f.y === z.y) {
			cl.add("hide");
		} else if (deeper) {
			if (f.x >= z.x && fend <= zend) fg_place(f, (f.x - z.x) * 100 / z.w, f.w * 100 / z.w);
			else cl.add("hide");
		} else if (f.x <= z.x && fend >= zend) {
			cl.add("parent");
			fg_place(f, 0, 100);
		} else {
			cl.add("hide");
		}
	});
	fg_zoomed = z;
	if (fg_ui.unzoom) fg_ui.unzoom.classList.remove("hide");
	fg_set_params({ x: String(z.x), y: z.rect.getAttribute("y") });
}

// Undo any zoom, restoring the geometry and labels written in the file.
function clearzoom() {
	fg_frames.forEach(function (f) {
		f.el.classList.remove("hide", "parent");
		f.rect.setAttribute("x", f.ox);
		f.rect.setAttribute("width", f.ow);
		if (f.text) {
			f.text.setAttribute("x", f.otx);
			f.text.textContent = f.otext;
		}
	});
	fg_zoomed = null;
	if (fg_ui.unzoom) fg_ui.unzoom.classList.add("hide");
	fg_set_params({ x: null, y: null });
}

/* ---------- search ---------- */

function fg_search_prompt(fromKey) {
	// the button resets an active search; Ctrl-F / F3 always ask
	if (fg_term !== null && fromKey !== true) {
		resetSearch();
		return;
	}
	var term = window.prompt("Enter a search term (regexp allowed, e.g. ^ext4_)" +
		(fg_ic ? ", ignoring case" : ""), fg_term || "");
	if (term !== null) search(term);
}

function fg_toggle_ignorecase() {
	fg_ic = !fg_ic;
	if (fg_ui.ignorecase) fg_ui.ignorecase.classList.toggle("show", fg_ic);
	if (fg_term !== null) search(fg_term);
}

function fg_unhighlight() {
	fg_frames.forEach(function (f) {
		var r = f.rect;
		if (!r.hasAttributeNS(fg_ns, "orig_fill")) return;
		var orig = r.getAttributeNS(fg_ns, "orig_fill");
		if (orig === "") r.removeAttribute("fill");
		else r.setAttribute("fill", orig);
		r.removeAttributeNS(fg_ns, "orig_fill");
	});
}

// Highlight frames whose full name matches the regexp TERM and show the share
// of total samples they cover. Returns that share (a number), or null.
function search(term) {
	if (term === undefined || term === null || term === "") {
		resetSearch();
		return null;
	}
	var re;
	try {
		re = new RegExp(term, fg_ic ? "i" : "");
	} catch (e) {
		fg_set_text("matched", "Invalid regexp");
		return null;
	}
	fg_unhighlight();
	var color = fg_cfg("searchcolor", "#e600e6"), hits = [];
	fg_frames.forEach(function (f) {
		if (!re.test(f.name)) return;
		f.rect.setAttributeNS(fg_ns, "fg:orig_fill", f.rect.getAttribute("fill") || "");
		f.rect.setAttribute("fill", color);
		hits.push([f.x, f.x + f.w]);
	});
	// Union of the matched [x, x+w) intervals, so nested matches count once.
	hits.sort(function (a, b) { return a[0] - b[0]; });
	var covered = 0, end = -Infinity;
	hits.forEach(function (h) {
		if (h[1] > end) {
			covered += h[1] - Math.max(h[0], end);
			end = h[1];
		}
	});
	var pct = fg_total > 0 ? 100 * covered / fg_total : 0;
	fg_term = term;
	fg_set_text("matched", "Matched: " + pct.toFixed(2) + "%");
	fg_set_text("search", "Reset Search");
	if (fg_ui.matched) fg_ui.matched.classList.add("show");
	if (fg_ui.search) fg_ui.search.classList.add("show");
	fg_layout_buttons();
	fg_set_params({ s: term });
	return pct;
}

function resetSearch() {
	fg_unhighlight();
	fg_term = null;
	fg_set_text("matched", " ");
	fg_set_text("search", "Search");
	if (fg_ui.matched) fg_ui.matched.classList.remove("show");
	if (fg_ui.search) fg_ui.search.classList.remove("show");
	fg_layout_buttons();
	fg_set_params({ s: null });
}
