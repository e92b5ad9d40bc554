import { test, expect, expectAccessible, expectNoHorizontalScroll, controlled } from './fixtures/app';
import { OwnServer, ownPort } from './fixtures/server';
import { foundOnDevice } from './fixtures/device';
import { VOLUNTEER, callStaff, logIn } from './fixtures/staff';

type Page = import('@playwright/test').Page;

const COORDINATOR = 'coordinatrice.roma@civico.example.org';
const PIN = '271828';

/** Logs the coordinator in on `page` (unless `loggedIn`) and makes it hub 1's kiosk; ends
 *  on its attract screen. */
async function enrol(page: Page, url: string, label = 'Tablet in portineria', loggedIn = false) {
  if (!loggedIn) await logIn(page, url, COORDINATOR);
  await page.goto(`${url}/staff/hub/1`);
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
  const form = page.locator('#kiosk-enrol');
  await expect(page.locator('#kiosks .loading')).toHaveCount(0);
  await form.getByLabel('Nome del chiosco').fill(label);
  await form.getByLabel('PIN per uscire').fill(PIN);
  await form.getByLabel('Ripeti il PIN').fill(PIN);
  await form.getByRole('button', { name: 'Attiva il chiosco su questo dispositivo' }).click();
  await page.waitForURL(/\/staff\/kiosk\/1$/);
  await expect(page.locator('#kiosk-start')).toBeVisible({ timeout: 20_000 });
}

/** Everything typed text could still be in the page: its markup and the fields' values. */
/** From the kiosk's menu: a visitor asks for help with `topic`, giving their first name. */
async function askForHelp(page: Page, name: string, topic: string) {
  await page.locator('#tile-help').click();
  await page.locator('#help-name').fill(name);
  await page.locator(`label[for="help-topic-${topic}"]`).click();
  await page.locator('#kiosk-help-send').click();
}

async function inPage(page: Page, needle: string): Promise<boolean> {
  return page.evaluate((needle) => {
    const values = [...document.querySelectorAll('input, textarea')].map((e) => (e as HTMLInputElement).value);
    return document.documentElement.outerHTML.includes(needle) || values.some((v) => v.includes(needle));
  }, needle);
}

