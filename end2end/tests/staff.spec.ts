import { test, expect, openHydrated, expectAccessible, controlled } from './fixtures/app';
import { OwnServer, ownPort } from './fixtures/server';
import { foundOnDevice, staffRecords } from './fixtures/device';

type Page = import('@playwright/test').Page;
type BrowserContext = import('@playwright/test').BrowserContext;

/** The demo's accounts (server/src/demo/staff.rs). */
const PASSWORD = 'civico-demo-2026';
const VOLUNTEER = 'volontario.roma@civico.example.org';
const COORDINATOR = 'coordinatrice.roma@civico.example.org';

async function logIn(page: Page, email: string, password = PASSWORD) {
  await openHydrated(page, '/staff');
  await page.getByLabel('Indirizzo e-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Accedi' }).click();
}

/** The day fourteen days from now as the page writes it, on Rome's calendar: "21 dicembre 2026".
 *  (A login made a moment before midnight may say the next day: the page is asked again.) */
function inFourteenDays(): RegExp {
  const day = (ms: number) => new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', day: 'numeric', month: 'long', year: 'numeric' })
    .format(new Date(ms));
  const now = Date.now() + 14 * 24 * 3600 * 1000;
  const options = [...new Set([day(now - 60_000), day(now), day(now + 60_000)])];
  return new RegExp(`\\b(${options.join('|')}),`);
}

async function staffCookies(context: BrowserContext) {
  return (await context.cookies()).filter((c) => c.name.includes('civico_staff'));
}

test('a volunteer logs in, sees who and until when, and logs out', async ({ page, context }) => {
  await logIn(page, VOLUNTEER, 'not the password');
  await expect(page.locator('#login-error')).toHaveText(/non corrispondono a un account attivo/);
  expect(await staffCookies(context)).toEqual([]);

  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await expect(page.locator('#staff-name')).toHaveText('Marco');
  await expect(page.locator('#staff-role')).toHaveText('Volontario');
  await expect(page.locator('#staff-hubs')).toHaveText('Polo civico Municipio VII (Roma)');
  // Fourteen days from now, in words, on Rome's calendar ("21 dicembre 2026").
  await expect(page.locator('#staff-until')).toContainText(inFourteenDays());
  const [cookie] = await staffCookies(context);
  expect(cookie.httpOnly).toBe(true);
  expect(cookie.sameSite).toBe('Strict');
  // A volunteer looks after nobody.
  await expect(page.locator('.staff-people')).toHaveCount(0);
  await expectAccessible(page);

  // Still logged in after a reload: the session is the server's.
  await page.reload();
  await expect(page.locator('#staff-name')).toHaveText('Marco');

  expect(await foundOnDevice(page, VOLUNTEER)).toEqual(['indexeddb:staff']);

  await page.getByRole('button', { name: 'Esci' }).click();
  await expect(page.locator('#staff-notice')).toContainText('Sei uscito');
  await expect(page.getByRole('button', { name: 'Accedi' })).toBeVisible();
  expect(await staffCookies(context)).toEqual([]);
  expect(await foundOnDevice(page, VOLUNTEER)).toEqual([]);
  await page.reload();
  await expect(page.getByRole('button', { name: 'Accedi' })).toBeVisible();
  await expectAccessible(page);
});

test('a coordinator invites a volunteer, who sets a password and is in; deactivated, they are out', async ({ page, browser }) => {
  await logIn(page, COORDINATOR);
  await expect(page.locator('#staff-name')).toHaveText('Paola');
  const people = page.locator('.people-list');
  await expect(people).toContainText('Marco');
  await expect(people).not.toContainText('Amina');

  const email = `nuova.${Date.now()}@example.org`;
  const invite = page.locator('#invite-form');
  await invite.getByLabel('Indirizzo e-mail').fill(email);
  await invite.getByRole('button', { name: "Crea il link d'invito" }).click();
  await expect(invite.locator('#invite-hubs-error')).toContainText('manca');
  await invite.getByLabel(/Polo civico Municipio VIII/).check();
  await invite.getByRole('button', { name: "Crea il link d'invito" }).click();
  const link = invite.locator('#invite-link');
  await expect(link).toHaveValue(/\/staff\/invite\/[0-9a-f]{64}$/);
  const url = await link.inputValue();

  // The invited person, on their own device.
  const theirs = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const them = await theirs.newPage();
  await them.goto(url);
  await expect(them.locator('#invite-summary')).toContainText(email);
  await expect(them.locator('#invite-summary')).toContainText('Polo civico Municipio VIII');
  await expect(them.locator('html[data-hydrated="true"]')).toHaveCount(1);
  await them.getByLabel('Il tuo nome').fill('Sara');
  await them.getByLabel('Scegli una password').fill('corta');
  await them.getByLabel('Scrivi di nuovo la password').fill('corta');
  await them.getByRole('button', { name: "Crea l'account ed entra" }).click();
  await expect(them.locator('#accept-password-error')).toContainText('troppo corta');
  await them.getByLabel('Scegli una password').fill('il mio orto sul balcone');
  await them.getByLabel('Scrivi di nuovo la password').fill('il mio orto sul balcone');
  await them.getByRole('button', { name: "Crea l'account ed entra" }).click();
  await expect(them).toHaveURL(/\/staff$/);
  await expect(them.locator('#staff-name')).toHaveText('Sara');
  await expect(them.locator('#staff-hubs')).toHaveText('Polo civico Municipio VIII (Roma)');

  // The link worked once.
  const again = await theirs.newPage();
  await again.goto(url);
  await expect(again.locator('.notice-error')).toContainText('è già stato usato');

  // The coordinator deactivates her: her next request finds her logged out.
  await page.reload();
  const row = page.locator(`.person[data-email="${email}"]`);
  await expect(row).toContainText('Attivo');
  await row.getByRole('button', { name: 'Disattiva' }).click();
  await expect(row).toContainText('Disattivato');
  await them.reload();
  await expect(them.getByRole('button', { name: 'Accedi' })).toBeVisible();
  await theirs.close();
});

