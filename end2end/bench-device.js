// Prints how fast pages open and search updates on the device, from its replica, at 1x and
// with the CPU slowed 4x (a low-end phone), for a device that keeps one city of the server
// at CIVICO_BENCH_URL (CIVICO_BENCH_CITY, default Ferrara: the biggest at --scale 56).
// On a phone-sized screen. Times are taken inside the page: a page open from the click to
// the next frame after the new content is in the page; a search update as typeAndTime
// says. Figures, not tests.
const { chromium } = require('@playwright/test');

const url = process.env.CIVICO_BENCH_URL ?? 'http://127.0.0.1:3200';
const city = process.env.CIVICO_BENCH_CITY ?? 'Ferrara';
const RUNS = 7;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** In the page: follows a link inside the app and waits until `ready` holds, then a frame. */
function openInApp([href, ready]) {
  return new Promise((resolve) => {
    const done = () => requestAnimationFrame(() => resolve(performance.now() - t0));
    const check = () => {
      if (location.pathname + location.search === href && document.querySelector(ready)) {
        observer.disconnect();
        done();
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, { childList: true, subtree: true, characterData: true });
    const link = document.createElement('a');
    link.href = href;
    document.body.append(link);
    const t0 = performance.now();
    link.click();
    link.remove();
  });
}

/** In the page: types `words` into the search box and times the update the app makes once
 *  typing pauses, from the address changing: `app`, until the new results are in the page
 *  (the replica read, the search and the redraw of the page's elements); `drawn`, until the
 *  browser's main thread has drawn the frame that shows them (style, layout, paint; the
 *  compositor's part follows); `work`, `app` plus that drawing, leaving out the time between
 *  the two while the page waits for the frame's turn (up to one display refresh). */
function typeAndTime(words) {
  return new Promise((resolve) => {
    const count = document.querySelector('.result-count');
    const before = count.textContent;
    const replace = history.replaceState;
    let t0;
    history.replaceState = function (...args) {
      t0 = performance.now();
      history.replaceState = replace;
      return replace.apply(this, args);
    };
    const observer = new MutationObserver(() => {
      const now = document.querySelector('.result-count');
      if (t0 !== undefined && now && (now !== count || now.textContent !== before)) {
        observer.disconnect();
        const app = performance.now() - t0;
        requestAnimationFrame(() => {
          const frame = performance.now();
          // A message posted in the frame's callbacks is delivered once the frame is drawn.
          const channel = new MessageChannel();
          channel.port1.onmessage = () => {
            const drawn = performance.now();
            resolve({ app, drawn: drawn - t0, work: app + (drawn - frame) });
          };
          channel.port2.postMessage(null);
        });
      }
    });
    observer.observe(document.querySelector('main'), { childList: true, subtree: true, characterData: true });
    // A word whose results are those already shown changes nothing on screen (the page is
    // patched in place): nothing to time.
    setTimeout(() => { observer.disconnect(); history.replaceState = replace; resolve(null); }, 5000);
    const box = document.querySelector('input[type=search]');
    box.focus();
    box.value = words;
    box.dispatchEvent(new Event('input', { bubbles: true }));
  });
}

(async () => {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // A phone's screen, as Lighthouse's mobile runs emulate it.
  const page = await browser.newPage({ locale: 'it-IT', viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
  await page.goto(`${url}/?city=${encodeURIComponent(city)}`);
  await page.waitForSelector('html[data-hydrated]');
  // The device keeps the city once the sync that follows the choice has run.
  const meta = () => page.evaluate(async () => {
    const db = await new Promise((ok, ko) => { const r = indexedDB.open('civico'); r.onsuccess = () => ok(r.result); r.onerror = () => ko(r.error); });
    const value = await new Promise((ok) => { const r = db.transaction('meta').objectStore('meta').get('sync'); r.onsuccess = () => ok(r.result); });
    const hubs = await new Promise((ok) => { const r = db.transaction('hubs').objectStore('hubs').getAll(); r.onsuccess = () => ok(r.result.map((h) => JSON.parse(h))); });
    db.close();
    return { meta: value ? JSON.parse(value) : null, hubs };
  });
  // Only once the app made its database: opening it first would make an empty one.
  await page.waitForFunction(() => document.querySelector('.sync-status .freshness')?.textContent?.startsWith('Aggiornato'), null, { timeout: 60_000 });
  let kept;
  for (let i = 0; i < 600; i++) {
    kept = await meta();
    if (kept.meta?.covered?.Only?.[0] === city && kept.hubs.length > 0) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const hub = kept.hubs[0].id;
  const cdp = await page.context().newCDPSession(page);
  const enc = encodeURIComponent(city);
  const pages = [
    ['agenda', `/agenda?city=${enc}`, 'main .result-count'],
    ['hub', `/hubs/${hub}`, 'main table.hours'],
    ['services', `/services?city=${enc}`, 'main .result-count'],
  ];
  console.log(`\nOn the device, keeping ${city} (${kept.hubs.length} hubs), median of ${RUNS}, headless Chromium, this machine`);
  for (const rate of [1, 4]) {
    await cdp.send('Emulation.setCPUThrottlingRate', { rate });
    for (const [name, href, ready] of pages) {
      const times = [];
      for (let i = 0; i < RUNS; i++) {
        await page.evaluate(openInApp, ['/', 'main .home-body, main .place-chooser']);
        times.push(await page.evaluate(openInApp, [href, ready]));
      }
      console.log(`  ${rate}x CPU  page open from the replica, ${name} (${href}): ${median(times).toFixed(0)} ms`);
    }
    await page.evaluate(openInApp, [`/services?city=${enc}`, 'main .result-count']);
    const updates = [];
    for (const words of ['a', 'as', 'ass', 'assi', 'assis', 'cas', 'casa', 'lavoro', 'anziani', 'casa lavoro', 'x']) {
      const t = await page.evaluate(typeAndTime, words);
      if (t) updates.push(t);
    }
    if (updates.length === 0) throw new Error('no word changed the results: is the city kept?');
    const figure = (key) => `median ${median(updates.map((u) => u[key])).toFixed(0)}, worst ${Math.max(...updates.map((u) => u[key])).toFixed(0)} ms`;
    console.log(`  ${rate}x CPU  search update as the person types (${updates.length} words that changed the results):`);
    console.log(`             results in the page ${figure('app')}; with drawing them ${figure('work')}; until drawn ${figure('drawn')}`);
  }
  await browser.close();
})().catch((e) => { console.error(e); process.exit(1); });
