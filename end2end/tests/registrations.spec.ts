import { test, expect, openHydrated, expectAccessible, expectNoHorizontalScroll, controlled } from './fixtures/app';
import { OwnServer, ownPort } from './fixtures/server';

type Page = import('@playwright/test').Page;

/** The demo's digital help point in Rome: Fridays at 10:00, 8 places, sign-up required. */
const ACTIVITY = '/activities/5';

const status = (page: Page) => page.locator('.sign-up-section .my-registration .status');

async function synced(page: Page) {
  await expect(page.locator('.sync-status .freshness')).toHaveText('Aggiornato adesso');
}

/** Fills and sends the sign-up form for the first session offered. */
async function signUp(page: Page, name: string) {
  await page.getByRole('radio').first().check();
  await page.getByLabel('Nome o soprannome').fill(name);
  await page.getByLabel("Ho letto e sono d'accordo").check();
  await page.getByRole('button', { name: 'Iscrivimi' }).click();
  await expect(page.locator('.form-notice')).toContainText('Iscrizione salvata su questo dispositivo');
}

/** What the activity page says of the places at session `id` (`5-20261211T1000`). */
function placesAt(page: Page, id: string) {
  const m = /^\d+-(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})$/.exec(id)!;
  return page.locator(`.next-sessions li:has(time[datetime="${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}"]) .places`);
}

/** A UUIDv7 made here, `n` keeping a test's ids apart. */
function uuid7(n: number): string {
  const ms = Date.now().toString(16).padStart(12, '0');
  return `${ms.slice(0, 8)}-${ms.slice(8, 12)}-7000-8000-${(n + 1).toString(16).padStart(12, '0')}`;
}

/** This device's registration records in IndexedDB. */
async function mine(page: Page): Promise<any[]> {
  return page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((ok, ko) => {
      const r = indexedDB.open('civico');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    try {
      const all: string[] = await new Promise((ok, ko) => {
        const r = db.transaction('mine', 'readonly').objectStore('mine').getAll();
        r.onsuccess = () => ok(r.result);
        r.onerror = () => ko(r.error);
      });
      return all.map((t) => JSON.parse(t));
    } finally {
      db.close();
    }
  });
}

