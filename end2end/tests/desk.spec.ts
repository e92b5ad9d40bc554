import { test, expect, expectAccessible, controlled } from './fixtures/app';
import { OwnServer, civicoCommand, ownPort } from './fixtures/server';
import { foundOnDevice } from './fixtures/device';
import { MILAN_VOLUNTEER, VOLUNTEER, callStaff, firstOpenSession, logIn, newMutationId, nextWeekdayMorning, registerAt } from './fixtures/staff';

type Page = import('@playwright/test').Page;

/** A server of the test's own, and the volunteer's tablet on the desk's day, logged in
 *  at hub 1's desk with the server's copy shown. */
async function atTheDesk(page: Page): Promise<OwnServer> {
  const server = new OwnServer(ownPort(12, test.info().parallelIndex));
  await server.start();
  await page.clock.install({ time: nextWeekdayMorning() });
  await logIn(page, server.url, VOLUNTEER);
  await page.getByRole('link', { name: /Apri lo sportello: Polo civico Municipio VII/ }).click();
  await expect(page.locator('#desk-as-of')).toBeVisible();
  return server;
}

/** The same, with the service worker in control; then the server stops: no signal. */
async function atTheDeskOffline(page: Page): Promise<OwnServer> {
  const server = await atTheDesk(page);
  await controlled(page);
  await expect(page.locator('#desk-as-of')).toBeVisible();
  await server.stop();
  return server;
}

test('with no signal at the desk, three registered and one checked in reach the server once; another hub sees and changes none of it', async ({ page, browser }) => {
  // A long story (a server of its own, two devices, many steps): over 30 s with the other worker busy.
  test.setTimeout(90_000);
  const server = await atTheDeskOffline(page);
  const card = firstOpenSession(page);
  const session = await card.getAttribute('data-session');
  // Consent is read aloud and confirmed: without it nothing is saved.
  await card.getByRole('button', { name: 'Registra una persona' }).click();
  const form = card.locator('.desk-sign-up');
  await form.getByLabel('Nome o soprannome').fill('Anna Desk');
  await form.getByRole('button', { name: 'Registra', exact: true }).click();
  await expect(form.locator('.field-error').last()).toContainText('Consenso');
  await expect(card.locator('.desk-person', { hasText: 'Anna Desk' })).toHaveCount(0);
  await form.getByLabel("La persona ha ascoltato ed è d'accordo").check();
  await form.getByRole('button', { name: 'Registra', exact: true }).click();
  await expect(card.locator('.desk-person', { hasText: 'Anna Desk' })).toContainText('da inviare');
  await registerAt(card, 'Bruno Desk');
  await registerAt(card, 'Carla Desk');
  // Two people walk in to a session of today.
  const today = page.locator('.desk-session').filter({ has: page.locator('.desk-walk-in-form') }).first();
  await today.getByLabel('Persone arrivate senza iscrizione').fill('2');
  await today.getByLabel('È la prima volta che vengono in sede').check();
  await today.getByRole('button', { name: 'Segna ingresso' }).click();
  await expect(today.locator('.desk-present')).toHaveText('Presenti: 2');
  await expect(page.locator('#desk-unsent')).toHaveText('4 modifiche da inviare');
  await expectAccessible(page);

  // The tablet restarts, still with no signal: all of it is still there.
  await page.reload();
  await expect(card.locator('.desk-person', { hasText: 'Carla Desk' })).toContainText('da inviare');
  await expect(page.locator('#desk-unsent')).toHaveText('4 modifiche da inviare');

  // The server is back: the outbox drains and the desk shows the server's copy.
  await server.start({ keepData: true });
  await page.reload();
  await expect(page.locator('#desk-unsent')).toHaveCount(0, { timeout: 30_000 });
  await expect(card.locator('.desk-person', { hasText: 'Anna Desk' })).not.toContainText('da inviare');
  await expect(today.locator('.desk-present')).toHaveText('Presenti: 2');
  const held = await callStaff(page, 'staff/desk', { hub: 1 });
  expect(held.status).toBe(200);
  const ours = held.body.registrations.filter((r: any) => String(r.name).endsWith(' Desk'));
  expect(ours.map((r: any) => r.name).sort()).toEqual(['Anna Desk', 'Bruno Desk', 'Carla Desk']);
  expect(ours.every((r: any) => r.session === session)).toBe(true);
  const walkIns = held.body.check_ins.filter((c: any) => !c.registration);
  expect(walkIns.map((c: any) => [c.party, c.first_time])).toEqual([[2, true]]);

  // A volunteer of a Milan hub, on their own phone: not through the screens…
  const phone = await browser.newContext({ locale: 'it-IT', timezoneId: 'Europe/Rome' });
  const milan = await phone.newPage();
  await logIn(milan, server.url, MILAN_VOLUNTEER);
  await milan.goto(`${server.url}/staff/desk/1`);
  await expect(milan.locator('.notice-error')).toContainText('non lavora in questa sede');
  await expect(milan.locator('body')).not.toContainText('Anna Desk');
  // …nor by calling the server directly.
  expect((await callStaff(milan, 'staff/desk', { hub: 1 })).status).toBe(403);
  const me = (await callStaff(milan, 'staff/me', {})).body.account.id;
  const anna = ours.find((r: any) => r.name === 'Anna Desk').id;
  const id = await newMutationId(milan);
  const cancel = await callStaff(milan, 'sync/push', { mutations: [{ id, type: 'desk_cancel', account: me, registration: anna }] });
  expect(cancel.status).toBe(403);
  await phone.close();
  const still = await callStaff(page, 'staff/desk', { hub: 1 });
  expect(still.body.registrations.filter((r: any) => r.name === 'Anna Desk')).toHaveLength(1);

  // Logging out leaves nothing personal on the tablet.
  await page.getByRole('link', { name: 'Area operatori' }).first().click();
  await page.getByRole('button', { name: 'Esci' }).click();
  await expect(page.locator('#staff-notice')).toContainText('Sei uscito');
  for (const name of ['Anna Desk', 'Bruno Desk', 'Carla Desk', VOLUNTEER]) {
    expect(await foundOnDevice(page, name), name).toEqual([]);
  }
});

