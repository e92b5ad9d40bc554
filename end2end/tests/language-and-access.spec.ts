import { test, expect, openHydrated, expectAccessible, expectNoHorizontalScroll } from './fixtures/app';

test('the English switch translates the page and persists', async ({ page, consoleErrors }) => {
  await openHydrated(page, '/hubs/5');
  await page.getByRole('link', { name: 'English' }).click();
  await expect(page).toHaveURL(/\/hubs\/5$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('San Siro concierge space');
  await expect(page.getByRole('heading', { name: 'Opening hours' })).toBeVisible();
  await page.goto('/services');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Search for a service');
  await page.getByRole('link', { name: 'Italiano' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  expect(consoleErrors).toEqual([]);
});

for (const path of ['/', '/agenda', '/hubs/2', '/activities/1', '/services', '/services/1']) {
  test(`${path} meets WCAG 2.2 AA checks and fits a 320 px phone`, async ({ page }) => {
    await page.setViewportSize({ width: 320, height: 640 });
    await openHydrated(page, path);
    await expectNoHorizontalScroll(page);
    await expectAccessible(page);
  });
}

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });
  test('pages and filters still work', async ({ page }) => {
    await page.goto('/');
    await expect(page.getByRole('heading', { name: /^Oggi/ })).toBeVisible();
    await page.goto('/agenda');
    await page.getByLabel('Tipo').selectOption({ label: 'Incontro di rete' });
    await page.getByRole('button', { name: 'Filtra' }).click();
    await expect(page).toHaveURL(/category=network_meeting/);
    await page.goto('/services?q=anziani');
    await expect(page.getByRole('link', { name: 'Assistenza domiciliare per anziani' }).first()).toBeVisible();
  });
});
