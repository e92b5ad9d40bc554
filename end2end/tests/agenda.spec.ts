import { test, expect, openHydrated, markWindow, expectSameDocument } from './fixtures/app';

test('agenda filter by category keeps only that kind of session', async ({ page, consoleErrors }) => {
  await openHydrated(page, '/agenda');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Agenda');
  await expect(page.locator('.session').first()).toBeVisible();
  const all = await page.locator('.session').count();
  expect(all).toBeGreaterThan(20);
  await markWindow(page);

  await page.getByLabel('Tipo').selectOption({ label: 'Aiuto digitale' });
  await page.getByRole('button', { name: 'Filtra' }).click();
  // Only the fields chosen: the ones left at "any" stay out of the address.
  await expect(page).toHaveURL(/\/agenda\?category=digital_help(&from=\d{4}-\d{2}-\d{2})?$/);
  await expect.poll(async () => [...new Set(await page.locator('.session .cat').allTextContents())]).toEqual(['Aiuto digitale']);
  expect(await page.locator('.session').count()).toBeLessThan(all);
  await expectSameDocument(page);

  // Audience and city combine with it, and the choice stays selected.
  await page.getByLabel('Per chi').selectOption({ label: 'Inquilini' });
  await page.getByLabel('Città').selectOption('Milano');
  await page.getByRole('button', { name: 'Filtra' }).click();
  await expect(page).toHaveURL(/audience=tenants/);
  await expect(page.getByLabel('Tipo')).toHaveValue('digital_help');
  await expect
    .poll(async () => {
      const wheres = await page.locator('.session .session-where').allTextContents();
      return wheres.length > 0 && wheres.every((w) => w.includes('Portineria'));
    })
    .toBe(true);
  expect(consoleErrors).toEqual([]);
});

test('agenda pages forward by a week, and through a busy week thirty sessions at a time', async ({ page, consoleErrors }) => {
  await openHydrated(page, '/agenda');
  await markWindow(page);
  const firstDay = await page.locator('.day h2').first().textContent();
  await page.getByRole('link', { name: 'Giorni successivi' }).click();
  await expect(page).toHaveURL(/from=\d{4}-\d{2}-\d{2}$/);
  await expect(page.locator('.day h2').first()).not.toHaveText(firstDay ?? '');
  const from = new URL(page.url()).searchParams.get('from');

  // Every city's week is more than a page: thirty sessions, then the next page, same week.
  const total = Number((await page.locator('.result-count').textContent())!.match(/^(\d+) risultati$/)![1]);
  expect(total, 'the demo week of every city fills more than a page').toBeGreaterThan(30);
  const pager = page.getByRole('navigation', { name: 'Pagine dei risultati' });
  const sessions = page.locator('.day .session');
  await expect(sessions).toHaveCount(30);
  await expect(pager).toContainText(`Pagina 1 di ${Math.ceil(total / 30)}`);
  const lastDayFirstPage = await page.locator('.day h2').last().textContent();
  await pager.getByRole('link', { name: 'Pagina successiva' }).click();
  await expect(page).toHaveURL(new RegExp(`from=${from}&page=2$`));
  await expect(pager).toContainText('Pagina 2 di');
  await expect(sessions).toHaveCount(Math.min(total - 30, 30));
  // The page starts where the last one stopped: on its last day, or the day after.
  const firstDaySecondPage = await page.locator('.day h2').first().textContent();
  const days = await page.locator('.day h2').allTextContents();
  expect(days.length).toBeGreaterThan(0);
  expect(firstDaySecondPage === lastDayFirstPage || !days.includes(lastDayFirstPage!)).toBe(true);
  await expectSameDocument(page);
  // The week links keep the filters and start again from the first page.
  await expect(page.getByRole('navigation', { name: 'Altre settimane' }).getByRole('link', { name: 'Giorni precedenti' })).toHaveAttribute('href', /^\/agenda\?from=\d{4}-\d{2}-\d{2}$/);
  expect(consoleErrors).toEqual([]);
});