test('a sign-up made with the server down waits on the phone, then shows the server answer, held once', async ({ page }) => {
  test.setTimeout(120_000);
  const server = new OwnServer(ownPort(5, test.info().parallelIndex));
  await server.start();
  await openHydrated(page, `${server.url}${ACTIVITY}`);
  await synced(page);
  await expectAccessible(page);

  // An incomplete form says what is missing, next to each field, and saves nothing.
  await page.getByRole('button', { name: 'Iscrivimi' }).click();
  await expect(page.getByLabel('Nome o soprannome')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.locator('#signup-consent-error')).toContainText('manca');
  expect(await mine(page)).toEqual([]);

  const session = (await page.getByRole('radio').first().getAttribute('value'))!;
  await expect(placesAt(page, session)).toHaveText('8 posti liberi su 8');
  await server.stop();
  await signUp(page, 'Quirina');
  await expect(status(page)).toHaveText('In attesa di invio');
  await expect(page.locator('.badge-waiting')).toHaveText('1 da inviare');

  // The engine retries by itself once the server is back.
  await server.start({ keepData: true });
  await expect(status(page)).toHaveText('Confermata', { timeout: 60_000 });
  await expect(page.locator('.badge-waiting')).toHaveCount(0);
  // The engine pulls the feed again after its push: the place it took shows, untouched.
  await expect(placesAt(page, session)).toHaveText('7 posti liberi su 8');
  const [record] = await mine(page);
  expect(record.status).toBe('confirmed');
  expect(server.query(`SELECT COUNT(*) FROM registrations WHERE id = '${record.id}' AND status = 'confirmed' AND name = 'Quirina'`)).toBe('1');
  expect(server.query(`SELECT COUNT(*) FROM mutations WHERE id = '${record.id}'`)).toBe('1');

  // "My sign-ups" lists it from the device.
  await page.getByRole('link', { name: 'Le mie iscrizioni' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Le mie iscrizioni');
  await expect(page.locator('.my-registration .status')).toHaveText('Confermata');
  await expectAccessible(page);

  // After every page, nothing personal sits in Cache Storage.
  for (const path of ['/', '/agenda', '/services', '/hubs/1', ACTIVITY, '/registrations']) {
    await openHydrated(page, `${server.url}${path}`);
    await synced(page);
  }
  const cached = await page.evaluate(async () => {
    const saved: { url: string; body: string }[] = [];
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        saved.push({ url: request.url, body: await (await cache.match(request))!.text() });
      }
    }
    return saved;
  });
  expect(cached.length).toBeGreaterThan(5);
  expect(cached.some(({ url }) => url.endsWith(ACTIVITY)), 'the activity page itself was saved').toBe(true);
  for (const { url, body } of cached) {
    expect(new URL(url).pathname, 'no answer of the write half is kept').not.toMatch(/^\/api\/sync\//);
    expect(body, url).not.toContain('Quirina');
    expect(body, url).not.toContain(record.token);
  }
});

test('two phones offline for the last place: the server decides, and a cancellation promotes the other', async ({ browser }) => {
  test.setTimeout(120_000);
  const server = new OwnServer(ownPort(6, test.info().parallelIndex));
  await server.start();
  const [first, second] = [await browser.newContext(), await browser.newContext()];
  try {
    const [a, b] = [await first.newPage(), await second.newPage()];
    for (const page of [a, b]) {
      await openHydrated(page, `${server.url}${ACTIVITY}`);
      // Installed, as on a phone that visited once: stopping the server while the worker
      // still precaches would leave it with none, and pages could not open offline.
      await controlled(page);
      await synced(page);
    }
    const session = (await a.getByRole('radio').first().getAttribute('value'))!;
    await expect(placesAt(a, session)).toHaveText('8 posti liberi su 8');
    // Other residents take 7 of the 8 places; the phones learn it through the change feed.
    const others = Array.from({ length: 7 }, (_, i) => ({
      id: uuid7(i), type: 'sign_up', session, name: `Vicino ${i}`, party: 1, consent: 1, token: (i + 1).toString(16).padStart(32, '0'),
    }));
    const res = await fetch(`${server.url}/api/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mutations: others }) });
    expect(res.status).toBe(200);
    for (const page of [a, b]) {
      await page.getByRole('button', { name: 'Aggiorna ora' }).click();
      await expect(placesAt(page, session)).toHaveText('1 posto libero su 8');
      await expect(page.getByRole('radio').first().locator('xpath=..')).toContainText('1 posto libero su 8');
    }

    await server.stop();
    await signUp(a, 'Anna');
    await signUp(b, 'Bruno');
    for (const page of [a, b]) await expect(status(page)).toHaveText('In attesa di invio');
    await server.start({ keepData: true });

    // Each phone learns its own outcome; the server gave the last place once.
    for (const page of [a, b]) await expect(status(page)).not.toHaveText('In attesa di invio', { timeout: 60_000 });
    const outcomes = [await status(a).textContent(), await status(b).textContent()];
    expect([...outcomes].sort()).toEqual(['Confermata', "In lista d'attesa, posizione 1"]);
    expect(server.query(`SELECT COUNT(*) FROM registrations WHERE session = '${session}' AND status = 'confirmed'`)).toBe('8');
    const [placed, waiting] = outcomes[0] === 'Confermata' ? [a, b] : [b, a];
    for (const page of [a, b]) {
      await page.getByRole('button', { name: 'Aggiorna ora' }).click();
      await expect(placesAt(page, session)).toHaveText("Completo, 1 persona in lista d'attesa");
    }
    // The longest of these words still fits a 320 px phone.
    await a.setViewportSize({ width: 320, height: 640 });
    await expectNoHorizontalScroll(a);
    const names = (await a.content()) + (await b.content());
    expect(names, 'the public counts name nobody').not.toMatch(/Vicino \d/);

    // The one with the place gives it up; the other learns it at its next sync.
    await placed.getByRole('button', { name: "Annulla l'iscrizione" }).click();
    await expect(status(placed)).toHaveText('Annullata', { timeout: 30_000 });
    await waiting.getByRole('button', { name: 'Aggiorna ora' }).click();
    await expect(status(waiting)).toHaveText('Confermata');
    await expect(placesAt(waiting, session)).toHaveText("Completo: ci si iscrive in lista d'attesa");

    // Offline, the agenda built from the phone's replica says the same.
    await server.stop();
    const day = session.replace(/^\d+-(\d{4})(\d{2})(\d{2})T.*$/, '$1-$2-$3');
    await waiting.goto(`${server.url}/agenda?from=${day}`);
    await expect(waiting.locator('.badge-offline')).toHaveText('Offline');
    await expect(waiting.locator('.session:has(a[href="/activities/5"]) .places').first()).toHaveText("Completo: ci si iscrive in lista d'attesa");
  } finally {
    await first.close();
    await second.close();
  }
});

test('a sign-up the server answers with a conflict stays under "needs attention" until the person dismisses it', async ({ page }) => {
  test.setTimeout(90_000);
  const server = new OwnServer(ownPort(7, test.info().parallelIndex));
  await server.start();
  await openHydrated(page, `${server.url}${ACTIVITY}`);
  await synced(page);

  // The device's push is held while another change takes its id on the server.
  await page.route('**/api/sync/push', (route) => route.abort());
  await signUp(page, 'Quinto');
  const [record] = await mine(page);
  const session = await page.getByRole('radio').first().getAttribute('value');
  const taken = { id: record.id, type: 'sign_up', session, name: 'Altro', party: 1, consent: 1, token: 'f'.repeat(32) };
  const res = await fetch(`${server.url}/api/sync/push`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ mutations: [taken] }) });
  expect(res.status).toBe(200);
  await page.unroute('**/api/sync/push');
  await page.getByRole('button', { name: 'Aggiorna ora' }).click();

  await expect(status(page)).toHaveText('Non accettata');
  await expect(page.locator('.badge-waiting')).toHaveText('1 da controllare');
  expect(server.query(`SELECT name FROM registrations WHERE id = '${record.id}'`), 'the first payload stands').toBe('Altro');
  // Still there after the app is opened again, in plain words.
  await openHydrated(page, `${server.url}/registrations`);
  const item = page.locator('.needs-attention .my-registration');
  await expect(item.locator('.attention-text')).toContainText('non è stata applicata');
  await expectAccessible(page);
  await item.getByRole('button', { name: 'Ho capito' }).click();
  await expect(page.locator('.needs-attention')).toHaveCount(0);
  await expect(page.locator('.badge-waiting')).toHaveCount(0);
  await expect(page.locator('.my-registration .status')).toHaveText('Non accettata');
});
