import { test, expect, openHydrated } from './fixtures/app';

type Page = import('@playwright/test').Page;

/** An entry in the outbox, keyed by a client-made UUIDv7, its JSON as text. Not a
 *  mutation the push can read, so the engine never sends it and it stays queued through
 *  every sync here (an unreadable entry is kept, never dropped). */
const ENTRY_ID = '01960000-0000-7000-8000-00000000c1c0';
const ENTRY = { registration: { activity: 8, name: 'Maria Rossi' } };
/** A valid taxonomy term that only this device has: any content reset removes it. */
const MARKER_ID = 'zz-solo-qui';
const MARKER = { code: MARKER_ID, name: { it: 'Solo su questo dispositivo' } };
/** A cursor no server reaches: the replica then sees a server that was reset. */
const FAR_AHEAD = 1_000_000_000_000;

/** One request on one store of the app's IndexedDB database, in its own transaction. */
async function idb(page: Page, store: string, op: 'get' | 'put' | 'count', key?: string, value?: string): Promise<any> {
  return page.evaluate(
    async ({ store, op, key, value }) => {
      const db: IDBDatabase = await new Promise((ok, ko) => {
        const r = indexedDB.open('civico');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => ko(r.error);
      });
      try {
        const tx = db.transaction(store, op === 'put' ? 'readwrite' : 'readonly');
        const done = new Promise((ok, ko) => {
          tx.oncomplete = ok;
          tx.onabort = () => ko(tx.error);
        });
        const s = tx.objectStore(store);
        const r = op === 'get' ? s.get(key!) : op === 'count' ? s.count() : s.put(value, key);
        const result = await new Promise((ok, ko) => {
          r.onsuccess = () => ok(r.result);
          r.onerror = () => ko(r.error);
        });
        await done;
        return result;
      } finally {
        db.close();
      }
    },
    { store, op, key, value },
  );
}

const record = async (page: Page, store: string, id: string) => {
  const value = await idb(page, store, 'get', id);
  return typeof value === 'string' ? JSON.parse(value) : null;
};
const meta = (page: Page) => record(page, 'meta', 'sync');
const putMeta = async (page: Page, changes: object) => idb(page, 'meta', 'put', 'sync', JSON.stringify({ ...(await meta(page)), ...changes }));
const outboxEntry = (page: Page) => record(page, 'outbox', ENTRY_ID);

async function synced(page: Page) {
  await expect(page.locator('.sync-status .freshness')).toHaveText('Aggiornato adesso');
}

/** Presses "update now" and waits until that sync reached the end of the feed. */
async function syncNow(page: Page) {
  const before = (await meta(page))?.last_synced_ms ?? 0;
  const feedAnswered = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/changes' && r.ok());
  await page.getByRole('button', { name: 'Aggiorna ora' }).click();
  await feedAnswered;
  await expect.poll(async () => (await meta(page))?.last_synced_ms ?? 0).toBeGreaterThan(before);
}

/** A synced device with one mutation queued and one document of its own. */
async function deviceWithQueuedMutation(page: Page) {
  await openHydrated(page, '/');
  await synced(page);
  await idb(page, 'outbox', 'put', ENTRY_ID, JSON.stringify(ENTRY));
  await idb(page, 'taxonomy', 'put', MARKER_ID, JSON.stringify(MARKER));
}

/** Content was emptied and downloaded again, and the queued mutation is still there. */
async function expectRebuiltWithOutbox(page: Page) {
  expect(await record(page, 'taxonomy', MARKER_ID), 'the content was emptied').toBeNull();
  expect(await idb(page, 'hubs', 'count'), 'and downloaded again').toBe(15);
  expect((await record(page, 'hubs', '1')).name.it).toBe('Polo civico Municipio VII');
  expect((await meta(page)).cursor).toBeLessThan(FAR_AHEAD);
  expect(await outboxEntry(page), 'the outbox survived').toEqual(ENTRY);
}

test('a schema change empties the content, not the outbox', async ({ page, consoleErrors }) => {
  await deviceWithQueuedMutation(page);
  await putMeta(page, { schema: 999 });
  await openHydrated(page, '/');
  await synced(page);
  expect((await meta(page)).schema).toBe(1);
  await expectRebuiltWithOutbox(page);
  expect(consoleErrors).toEqual([]);
});

