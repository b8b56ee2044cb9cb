// Real-browser test of a cprof interactive flame graph SVG (svg/flamegraph.js).
//
// usage: node flamegraph-test.mjs FILE.svg EXPECT.json
//
// EXPECT.json (every key optional; the checks it drives are skipped without it):
//   search        regexp to search for           "spin_(sixty|ten)"
//   matched_pct   expected "Matched: P%" value    70.0
//   tolerance     allowed |difference| in P       0.05
//   hover_frame   frame to hover (default zoom_frame, else the widest frame)
//   zoom_frame    name of the frame to click      "spin_ten"
//   zoom_expect   {name: width % after zoom}      {"spin_ten": 100}
//   zoom_hidden   names that must be hidden after the zoom
//   zoom_parents  names that must be faded ancestors after the zoom
//   ignorecase    {"search": "SPIN_TEN", "matched_pct": 10.0}: no match until
//                 the "ic" toggle is clicked, then matched_pct
// Frames are found by the name in their <title>; with several frames of one
// name, the widest is used. Environment: CHROMIUM (default /usr/bin/chromium).
//
// Prints one "ok - ..." / "FAIL - ..." line per check and a closing
// "N passed, N failed" line; exits 0 only when every check passed.

import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [svgArg, expectArg] = process.argv.slice(2);
if (!svgArg || !expectArg) {
  console.error('usage: node flamegraph-test.mjs FILE.svg EXPECT.json');
  process.exit(2);
}
const expect = JSON.parse(fs.readFileSync(expectArg, 'utf8'));
const tol = expect.tolerance ?? 0.05;
const fileUrl = pathToFileURL(path.resolve(svgArg)).href;

let passed = 0, failed = 0;
function check(ok, what, detail) {
  if (ok) passed++; else failed++;
  console.log(`${ok ? 'ok' : 'FAIL'} - ${what}${!ok && detail !== undefined ? ` (${detail})` : ''}`);
  return ok;
}

// The text-fitting rule shared with the C writer: whole name if it fits,
// else the leading code points that fit plus "..", else "" under 3 chars.
// Returns the set of acceptable labels (two when the width sits on a
// character boundary, where float rounding may go either way).
function fits(name, widthPx, cfg) {
  const raw = widthPx / (cfg.fontsize * cfg.fontwidth), near = Math.round(raw);
  const cps = Array.from(name);
  const out = new Set([label(cps, Math.floor(raw))]);
  if (Math.abs(raw - near) < 1e-6) { out.add(label(cps, near)); out.add(label(cps, near - 1)); }
  return out;
}
function label(cps, chars) {
  if (chars < 3) return '';
  if (cps.length <= chars) return cps.join('');
  return cps.slice(0, chars - 2).join('') + '..';
}

// Snapshot of every frame, read straight from the DOM.
function snapshot(page) {
  return page.evaluate(() => {
    const NS = 'http://cprof.dev/flamegraph';
    const frames = document.getElementById('frames');
    return Array.from(frames.querySelectorAll('rect')).filter(r => r.getAttributeNS(NS, 'w') !== null)
      .map((r, i) => {
        const el = r.parentNode;
        const title = el.querySelector('title'), text = el.querySelector('text');
        const info = title ? title.textContent : '';
        const cut = info.lastIndexOf(' (');
        r.setAttribute('data-test-id', String(i));
        return {
          id: i, info, name: cut >= 0 ? info.slice(0, cut) : info,
          fx: +r.getAttributeNS(NS, 'x'), fw: +r.getAttributeNS(NS, 'w'), y: +r.getAttribute('y'),
          x: r.getAttribute('x'), width: r.getAttribute('width'), fill: r.getAttribute('fill'),
          origFill: r.getAttributeNS(NS, 'orig_fill'),
          tx: text && text.getAttribute('x'), text: text && text.textContent,
          cls: el.getAttribute('class') || '',
          hidden: getComputedStyle(el).display === 'none',
        };
      });
  });
}
const rectOf = (page, f) => page.locator(`#frames rect[data-test-id="${f.id}"]`);
const byName = (frames, name) =>
  frames.filter(f => f.name === name).sort((a, b) => b.fw - a.fw)[0];
