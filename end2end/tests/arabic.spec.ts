import * as fs from 'fs';
import * as path from 'path';
import { test, expect, openHydrated, expectAccessible, expectNoHorizontalScroll, markWindow, expectSameDocument } from './fixtures/app';

/** The Arabic catalogue, as translators wrote it: the tests read their words from it. */
const ar = JSON.parse(fs.readFileSync(path.join(__dirname, '../../app/locales/ar.json'), 'utf8'));
const common = ar.common as Record<string, string>;
const pages = ar.pages as Record<string, string>;

/** `key` for `n` with the CLDR rules Chromium's ICU gives Arabic. */
function plural(key: string, n: number): string {
  const form = new Intl.PluralRules('ar').select(n);
  return (common[`${key}_${form}`] ?? common[`${key}_other`]).replace('{{count}}', String(n));
}

test('Arabic lays the app out right to left, in Arabic words and content, and stays interactive', async ({ page, consoleErrors }) => {
  const catalogues: string[] = [];
  page.on('request', (r) => { if (r.url().includes('/pkg/strings-')) catalogues.push(new URL(r.url()).pathname); });
  await openHydrated(page, '/hubs/5');
  catalogues.length = 0;
  await page.getByRole('link', { name: 'العربية' }).click();
  await expect(page).toHaveURL(/\/hubs\/5$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'ar');
  await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1);
  await expect(page.getByRole('heading', { name: common.opening_hours })).toBeVisible();
  // Content translated into Arabic is shown in Arabic; the rest in Italian.
  await expect(page.getByRole('link', { name: 'مساعدة رقمية للمستأجرين' }).first()).toBeVisible();
  // The page really is right to left: the main heading starts at the right edge.
  const box = await page.getByRole('heading', { level: 1 }).boundingBox();
  const width = page.viewportSize()!.width;
  expect(box!.x + box!.width).toBeGreaterThan(width * 0.6);

  // A navigation in the browser (no reload) renders with the Arabic words it loaded.
  await markWindow(page);
  await page.getByRole('navigation', { name: common.main_nav }).getByRole('link', { name: common.nav_services }).click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(common.search_services);
  await page.getByRole('searchbox').or(page.getByLabel(common.search_services)).first().fill('الايطاليه');
  await page.getByRole('button', { name: pages.search, exact: true }).click();
  await expect(page.getByRole('status').filter({ hasText: plural('n_results', 5) })).toBeVisible();
  await expect(page.getByRole('link', { name: 'دروس اللغة الإيطالية للأجانب' }).first()).toBeVisible();
  await expectSameDocument(page);

  // Since the switch, only the language in use was downloaded by the page (its main part,
  // and the later pages' one).
  expect(catalogues.length).toBeGreaterThan(0);
  expect(catalogues.every((c) => /^\/pkg\/strings-(pages-)?ar\./.test(c)), catalogues.join(' ')).toBe(true);
  expect(consoleErrors).toEqual([]);
});

test('every Arabic plural form has its own words', async () => {
  const forms = [0, 1, 2, 5, 11, 100].map((n) => plural('minutes_ago', n));
  expect(new Set(forms).size).toBe(6);
  expect(forms[3]).toContain('5');
});

test.describe('in Arabic', () => {
  test.use({ locale: 'ar' });
  for (const p of ['/', '/agenda', '/hubs/5', '/activities/1', '/services', '/services/1']) {
    test(`${p} meets WCAG 2.2 AA checks and fits a 360 px phone`, async ({ page }) => {
      await page.setViewportSize({ width: 360, height: 720 });
      await openHydrated(page, p);
      await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      await expectNoHorizontalScroll(page);
      await expectAccessible(page);
    });
  }
});