test('a server that looks reset makes the device download everything again, outbox kept', async ({ page, consoleErrors }) => {
  await deviceWithQueuedMutation(page);
  await putMeta(page, { cursor: FAR_AHEAD });
  await syncNow(page);
  await expectRebuiltWithOutbox(page);
  expect(consoleErrors).toEqual([]);
});

test('an entry this version cannot read is kept, shown as needing attention, and holds nothing back', async ({ page }) => {
  await deviceWithQueuedMutation(page);
  await syncNow(page);
  await expect(page.locator('.badge-waiting'), 'not counted as sendable').toHaveText('1 da controllare');
  await page.locator('.badge-waiting').click();
  await expect(page.locator('.needs-attention .unreadable')).toContainText('1 modifica salvata qui');
  // A sign-up queued after it is sent all the same.
  await openHydrated(page, '/activities/5');
  await page.getByRole('radio').first().check();
  await page.getByLabel('Nome o soprannome').fill('Dopo');
  await page.getByLabel("Ho letto e sono d'accordo").check();
  await page.getByRole('button', { name: 'Iscrivimi' }).click();
  await expect(page.locator('.sign-up-section .my-registration .status')).toHaveText('Confermata');
  expect(await outboxEntry(page)).toEqual(ENTRY);
  expect(await idb(page, 'outbox', 'count')).toBe(1);
});

test('a corrupt replica is rebuilt, outbox kept', async ({ page }) => {
  await deviceWithQueuedMutation(page);
  await idb(page, 'hubs', 'put', '1', '{ this is not a hub');
  // The app keeps what it read of the replica while the cursor stays; a new start reads it
  // again. Moving inside the app then finds it unreadable and empties it.
  await page.reload();
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
  await page.getByRole('link', { name: 'Polo civico Municipio VII' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Polo civico Municipio VII');
  await expect.poll(() => record(page, 'taxonomy', MARKER_ID)).toBeNull();
  await syncNow(page);
  await expectRebuiltWithOutbox(page);
});

test("the previous version's database is upgraded in place and gains the outbox and the device's sign-ups", async ({ page }) => {
  const head: number = (await (await page.request.get('/api/changes?after=0&limit=1')).json()).head;
  // Before the app ever loads here, a database as version 1 made it: content and meta,
  // up to date with the server, and a document only this device has.
  await page.goto('/healthz');
  await page.evaluate(
    async ({ head, marker, markerId }) => {
      const db: IDBDatabase = await new Promise((ok, ko) => {
        const r = indexedDB.open('civico', 1);
        r.onupgradeneeded = () => ['hubs', 'activities', 'services', 'taxonomy', 'meta'].forEach((s) => r.result.createObjectStore(s));
        r.onsuccess = () => ok(r.result);
        r.onerror = () => ko(r.error);
      });
      await new Promise((ok, ko) => {
        const tx = db.transaction(['meta', 'taxonomy'], 'readwrite');
        tx.objectStore('meta').put(JSON.stringify({ schema: 1, cursor: head, last_synced_ms: 1000 }), 'sync');
        tx.objectStore('taxonomy').put(JSON.stringify(marker), markerId);
        tx.oncomplete = ok;
        tx.onabort = () => ko(tx.error);
      });
      db.close();
    },
    { head, marker: MARKER, markerId: MARKER_ID },
  );

  await openHydrated(page, '/');
  await synced(page);
  const shape = await page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((ok, ko) => {
      const r = indexedDB.open('civico');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => ko(r.error);
    });
    const shape = { version: db.version, stores: [...db.objectStoreNames].sort() };
    db.close();
    return shape;
  });
  expect(shape).toEqual({ version: 9, stores: ['activities', 'help_guides', 'hubs', 'meta', 'mine', 'outbox', 'places', 'services', 'staff', 'taxonomy'] });
  // The old content and cursor were kept, not downloaded again.
  expect(await record(page, 'taxonomy', MARKER_ID)).toEqual(MARKER);
  expect((await meta(page)).cursor).toBeGreaterThanOrEqual(head);
  expect(await idb(page, 'outbox', 'count')).toBe(0);

  // The new store works, and survives a full download.
  await idb(page, 'outbox', 'put', ENTRY_ID, JSON.stringify(ENTRY));
  await putMeta(page, { cursor: FAR_AHEAD });
  await syncNow(page);
  await expectRebuiltWithOutbox(page);
});
