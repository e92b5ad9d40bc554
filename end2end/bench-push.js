// Prints how fast sign-ups reach the server: the server alone applying batches of 100
// over HTTP on SQLite, then one phone (headless Chromium, the real sync engine) draining
// an outbox of 10,000 sign-ups saved while offline. Figures, not tests. Rate limits are
// off on this server: they would otherwise (rightly) stop one address at 60 a minute.
const { chromium } = require('@playwright/test');
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const port = Number(process.env.CIVICO_BENCH_PUSH_PORT ?? 3220);
const url = `http://127.0.0.1:${port}`;
const db = path.join(os.tmpdir(), `civico-bench-push-${port}.db`);
const N = Number(process.env.CIVICO_BENCH_PUSH_N ?? 10_000);
const BATCH = 100;
/** The demo's digital help point in Rome: Fridays at 10:00, 8 places. */
const ACTIVITY = 5;
/** Sign-ups are spread over this many coming Fridays (about two years of sessions). */
const SESSIONS = 100;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The id and day of the `k`-th Friday after next week (UTC date arithmetic, sessions at 10:00 in Rome). */
function session(k) {
  const start = new Date();
  start.setUTCHours(0, 0, 0, 0);
  const firstFriday = start.getTime() + (7 + ((5 - start.getUTCDay() + 7) % 7)) * 86_400_000;
  const d = new Date(firstFriday + k * 7 * 86_400_000);
  const p = (n) => String(n).padStart(2, '0');
  const day = `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}`;
  return { id: `${ACTIVITY}-${day.replaceAll('-', '')}T1000`, day };
}

/** A UUIDv7: now in milliseconds, then `tag` and `n` where the random bits go. */
function uuid7(tag, n) {
  const ms = Date.now().toString(16).padStart(12, '0');
  return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7${tag.toString(16).padStart(3, '0')}-8000-${n.toString(16).padStart(12, '0')}`;
}

function signUp(tag, n) {
  return { id: uuid7(tag, n), type: 'sign_up', session: session(n % SESSIONS).id, name: `Bench ${n}`, party: 1, consent: 1, token: n.toString(16).padStart(32, '0') };
}

async function startServer() {
  for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  const server = spawn(path.join(root, 'target/release/civico'), ['serve'], {
    cwd: root,
    env: {
      ...process.env, CIVICO_DATABASE_URL: `sqlite://${db}`, CIVICO_ADDR: `127.0.0.1:${port}`, CIVICO_DEMO: 'true',
      CIVICO_SIGN_UPS_PER_ADDRESS: '0', CIVICO_SIGN_UPS_PER_SESSION: '0', LEPTOS_SITE_ROOT: 'target/site', RUST_LOG: 'warn',
    },
    stdio: 'ignore',
  });
  for (let i = 0; i < 200; i++) {
    try { if ((await fetch(`${url}/healthz`)).ok) return server; } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the server did not start');
}

async function serverApplies() {
  const latencies = [];
  const t0 = performance.now();
  for (let b = 0; b < N / BATCH; b++) {
    const mutations = Array.from({ length: BATCH }, (_, i) => signUp(1, b * BATCH + i));
    const t = performance.now();
    const res = await fetch(`${url}/api/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mutations }) });
    if (res.status !== 200) throw new Error(`push answered ${res.status}: ${await res.text()}`);
    const { results } = await res.json();
    if (results.length !== BATCH) throw new Error('a batch was not answered whole');
    latencies.push(performance.now() - t);
  }
  const seconds = (performance.now() - t0) / 1000;
  console.log(`\nServer applies on SQLite, ${N} sign-ups in batches of ${BATCH} over HTTP on loopback (one client)`);
  console.log(`  ${Math.round(N / seconds)} sign-ups applied per second; a batch takes ${median(latencies).toFixed(1)} ms (median)`);
}

async function deviceDrain() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ locale: 'it-IT' });
  await page.goto(`${url}/`);
  await page.waitForSelector('html[data-hydrated]');
  await page.waitForFunction(() => document.querySelector('.sync-status .freshness')?.textContent === 'Aggiornato adesso');
  // Sign-ups as the form saves them: a record in `mine` and its entry in the outbox.
  const queued = Array.from({ length: N }, (_, n) => {
    const m = signUp(2, n);
    const { day } = session(n % SESSIONS);
    const mine = {
      id: m.id, session: m.session, end: `${day}T12:00`, activity_title: { it: 'Punto digitale' }, hub_name: { it: 'Polo civico' },
      name: m.name, party: 1, token: m.token, status: 'waiting',
    };
    return { id: m.id, entry: JSON.stringify(m), mine: JSON.stringify(mine) };
  });
  await page.evaluate(async (queued) => {
    const db = await new Promise((ok, ko) => {
      const r = indexedDB.open('civico');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    await new Promise((ok, ko) => {
      const tx = db.transaction(['outbox', 'mine'], 'readwrite');
      for (const q of queued) {
        tx.objectStore('outbox').put(q.entry, q.id);
        tx.objectStore('mine').put(q.mine, q.id);
      }
      tx.oncomplete = ok;
      tx.onabort = () => ko(tx.error);
    });
    db.close();
  }, queued);
  const outboxCount = () => page.evaluate(async () => {
    const db = await new Promise((ok, ko) => {
      const r = indexedDB.open('civico');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    const n = await new Promise((ok) => { const r = db.transaction('outbox').objectStore('outbox').count(); r.onsuccess = () => ok(r.result); });
    db.close();
    return n;
  });
  const t0 = performance.now();
  await page.getByRole('button', { name: 'Aggiorna ora' }).click();
  while ((await outboxCount()) > 0) await new Promise((r) => setTimeout(r, 200));
  const seconds = (performance.now() - t0) / 1000;
  await page.waitForFunction(() => !document.querySelector('.badge-waiting'));
  console.log(`\nOne phone drains its outbox (headless Chromium, the app's sync engine, loopback)`);
  console.log(`  ${N} queued sign-ups sent, answered and recorded on the device in ${seconds.toFixed(1)} s (${Math.round(N / seconds)} per second)`);
  await browser.close();
}

(async () => {
  const server = await startServer();
  try {
    await serverApplies();
    await deviceDrain();
  } finally {
    await new Promise((r) => { server.once('exit', r); server.kill('SIGTERM'); });
    for (const f of [db, `${db}-wal`, `${db}-shm`]) fs.rmSync(f, { force: true });
  }
})().catch((e) => { console.error(e); process.exit(1); });
