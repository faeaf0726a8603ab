// The console and the portal on a phone (issue 14, item 8): at 390 px wide the inbox, a
// case page and the portal never scroll sideways, and every menu link is visible and can
// be tapped.
//
//   cargo build -p purser && (cd tests/browser && npm ci) && node --test tests/browser/phone.test.mjs
//
// On a failed step the page's HTML is saved under target/browser-artifacts/.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pathOf, startServer, stepper, launchChromium, logIn } from './harness.mjs';

const WIDTH = 390;
const step = stepper('phone');

/** The page fits the screen: nothing is wider than the viewport. */
async function fitsWidth(page, what) {
  const { scroll, widest } = await page.evaluate(() => {
    let widest = '';
    let max = 0;
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right > max) {
        max = r.right;
        widest = `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''}`;
      }
    }
    return { scroll: document.documentElement.scrollWidth, widest: `${widest} (right edge ${Math.round(max)})` };
  });
  assert.ok(scroll <= WIDTH, `${what}: the page is ${scroll} px wide at ${WIDTH} px; widest element ${widest}`);
}

/** Every link of the main menu is on screen and clickable (the last one is clicked). */
async function menuReachable(page, what) {
  const links = page.locator('header.top nav a');
  const n = await links.count();
  assert.ok(n >= 2, `${what}: the menu has ${n} links`);
  for (let i = 0; i < n; i++) {
    const link = links.nth(i);
    assert.ok(await link.isVisible(), `${what}: menu link ${i} is visible`);
    const box = await link.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= WIDTH, `${what}: menu link ${i} lies within the screen (${JSON.stringify(box)})`);
    // nothing covers it: a click there lands on the link itself
    await link.click({ trial: true });
  }
  return links;
}

describe('Purser on a 390 px phone', { timeout: 300_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer('phone');
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('an agent works the inbox and a case without sideways scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: WIDTH, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
    const page = await context.newPage();
    try {
      await logIn(step, page, server.base, 'amy@purser.test');
      await step(page, 'inbox', async () => {
        await page.goto(`${server.base}/cases`);
        await page.locator('h1').first().waitFor();
        await fitsWidth(page, 'inbox');
        await menuReachable(page, 'inbox');
      });
      const casePath = await step(page, 'open a case', async () => {
        const link = page.locator('table.cases tbody a[href^="/cases/"]').first();
        await link.waitFor();
        const href = await link.getAttribute('href');
        await page.goto(`${server.base}${href}`);
        await page.locator('h1').first().waitFor();
        return href;
      });
      await step(page, 'case page', async () => {
        await fitsWidth(page, `case ${casePath}`);
        await menuReachable(page, 'case');
        assert.ok(await page.locator('#reply-body').isVisible(), 'the reply box is on screen');
      });
      await step(page, 'tap the menu', async () => {
        const links = await menuReachable(page, 'case');
        const target = links.filter({ hasText: /Shipments|貨件/ }).first();
        const href = await target.getAttribute('href');
        await Promise.all([page.waitForURL((u) => pathOf(u) === href), target.tap()]);
        await fitsWidth(page, href);
      });
    } finally {
      await context.close();
    }
  });

  it('a customer uses the portal without sideways scrolling', async () => {
    const context = await browser.newContext({ viewport: { width: WIDTH, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 });
    const page = await context.newPage();
    try {
      await logIn(step, page, server.base, 'portal@purser.test');
      await step(page, 'portal', async () => {
        await page.goto(`${server.base}/portal`);
        await page.locator('h1').first().waitFor();
        await fitsWidth(page, 'portal');
        await menuReachable(page, 'portal');
      });
      await step(page, 'portal case', async () => {
        const link = page.locator('main a[href^="/portal/cases/"]').first();
        if ((await link.count()) > 0) {
          await page.goto(`${server.base}${await link.getAttribute('href')}`);
          await page.locator('h1').first().waitFor();
          await fitsWidth(page, 'portal case');
        }
      });
      await step(page, 'portal shipments', async () => {
        await menuReachable(page, 'portal');
        await Promise.all([
          page.waitForURL((u) => pathOf(u) === '/portal/shipments'),
          page.locator('header.top nav a[href="/portal/shipments"]').tap(),
        ]);
        await fitsWidth(page, 'portal shipments');
      });
    } finally {
      await context.close();
    }
  });
});
