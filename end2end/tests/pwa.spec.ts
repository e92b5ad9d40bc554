import { chromium } from '@playwright/test';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test, expect, openHydrated, markWindow, expectSameDocument, controlled } from './fixtures/app';
import { OwnServer, nextDeployment, ownPort } from './fixtures/server';

/** Waits until the service worker has saved these pages (it stores a copy after
 *  answering, so the page can be on screen before its copy is). */
async function saved(page: import('@playwright/test').Page, urls: string[]) {
  await expect.poll(() => page.evaluate(async (urls) => {
    const found = await Promise.all(urls.map((u) => caches.match(u, { ignoreVary: true })));
    return found.every((r) => r !== undefined);
  }, urls)).toBe(true);
}

test('Chromium reports the app installable', async ({ baseURL }, info) => {
  // A real profile, as on a phone: Playwright's default contexts are incognito, which
  // can never install anything.
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'civico-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: info.project.use.launchOptions?.args ?? [],
  });
  try {
    const page = await context.newPage();
    await openHydrated(page, `${baseURL}/`);
    await page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await context.newCDPSession(page);
    const manifest = await cdp.send('Page.getAppManifest');
    expect(manifest.url).toMatch(/\/manifest\.webmanifest$/);
    expect(manifest.errors).toEqual([]);
    const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
    expect(installabilityErrors).toEqual([]);
  } finally {
    await context.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
});

test('pages opened before reopen with the server gone; unknown ones say the device is offline', async ({ page }) => {
  const server = new OwnServer(ownPort(0, test.info().parallelIndex));
  await server.start();
  await openHydrated(page, `${server.url}/hubs/1`);
  await controlled(page);
  await page.goto(`${server.url}/hubs/1`);
  await openHydrated(page, `${server.url}/services?q=caf`);
  await saved(page, [`${server.url}/hubs/1`, `${server.url}/services?q=caf`]);
  await server.stop();

  await openHydrated(page, `${server.url}/hubs/1`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Polo civico Municipio VII');
  await expect(page.locator('table.hours:not(.hours-usual) tbody tr')).toHaveCount(7);
  await openHydrated(page, `${server.url}/services?q=caf`);
  await expect(page.locator('.service-card')).toHaveCount(5);

  // Nothing on the device knows hub 999: the page says so in plain words.
  await page.goto(`${server.url}/hubs/999`);
  await expect(page.getByRole('heading', { name: 'Sei offline' })).toBeVisible();
});

test('a new deployment is offered as a reload, and old caches go', async ({ page }) => {
  const port = ownPort(1, test.info().parallelIndex);
  const first = new OwnServer(port);
  await first.start();
  await openHydrated(page, `${first.url}/`);
  await controlled(page);
  const before = await page.evaluate(() => caches.keys());
  expect(before.filter((k) => k.startsWith('civico-shell-'))).toHaveLength(1);
  await first.stop();

  const second = new OwnServer(port, nextDeployment());
  await second.start();
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration())!.update());
  const banner = page.locator('#update-banner');
  await expect(banner).toBeVisible();
  await expect(banner).toContainText('È pronta una nuova versione di Civico.');
  // The page reloads by itself once the new worker has taken over. The click already
  // waits for that navigation, so listen for its `load` before clicking, not after.
  await markWindow(page);
  const reloaded = page.waitForEvent('load');
  await page.getByRole('button', { name: 'Usa la nuova versione' }).click();
  await reloaded;
  expect(await page.evaluate(() => (window as any).__civicoMark), 'a new document').toBeUndefined();
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
  await expect.poll(async () => {
    const keys = await page.evaluate(() => caches.keys());
    return keys.some((k) => before.includes(k) && k.startsWith('civico-shell-'));
  }).toBe(false);
});

