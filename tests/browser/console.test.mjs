// End-to-end test of the Purser agent console in headless Chromium.
//
// Starts the real server (`target/debug/purser demo`) on a free loopback port with a fresh
// data directory, drives Debian's /usr/bin/chromium through playwright-core, and stops the
// server afterwards, also when a test fails.
//
//   cargo build -p purser && (cd tests/browser && npm ci) && node --test tests/browser/
//
// PURSER_SCREENSHOT=1 also writes docs/console.png (the customer list at 1280x800) for the
// README (install Debian's fonts-noto-cjk first, or the Chinese names show as boxes).
// On a failed step the page's HTML is saved under target/browser-artifacts/.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ROOT, pathOf, startServer, stepper, launchChromium } from './harness.mjs';

const SCREENSHOT = path.join(ROOT, 'docs', 'console.png');

const AGENT = { email: 'amy@purser.test', password: 'purser-demo' };
const CUSTOMER_LINKS = 'table tbody a[href^="/customers/"]';
const step = stepper('');

async function logIn(page, base) {
  await step(page, 'open login', async () => {
    await page.goto(`${base}/login`);
    await page.locator('input[name=email]').fill(AGENT.email);
    await page.locator('input[name=password]').fill(AGENT.password);
  });
  await step(page, 'submit login', async () => {
    // an agent lands on the inbox
    await Promise.all([
      page.waitForURL((u) => pathOf(u) === '/cases'),
      page.locator('form:has(input[name=password]) button[type=submit]').first().click(),
    ]);
  });
  await step(page, 'open the customer book', async () => {
    await page.goto(`${base}/customers`);
  });
}

describe('Purser console in Chromium', { timeout: 240_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer('browser');
    browser = await launchChromium();
  });

  after(async () => {
    try {
      if (browser) await browser.close();
    } finally {
      if (server) await server.stop();
    }
  });

  const newContext = () =>
    browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });

  it('agent logs in, finds a customer, edits its service requirements, and sees the audit entry', async () => {
    const context = await newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    try {
      await logIn(page, server.base);

      const firstName = await step(page, 'customer list', async () => {
        const first = page.locator(CUSTOMER_LINKS).first();
        await first.waitFor();
        return (await first.innerText()).trim();
      });

      if (process.env.PURSER_SCREENSHOT === '1') {
        mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
        await page.screenshot({ path: SCREENSHOT });
      }

      // Search for a word of the first customer's name: that customer must be found again.
      const term = firstName.split(/[\s,.()&/-]+/).find((w) => w.length >= 3) ?? firstName;
      await step(page, 'search customers', async () => {
        // the customer list's own search (the header's search box goes to /search)
        const form = page.locator('form:has(input#q)').first();
        await form.locator('input[name=q]').fill(term);
        await Promise.all([
          page.waitForURL((u) => pathOf(u) === '/customers' && new URL(u).searchParams.get('q') === term),
          form.locator('button[type=submit]').first().click(),
        ]);
        const rows = page.locator('table tbody tr').filter({ hasText: new RegExp(escapeRe(term), 'i') });
        await rows.first().waitFor();
      });

      const customerPath = await step(page, 'open customer', async () => {
        const link = page.locator(CUSTOMER_LINKS).first();
        const href = await link.getAttribute('href');
        const legalName = (await link.innerText()).trim();
        await Promise.all([page.waitForURL((u) => pathOf(u) === href), link.click()]);
        const h1 = (await page.locator('h1').first().innerText()).trim();
        assert.ok(h1.startsWith(legalName), `customer page h1 is "${h1}", expected the legal name "${legalName}"`);
        return href;
      });

      const marker = `Reefer plugs at CY, verify by ${Date.now()}`;
      await step(page, 'edit customer', async () => {
        await Promise.all([
          page.waitForURL((u) => pathOf(u) === `${customerPath}/edit`),
          page.locator('a[href$="/edit"]').first().click(),
        ]);
        const form = page.locator('form:has(textarea[name=service_requirements])');
        await form.locator('textarea[name=service_requirements]').fill(marker);
        await Promise.all([
          page.waitForURL((u) => pathOf(u) === customerPath),
          form.locator('button[type=submit]').first().click(),
        ]);
      });

      await step(page, 'check audit and saved text', async () => {
        const audit = page.locator('#audit');
        await audit.waitFor();
        const entries = audit
          .locator('tr, li, article')
          .filter({ hasText: /update/i })
          .filter({ hasText: marker });
        const found = await entries.count();
        assert.ok(found >= 1, `#audit has no entry with "update" and "${marker}"; it reads:\n${await audit.innerText()}`);
        // The new requirements show on the page itself, not only in the audit history.
        const outsideAudit = await page.evaluate(() => {
          const body = document.body.cloneNode(true);
          body.querySelector('#audit')?.remove();
          return body.innerText ?? body.textContent;
        });
        assert.ok(outsideAudit.includes(marker), 'the customer page does not show the new service requirements');
      });
    } finally {
      await context.close();
    }
  });

  it('redirects anonymous visitors to /login and keeps the session cookie HttpOnly', async () => {
    const res = await fetch(`${server.base}/customers`, { redirect: 'manual' });
    assert.ok(res.status >= 300 && res.status < 400, `GET /customers answered ${res.status}, not a redirect`);
    const location = new URL(res.headers.get('location') ?? '', server.base);
    assert.equal(location.pathname, '/login');

    const context = await newContext();
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    try {
      await step(page, 'anonymous /customers', async () => {
        await page.goto(`${server.base}/customers`);
        assert.equal(pathOf(page.url()), '/login');
      });
      await logIn(page, server.base);
      const cookies = await context.cookies(server.base);
      const session = cookies.find((c) => c.name === 'purser_session');
      assert.ok(session, `no purser_session cookie; cookies: ${cookies.map((c) => c.name).join(', ')}`);
      assert.equal(session.httpOnly, true, 'purser_session is not HttpOnly');
      assert.ok(['Lax', 'Strict'].includes(session.sameSite), `purser_session SameSite is ${session.sameSite}`);
    } finally {
      await context.close();
    }
  });
});

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
