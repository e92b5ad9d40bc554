import { test, expect, openHydrated, markWindow, expectSameDocument, holdChangeFeed, controlled } from './fixtures/app';
import { OwnServer, ownPort } from './fixtures/server';

test('home → hub → activity, navigating inside the hydrated app', async ({ page, consoleErrors }) => {
  await openHydrated(page, '/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Orari, attività e servizi del tuo quartiere');
  await markWindow(page);

  await page.getByRole('link', { name: 'Polo civico Municipio VII' }).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Polo civico Municipio VII');
  await expect(page).toHaveURL(/\/hubs\/1$/);
  await expect(page.getByRole('heading', { name: 'Orari di apertura' })).toBeVisible();
  await expect(page.locator('table.hours:not(.hours-usual) tbody tr')).toHaveCount(7);
  await expect(page).toHaveTitle('Polo civico Municipio VII · Civico');
  await expectSameDocument(page);

  const activities = page.getByRole('region', { name: 'Tutte le attività' });
  await activities.getByRole('link', { name: 'Corso: avviare un\'attività artigiana' }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText("Corso: avviare un'attività artigiana");
  await expect(page.getByText('Iscrizione obbligatoria')).toBeVisible();
  await expect(page.getByText('15 posti', { exact: true })).toBeVisible();
  await expect(page.locator('.next-sessions .places').first()).toHaveText(/^\d+ posti? liber[oi] su 15$/);
  await expect(page.locator('.next-sessions li').first()).toBeVisible();
  await expectSameDocument(page);

  // The hub link goes back to the hub.
  await page.getByRole('link', { name: 'Polo civico Municipio VII' }).click();
  await expect(page).toHaveURL(/\/hubs\/1$/);
  expect(consoleErrors).toEqual([]);
});

test('a page left while its post-sync reload is still out does not break the app', async ({ page, consoleErrors }) => {
  // The first sync brings hub 1 as deleted, so the hub page's reload after it asks the
  // server; that answer is held until the person has gone to another page.
  const release = await holdChangeFeed(page, (c) => {
    if (c.key.kind === 'hub' && String(c.key.id) === '1') delete c.doc;
  });
  let reloadAsked!: () => void;
  const asked = new Promise<void>((r) => { reloadAsked = r; });
  let answer!: () => void;
  const answered = new Promise<void>((r) => { answer = r; });
  await page.route((url) => url.pathname === '/api/hub', async (route) => {
    reloadAsked();
    await answered;
    // The app may have given the request up when the person left (that is fine too).
    await route.continue().catch(() => {});
  });
  let settle!: () => void;
  const settled = new Promise<void>((r) => { settle = r; });
  const done = (request: { url(): string }) => { if (new URL(request.url()).pathname === '/api/hub') settle(); };
  page.on('requestfinished', done);
  page.on('requestfailed', done);
  await openHydrated(page, '/hubs/1');
  await markWindow(page);
  release();
  await asked;
  await page.getByRole('link', { name: 'Servizi', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Cerca un servizio');
  answer();
  // The app still works once the held request has ended, answered or given up.
  await settled;
  await page.getByRole('link', { name: 'Agenda', exact: true }).click();
  await expect(page).toHaveURL(/\/agenda/);
  await expect(page.locator('.day h2').first()).toBeVisible();
  await expectSameDocument(page);
  expect(consoleErrors).toEqual([]);
});

test('choosing a city on the home page narrows hubs and sessions, inside the app', async ({ page, consoleErrors }) => {
  await openHydrated(page, '/');
  await markWindow(page);
  await page.getByLabel('Città').selectOption('Torino');
  await page.getByRole('button', { name: 'Mostra' }).click();
  // Only the chosen values go into the address; "any district" stays out of it.
  await expect(page).toHaveURL(/\/\?city=Torino$/);
  const hubs = page.getByRole('region', { name: 'Luoghi' });
  await expect(hubs.getByRole('listitem')).toHaveCount(2);
  await expect(hubs.getByText('Casa del Quartiere San Salvario')).toBeVisible();
  await expect(page.getByText('Polo civico Municipio VII')).toHaveCount(0);
  await expectSameDocument(page);
  // The district list follows the city, and a district narrows further.
  await page.getByLabel('Quartiere').selectOption({ index: 1 });
  await page.getByRole('button', { name: 'Mostra' }).click();
  await expect(page).toHaveURL(/\/\?city=Torino&district=[^&]+$/);
  await expect(hubs.getByRole('listitem')).toHaveCount(1);
  await expectSameDocument(page);
  // The home link comes back to the chosen place; choosing every city goes back to all.
  await page.getByRole('link', { name: 'Inizio', exact: true }).click();
  await expect(hubs.getByRole('listitem')).toHaveCount(1);
  await page.getByLabel('Città').selectOption('');
  await page.getByLabel('Quartiere').selectOption('');
  await page.getByRole('button', { name: 'Mostra' }).click();
  await expect(page).toHaveURL(/\/\?city=$/);
  await expect(hubs.getByRole('listitem')).toHaveCount(15);
  await expect(page.getByLabel('Città')).toHaveValue('');
  await expect(page.getByLabel('Quartiere')).toHaveValue('');
  await expectSameDocument(page);
  expect(consoleErrors).toEqual([]);
});

test('the home page opens as the server sent it, then is rebuilt from the replica keeping a half-made choice', async ({ page, consoleErrors }) => {
  // Hold the device's first sync, and let it bring one renamed hub, so the rebuild shows.
  const release = await holdChangeFeed(page, (c) => {
    if (c.key.kind === 'hub' && String(c.key.id) === '9' && c.doc) c.doc.body.name.it = 'Casa del Quartiere San Salvario (nuova sede)';
  });
  await openHydrated(page, '/');
  await markWindow(page);
  // Hydrated, the first screen is still the server's HTML, and its links work inside the app.
  await expect(page.locator('.home .home-body')).toHaveCount(1);
  await page.getByLabel('Città').selectOption('Torino');
  release();
  await expect(page.getByRole('link', { name: 'Casa del Quartiere San Salvario (nuova sede)' })).toBeVisible();
  await expect(page.locator('.home .home-body')).toHaveCount(0);
  await expect(page.getByLabel('Città'), 'the choice not sent yet survives the rebuild').toHaveValue('Torino');
  await page.getByRole('button', { name: 'Mostra' }).click();
  await expect(page).toHaveURL(/\/\?city=Torino$/);
  await expect(page.getByRole('region', { name: 'Luoghi' }).getByRole('listitem')).toHaveCount(2);
  // Away and back: the home page is built on the device, for the place chosen.
  await page.getByRole('link', { name: 'Agenda', exact: true }).click();
  await expect(page).toHaveURL(/\/agenda/);
  await page.getByRole('link', { name: 'Inizio', exact: true }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Orari, attività e servizi del tuo quartiere');
  await expect(page.getByRole('region', { name: 'Luoghi' }).getByRole('listitem')).toHaveCount(2);
  // Only the device's replica has the renamed hub.
  await expect(page.getByRole('link', { name: 'Casa del Quartiere San Salvario (nuova sede)' })).toBeVisible();
  await expectSameDocument(page);
  expect(consoleErrors).toEqual([]);
});

test('the home page remembers the place chosen, on the next visit and offline', async ({ page }) => {
  const server = new OwnServer(ownPort(8, test.info().parallelIndex));
  await server.start();
  const hubs = page.getByRole('region', { name: 'Luoghi' });
  const city = page.getByLabel('Città');
  await openHydrated(page, `${server.url}/`);
  await controlled(page);
  await expect(page.locator('.sync-status .freshness')).toHaveText(/^Aggiornato/);
  await city.selectOption('Torino');
  await page.getByRole('button', { name: 'Mostra' }).click();
  await expect(page).toHaveURL(/\/\?city=Torino$/);
  await expect(hubs.getByRole('listitem')).toHaveCount(2);

  // The next visit opens on Torino as the server renders it, before the app starts.
  await page.goto(`${server.url}/`, { waitUntil: 'commit' });
  await expect(city).toHaveValue('Torino');
  await expect(hubs.getByRole('listitem')).toHaveCount(2);
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);

  // A district, chosen inside the app: the saved copy of / still shows all of Torino.
  await page.getByLabel('Quartiere').selectOption({ index: 1 });
  const district = await page.getByLabel('Quartiere').inputValue();
  await page.getByRole('button', { name: 'Mostra' }).click();
  await expect(hubs.getByRole('listitem')).toHaveCount(1);

  // Offline, the service worker opens that saved copy and the app shows the place chosen,
  // from the replica.
  await server.stop();
  await page.goto(`${server.url}/`);
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
  await expect(page.locator('.badge-offline')).toBeVisible();
  await expect(hubs.getByRole('listitem')).toHaveCount(1);
  await expect(city).toHaveValue('Torino');
  await expect(page.getByLabel('Quartiere')).toHaveValue(district);

  // Every city, chosen offline, is remembered as well. The device keeps only the city
  // chosen (Torino), and says so.
  await city.selectOption('');
  await page.getByLabel('Quartiere').selectOption('');
  await page.getByRole('button', { name: 'Mostra' }).click();
  await expect(page.getByRole('note')).toHaveText('Senza rete vedi solo le città salvate su questo dispositivo: Torino.');
  await expect(hubs.getByRole('listitem')).toHaveCount(2);
  await server.start({ keepData: true });
  await page.goto(`${server.url}/`, { waitUntil: 'commit' });
  await expect(hubs.getByRole('listitem')).toHaveCount(15);
  await expect(city).toHaveValue('');
  await expect(page.getByRole('note'), 'online, every city is the server\'s').toHaveCount(0);
});

test('an unknown page says so, with a way back', async ({ page }) => {
  const res = await page.goto('/hubs/424242');
  expect(res?.status()).toBe(404);
  await expect(page.getByRole('heading', { name: 'Pagina non trovata' })).toBeVisible();
  await page.getByRole('link', { name: "Torna all'inizio" }).click();
  await expect(page).toHaveURL(/\/$/);
});

test('a hub shows today and the coming days, closures included', async ({ page }) => {
  await openHydrated(page, '/hubs/2');
  const hours = page.locator('table.hours:not(.hours-usual)');
  await expect(hours.locator('tbody tr').first()).toHaveAttribute('aria-current', 'date');
  await expect(hours.getByText('Chiuso per disinfestazione')).toBeVisible();
  await page.locator('summary', { hasText: 'Settimana tipo' }).click();
  await expect(page.locator('table.hours-usual tbody tr')).toHaveCount(7);
  await page.getByRole('link', { name: '7 giorni dopo' }).click();
  await expect(page).toHaveURL(/from=\d{4}-\d{2}-\d{2}/);
  await expect(hours.locator('tr[aria-current="date"]')).toHaveCount(0);
});