test('a coordinator enrols the kiosk; a visitor reads a guide in Arabic, searches, walks away, and the kiosk forgets them', async ({ page }) => {
  // A long story (enrolment, PBKDF2 at each PIN try, reloads): over 30 s with the other worker busy.
  test.setTimeout(90_000);
  await page.clock.install();
  // Refusals first: the PIN is checked on the device before anything is asked of the server.
  await logIn(page, '', COORDINATOR);
  await page.goto('/staff/hub/1');
  const form = page.locator('#kiosk-enrol');
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
  await form.getByLabel('PIN per uscire').fill('123456');
  await form.getByLabel('Ripeti il PIN').fill('123456');
  await form.getByRole('button', { name: 'Attiva il chiosco su questo dispositivo' }).click();
  await expect(page.locator('#kiosk-enrol-error')).toContainText('si indovina subito');
  await form.getByLabel('PIN per uscire').fill(PIN);
  await form.getByLabel('Ripeti il PIN').fill('271829');
  await form.getByRole('button', { name: 'Attiva il chiosco su questo dispositivo' }).click();
  await expect(page.locator('#kiosk-enrol-error')).toHaveText('I due PIN non sono uguali.');
  await expect(page).toHaveURL(/\/staff\/hub\/1$/);

  await enrol(page, '', 'Tablet in portineria', true);
  // Kiosk mode: nothing leads out (the site's header and footer are hidden, the screens
  // have no link); the coordinator's login ended on the device.
  await expect(page.locator('.site-header')).toBeHidden();
  await expect(page.locator('.site-footer')).toBeHidden();
  await expect(page.locator('a:visible')).toHaveCount(0);
  expect((await callStaff(page, 'staff/me', {})).body).toBeNull();
  expect(await page.evaluate(() => localStorage.getItem('civico-kiosk'))).not.toContain(PIN);
  // Another address of the site comes back to the kiosk.
  await page.goto('/services');
  await page.waitForURL(/\/staff\/kiosk\/1$/);
  await expect(page.locator('#kiosk-start')).toBeVisible();
  await expectAccessible(page);

  await page.locator('#kiosk-start').click();
  await expect(page.getByRole('heading', { level: 1, name: 'Come possiamo aiutarti?' })).toBeVisible();
  await expectAccessible(page);
  await page.locator('#tile-guides').click();
  await page.getByLabel('Cerca una guida').fill('spid');
  const spid = page.locator('#kiosk-guides button', { hasText: 'Ottenere lo SPID' });
  await expect(spid).toHaveCount(1);
  await spid.click();
  await expect(page.getByRole('heading', { level: 1, name: 'Ottenere lo SPID' })).toBeVisible();
  expect(await page.locator('.kiosk-steps li').count()).toBeGreaterThan(2);
  await expect(page.locator('#kiosk-read'), 'no voice in this browser: no read-aloud button').toHaveCount(0);

  // Arabic: the whole document turns right to left, the guide is in Arabic, nothing overflows.
  await page.setViewportSize({ width: 360, height: 740 });
  await page.getByRole('button', { name: 'العربية' }).click();
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.getByRole('heading', { level: 1, name: 'الحصول على SPID' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'رجوع' })).toBeVisible();
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  await page.locator('#kiosk-contrast').click();
  await expect(page.locator('#kiosk')).toHaveClass(/kiosk-contrast/);
  await expectAccessible(page);
  await page.locator('#kiosk-large').click();
  await expectNoHorizontalScroll(page);

  // Asking a volunteer for help while the server is out of reach: the request waits in
  // the outbox. A missing name, then a missing "what", are said by their fields.
  await page.context().route('**/api/sync/push', (route) => route.abort());
  await page.locator('#kiosk-back').click();
  await page.locator('#kiosk-back').click();
  await page.locator('#tile-help').click();
  await expect(page.getByRole('heading', { level: 1, name: 'اطلب المساعدة' })).toBeVisible();
  await page.locator('#kiosk-help-send').click();
  await expect(page.locator('#help-topic-problem')).toHaveText('اختر أحد الخيارات أعلاه.');
  await page.locator('label[for="help-topic-other"]').click();
  await page.locator('#kiosk-help-send').click();
  await expect(page.locator('#help-name-problem')).toHaveText('اكتب اسمك الأول.');
  await expect(page.locator('#help-name')).toBeFocused();
  await expect(page.locator('#help-name')).toHaveAttribute('aria-invalid', 'true');
  const visitor = 'Zenobia';
  const need = 'Stampare il biglietto Quarantasette';
  await page.locator('#help-name').fill(visitor);
  await page.locator('#kiosk-help-send').click();
  await expect(page.locator('#help-details-problem')).toHaveText('اكتب بكلمات قليلة ما تحتاجه.');
  await page.locator('#help-details').fill(need);
  await expectNoHorizontalScroll(page);
  await expectAccessible(page);
  await page.locator('#kiosk-help-send').click();
  await expect(page.locator('#kiosk-help-sent')).toContainText(visitor);
  expect(await foundOnDevice(page, need)).toEqual(['indexeddb:outbox']);
  await page.locator('#kiosk-help-back').click();

  // The services nearby, searched in the hub's city; then a search that finds nothing.
  await page.locator('#tile-services').click();
  await expect(page.locator('#kiosk-services li').first()).toBeVisible();
  const typed = 'Zebedeo Quarantadue';
  await page.getByLabel('عمّ تبحث؟').fill(typed);
  await expect(page.locator('.kiosk-screen .empty')).toBeVisible();
  expect(await inPage(page, typed)).toBe(true);

  // Nobody touches it: "still there?", then "continue" keeps the visit.
  await page.clock.fastForward(91_000);
  const dialog = page.getByRole('alertdialog');
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('هل ما زلت هنا؟');
  await page.locator('#kiosk-continue').click();
  await expect(dialog).toHaveCount(0);
  await expect(page.getByLabel('عمّ تبحث؟')).toHaveValue(typed);
  // Then nobody at all: the countdown runs out and the kiosk starts again, forgetting them.
  await page.clock.fastForward(91_000);
  await expect(dialog).toBeVisible();
  await page.clock.fastForward(21_000);
  await expect(page.locator('#kiosk-start')).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
  await expect(page.locator('#kiosk')).not.toHaveClass(/kiosk-contrast|kiosk-large/);
  expect(await inPage(page, typed)).toBe(false);
  expect(await foundOnDevice(page, typed)).toEqual([]);
  expect(await foundOnDevice(page, 'Zebedeo')).toEqual([]);
  // The help request is nowhere but in its unsent outbox row.
  expect(await inPage(page, visitor)).toBe(false);
  expect(await inPage(page, need)).toBe(false);
  expect(await foundOnDevice(page, visitor)).toEqual(['indexeddb:outbox']);
  expect(await foundOnDevice(page, need)).toEqual(['indexeddb:outbox']);
  // Sent once the server is reachable again, it leaves the device.
  await page.context().unroute('**/api/sync/push');
  await page.clock.fastForward(300_000);
  await expect.poll(() => foundOnDevice(page, visitor), { timeout: 20_000 }).toEqual([]);
  // The next visitor finds the menu in Italian and an empty search.
  await page.locator('#kiosk-start').click();
  await page.locator('#tile-services').click();
  await expect(page.getByLabel('Cosa cerchi?')).toHaveValue('');
});

