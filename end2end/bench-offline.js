// Prints how fast Civico opens on a repeat visit with the server stopped: the page
// comes from the service worker, the data from the device's replica. Figures, not tests.
const { chromium } = require('@playwright/test');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const port = Number(process.env.CIVICO_BENCH_OFFLINE_PORT ?? 3210);
const url = `http://127.0.0.1:${port}`;
const db = path.join(os.tmpdir(), `civico-bench-offline-${port}.db`);
const RUNS = 10;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

(async () => {
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  const server = spawn(path.join(root, 'target/release/civico'), ['serve'], {
    cwd: root,
    env: { ...process.env, CIVICO_DATABASE_URL: `sqlite://${db}`, CIVICO_ADDR: `127.0.0.1:${port}`, CIVICO_DEMO: 'true', LEPTOS_SITE_ROOT: 'target/site', RUST_LOG: 'warn' },
    stdio: 'ignore',
  });
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(`${url}/healthz`)).ok) break; } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ locale: 'it-IT' });
  await page.goto(`${url}/hubs/1`);
  await page.waitForSelector('html[data-hydrated]');
  await page.evaluate(() => navigator.serviceWorker.ready);
  await page.reload();
  await page.waitForFunction(() => !!navigator.serviceWorker.controller);
  await page.waitForFunction(() => document.querySelector('.sync-status .freshness')?.textContent?.startsWith('Aggiornato'));
  await new Promise((r) => { server.once('exit', r); server.kill('SIGTERM'); });

  const measure = async (path, ready) => {
    const times = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = Date.now();
      await page.goto(`${url}${path}`);
      await page.waitForFunction(ready);
      times.push(Date.now() - t0);
    }
    return median(times);
  };
  const visited = await measure('/hubs/1', () => document.documentElement.dataset.hydrated === 'true' && !!document.querySelector('h1'));
  const neverOpened = await measure('/hubs/7', () => document.querySelector('h1')?.textContent?.includes('Lorenteggio'));
  console.log(`\nRepeat visit with the server stopped (median of ${RUNS}, headless Chromium, this machine)`);
  console.log(`  page opened before (/hubs/1), navigation to interactive: ${visited} ms`);
  console.log(`  page never opened (/hubs/7), navigation to rendered from the replica: ${neverOpened} ms`);
  await browser.close();
  fs.rmSync(db, { force: true });
})().catch((e) => { console.error(e); process.exit(1); });