// Expected geometry of frame f after zooming into frame z, or null if hidden.
function wantAfterZoom(z, f, inverted) {
  const zEnd = z.fx + z.fw, fEnd = f.fx + f.fw;
  if (f.id === z.id) return { x: 0, w: 100 };
  if (f.y === z.y) return null;
  if (inverted ? f.y > z.y : f.y < z.y)  // deeper than z: a descendant if inside
    return f.fx >= z.fx && fEnd <= zEnd ? { x: (f.fx - z.fx) * 100 / z.fw, w: f.fw * 100 / z.fw } : null;
  return f.fx <= z.fx && fEnd >= zEnd ? { x: 0, w: 100, parent: true } : null;
}
// Frames that disagree with wantAfterZoom (position, class, visibility, label).
function zoomMismatches(s, z, cfg, width) {
  return s.filter(f => {
    const w = wantAfterZoom(z, f, !!cfg.inverted);
    if (!w) return !f.hidden;
    return f.hidden || Math.abs(pctOf(f.x) - w.x) > 0.001 || Math.abs(pctOf(f.width) - w.w) > 0.001 ||
      (/\bparent\b/.test(f.cls) !== !!w.parent) ||
      (f.text !== null && !fits(f.name, width * w.w / 100, cfg).has(f.text));
  });
}
const pctOf = s => parseFloat(String(s));
const uiText = (page, id) => page.evaluate(i => document.getElementById(i).textContent, id);

