import { test, expect, openHydrated } from './fixtures/app';

/** Counts the records in the device's IndexedDB replica. */
async function replicaCounts(page: import('@playwright/test').Page) {
  return page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((ok, ko) => {
      const r = indexedDB.open('civico');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    const count = (store: string) =>
      new Promise<number>((ok) => {
        const r = db.transaction(store).objectStore(store).count();
        r.onsuccess = () => ok(r.result);
      });
    const result = { hubs: await count('hubs'), activities: await count('activities'), services: await count('services'), taxonomy: await count('taxonomy') };
    db.close();
    return result;
  });
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

  await page.getByRole('button', { name: 'Aggiorna ora' }).click();
  await expect(freshness).toHaveText('Aggiornato adesso');

  await page.context().setOffline(true);
  await expect(page.locator('.badge-offline')).toHaveText('Offline');
  await expect(page.getByRole('button', { name: 'Aggiorna ora' })).toBeDisabled();
  await page.context().setOffline(false);
  await expect(page.locator('.badge-offline')).toHaveCount(0);
  expect(consoleErrors).toEqual([]);
});