test('logging out with desk changes not sent warns first, sends them on request, then leaves nothing', async ({ page }) => {
  const server = await atTheDeskOffline(page);
  await registerAt(firstOpenSession(page), 'Dario Logout');
  await expect(page.locator('#desk-unsent')).toHaveText('1 modifica da inviare');

  await page.getByRole('link', { name: 'Area operatori' }).first().click();
  await page.getByRole('button', { name: 'Esci' }).click();
  const warning = page.locator('#logout-warning');
  await expect(warning).toContainText('1 modifica da inviare');
  await expect(page.locator('#staff-name')).toBeVisible();
  await expectAccessible(page);

  // Sending needs the server: once it is back, the warning goes and logging out is plain.
  await server.start({ keepData: true });
  await warning.getByRole('button', { name: 'Invia adesso' }).click();
  await expect(warning).toHaveCount(0, { timeout: 30_000 });
  await page.getByRole('button', { name: 'Esci' }).click();
  await expect(page.locator('#staff-notice')).toContainText('Sei uscito');
  expect(await foundOnDevice(page, 'Dario Logout')).toEqual([]);

  // The registration reached the hub.
  await logIn(page, server.url, VOLUNTEER);
  const held = await callStaff(page, 'staff/desk', { hub: 1 });
  expect(held.body.registrations.filter((r: any) => r.name === 'Dario Logout')).toHaveLength(1);
});

test('a volunteer deactivated while offline is told which desk changes were turned down, and why, with no name left on the tablet', async ({ page }) => {
  const server = await atTheDeskOffline(page);
  await registerAt(firstOpenSession(page), 'Elena Gone');
  await expect(page.locator('#desk-unsent')).toHaveText('1 modifica da inviare');

  // Meanwhile the tablet is reported lost and the account deactivated.
  civicoCommand(server.db, ['user', 'deactivate', '--email', VOLUNTEER]);
  await server.start({ keepData: true });
  await page.reload();
  // The login has ended ("…scaduto o è stato chiuso: accedi di nuovo", then, once the
  // device has forgotten it, "…accedi dall'area operatori"): the desk shows nothing.
  await expect(page.locator('.notice-error')).toContainText(/accedi/);
  await expect(page.locator('.desk-session')).toHaveCount(0);

  await page.goto(`${server.url}/staff`);
  // Nobody is logged in on the tablet now: what was turned down and why, never whose.
  const problems = page.locator('.desk-problems');
  await expect(problems).toContainText('è stato disattivato prima', { timeout: 30_000 });
  await expect(problems.locator('li')).toHaveCount(1);
  await expect(problems).toContainText('Registrazione');
  await expect(problems).not.toContainText('Elena Gone');
  expect(await foundOnDevice(page, 'Elena Gone')).toEqual([]);
  await expect(page.getByRole('button', { name: 'Accedi' })).toBeVisible();
  await expectAccessible(page);
  await problems.getByRole('button', { name: 'Ho letto' }).click();
  await expect(problems).toHaveCount(0);

  // Nothing of it reached the hub.
  await logIn(page, server.url, 'coordinatrice.roma@civico.example.org');
  const held = await callStaff(page, 'staff/desk', { hub: 1 });
  expect(held.body.registrations.filter((r: any) => r.name === 'Elena Gone')).toHaveLength(0);
});

test('registering one person after another online: what is being typed survives the redraws the sending brings', async ({ page }) => {
  await atTheDesk(page);
  const card = firstOpenSession(page);
  const form = card.locator('.desk-sign-up');
  for (const name of ['Rosa Online', 'Ahmed Online', 'Lina Online']) {
    // No waiting between them: each save sends at once, and the desk is drawn again.
    await card.getByRole('button', { name: 'Registra una persona' }).click();
    const field = form.getByLabel('Nome o soprannome');
    await field.pressSequentially(name, { delay: 40 });
    await expect(field).toHaveValue(name);
    await expect(field).toBeFocused();
    await form.getByLabel("La persona ha ascoltato ed è d'accordo").check();
    await form.getByRole('button', { name: 'Registra', exact: true }).click();
    await expect(card.getByRole('button', { name: 'Registra una persona' })).toBeFocused();
  }
  for (const name of ['Rosa Online', 'Ahmed Online', 'Lina Online']) {
    await expect(card.locator('.desk-person', { hasText: name })).not.toContainText('da inviare', { timeout: 30_000 });
  }
  await expect(card.locator('.desk-person', { hasText: 'Online' })).toHaveCount(3);
});
