import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { test, expect, openHydrated } from './fixtures/app';
import { OwnServer, ownPort } from './fixtures/server';
import { replicaCounts, replicaRecord, syncMeta } from './fixtures/replica';

const civico = path.resolve(__dirname, '..', '..', 'target', 'release', 'civico');

/** A server of the test's own (slot `slot`), and `civico content …` run against its database. */
async function contentServer(slot: number) {
  const server = new OwnServer(ownPort(slot, test.info().parallelIndex));
  await server.start();
  const cli = (args: string[], input?: string) =>
    execFileSync(civico, ['content', ...args, '--database-url', `sqlite://${server.db}`], { input, env: { ...process.env, RUST_LOG: 'warn' } }).toString();
  return { server, cli };
}

test('the device keeps a replica of all content and says how fresh it is', async ({ page, consoleErrors }) => {
  await openHydrated(page, '/');
  const freshness = page.locator('.sync-status .freshness');
  await expect(freshness).toHaveText('Aggiornato adesso');
  const counts = await replicaCounts(page);
  expect(counts.hubs).toBe(15);
  expect(counts.activities).toBeGreaterThanOrEqual(60);
  expect(counts.services).toBeGreaterThanOrEqual(80);
  expect(counts.taxonomy).toBeGreaterThan(20);

  // Another page load resumes from the stored cursor and still holds everything.
  await openHydrated(page, '/agenda');
  await expect(freshness).toHaveText('Aggiornato adesso');
  expect(await replicaCounts(page)).toEqual(counts);

  // "Update now" really syncs: the server answers a feed request made after the click,
  // and the replica records a later sync time.
  const before = (await syncMeta(page)).last_synced_ms;
  const feedAnswered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/changes' && r.ok());
  await page.getByRole('button', { name: 'Aggiorna ora' }).click();
  await feedAnswered;
  await expect.poll(async () => (await syncMeta(page)).last_synced_ms).toBeGreaterThan(before);
  await expect(freshness).toHaveText('Aggiornato adesso');

  await page.context().setOffline(true);
  await expect(page.locator('.badge-offline')).toHaveText('Offline');
  await expect(page.getByRole('button', { name: 'Aggiorna ora' })).toBeDisabled();
  await page.context().setOffline(false);
  await expect(page.locator('.badge-offline')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});

test('a change and a delete on the server reach the device at its next sync', async ({ page }) => {
  const { server, cli } = await contentServer(3);
  try {
    await openHydrated(page, `${server.url}/services`);
    await expect(page.locator('.sync-status .freshness')).toHaveText('Aggiornato adesso');
    expect(await replicaRecord(page, 'services', '2')).not.toBeNull();

    // A coordinator renames service 1 and removes service 2.
    const doc = JSON.parse(cli(['get', 'service', '1']));
    doc.body.name.it = 'CAF e patronato (nuovi orari)';
    cli(['put'], JSON.stringify(doc));
    cli(['delete', 'service', '2']);

    await page.getByRole('button', { name: 'Aggiorna ora' }).click();
    await expect.poll(() => replicaRecord(page, 'services', '2')).toBeNull();
    expect((await replicaRecord(page, 'services', '1')).name.it).toBe('CAF e patronato (nuovi orari)');
    // The list already on screen is rebuilt from the fresh replica, without navigating.
    await expect(page.getByRole('link', { name: 'CAF e patronato (nuovi orari)' })).toBeVisible();

    // The device's own search shows the change and no longer lists the deleted service.
    const search = page.getByRole('searchbox', { name: 'Cerca un servizio' });
    await search.fill('nuovi orari');
    await search.press('Enter');
    await expect(page.getByRole('link', { name: 'CAF e patronato (nuovi orari)' })).toBeVisible();
    await search.fill('sfratti');
    await page.getByLabel('Città').selectOption('Roma');
    await page.getByRole('button', { name: 'Cerca' }).click();
    await expect(page.getByText('Nessun servizio trovato. Prova con meno parole o togli un filtro.')).toBeVisible();
  } finally {
    await server.stop();
  }
});

test('a sync in another tab reaches the pages of this one at once, without its own sync', async ({ page, context }) => {
  const { server, cli } = await contentServer(10);
  try {
    await openHydrated(page, `${server.url}/services`);
    await expect(page.locator('.sync-status .freshness')).toHaveText('Aggiornato adesso');
    const search = page.getByRole('searchbox', { name: 'Cerca un servizio' });
    // Typed searches are answered from what this tab keeps of the replica.
    await search.fill('orari nuovi');
    await expect(page.getByText('Nessun servizio trovato. Prova con meno parole o togli un filtro.')).toBeVisible();
    const asked: string[] = [];
    page.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/')) asked.push(new URL(r.url()).pathname); });

    const doc = JSON.parse(cli(['get', 'service', '1']));
    doc.body.name.it = 'CAF e patronato (orari nuovi)';
    cli(['put'], JSON.stringify(doc));
    // Another tab opens and syncs the change into the device's replica.
    const other = await context.newPage();
    await openHydrated(other, `${server.url}/`);
    await expect.poll(async () => (await replicaRecord(other, 'services', '1')).name.it).toBe('CAF e patronato (orari nuovi)');

    // This tab did not sync, yet its next search reads the moved replica.
    await search.fill('orari nuov');
    await expect(page.getByRole('link', { name: 'CAF e patronato (orari nuovi)' })).toBeVisible();
    expect(asked).toEqual([]);
    await other.close();
  } finally {
    await server.stop();
  }
});

test('a corrupted replica is rebuilt from the server, never a broken page', async ({ page }) => {
  await openHydrated(page, '/');
  await expect(page.locator('.sync-status .freshness')).toHaveText('Aggiornato adesso');
  await page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((ok) => {
      const r = indexedDB.open('civico');
      r.onsuccess = () => ok(r.result);
    });
    await new Promise((ok) => {
      const tx = db.transaction('hubs', 'readwrite');
      tx.objectStore('hubs').put('{ this is not a hub', '1');
      tx.oncomplete = ok;
    });
    db.close();
  });
  // The app keeps what it read of the replica while the cursor stays; a new start reads it
  // again. Moving inside the app then finds it unreadable, and asks the server.
  await page.reload();
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
  await page.getByRole('link', { name: 'Polo civico Municipio VII' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Polo civico Municipio VII');
  // The next sync downloads everything again.
  await page.getByRole('button', { name: 'Aggiorna ora' }).click();
  await expect.poll(async () => (await replicaCounts(page)).hubs).toBe(15);
  expect((await replicaRecord(page, 'hubs', '1')).name.it).toBe('Polo civico Municipio VII');
});
