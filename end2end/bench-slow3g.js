// Prints how a first visit feels on a slow phone link: Chromium with the network
// emulated as Slow 3G (400 kbit/s each way, 400 ms latency) through CDP, cold cache,
// fresh profile each run. Figures, not tests. Expects a server at CIVICO_BENCH_URL.
const { chromium } = require('@playwright/test');

const url = process.env.CIVICO_BENCH_URL ?? 'http://127.0.0.1:3200';
const RUNS = 5;
const SLOW_3G = { offline: false, latency: 400, downloadThroughput: 400_000 / 8, uploadThroughput: 400_000 / 8 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function firstVisit(browser, path) {
  const context = await browser.newContext({ locale: 'it-IT' });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW_3G);
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  const errors = [];
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${url}${path}`, { waitUntil: 'commit' });
  await page.waitForFunction(() => document.documentElement.dataset.hydrated === 'true', null, { timeout: 120_000, polling: 50 });
  const timing = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    hydrated: performance.now(),
  }));
  const bytesAtHydrated = bytes;
  await context.close();
  if (errors.length) throw new Error(`${path}: console errors: ${errors.join(' | ')}`);
  return { ...timing, bytes: bytesAtHydrated };
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  console.log(`\nFirst visit on emulated Slow 3G (400 kbit/s, 400 ms; median of ${RUNS}, cold cache)`);
  for (const path of ['/', '/hubs/1', '/services']) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await firstVisit(browser, path));
    const fcp = median(runs.map((r) => r.fcp));
    const hydrated = median(runs.map((r) => r.hydrated));
    const kib = median(runs.map((r) => r.bytes)) / 1024;
    console.log(`  ${path.padEnd(10)} first contentful paint ${(fcp / 1000).toFixed(2)} s, hydrated ${(hydrated / 1000).toFixed(2)} s, ${kib.toFixed(1)} KiB on the wire by then`);
  }
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
