import { test, expect, openHydrated, holdChangeFeed } from './fixtures/app';

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
  await expect(page).toHaveURL(/group=elderly/);
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