test('leaving kiosk mode takes the PIN, slows down after wrong ones, and a revoked kiosk stops', async ({ page, browser }) => {
  // A long story (enrolment, PBKDF2 at each PIN try, reloads): over 30 s with the other worker busy.
  test.setTimeout(90_000);
  await page.clock.install();
  // Its own label: the coordinator below switches off this kiosk, not one that another
  // run of this test (`--repeat-each`) enrolled at the same hub at the same time.
  const label = `Kiosk to leave ${test.info().repeatEachIndex}-${Date.now() % 1_000_000}`;
  await enrol(page, '', label);
  await page.locator('#kiosk-start').click();
  await page.locator('#kiosk-staff').click();
  const pin = page.getByLabel('PIN', { exact: true });
  const message = page.locator('#kiosk-pin-message');
  for (let i = 0; i < 3; i++) {
    await pin.fill(`00000${i}`);
    await page.locator('#kiosk-leave').click();
    await expect(message).toHaveText('PIN sbagliato.');
    await expect(pin).toHaveValue('');
  }
  await pin.fill('999999');
  await page.locator('#kiosk-leave').click();
  await expect(message).toContainText('riprova tra 30 secondi');
  // The wait holds across a reload, and for the right PIN too.
  await page.reload();
  await page.locator('#kiosk-start').click();
  await page.locator('#kiosk-staff').click();
  await pin.fill(PIN);
  await page.locator('#kiosk-leave').click();
  await expect(message).toContainText('Troppi tentativi');
  await expect(page).toHaveURL(/\/staff\/kiosk\/1$/);
  await page.clock.fastForward(31_000);
  await pin.fill(PIN);
  await page.locator('#kiosk-leave').click();
  await page.waitForURL(/\/staff$/);
  await expect(page.getByLabel('Indirizzo e-mail')).toBeVisible();
  // Left, the device is an ordinary one; its kiosk page offers to resume.
  await page.goto('/services');
  await expect(page).toHaveURL(/\/services$/);
  await page.goto('/staff/kiosk/1');
  await page.locator('#kiosk-resume').click();
  await expect(page.locator('#kiosk-start')).toBeVisible();
  // A visitor's request is still unsent (the push cut) when the kiosk is switched off.
  await page.context().route('**/api/sync/push', (route) => route.abort());
  await page.locator('#kiosk-start').click();
  await askForHelp(page, 'Ottavia', 'school');
  await expect(page.locator('#kiosk-help-sent')).toContainText('Ottavia');
  expect(await foundOnDevice(page, 'Ottavia')).toEqual(['indexeddb:outbox']);

  // A coordinator on another device switches it off: the kiosk says so and forgets it is one.
  const other = await browser.newContext();
  const coordinator = await other.newPage();
  await logIn(coordinator, test.info().project.use.baseURL!, COORDINATOR);
  const kiosks = (await callStaff(coordinator, 'staff/kiosks', { hub: 1 })).body;
  const mine = kiosks.find((k: any) => k.label === label && !k.revoked);
  expect((await callStaff(coordinator, 'staff/revoke_kiosk', { hub: 1, kiosk: mine.id })).status).toBe(200);
  await other.close();
  await page.reload();
  await expect(page.getByRole('heading', { name: 'Questo chiosco è stato disattivato da chi coordina il polo.' })).toBeVisible();
  expect(await page.evaluate(() => [localStorage.getItem('civico-kiosk'), localStorage.getItem('civico-kiosk-home')])).toEqual([null, null]);
  // Its unsent request can go nowhere now: no visitor's name stays on the device.
  expect(await foundOnDevice(page, 'Ottavia')).toEqual([]);
});

