// SPDX-License-Identifier: MIT
// Headless-browser checks of bdreport's HTML pages: Debian chromium driven by
// playwright-core. For every NAME=DIR argument, every DIR/*.html page is opened from
// file:// with all non-file requests refused, and checked: no console error, no page
// error, no dialog, no network request, no element injected from data, every link
// inside the site resolves (file and #fragment), a sortable table sorts when its header
// is clicked; screenshots at 390 and 1440 px go to $SHOTS (default build/browser).
// Prints TAP lines; exits 1 when a check failed.
'use strict';
const fs = require('fs');
const path = require('path');
const { pathToFileURL, fileURLToPath } = require('url');
const { chromium } = require('playwright-core');

const shots = process.env.SHOTS || 'build/browser';
// screenshots are slow in software rendering: these pages of every set but "inject"
const shotPages = (process.env.SHOT_PAGES || 'index pipeline data').split(' ');
let n = 0, failed = 0;
function tap(ok, name, detail) {
  n++;
  if (!ok) failed++;
  console.log(`${ok ? 'ok' : 'not ok'} ${n} - ${name}`);
  if (!ok && detail) console.log(`# ${String(detail).split('\n').join('\n# ')}`);
}

function idsOf(file) {
  const ids = new Set();
  const re = /\sid="([^"]*)"/g;
  const text = fs.readFileSync(file, 'utf8');
  let m;
  while ((m = re.exec(text)) !== null) ids.add(m[1]);
  return ids;
}

