import { Page } from '@playwright/test';
import { test, expect } from './fixtures/app';

// A first and a repeat visit on a slow phone: once the server's page is on screen nothing
// moves under the reader and the content never gives way to a loading state, while the
// wasm hydrates and the first sync fills the replica. Behaviour, not timing: the CPU is
// slowed 4x (as Lighthouse does) so that late work has every chance to show.

const PAGES = ['/', '/agenda', '/services', '/hubs/1', '/activities/1'];

/** Installed before any page script: records layout shifts and any loading state that
 *  appears in `<main>` after its content was there. */
function watchTheLoad() {
  const calm = { shifts: [] as { value: number; nodes: string[] }[], contentSeen: false, loadingAfterContent: [] as string[] };
  (window as any).__calm = calm;
  new PerformanceObserver((list) => {
    for (const e of list.getEntries() as any[]) {
      if (e.hadRecentInput) continue;
      const nodes = (e.sources ?? []).map((s: any) => `${s.node?.nodeName ?? '?'}.${s.node?.className ?? ''}`);
      calm.shifts.push({ value: e.value, nodes });
    }
  }).observe({ type: 'layout-shift', buffered: true });
  const isLoading = (n: Node) => n instanceof Element && (n.matches('.loading') || !!n.querySelector('.loading'));
  new MutationObserver((records) => {
    const main = document.querySelector('main');
    if (!main) return;
    if (calm.contentSeen) {
      for (const r of records) {
        if (main.contains(r.target) || r.target === main) {
          r.addedNodes.forEach((n) => { if (isLoading(n)) calm.loadingAfterContent.push((n as Element).outerHTML.slice(0, 120)); });
        }
      }
    }
    if (main.querySelector('h1')) calm.contentSeen = true;
  }).observe(document, { childList: true, subtree: true });
}

/** Waits until the page is hydrated, the first sync is over and the page has been checked
 *  against the replica it brought (if it changed anything). */
async function settled(page: Page) {
  await expect(page.locator('html[data-hydrated="true"]')).toHaveCount(1, { timeout: 30_000 });
  await expect(page.locator('.sync-status .freshness')).toHaveText(/^Aggiornato/, { timeout: 30_000 });
  await expect
    .poll(() => page.evaluate(() => {
      const d = document.documentElement.dataset;
      return (d.replicaVersion ?? '0') === (d.shownVersion ?? '0');
    }), { timeout: 30_000 })
    .toBe(true);
}

async function report(page: Page) {
  return page.evaluate(() => {
    const calm = (window as any).__calm;
    return {
      contentSeen: calm.contentSeen,
      loadingAfterContent: calm.loadingAfterContent,
      shifts: calm.shifts.filter((s: { value: number }) => s.value > 0.01),
    };
  });
}

for (const path of PAGES) {
  test(`${path}: nothing moves and the content stays, on a first and a repeat visit`, async ({ page, consoleErrors }) => {
    test.setTimeout(90_000);
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await page.addInitScript(watchTheLoad);
    for (const visit of ['first', 'repeat']) {
      await page.goto(path);
      await settled(page);
      expect(await report(page), `${visit} visit to ${path}`).toEqual({ contentSeen: true, loadingAfterContent: [], shifts: [] });
    }
    expect(consoleErrors).toEqual([]);
  });
}

test('a filter chosen before the page is interactive is the one the search uses', async ({ page, consoleErrors }) => {
  test.setTimeout(90_000);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  // Hold the wasm until the choice is made on the server's page.
  let release!: () => void;
  const held = new Promise<void>((r) => { release = r; });
  await page.route(/\/pkg\/.*\.wasm$/, async (route) => { await held; await route.continue(); });
  await page.goto('/services');
  const category = page.locator('.search-form select[name="category"]');
  await category.selectOption({ label: 'Salute e cura' });
  const chosen = await category.inputValue();
  expect(chosen).not.toBe('');
  release();
  await settled(page);
  await expect(category).toHaveValue(chosen);
  await page.locator('.search-form button[type="submit"]').click();
  await expect(page).toHaveURL(new RegExp(`[?&]category=${chosen.replace('.', '\\.')}(&|$)`));
  expect(consoleErrors).toEqual([]);
});
