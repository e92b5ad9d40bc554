import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test, expect, openHydrated, controlled } from './fixtures/app';
import { OwnServer, ownPort } from './fixtures/server';
import { replicaAll, replicaCounts, syncMeta } from './fixtures/replica';

const civico = path.resolve(__dirname, '..', '..', 'target', 'release', 'civico');

/** The cities of the hubs the device holds, sorted. */
async function heldHubCities(page: import('@playwright/test').Page) {
  return (await replicaAll(page, 'hubs')).map((h) => h.city).sort();
}

async function resultCount(page: import('@playwright/test').Page) {
  return Number((await page.locator('.result-count').textContent())!.match(/^(\d+) risultat[oi]$/)![1]);
}

test('a device keeps the cities its person chose: theirs open offline, the others come from the server', async ({ page }) => {
  // Failed requests with the server gone are expected; a panic is not.
  const panics: string[] = [];
  page.on('pageerror', (e) => panics.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error' && !m.text().startsWith('Failed to load resource')) panics.push(m.text()); });
  const server = new OwnServer(ownPort(9, test.info().parallelIndex));
  await server.start();
  await openHydrated(page, `${server.url}/`);
  await controlled(page);
  const freshness = page.locator('.sync-status .freshness');
  await expect(freshness).toHaveText('Aggiornato adesso');
  expect((await heldHubCities(page)).length, 'before any choice the device keeps every city').toBe(15);

  // Choosing a city keeps that one: the others leave the device.
  await page.getByLabel('Città').selectOption('Torino');
  await page.getByRole('button', { name: 'Mostra' }).click();
  await expect(page).toHaveURL(/\/\?city=Torino$/);
  await expect.poll(() => heldHubCities(page)).toEqual(['Torino', 'Torino']);
  await expect.poll(async () => (await syncMeta(page)).covered).toEqual({ Only: ['Torino'] });
  expect((await replicaAll(page, 'services')).every((s) => s.city === 'Torino')).toBe(true);
  expect((await replicaAll(page, 'taxonomy')).length, 'the shared categories stay').toBeGreaterThan(20);
  // The place chooser still offers every city.
  await expect(page.getByLabel('Città').locator('option')).toHaveText(['Tutte le città', 'Bergamo', 'Milano', 'Monza', 'Roma', 'Torino']);

  // A second city is added: its content comes down, the first stays.
  await page.getByLabel('Città').selectOption('Milano');
  await page.getByRole('button', { name: 'Mostra' }).click();
  await expect(page).toHaveURL(/\/\?city=Milano$/);
  await expect(page.getByRole('region', { name: 'Luoghi' }).getByRole('listitem').first()).toBeVisible();
  await expect.poll(async () => (await syncMeta(page)).covered).toEqual({ Only: ['Torino', 'Milano'] });
  const held = await heldHubCities(page);
  expect(new Set(held)).toEqual(new Set(['Milano', 'Torino']));

  // The next sync does not download the list of every city again: the device holds it.
  const feeds: { url: string, body: { directory?: unknown, more?: boolean } | null }[] = [];
  page.on('response', async (r) => {
    if (r.url().includes('/api/changes')) feeds.push({ url: r.url(), body: await r.json().catch(() => null) });
  });
  await page.reload();
  // The feed's last page is the one that would carry the list.
  await expect.poll(() => feeds.some((f) => f.body?.more === false)).toBe(true);
  expect(feeds.every((f) => f.url.includes('by_city=true') && f.url.includes('directory_tag='))).toBe(true);
  expect(feeds.find((f) => f.body?.more === false)!.body!.directory).toBeUndefined();
  expect((await syncMeta(page)).directory.places.map((p: { city: string }) => p.city)).toEqual(['Bergamo', 'Milano', 'Monza', 'Roma', 'Torino']);

  // Online, a page of every city is the server's: it lists what the device does not keep.
  await page.getByRole('link', { name: 'Servizi', exact: true }).click();
  await expect(page).toHaveURL(/\/services$/);
  const everywhere = await resultCount(page);
  await expect(page.getByRole('note')).toHaveCount(0);
  const kept = (await replicaAll(page, 'services')).length;
  expect(kept).toBeGreaterThan(0);
  expect(everywhere, 'the server has more cities than the device').toBeGreaterThan(kept);

  // With the server gone: the kept cities open from the device...
  await server.stop();
  await page.goto(`${server.url}/agenda?city=Torino`);
  await expect(page.locator('.badge-offline')).toHaveText('Offline');
  await expect(page.locator('.session').first()).toBeVisible();
  // ...every city's guide, never opened before, shows what the device keeps, and says so
  // (one opened online comes back as it was saved: the server's answer)...
  await page.goto(`${server.url}/services?page=2`);
  await expect.poll(() => resultCount(page)).toBe(kept);
  await expect(page.getByRole('note')).toHaveText('Senza rete vedi solo le città salvate su questo dispositivo: Torino, Milano.');
  // ...and a hub of a city it does not keep says so plainly.
  await page.goto(`${server.url}/hubs/1`);
  await expect(page.getByRole('heading', { name: 'Sei offline' })).toBeVisible();
  expect(panics).toEqual([]);
});

test('a new device of a big deployment downloads no city until its person chooses one, then that one', async ({ page, consoleErrors }) => {
  // The demo and six copies of it in more cities: more than a device keeps whole.
  const server = new OwnServer(ownPort(9, test.info().parallelIndex));
  for (const f of [server.db, `${server.db}-wal`, `${server.db}-shm`]) fs.rmSync(f, { force: true });
  execFileSync(civico, ['seed-demo', '--scale', '6', '--database-url', `sqlite://${server.db}`], { env: { ...process.env, RUST_LOG: 'warn' } });
  await server.start({ keepData: true });
  let feedBytes = 0;
  page.on('requestfinished', async (r) => {
    if (new URL(r.url()).pathname === '/api/changes') feedBytes += (await r.sizes()).responseBodySize;
  });

  await openHydrated(page, `${server.url}/`);
  await expect(page.locator('.sync-status .freshness')).toHaveText('Aggiornato adesso');
  expect((await syncMeta(page)).covered).toEqual({ Only: [] });
  const before = await replicaCounts(page);
  expect(before.hubs + before.activities + before.services, 'no city yet').toBe(0);
  expect(before.taxonomy, 'the shared categories').toBeGreaterThan(20);
  // Online, pages come from the server as ever.
  await expect(page.getByRole('region', { name: 'Luoghi' }).getByRole('listitem')).toHaveCount(30);

  await page.getByLabel('Città').selectOption('Torino');
  await page.getByRole('button', { name: 'Mostra' }).click();
  await expect.poll(async () => (await syncMeta(page)).covered).toEqual({ Only: ['Torino'] });
  expect(await heldHubCities(page)).toEqual(['Torino', 'Torino']);
  expect(feedBytes, 'the whole download, compressed').toBeGreaterThan(0);
  expect(feedBytes, 'the whole download, compressed').toBeLessThan(100 * 1024);
  expect(consoleErrors).toEqual([]);
});