test('logged in once, a volunteer sees who and until when offline; a logout offline forgets it all and ends the session once back', async ({ page }) => {
  const server = new OwnServer(ownPort(11, test.info().parallelIndex));
  await server.start();
  await page.goto(`${server.url}/staff`);
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
  await page.getByLabel('Indirizzo e-mail').fill(VOLUNTEER);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await expect(page.locator('#staff-name')).toHaveText('Marco');
  await controlled(page);
  await expect(page.locator('#staff-name')).toHaveText('Marco');
  await expect.poll(() => staffRecords(page).then((r) => JSON.stringify(r))).toContain('Marco');

  await server.stop();
  await page.reload();
  await expect(page.locator('#staff-name')).toHaveText('Marco');
  await expect(page.locator('#staff-until')).toContainText(inFourteenDays());
  await expect(page.locator('#staff-notice')).toContainText('Senza connessione');

  await page.getByRole('button', { name: 'Esci' }).click();
  await expect(page.locator('#staff-notice')).toContainText('Sei uscito');
  expect(await staffRecords(page)).toEqual([]);
  expect(await page.evaluate(() => localStorage.getItem('civico-staff-logout-pending'))).toBe('1');
  await page.reload();
  await expect(page.getByRole('button', { name: 'Accedi' })).toBeVisible();

  // Back online (same database, so the session row is still there): the pending logout
  // reaches the server, and the cookie opens nothing any more.
  await server.start({ keepData: true });
  await page.reload();
  await expect(page.getByRole('button', { name: 'Accedi' })).toBeVisible();
  await expect.poll(() => page.evaluate(() => localStorage.getItem('civico-staff-logout-pending'))).toBeNull();
  const me = await page.evaluate(async () =>
    (await fetch('/api/staff/me', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).text());
  expect(me).toBe('null');
  expect(await staffRecords(page)).toEqual([]);
});

test("a volunteer's desk shows who registered at the hub, offline too, and nothing of it is left after logout", async ({ page, browser }) => {
  const server = new OwnServer(ownPort(11, test.info().parallelIndex));
  await server.start();
  // A resident signs up on their own phone for the digital help point at Municipio VII.
  const phone = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const resident = await phone.newPage();
  await resident.goto(`${server.url}/activities/5`);
  await expect(resident.locator('html[data-hydrated="true"]')).toHaveCount(1);
  await resident.getByRole('radio').first().check();
  const session = await resident.getByRole('radio').first().getAttribute('value');
  await resident.getByLabel('Nome o soprannome').fill('Giovanna Desk');
  await resident.getByLabel("Ho letto e sono d'accordo").check();
  await resident.getByRole('button', { name: 'Iscrivimi' }).click();
  await expect(resident.locator('.sign-up-section .my-registration .status')).toHaveText('Confermata', { timeout: 30_000 });
  await phone.close();

  // The volunteer's tablet.
  await page.goto(`${server.url}/staff`);
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
  await page.getByLabel('Indirizzo e-mail').fill(VOLUNTEER);
  await page.getByLabel('Password').fill(PASSWORD);
  await page.getByRole('button', { name: 'Accedi' }).click();
  await page.getByRole('link', { name: /Apri lo sportello: Polo civico Municipio VII/ }).click();
  const card = page.locator(`.desk-session[data-session="${session}"]`);
  await expect(card).toContainText('Giovanna Desk');
  await expect(card.locator('.desk-counts')).toHaveText('1 iscritto · 7 posti liberi');
  await expect(page.locator('#desk-as-of')).toBeVisible();
  await expectAccessible(page);

  // No signal: the desk is read from the device.
  await controlled(page);
  await server.stop();
  await page.reload();
  await expect(card).toContainText('Giovanna Desk');
  await expect(page.locator('#desk-notice')).toContainText('Senza connessione');

  await page.getByRole('link', { name: 'Area operatori' }).first().click();
  await page.getByRole('button', { name: 'Esci' }).click();
  await expect(page.locator('#staff-notice')).toContainText('Sei uscito');
  expect(await foundOnDevice(page, 'Giovanna Desk')).toEqual([]);
  expect(await foundOnDevice(page, VOLUNTEER)).toEqual([]);
  // And the desk shows nothing to whoever picks the tablet up next.
  await page.goto(`${server.url}/staff/desk/1`).catch(() => {});
  await expect(page.locator('.notice-error')).toContainText("accedi dall'area operatori");
  await expect(page.locator('body')).not.toContainText('Giovanna Desk');
});
