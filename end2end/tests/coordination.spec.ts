import * as fs from 'node:fs';
import { test, expect, expectAccessible } from './fixtures/app';
import { OwnServer, civicoCommand, ownPort } from './fixtures/server';
import { foundOnDevice } from './fixtures/device';
import { VOLUNTEER, callStaff, firstOpenSession, logIn, newMutationId, nextWeekdayMorning } from './fixtures/staff';

type Page = import('@playwright/test').Page;
type Locator = ReturnType<Page['locator']>;

const COORDINATOR = 'coordinatrice.roma@civico.example.org';

/** Registers `name` at the session `card` through the desk's form, online, and waits
 *  until the server has placed it. */
async function registerOnline(card: Locator, name: string, contact?: string) {
  await card.getByRole('button', { name: 'Registra una persona' }).click();
  const form = card.locator('.desk-sign-up');
  await form.getByLabel('Nome o soprannome').fill(name);
  if (contact) {
    await form.getByLabel('Vuole essere avvisato di cambiamenti').check();
    await form.getByLabel('Telefono o e-mail').fill(contact);
  }
  await form.getByLabel("La persona ha ascoltato ed è d'accordo").check();
  await form.getByRole('button', { name: 'Registra', exact: true }).click();
  const person = card.locator('.desk-person', { hasText: name });
  await expect(person).toHaveCount(1);
  await expect(person).not.toContainText('da inviare', { timeout: 30_000 });
}

/** The numbers of a session's row in the attendance table: registered, waiting, came
 *  registered, walk-ins, first visit, present. */
async function numbers(row: Locator): Promise<number[]> {
  return (await row.locator('td.num').allTextContents()).map(Number);
}

