import { test, expect, openHydrated, holdChangeFeed, markWindow, expectSameDocument, controlled } from './fixtures/app';

test('services search with an accented query, then a service page', async ({ page, consoleErrors }) => {
  await openHydrated(page, '/services');
  const search = page.getByRole('searchbox', { name: 'Cerca un servizio' });
  await search.fill('Città');
  await search.press('Enter');
  await expect(page).toHaveURL(/q=Citt%C3%A0|q=Citt%E0|q=Città/);
  const results = page.locator('.service-card');
  await expect(results.first()).toBeVisible();
  await expect(page.getByRole('link', { name: 'Ufficio del benvenuto per i nuovi cittadini' })).toBeVisible();

  const welcome = page.getByRole('link', { name: 'Ufficio del benvenuto per i nuovi cittadini' });

  await search.fill('caf');
  await page.getByLabel('Città').selectOption('Roma');
  await page.getByRole('button', { name: 'Cerca' }).click();
  await expect(results).toHaveCount(1);
  await expect(welcome).toHaveCount(0);

  // The same without the accent, in capitals. (After a search without it: a page keeps
  // showing its results while the next ones load, so this proves the new ones came.)
  await search.fill('CITTA');
  await page.getByLabel('Città').selectOption('');
  await search.press('Enter');
  await expect(page).toHaveURL(/q=CITTA/);
  await expect(welcome).toBeVisible();

  await search.fill('caf');
  await page.getByLabel('Città').selectOption('Roma');
  await page.getByRole('button', { name: 'Cerca' }).click();
  await expect(results).toHaveCount(1);
  await results.getByRole('link', { name: 'CAF e patronato' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('CAF e patronato');
  await expect(page.getByRole('heading', { name: 'Documenti da portare' })).toBeVisible();
  await expect(page.getByText("Documento d'identità")).toBeVisible();
  expect(consoleErrors).toEqual([]);
});

test('filtering by target group and category', async ({ page }) => {
  await openHydrated(page, '/services');
  await page.getByLabel('Per chi').selectOption({ label: 'Anziani' });
  await page.getByLabel('Tipo').selectOption({ label: 'Salute e cura' });
  await page.getByRole('button', { name: 'Cerca' }).click();
  // The address a link to the same search has: no field left empty, no nameless button.
  await expect(page).toHaveURL(/\/services\?category=salute&group=elderly$/);
  await expect
    .poll(async () => [...new Set(await page.locator('.service-card .card-title').allTextContents())])
    .toEqual(['Assistenza domiciliare per anziani']);
});

test('a half-filled search form keeps its choices when the first sync rebuilds the page', async ({ page, consoleErrors }) => {
  // Hold the device's first sync until the form is half filled, and let it bring one
  // renamed service, so the moment the page is rebuilt from the replica is visible.
  const release = await holdChangeFeed(page, (c) => {
    if (c.key.kind === 'service' && String(c.key.id) === '1' && c.doc) c.doc.body.name.it = 'CAF e patronato (sede nuova)';
  });
  await openHydrated(page, '/services');
  await page.getByLabel('Per chi').selectOption({ label: 'Anziani' });
  await page.getByLabel('Tipo').selectOption({ label: 'Salute e cura' });
  release();
  await expect(page.getByRole('link', { name: 'CAF e patronato (sede nuova)' })).toBeVisible();

  await expect(page.getByLabel('Per chi')).toHaveValue('elderly');
  await expect(page.getByLabel('Tipo')).toHaveValue('salute');
  await page.getByRole('button', { name: 'Cerca' }).click();
  await expect(page).toHaveURL(/category=salute/);
  await expect(page).toHaveURL(/group=elderly/);
  await expect
    .poll(async () => [...new Set(await page.locator('.service-card .card-title').allTextContents())])
    .toEqual(['Assistenza domiciliare per anziani']);
  expect(consoleErrors).toEqual([]);
});

test('a search that finds nothing says what to try', async ({ page }) => {
  await page.goto('/services?q=xylofono');
  await expect(page.getByText('Nessun servizio trovato. Prova con meno parole o togli un filtro.')).toBeVisible();
});

test('the guide is paged: thirty at a time, with the total, in the app, without JavaScript and offline', async ({ page, browser, consoleErrors }) => {
  await openHydrated(page, '/services');
  await markWindow(page);
  const cards = page.locator('.service-card');
  const pager = page.getByRole('navigation', { name: 'Pagine dei risultati' });
  const total = Number((await page.locator('.result-count').textContent())!.match(/^(\d+) risultati$/)![1]);
  const pages = Math.ceil(total / 30);
  expect(pages, 'the demo guide fills more than two pages').toBeGreaterThan(2);
  await expect(cards).toHaveCount(30);
  await expect(pager).toContainText(`Pagina 1 di ${pages}`);
  await expect(pager.getByRole('link', { name: 'Pagina precedente' })).toHaveCount(0);
  const links = () => cards.locator('a.card-title').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  const first = await links();

  // Inside the app, once the replica has synced: the next page comes from the replica,
  // without asking the server.
  await expect(page.locator('.sync-status .freshness')).toHaveText(/^Aggiornato/);
  const asked: string[] = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/services') asked.push(r.url()); });
  await pager.getByRole('link', { name: 'Pagina successiva' }).click();
  await expect(page).toHaveURL(/\/services\?page=2$/);
  await expect(pager).toContainText(`Pagina 2 di ${pages}`);
  await expect(cards).toHaveCount(30);
  const second = await links();
  expect(second.filter((href) => first.includes(href)), 'no result on two pages').toEqual([]);
  await expectSameDocument(page);
  expect(asked, 'built from the replica').toEqual([]);

  // A search keeps its words on every page, and shows how many match in all.
  await page.goto('/services?q=a&page=999', { waitUntil: 'commit' });
  const matching = Number((await page.locator('.result-count').textContent())!.match(/^(\d+) risultat[oi]$/)![1]);
  expect(matching, 'the letter a is in more than two pages of services').toBeGreaterThan(60);
  await expect(pager).toContainText(`Pagina ${Math.ceil(matching / 30)} di ${Math.ceil(matching / 30)}`);
  await expect(pager.getByRole('link', { name: 'Pagina precedente' })).toHaveAttribute('href', /^\/services\?q=a&page=\d+$/);

  // Without JavaScript the links are plain links to the server's pages.
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: test.info().project.use.baseURL });
  const plain = await context.newPage();
  await plain.goto('/services?page=2');
  await plain.getByRole('link', { name: 'Pagina successiva' }).click();
  await expect(plain).toHaveURL(/\/services\?page=3$/);
  await expect(plain.getByRole('navigation', { name: 'Pagine dei risultati' })).toContainText(`Pagina 3 di ${pages}`);
  await expect(plain.locator('.service-card')).toHaveCount(total - 60 < 30 ? total - 60 : 30);
  await context.close();
  expect(consoleErrors).toEqual([]);
});

