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
  await expect(page).toHaveURL(/category=digital_help/);
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

test('agenda pages forward by a week', async ({ page }) => {
  await openHydrated(page, '/agenda');
  const firstDay = await page.locator('.day h2').first().textContent();
  await page.getByRole('link', { name: 'Giorni successivi' }).click();
  await expect(page).toHaveURL(/from=\d{4}-\d{2}-\d{2}/);
  await expect(page.locator('.day h2').first()).not.toHaveText(firstDay ?? '');
  await expect(page.locator('.day')).toHaveCount(7);
});