test('a guide is read aloud where the browser has a voice for its language', async ({ page }) => {
  // A browser with an Italian voice only (headless Chromium has none): the Web Speech API,
  // recording what it is asked to say.
  await page.addInitScript(() => {
    const spoken: string[] = [];
    (window as any).__spoken = spoken;
    const synth = new EventTarget() as any;
    synth.getVoices = () => [{ lang: 'it-IT', name: 'Voce di prova' }];
    synth.speak = (u: SpeechSynthesisUtterance) => { spoken.push(`${u.lang}|${u.text}`); };
    synth.cancel = () => {};
    Object.defineProperty(window, 'speechSynthesis', { value: synth });
  });
  await enrol(page, '', 'Kiosk that reads');
  await page.locator('#kiosk-start').click();
  await page.locator('#tile-guides').click();
  await page.locator('#kiosk-guides button', { hasText: 'Ottenere lo SPID' }).click();
  await page.locator('#kiosk-read').click();
  const spoken: string[] = await page.evaluate(() => (window as any).__spoken);
  expect(spoken[0]).toBe('it|Ottenere lo SPID');
  expect(spoken.length).toBe(1 + (await page.locator('.kiosk-steps li').count()));
  await expect(page.locator('#kiosk-stop-reading')).toBeVisible();
  await page.locator('#kiosk-stop-reading').click();
  await expect(page.locator('#kiosk-read')).toBeVisible();
  // No Arabic voice: no button in Arabic.
  await page.getByRole('button', { name: 'العربية' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'الحصول على SPID' })).toBeVisible();
  await expect(page.locator('#kiosk-read')).toHaveCount(0);
});

test('an enrolled kiosk works with the server gone, keeps a help request until the server is back, and a volunteer takes it', async ({ page }) => {
  // A long story (a server stopped and started again, a second browser for the volunteer).
  test.setTimeout(90_000);
  const server = new OwnServer(ownPort(13, test.info().parallelIndex));
  await server.start();
  await enrol(page, server.url, 'Kiosk offline');
  await controlled(page);
  await expect(page.locator('#kiosk-start')).toBeVisible();
  await server.stop();
  await page.reload();
  await page.locator('#kiosk-start').click();
  await expect(page.locator('.kiosk-offline')).toContainText('Senza connessione', { timeout: 20_000 });
  await page.locator('#tile-guides').click();
  await expect(page.locator('#kiosk-guides li')).not.toHaveCount(0);
  await page.locator('#kiosk-guides button', { hasText: 'Pagare un avviso pagoPA' }).click();
  await expect(page.locator('.kiosk-steps li').first()).toBeVisible();
  await page.locator('#kiosk-back').click();
  await page.locator('#kiosk-back').click();
  await page.locator('#tile-week').click();
  await expect(page.locator('.kiosk-day').first()).toBeVisible();
  await expectAccessible(page);

  // A visitor asks for help with the server gone: the kiosk keeps the request and says so.
  await page.locator('#kiosk-back').click();
  await askForHelp(page, 'Teodora', 'digital_id');
  await expect(page.locator('#kiosk-help-sent')).toContainText('Grazie, Teodora.');
  await expect(page.locator('.kiosk-offline-note')).toContainText('salvata qui');
  expect(await foundOnDevice(page, 'Teodora')).toEqual(['indexeddb:outbox']);
  // The server comes back: the kiosk sends it at its next try, and it leaves the device.
  await server.start({ keepData: true });
  await expect.poll(() => foundOnDevice(page, 'Teodora'), { timeout: 45_000 }).toEqual([]);
  expect(server.query("SELECT count(*) FROM help_requests WHERE name = 'Teodora'")).toBe('1');

  // A volunteer of the hub sees it on the desk, once, takes it and closes it.
  const desk = await page.context().browser()!.newContext();
  const volunteer = await desk.newPage();
  await logIn(volunteer, server.url, VOLUNTEER);
  await volunteer.goto(`${server.url}/staff/desk/1`);
  const waiting = volunteer.locator('#help-waiting li', { hasText: 'Teodora' });
  await expect(waiting).toHaveCount(1, { timeout: 20_000 });
  await expect(waiting).toContainText('SPID e carta d\'identità elettronica');
  await expect(waiting).toContainText('Nessuno se ne occupa ancora');
  await expectAccessible(volunteer);
  await waiting.getByRole('button', { name: 'Me ne occupo io' }).click();
  await expect(volunteer.locator('#help-notice')).toHaveText('Teodora: te ne occupi tu');
  await expect(waiting).toContainText('te ne occupi tu');
  await waiting.getByRole('button', { name: 'Fatto' }).click();
  await expect(volunteer.locator('#help-waiting li', { hasText: 'Teodora' })).toHaveCount(0);
  await expect(volunteer.locator('.help-done summary')).toContainText('Chiuse nelle ultime ore (1)');
  expect(server.query("SELECT status FROM help_requests WHERE name = 'Teodora'")).toBe('done');
  await desk.close();
});