test('a page number that is not one is refused plainly', async ({ page }) => {
  const response = await page.goto('/services?page=0');
  expect(response!.status()).toBe(400);
  await expect(page.locator('main')).toContainText('Pagina: «0» non è un numero valido');
});

test('the results follow the words as they are typed, from the device, without losing a letter', async ({ page, browser, consoleErrors }) => {
  await openHydrated(page, '/');
  await expect(page.locator('.sync-status .freshness')).toHaveText('Aggiornato adesso');
  await page.getByRole('link', { name: 'Servizi', exact: true }).click();
  await expect(page).toHaveURL(/\/services$/);
  await markWindow(page);
  const asked: string[] = [];
  page.on('request', (r) => { if (new URL(r.url()).pathname === '/api/services') asked.push(r.url()); });
  const search = page.getByRole('searchbox', { name: 'Cerca un servizio' });
  await search.click();
  // Typed quickly: the results follow once typing pauses, and every letter stays.
  await search.pressSequentially('anziani', { delay: 30 });
  await expect(page).toHaveURL(/\/services\?q=anziani$/);
  await expect(page.getByRole('link', { name: 'Assistenza domiciliare per anziani' }).first()).toBeVisible();
  await expect(search).toBeFocused();
  await expect(search).toHaveValue('anziani');
  // More words, with a filter chosen meanwhile: both count.
  await page.getByLabel('Città').selectOption('Roma');
  await search.pressSequentially(' roma');
  await expect(page).toHaveURL(/\/services\?q=anziani%20roma&city=Roma$/);
  await expect(search).toHaveValue('anziani roma');
  await expect(page.getByLabel('Città')).toHaveValue('Roma');
  // Deleting the words lists everything again.
  await search.fill('');
  await expect(page).toHaveURL(/\/services\?city=Roma$/);
  expect(asked, 'every result came from the device').toEqual([]);
  await expectSameDocument(page);
  // The searches replaced each other in the history: back goes to the page before.
  await page.goBack();
  await expect(page).toHaveURL(/\/$/);
  await page.goForward();
  await expect(search).toHaveValue('');
  // A result opened right after typing stays open: the typing does not pull the person back.
  await search.fill('patronato');
  await page.getByRole('link', { name: 'CAF e patronato' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('CAF e patronato');
  // An absence can only be seen once the pause the typing waits for (250 ms) is over.
  await page.waitForTimeout(750);
  await expect(page).toHaveURL(/\/services\/1$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('CAF e patronato');

  // Without JavaScript the box still belongs to the form: Enter searches.
  const context = await browser.newContext({ javaScriptEnabled: false, baseURL: test.info().project.use.baseURL });
  const plain = await context.newPage();
  await plain.goto('/services');
  await plain.getByRole('searchbox', { name: 'Cerca un servizio' }).fill('anziani');
  await plain.getByRole('searchbox', { name: 'Cerca un servizio' }).press('Enter');
  await expect(plain).toHaveURL(/\/services\?q=anziani/);
  await expect(plain.getByRole('link', { name: 'Assistenza domiciliare per anziani' }).first()).toBeVisible();
  await context.close();
  expect(consoleErrors).toEqual([]);
});

test('the search box still searches on a page that shows an error instead of filters', async ({ page, consoleErrors }) => {
  const response = await page.goto('/services?category=karaoke');
  expect(response!.status()).toBe(400);
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
  const search = page.getByRole('searchbox', { name: 'Cerca un servizio' });
  await search.fill('anziani');
  await search.press('Enter');
  await expect(page).toHaveURL(/\/services\?q=anziani$/);
  await expect(page.getByRole('link', { name: 'Assistenza domiciliare per anziani' }).first()).toBeVisible();
  expect(consoleErrors.filter((e) => !e.includes('400'))).toEqual([]);
  consoleErrors.length = 0;
});

/** Records every store the page's read-only IndexedDB transactions name (a sync writes in
 *  read-write ones), as they start (`__read`) and once they completed (`__done`); returns
 *  what reads the first. */
async function watchReads(page: import('@playwright/test').Page) {
  await page.addInitScript(() => {
    const w = window as unknown as { __read: string[]; __done: string[] };
    w.__read = [];
    w.__done = [];
    const transaction = IDBDatabase.prototype.transaction;
    IDBDatabase.prototype.transaction = function (names: string | string[], mode?: IDBTransactionMode, options?: IDBTransactionOptions) {
      const tx = transaction.call(this, names, mode, options);
      if (mode !== 'readwrite') {
        w.__read.push(...([] as string[]).concat(names));
        tx.addEventListener('complete', () => w.__done.push(...([] as string[]).concat(names)));
      }
      return tx;
    };
  });
  return () => page.evaluate(() => (window as unknown as { __read: string[] }).__read);
}

test('a page built from the device reads the stores it shows, not the whole replica', async ({ page, consoleErrors }) => {
  const read = await watchReads(page);
  // The guide, rebuilt from the device after the first sync: its services and categories.
  await openHydrated(page, '/services');
  await expect(page.locator('.sync-status .freshness')).toHaveText('Aggiornato adesso');
  await expect.poll(read).toEqual(expect.arrayContaining(['meta', 'services', 'taxonomy']));
  for (const store of ['hubs', 'activities', 'places']) expect(await read()).not.toContain(store);
  // The agenda: the calendar, and not the services again.
  await page.evaluate(() => { (window as unknown as { __read: string[] }).__read = []; });
  await page.getByRole('link', { name: 'Agenda', exact: true }).click();
  await expect(page).toHaveURL(/\/agenda$/);
  await expect.poll(read).toEqual(expect.arrayContaining(['hubs', 'activities', 'places']));
  await expect(page.locator('.session').first()).toBeVisible();
  for (const store of ['services', 'taxonomy']) expect(await read()).not.toContain(store);
  expect(consoleErrors).toEqual([]);
});

test('the guide opened directly on a repeat visit is readied for the first letter once the page is idle', async ({ page, consoleErrors }) => {
  const read = await watchReads(page);
  await openHydrated(page, '/');
  await expect(page.locator('.sync-status .freshness')).toHaveText('Aggiornato adesso');
  await controlled(page);
  // The next visit opens the guide: the page is the server's, and its sync brings nothing.
  await openHydrated(page, '/services?q=caf');
  await expect(page.locator('.sync-status .freshness')).toHaveText('Aggiornato adesso');
  // Unseen, the search code is fetched and the guide is built from the device (the build
  // follows the read of the categories in the same task).
  const done = () => page.evaluate(() => (window as unknown as { __done: string[] }).__done);
  await expect.poll(done).toEqual(expect.arrayContaining(['services', 'taxonomy']));
  await page.evaluate(() => new Promise((ok) => setTimeout(ok, 0)));
  await page.evaluate(() => { (window as unknown as { __read: string[] }).__read = []; });
  await expect(page.locator('main .result-count')).toHaveText(/risultat/);
  // The first letters then read nothing more: the sync, which brought nothing, left what the
  // page keeps in place.
  const search = page.getByRole('searchbox', { name: 'Cerca un servizio' });
  await search.fill('caf patronato');
  await expect(page).toHaveURL(/q=caf(\+|%20)patronato/);
  await expect(page.getByRole('link', { name: 'CAF e patronato' }).first()).toBeVisible();
  for (const store of ['meta', 'services', 'taxonomy']) expect(await read()).not.toContain(store);
  expect(consoleErrors).toEqual([]);
});