const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cprof-fg-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const errors = [], external = [];
let dialogs = 0;
try {
  const page = context.pages()[0] || await context.newPage();
  page.on('pageerror', e => errors.push(`pageerror: ${e.message}`));
  page.on('console', m => { if (m.type() === 'error') errors.push(`console: ${m.text()}`); });
  page.on('request', r => { if (!/^(file|data|about):/.test(r.url())) external.push(r.url()); });

  // ---- load ----
  await page.goto(fileUrl, { waitUntil: 'load' });
  const loaded = await page.evaluate(() => ({
    root: document.documentElement.localName,
    parseError: document.getElementsByTagName('parsererror').length > 0,
    hasInit: typeof init === 'function' && typeof zoom === 'function' && typeof search === 'function' &&
      typeof clearzoom === 'function' && typeof resetSearch === 'function',
    cfg: typeof fg_config === 'object' ? fg_config : null,
    width: parseFloat(document.getElementById('frames').getAttribute('width')),
    total: parseFloat(document.getElementById('frames').getAttribute('total_samples')),
  }));
  check(loaded.root === 'svg' && !loaded.parseError, 'SVG parses as XML in Chromium');
  check(loaded.hasInit, 'init, zoom, clearzoom, search, resetSearch are global functions');
  check(loaded.cfg !== null, 'fg_config is defined');
  const cfg = Object.assign({ fontsize: 12, fontwidth: 0.59, searchcolor: '#e600e6', nametype: 'Function:' }, loaded.cfg);
  const orig = await snapshot(page);
  check(orig.length > 0, `found ${orig.length} frames`);
  const rootEnd = Math.max(...orig.map(f => f.fx + f.fw));
  check(Math.abs(rootEnd - loaded.total) < 1e-9, 'total_samples equals the extent of the root level', `${loaded.total} vs ${rootEnd}`);
  const badLabels = orig.filter(f => f.text !== null && !fits(f.name, loaded.width * pctOf(f.width) / 100, cfg).has(f.text));
  check(badLabels.length === 0, "writer's labels follow the text-fitting rule",
    badLabels.slice(0, 3).map(f => `${JSON.stringify(f.name)} -> ${JSON.stringify(f.text)}`).join(', '));

  // The clickable texts must not overlap each other (nor does "ic" hide Search).
  const overlaps = () => page.evaluate(() => {
    const ids = ['search', 'ignorecase', 'unzoom', 'title', 'matched', 'details'];
    const boxes = ids.map(id => document.getElementById(id)).filter(Boolean)
      .filter(e => getComputedStyle(e).display !== 'none').map(e => [e.id, e.getBBox()]);
    const out = [];
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
      const [p, a] = boxes[i], [q, b] = boxes[j];
      if (a.width && b.width && a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height)
        out.push(`${p}/${q}`);
    }
    return out;
  });
  const ov = await overlaps();
  check(ov.length === 0, 'header and footer texts do not overlap', ov.join(' '));

  // ---- hover ----
  const hoverName = expect.hover_frame ?? expect.zoom_frame ?? [...orig].sort((a, b) => b.fw - a.fw)[0].name;
  const hf = byName(orig, hoverName);
  if (check(!!hf, `hover frame ${JSON.stringify(hoverName)} exists`)) {
    await rectOf(page, hf).hover();
    const d = await uiText(page, 'details');
    check(d === `${cfg.nametype} ${hf.info}`, 'hover shows the frame in #details', JSON.stringify(d));
    await page.mouse.move(2, 2);
    check((await uiText(page, 'details')).trim() === '', 'mouseout clears #details');
  }

  // ---- search ----
  if (expect.search !== undefined) {
    const term = expect.search;
    page.once('dialog', async dlg => { dialogs++; await (dlg.type() === 'prompt' ? dlg.accept(term) : dlg.dismiss()); });
    await page.click('#search');
    check(dialogs === 1, 'clicking Search opens a prompt');
    const m = await uiText(page, 'matched');
    const got = /^Matched: (\d+\.\d\d)%$/.exec(m);
    check(got && Math.abs(+got[1] - expect.matched_pct) <= tol,
      `search ${JSON.stringify(term)} shows Matched: ${expect.matched_pct}%`, JSON.stringify(m));
    check(await uiText(page, 'search') === 'Reset Search', 'Search button reads "Reset Search"');
    const ov2 = await overlaps();
    check(ov2.length === 0, 'texts do not overlap while searching', ov2.join(' '));
    const re = new RegExp(term);
    const s = await snapshot(page);
    const wrong = s.filter(f => re.test(f.name) ? f.fill !== cfg.searchcolor
      : f.fill !== orig[f.id].fill);
    check(s.some(f => re.test(f.name)) && wrong.length === 0,
      'matching frames (only) have the search colour', wrong.slice(0, 3).map(f => f.name).join(', '));
    check(s.filter(f => re.test(f.name)).every(f => f.origFill === orig[f.id].fill),
      'fg:orig_fill keeps the original fill of matched frames');
    const direct = await page.evaluate(t => search(t), term);
    check(Math.abs(direct - expect.matched_pct) <= tol && await uiText(page, 'matched') === m,
      'search(term) called directly gives the same result', String(direct));

    await page.click('#search');  // reads "Reset Search": resets, no prompt
    const r = await snapshot(page);
    check(dialogs === 1 && r.every(f => f.fill === orig[f.id].fill && f.origFill === null),
      'Reset Search restores the original fills');
    check((await uiText(page, 'matched')).trim() === '' && await uiText(page, 'search') === 'Search',
      'Reset Search clears #matched and restores the button');

    // Keyboard path: F3 prompts too.
    page.once('dialog', async dlg => { dialogs++; await dlg.accept(term); });
    await page.keyboard.press('F3');
    check(dialogs === 2 && (await uiText(page, 'matched')) === m, 'F3 prompts and searches');
    await page.evaluate(() => resetSearch());
  }
  if (expect.ignorecase) {
    const ic = expect.ignorecase;
    await page.evaluate(t => search(t), ic.search);
    const before = await uiText(page, 'matched');
    await page.click('#ignorecase');
    const after = await uiText(page, 'matched');
    const got = /^Matched: (\d+\.\d\d)%$/.exec(after);
    check(before !== after && got && Math.abs(+got[1] - ic.matched_pct) <= tol,
      `ic toggle re-runs ${JSON.stringify(ic.search)} case-insensitively`, `${before} -> ${after}`);
    await page.click('#ignorecase');
    await page.evaluate(() => resetSearch());
    const r = await snapshot(page);
    check(r.every(f => f.fill === orig[f.id].fill), 'fills restored after the ic search');
  }

  // ---- zoom ----
  const zf = expect.zoom_frame !== undefined ? byName(orig, expect.zoom_frame) : null;
  if (expect.zoom_frame !== undefined && check(!!zf, `zoom frame ${JSON.stringify(expect.zoom_frame)} exists`)) {
    const zEnd = zf.fx + zf.fw;
    const verifyZoom = async how => {
      const s = await snapshot(page);
      const z = s[zf.id];
      check(Math.abs(pctOf(z.width) - 100) < 0.01 && Math.abs(pctOf(z.x)) < 0.01 && !z.hidden,
        `${how}: zoomed frame spans the full width`, `x=${z.x} width=${z.width}`);
      const full = Array.from(zf.name).length * cfg.fontsize * cfg.fontwidth <= loaded.width;
      if (full) check(z.text === zf.name, `${how}: zoomed frame shows its full name`, JSON.stringify(z.text));
      const outside = s.filter(f => f.fx + f.fw <= zf.fx || f.fx >= zEnd);
      if (outside.length) check(outside.every(f => f.hidden), `${how}: frames outside the zoomed range are hidden`);
      const bad = zoomMismatches(s, zf, cfg, loaded.width);
      check(bad.length === 0, `${how}: every frame is hidden, scaled, or a faded ancestor, with re-fitted text`,
        bad.slice(0, 3).map(f => `${JSON.stringify(f.name)} x=${f.x} w=${f.width} cls=${f.cls} text=${JSON.stringify(f.text)}`).join('; '));
      for (const [name, w] of Object.entries(expect.zoom_expect ?? {})) {
        const f = byName(s, name);
        check(f && !f.hidden && Math.abs(pctOf(f.width) - w) <= tol, `${how}: ${JSON.stringify(name)} is ${w}% wide`, f && f.width);
      }
      for (const name of expect.zoom_hidden ?? [])
        check(s.filter(f => f.name === name).every(f => f.hidden), `${how}: ${JSON.stringify(name)} is hidden`);
      for (const name of expect.zoom_parents ?? []) {
        const f = byName(s, name);
        check(f && /\bparent\b/.test(f.cls) && !f.hidden, `${how}: ${JSON.stringify(name)} is a faded ancestor`);
      }
      check(await page.isVisible('#unzoom'), `${how}: Reset Zoom is visible`);
    };
    const verifyRestored = async how => {
      const s = await snapshot(page);
      const diff = s.filter(f => {
        const o = orig[f.id];
        return f.x !== o.x || f.width !== o.width || f.tx !== o.tx || f.text !== o.text || f.cls !== o.cls || f.hidden;
      });
      check(diff.length === 0, `${how}: every frame restored exactly`, diff.slice(0, 3).map(f => f.name).join(', '));
      check(!(await page.isVisible('#unzoom')), `${how}: Reset Zoom hidden again`);
    };

    await rectOf(page, zf).click();
    await verifyZoom('click');
    const search1 = await page.evaluate(() => location.search);
    check(search1.includes(`x=${zf.fx}`) && search1.includes(`y=${zf.y}`), 'zoom is recorded in the URL query', search1);
    await page.click('#unzoom');
    await verifyRestored('Reset Zoom');
    check(!(await page.evaluate(() => location.search)).includes('x='), 'Reset Zoom removes the zoom from the URL');

    await page.evaluate(id => zoom(document.querySelector(`rect[data-test-id="${id}"]`).parentNode), zf.id);
    await verifyZoom('zoom(g)');
    await page.keyboard.press('Escape');
    await verifyRestored('Escape');

    // A reload with ?x=&y= restores the zoom.
    await page.goto(`${fileUrl}?x=${zf.fx}&y=${zf.y}`, { waitUntil: 'load' });
    await snapshot(page);  // re-tag the rects
    await verifyZoom('URL ?x=&y=');
    await page.evaluate(() => clearzoom());
    await verifyRestored('clearzoom()');
  }

  // ---- zoom(g) into many frames (all, or the 40 widest) ----
  {
    const targets = [...orig].sort((a, b) => b.fw - a.fw).slice(0, 40);
    await snapshot(page);  // (re-)tag the rects
    const bad = [];
    for (const z of targets) {
      await page.evaluate(id => zoom(document.querySelector(`rect[data-test-id="${id}"]`).parentNode), z.id);
      const m = zoomMismatches(await snapshot(page), z, cfg, loaded.width);
      if (m.length) bad.push(`${JSON.stringify(z.name)}: ${m.slice(0, 2).map(f => `${JSON.stringify(f.name)} w=${f.width} text=${JSON.stringify(f.text)}`).join(', ')}`);
    }
    await page.evaluate(() => clearzoom());
    check(bad.length === 0, `zoom(g) into ${targets.length} frames: geometry, classes and labels right`, bad.slice(0, 2).join('; '));
  }

  check(errors.length === 0, 'no JavaScript errors', errors.join(' | '));
  check(external.length === 0, 'no external requests', external.join(' '));
} finally {
  await context.close();
  fs.rmSync(userDataDir, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