test('offline for real: pages never opened render from the replica, and search runs on the device', async ({ page }) => {
  const server = new OwnServer(ownPort(2, test.info().parallelIndex));
  await server.start();
  await openHydrated(page, `${server.url}/`);
  await controlled(page);
  await expect(page.locator('.sync-status .freshness')).toHaveText('Aggiornato adesso');
  await server.stop();

  await page.goto(`${server.url}/hubs/3`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Polo civico Municipio IX');
  await expect(page.locator('table.hours:not(.hours-usual) tbody tr')).toHaveCount(7);
  await expect(page.locator('.badge-offline')).toHaveText('Offline');

  await page.goto(`${server.url}/activities/8`);
  await expect(page.getByRole('heading', { name: 'Prossimi appuntamenti' })).toBeVisible();
  await expect(page.locator('.next-sessions li').first()).toBeVisible();

  await page.goto(`${server.url}/services/20`);
  await expect(page.getByRole('heading', { name: 'Come accedere' })).toBeVisible();

  await page.goto(`${server.url}/services?q=citta`);
  await expect(page.getByRole('link', { name: 'Ufficio del benvenuto per i nuovi cittadini' })).toBeVisible();
  const search = page.getByRole('searchbox', { name: 'Cerca un servizio' });
  await search.fill('anziani');
  await search.press('Enter');
  await expect(page.getByRole('link', { name: 'Assistenza domiciliare per anziani' }).first()).toBeVisible();

  // The home page reloads offline, and moving around inside the app works too.
  await openHydrated(page, `${server.url}/`);
  await page.getByRole('link', { name: 'Agenda', exact: true }).click();
  await page.getByLabel('Tipo').selectOption({ label: 'Aiuto digitale' });
  await page.getByRole('button', { name: 'Filtra' }).click();
  await expect(page.locator('.session').first()).toBeVisible();
  await expect.poll(async () => [...new Set(await page.locator('.session .cat').allTextContents())]).toEqual(['Aiuto digitale']);
});

test('after one visit to the home page, every page\'s wasm chunk comes from the device with the server gone', async ({ page, consoleErrors }) => {
  // Pages other than the home page are lazy wasm chunks. In Leptos 0.8 a chunk that fails
  // to load aborts the app, so the worker must precache every one of them.
  const server = new OwnServer(ownPort(4, test.info().parallelIndex));
  await server.start();
  // A lazy page downloads its chunks alongside the main wasm (once its content is painted).
  await openHydrated(page, `${server.url}/hubs/1`);
  const preloaded = await page.evaluate(() => [...document.querySelectorAll('link[rel="preload"], link[rel="modulepreload"]')].map((l) => (l as HTMLLinkElement).href));
  expect(preloaded.filter((h) => /split___hub_route_view_[^/]*\.wasm$/.test(h)).length).toBe(1);
  expect(preloaded.filter((h) => /__wasm_split\.[^/]*\.js$/.test(h)).length).toBeGreaterThan(0);
  await openHydrated(page, `${server.url}/`);
  await controlled(page);
  await expect(page.locator('.sync-status .freshness')).toHaveText('Aggiornato adesso');
  const pkg = path.resolve(__dirname, '..', '..', 'target', 'site', 'pkg');
  const built = fs.readdirSync(pkg).filter((f) => /\.(wasm|js)$/.test(f)).map((f) => `/pkg/${f}`);
  expect(built.filter((f) => f.includes('/split_')).length).toBeGreaterThan(4);
  const cached = await page.evaluate(async (files) => {
    const found = await Promise.all(files.map((f) => caches.match(f)));
    return files.filter((_, i) => found[i] !== undefined);
  }, built);
  expect(cached).toEqual(built);
  // Only the worker's cache may answer from now on, not the browser's HTTP cache.
  await (await page.context().newCDPSession(page)).send('Network.clearBrowserCache');
  await server.stop();

  // Inside the app: each click runs a lazy route (and its replica builder) for the first
  // time in this document, unless the app fetched its code once idle: from the worker
  // either way, the document having come from it too.
  await page.reload();
  await expect(page.locator('html[data-hydrated]')).toHaveCount(1);
  await markWindow(page);
  await page.getByRole('link', { name: 'Polo civico Municipio VII' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Polo civico Municipio VII');
  await page.getByRole('region', { name: 'Tutte le attività' }).getByRole('link', { name: 'Corso: avviare un\'attività artigiana' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Corso: avviare un'attività artigiana");
  await page.getByRole('link', { name: 'Agenda', exact: true }).click();
  await expect(page.locator('.session').first()).toBeVisible();
  await page.getByRole('link', { name: 'Servizi', exact: true }).click();
  const search = page.getByRole('searchbox', { name: 'Cerca un servizio' });
  await search.fill('anziani');
  await search.press('Enter');
  await page.getByRole('link', { name: 'Assistenza domiciliare per anziani' }).first().click();
  await expect(page.getByRole('heading', { name: 'Come accedere' })).toBeVisible();
  await expectSameDocument(page);
  // With the server gone, the reopened page's sync fails to reach it; nothing else may fail.
  const unexpected = consoleErrors.filter((e) => !e.startsWith('Failed to load resource: net::ERR_CONNECTION_REFUSED'));
  consoleErrors.splice(0, consoleErrors.length, ...unexpected);
  expect(unexpected).toEqual([]);
});

/** The pages' code the page itself has fetched (resource timing). */
async function pageCodeFetched(page: import('@playwright/test').Page) {
  return page.evaluate(() => performance.getEntriesByType('resource').map((e) => e.name)
    .filter((n) => /\/split___(agenda|hub|activity|services|service|mine)_route_view_[^/]*\.wasm$|\/split_services_[^/]*\.wasm$/.test(n))
    .map((n) => n.replace(/^.*\/split_+([a-z]+(_route_view)?).*$/, '$1')).sort());
}

test("on a repeat visit the other pages' code is fetched from the worker once the page is idle, not on the first tap", async ({ page, consoleErrors }) => {
  // A first visit leaves it to the worker, which is downloading every piece meanwhile.
  await openHydrated(page, '/');
  await expect(page.locator('.sync-status .freshness')).toHaveText('Aggiornato adesso');
  await page.evaluate(() => new Promise((done) => requestIdleCallback(() => requestIdleCallback(done, { timeout: 3000 }), { timeout: 3000 })));
  expect(await pageCodeFetched(page)).toEqual([]);
  await controlled(page);
  // The next visit, the worker holding every piece: the code comes once the first sync is over.
  await openHydrated(page, '/');
  await expect(page.locator('.sync-status .freshness')).toHaveText('Aggiornato adesso');
  await expect.poll(() => pageCodeFetched(page)).toEqual(
    ['activity_route_view', 'agenda_route_view', 'hub_route_view', 'mine_route_view', 'service_route_view', 'services', 'services_route_view']);
  expect(consoleErrors).toEqual([]);
});
