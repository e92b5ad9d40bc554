// Prints Lighthouse 12 mobile figures for the resident pages: each category's score, first
// and largest contentful paint, total blocking time, layout shift and the longest main-thread
// task. Lighthouse's default mobile settings (4x CPU slowdown, simulated slow 4G), a fresh
// Chromium profile each run (a first visit), median of RUNS runs by performance score.
// Then, in Chromium with the CPU really slowed 4x, the longest tasks while each page loads,
// hydrates and makes its first sync (a first visit), and a repeat visit.
// Figures, not tests. Expects a server at CIVICO_BENCH_URL.
const chromeLauncher = require('chrome-launcher');
const { chromium } = require('@playwright/test');

const url = process.env.CIVICO_BENCH_URL ?? 'http://127.0.0.1:3200';
const RUNS = Number(process.env.CIVICO_LIGHTHOUSE_RUNS ?? 3);
const PAGES = ['/', '/agenda', '/services', '/hubs/1', '/activities/1'];
const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

async function run(lighthouse, path) {
  const chrome = await chromeLauncher.launch({ chromePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', chromeFlags: FLAGS });
  try {
    const result = await lighthouse(`${url}${path}`, {
      port: chrome.port,
      output: 'json',
      logLevel: 'error',
      onlyCategories: ['performance', 'accessibility', 'best-practices', 'seo'],
      locale: 'en-US',
    });
    const lhr = result.lhr;
    if (lhr.runtimeError) throw new Error(`${path}: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const audit = (id) => lhr.audits[id]?.numericValue ?? NaN;
    const tasks = lhr.audits['long-tasks']?.details?.items ?? [];
    const score = (id) => Math.round((lhr.categories[id]?.score ?? NaN) * 100);
    return {
      performance: score('performance'),
      accessibility: score('accessibility'),
      bestPractices: score('best-practices'),
      seo: score('seo'),
      fcp: audit('first-contentful-paint'),
      lcp: audit('largest-contentful-paint'),
      tbt: audit('total-blocking-time'),
      cls: audit('cumulative-layout-shift'),
      longest: tasks.reduce((m, t) => Math.max(m, t.duration ?? 0), 0),
      failing: ['accessibility', 'best-practices', 'seo'].flatMap((c) =>
        (lhr.categories[c]?.auditRefs ?? [])
          .filter((r) => r.weight > 0 && lhr.audits[r.id]?.score !== null && lhr.audits[r.id]?.score < 1)
          .map((r) => r.id)),
    };
  } finally {
    await chrome.kill();
  }
}

/** Lighthouse now and then fails to record a trace (NO_NAVSTART, NO_FCP): such a run is
 *  tried again, up to three times. */
async function retried(f) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await f();
    } catch (e) {
      if (attempt >= 3) throw e;
      console.error(`  (trying again: ${e.message})`);
    }
  }
}

(async () => {
  const { default: lighthouse } = await import('lighthouse');
  console.log(`\nLighthouse 12 mobile (4x CPU, simulated slow 4G), first visit, median of ${RUNS} by performance`);
  console.log('  page            perf  a11y  best   seo     FCP     LCP      TBT     CLS  longest task');
  for (const path of PAGES) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await retried(() => run(lighthouse, path)));
    runs.sort((a, b) => a.performance - b.performance);
    const m = runs[Math.floor(runs.length / 2)];
    const s = (ms) => `${(ms / 1000).toFixed(1)} s`;
    console.log(`  ${path.padEnd(14)} ${String(m.performance).padStart(5)} ${String(m.accessibility).padStart(5)} ${String(m.bestPractices).padStart(5)} `
      + `${String(m.seo).padStart(5)} ${s(m.fcp).padStart(7)} ${s(m.lcp).padStart(7)} ${`${Math.round(m.tbt)} ms`.padStart(8)} `
      + `${m.cls.toFixed(3).padStart(7)} ${`${Math.round(m.longest)} ms`.padStart(13)}`
      + `  (runs: ${runs.map((r) => r.performance).join(', ')})${m.failing.length ? `  below 100: ${m.failing.join(', ')}` : ''}`);
  }
  await longTasks();
})().catch((e) => { console.error(e); process.exit(1); });

/** The longest main-thread tasks of a first and a repeat visit, until the first sync is over
 *  and the page has caught up with it. */
async function longTasks() {
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH ?? '/usr/bin/chromium', args: FLAGS });
  console.log('\nLongest main-thread tasks in Chromium, CPU slowed 4x: load, hydration and first sync (first visit / repeat visit)');
  for (const path of PAGES) {
    const context = await browser.newContext({ locale: 'it-IT' });
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.addInitScript(() => {
      window.__tasks = [];
      new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__tasks.push(e.duration); }).observe({ type: 'longtask', buffered: true });
    });
    const visit = async () => {
      await page.goto(`${url}${path}`);
      await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true'
        && /^(Aggiornato|Updated)/.test(document.querySelector('.sync-status .freshness')?.textContent ?? '')
        && (document.documentElement.dataset.replicaVersion ?? '0') === (document.documentElement.dataset.shownVersion ?? '0'),
      null, { timeout: 60_000, polling: 100 });
      // Tasks already running when the condition held are reported when they end.
      await page.evaluate(() => new Promise((r) => setTimeout(r, 500)));
      const tasks = await page.evaluate(() => window.__tasks.sort((a, b) => b - a));
      return `${tasks.length ? Math.round(tasks[0]) : 0} ms (${tasks.length} over 50 ms: ${tasks.slice(0, 5).map(Math.round).join(', ')})`;
    };
    const first = await visit();
    const repeat = await visit();
    console.log(`  ${path.padEnd(14)} first ${first}; repeat ${repeat}`);
    await context.close();
  }
  await browser.close();
}