test('a coordinator tells people about a moved session, reports the month and erases a person, which also leaves the volunteer\'s tablet', async ({ page, browser }) => {
  // A long story (a server of its own, two devices, many steps): over 30 s with the other worker busy.
  test.setTimeout(90_000);
  const server = new OwnServer(ownPort(10, test.info().parallelIndex));
  await server.start();
  const morning = nextWeekdayMorning();
  await page.clock.install({ time: morning });

  // At the desk, online: two people registered, one with a contact, and three walk-ins.
  await logIn(page, server.url, VOLUNTEER);
  await page.getByRole('link', { name: /Apri lo sportello: Polo civico Municipio VII/ }).click();
  await expect(page.locator('#desk-as-of')).toBeVisible();
  const card = firstOpenSession(page);
  const session = (await card.getAttribute('data-session'))!;
  await registerOnline(card, 'Giulia Avvisi', '333 765 4321');
  await registerOnline(card, 'Ettore Cancella');
  const today = page.locator('.desk-session').filter({ has: page.locator('.desk-walk-in-form') }).first();
  const walkInSession = (await today.getAttribute('data-session'))!;
  await today.getByLabel('Persone arrivate senza iscrizione').fill('3');
  await today.getByLabel('È la prima volta che vengono in sede').check();
  await today.getByRole('button', { name: 'Segna ingresso' }).click();
  await expect(page.locator('#desk-unsent')).toHaveCount(0, { timeout: 30_000 });
  await expect(today.locator('.desk-present')).toContainText('3');
  // Giulia is checked in from two devices at once (this tablet and a colleague's phone).
  const held = (await callStaff(page, 'staff/desk', { hub: 1 })).body;
  const giulia = held.registrations.find((r: any) => r.name === 'Giulia Avvisi').id;
  const me = (await callStaff(page, 'staff/me', {})).body.account.id;
  const checkIn = async () => ({ id: await newMutationId(page), type: 'check_in', account: me, session, registration: giulia, party: 1, first_time: false });
  expect((await callStaff(page, 'sync/push', { mutations: [await checkIn(), await checkIn()] })).status).toBe(200);

  // The coordinator, at the office: nobody to contact yet, and the month's numbers.
  const office = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome', acceptDownloads: true });
  const coord = await office.newPage();
  await coord.clock.install({ time: morning });
  await logIn(coord, server.url, COORDINATOR);
  await coord.getByRole('link', { name: 'Coordina: Polo civico Municipio VII', exact: true }).click();
  await expect(coord.locator('h1')).toHaveText('Coordinamento · Polo civico Municipio VII');
  await expect(coord.locator('#to-contact-none')).toBeVisible();
  const walkInRow = coord.locator(`#attendance-table tr[data-session="${walkInSession}"]`);
  await expect(walkInRow).toBeVisible();
  expect((await numbers(walkInRow)).slice(3)).toEqual([3, 3, (await numbers(walkInRow))[2] + 3]);
  const registeredRow = coord.locator(`#attendance-table tr[data-session="${session}"]`);
  expect((await numbers(registeredRow))[0]).toBeGreaterThanOrEqual(2);
  await expect(registeredRow.locator('.doubled')).toHaveText('1 iscrizione segnata presente due volte');
  await expectAccessible(coord);

  // The same numbers as a spreadsheet.
  const month = `${morning.getUTCFullYear()}-${String(morning.getUTCMonth() + 1).padStart(2, '0')}`;
  const [download] = await Promise.all([coord.waitForEvent('download'), coord.locator('#attendance-csv').click()]);
  expect(download.suggestedFilename()).toBe(`presenze-1-${month}.csv`);
  const csv = fs.readFileSync(await download.path(), 'utf8');
  expect(csv.startsWith('\ufeffData;Ora;Attività;Stato;Iscritti;')).toBe(true);
  const [, day, hour, minute] = walkInSession.match(/-(\d{8})T(\d\d)(\d\d)$/)!;
  const date = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`;
  const line = csv.split('\r\n').find((l) => l.startsWith(`${date};${hour}:${minute};`));
  expect(line, csv).toMatch(/;\d+;\d+;\d+;3;3;\d+$/);

  // Other months, and back.
  const monthName = await coord.locator('#month-name').textContent();
  await coord.getByRole('button', { name: 'Mese dopo' }).click();
  await expect(coord.locator('#month-name')).not.toHaveText(monthName!);
  await expect(coord.locator('#attendance-csv')).not.toHaveAttribute('href', new RegExp(`month=${month}$`));
  await expect(coord.locator(`#attendance-table tr[data-session="${walkInSession}"]`)).toHaveCount(0);
  await coord.getByRole('button', { name: 'Mese prima' }).click();
  await expect(coord.locator('#month-name')).toHaveText(monthName!);
  await expect(coord.locator('#attendance-csv')).toHaveAttribute('href', `/api/staff/attendance.csv?hub=1&month=${month}`);
  await expect(walkInRow).toBeVisible();

  // The activity moves an hour later: the people registered are to be told, with the contact they left.
  const activityId = session.split('-')[0];
  const doc = JSON.parse(civicoCommand(server.db, ['content', 'get', 'activity', activityId]));
  doc.body.schedule.start = doc.body.schedule.start.replace(/T(\d\d):/, (_: string, h: string) => `T${String(Number(h) + 1).padStart(2, '0')}:`);
  civicoCommand(server.db, ['content', 'put'], JSON.stringify(doc));
  await coord.reload();
  const entry = coord.locator('.to-contact-session').filter({ hasText: 'Giulia Avvisi' });
  await expect(entry).toContainText(`Spostata alle ${String(Number(session.slice(-4, -2)) + 1).padStart(2, '0')}:${session.slice(-2)}`);
  await expect(entry.getByRole('link', { name: '333 765 4321' })).toHaveAttribute('href', 'tel:3337654321');
  await expect(entry.locator('li', { hasText: 'Ettore Cancella' })).toContainText('nessun contatto lasciato');

  // Ettore asks for his data to be erased.
  await coord.getByLabel('Nome, telefono o e-mail').fill('e');
  await coord.getByRole('button', { name: 'Cerca' }).click();
  await expect(coord.locator('#erase-query-error')).toHaveText('Scrivi almeno 2 lettere o cifre.');
  await coord.getByLabel('Nome, telefono o e-mail').fill('ETTORE');
  await coord.getByRole('button', { name: 'Cerca' }).click();
  await expect(coord.locator('#erase-found li')).toHaveCount(1);
  await expect(coord.locator('#erase-found')).toContainText('Ettore Cancella');
  await coord.getByRole('button', { name: 'Cancella i dati selezionati' }).click();
  await expect(coord.locator('#erase-confirm')).toContainText('1 iscrizione');
  await coord.getByRole('button', { name: 'Sì, cancella per sempre' }).click();
  await expect(coord.locator('#erase-done')).toHaveText('Dati cancellati da 1 iscrizione. Iscrizioni future annullate: 1.');
  await expect(coord.locator('.to-contact-session').filter({ hasText: 'Giulia Avvisi' })).not.toContainText('Ettore');
  await expectAccessible(coord);
  await office.close();

  // The volunteer's tablet drops him at its next sync, without opening the desk again.
  expect(await foundOnDevice(page, 'Ettore Cancella')).not.toEqual([]);
  await page.goto(`${server.url}/`);
  await expect.poll(() => foundOnDevice(page, 'Ettore Cancella'), { timeout: 30_000 }).toEqual([]);
  expect(await foundOnDevice(page, 'Giulia Avvisi')).not.toEqual([]);

  // A volunteer cannot open the coordinator's page, and sees no name there.
  await page.goto(`${server.url}/staff/hub/1`);
  await expect(page.locator('#to-contact .notice-error')).toBeVisible();
  await expect(page.locator('#attendance .notice-error')).toBeVisible();
  await expect(page.locator('body')).not.toContainText('Giulia Avvisi');
});