// One tab per worker, reused from page to page; its listeners fill w's arrays.
async function newTab(ctx) {
  const w = { errors: [], requests: [], dialogs: [] };
  w.page = await ctx.newPage();
  await w.page.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith('file:')) return route.continue();
    w.requests.push(u);
    return route.abort();
  });
  w.page.on('console', (m) => { if (m.type() === 'error') w.errors.push(m.text()); });
  w.page.on('pageerror', (e) => w.errors.push(String(e)));
  w.page.on('dialog', (d) => { w.dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  return w;
}

async function checkPage(w, name, file) {
  const base = `${name}/${path.basename(file)}`;
  const page = w.page;
  const errors = w.errors = [], requests = w.requests = [], dialogs = w.dialogs = [];
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load' });
  await page.waitForTimeout(50);

  tap(errors.length === 0, `${base}: no console or page error`, errors.join('\n'));
  tap(requests.length === 0, `${base}: no network request`, requests.join('\n'));
  tap(dialogs.length === 0, `${base}: no dialog`, dialogs.join('\n'));
  const inj = await page.evaluate(() => ({
    scripts: document.scripts.length,
    imgs: document.querySelectorAll('img').length,
    handlers: Array.from(document.querySelectorAll('*')).filter((e) =>
      Array.from(e.attributes).some((a) => a.name.startsWith('on'))).length,
    landmarks: ['header', 'nav', 'main', 'footer'].every((t) => document.querySelector(t)),
    h1: document.querySelectorAll('h1').length,
    headingJump: (() => {
      let last = 0, bad = '';
      document.querySelectorAll('h1,h2,h3,h4,h5,h6').forEach((h) => {
        const l = Number(h.tagName[1]);
        if (l > last + 1 && !bad) bad = `${h.tagName} "${h.textContent}" after h${last}`;
        last = l;
      });
      return bad;
    })(),
    svgUntitled: Array.from(document.querySelectorAll('svg')).filter((s) => !s.querySelector('title')).length,
    thNoScope: document.querySelectorAll('th:not([scope])').length,
  }));
  tap(inj.scripts === 1 && inj.imgs === 0 && inj.handlers === 0,
    `${base}: nothing injected (one script, no img, no on* attribute)`, JSON.stringify(inj));
  tap(inj.landmarks && inj.h1 === 1 && !inj.headingJump && inj.svgUntitled === 0 && inj.thNoScope === 0,
    `${base}: landmarks, one h1, headings in order, chart titles, header scopes`, JSON.stringify(inj));

  // links inside the site
  const links = await page.evaluate(() => Array.from(document.querySelectorAll('a[href]')).map((a) => a.href));
  const bad = [];
  for (const href of links) {
    if (!href.startsWith('file:')) { bad.push(`not relative: ${href}`); continue; }
    const u = new URL(href);
    const target = fileURLToPath(u);
    if (!fs.existsSync(target)) { bad.push(`missing: ${href}`); continue; }
    if (u.hash && u.hash.length > 1 && !idsOf(target).has(decodeURIComponent(u.hash.slice(1))))
      bad.push(`no such anchor: ${href}`);
  }
  tap(bad.length === 0, `${base}: ${links.length} links resolve`, bad.join('\n'));

  // sorting: the first sortable table with a numeric column and 3+ rows
  const sortable = await page.evaluate(() => {
    const tables = document.querySelectorAll('table.sortable');
    for (let t = 0; t < tables.length; t++) {
      const tb = tables[t];
      if (tb.tBodies[0].rows.length < 3) continue;
      const hs = tb.tHead.rows[0].cells;
      for (let c = 0; c < hs.length; c++)
        if (hs[c].classList.contains('num')) return { t, c };
    }
    return null;
  });
  if (sortable) {
    const read = () => page.evaluate(({ t, c }) => {
      const tb = document.querySelectorAll('table.sortable')[t];
      return Array.from(tb.tBodies[0].rows).map((r) => parseFloat(r.cells[c].getAttribute('data-v')));
    }, sortable);
    const btn = page.locator('table.sortable').nth(sortable.t).locator('thead th').nth(sortable.c).locator('button');
    await btn.click();
    const asc = await read();
    await btn.click();
    const desc = await read();
    const isAsc = asc.every((v, i) => i === 0 || asc[i - 1] <= v);
    const isDesc = desc.every((v, i) => i === 0 || desc[i - 1] >= v);
    tap(isAsc && isDesc && asc.length >= 3, `${base}: table sorts ascending then descending`, `${asc} / ${desc}`);
  }
  // filtering: the first table whose filter box JavaScript showed
  const filt = await page.evaluate(() => {
    const figs = Array.from(document.querySelectorAll('figure.table'));
    const i = figs.findIndex((f) => !f.querySelector('.table-tools').hidden);
    if (i < 0) return null;
    const rows = Array.from(figs[i].querySelector('tbody').rows);
    // a cell text of the last row that not every row contains
    const cells = Array.from(rows[rows.length - 1].cells).map((c) => c.textContent.trim().toLowerCase());
    const q = cells.find((t) => t && rows.some((r) => !r.textContent.toLowerCase().includes(t)));
    return q ? { i, total: rows.length, q } : null;
  });
  if (filt) {
    await page.locator('figure.table').nth(filt.i).locator('input.filter').fill(filt.q);
    const seen = await page.evaluate(({ i, q }) => {
      const rows = Array.from(document.querySelectorAll('figure.table')[i].querySelector('tbody').rows);
      const shown = rows.filter((r) => !r.hidden);
      return { shown: shown.length, allMatch: shown.every((r) => r.textContent.toLowerCase().includes(q.toLowerCase())) };
    }, filt);
    tap(seen.shown >= 1 && seen.shown < filt.total && seen.allMatch,
      `${base}: filter box keeps only matching rows`, JSON.stringify({ ...filt, ...seen }));
    await page.locator('figure.table').nth(filt.i).locator('input.filter').fill('');
  }
  const shoot = name !== 'inject' && shotPages.includes(path.basename(file, '.html'));
  const stem = `${name}-${path.basename(file, '.html')}`;
  fs.mkdirSync(shots, { recursive: true });
  if (shoot) await page.screenshot({ path: path.join(shots, `${stem}-1440.png`), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.waitForTimeout(30);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  tap(overflow <= 1, `${base}: no horizontal page scroll at 390 px`, `overflow ${overflow}px`);
  if (shoot) await page.screenshot({ path: path.join(shots, `${stem}-390.png`), fullPage: true });
}

(async () => {
  const dataDir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'bdreport-chromium-'));
  let browser;
  try {
    // a fresh --user-data-dir: playwright passes dataDir as that flag
    browser = await chromium.launchPersistentContext(dataDir, {
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    for (const arg of process.argv.slice(2)) {
      const [name, dir] = arg.split('=');
      const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.html')).sort();
      tap(pages.length === 8, `${name}: 8 pages`, pages.join(' '));
      // four pages at a time; TAP numbering stays in order because tap() runs as checks finish
      const queue = pages.slice();
      const worker = async () => {
        const w = await newTab(browser);
        while (queue.length) {
          const f = queue.shift();
          await checkPage(w, name, path.join(dir, f));
        }
        await w.page.close();
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
    }
  } catch (e) {
    tap(false, 'browser run', e.stack || e);
  } finally {
    if (browser) await browser.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
  console.log(`1..${n}`);
  process.exit(failed ? 1 : 0);
})();
