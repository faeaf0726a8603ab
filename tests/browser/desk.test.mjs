// End-to-end test of the Purser service desk in headless Chromium: the agent's inbox and
// case page, the supervisor's bulk reassignment, and the customer portal's scope.
//
// Starts the real server (`target/debug/purser demo`) on a free loopback port with a fresh
// data directory, drives Debian's /usr/bin/chromium through playwright-core, and stops the
// server afterwards, also when a test fails. Whatever a test needs (cases) it creates through
// the pages first, so it does not depend on what the demo data holds.
//
//   cargo build -p purser && (cd tests/browser && npm ci) && node --test tests/browser/desk.test.mjs
//
// On a failed step the page's HTML is saved under target/browser-artifacts/.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pathOf, startServer, stepper, launchChromium, logIn } from './harness.mjs';

const AGENT = 'amy@purser.test';
const SUPERVISOR = 'sam@purser.test';
const PORTAL = 'portal@purser.test';
// an agent of the demo other than Amy and Sam, to hand a case to
const OTHER_AGENT = 'Joyce Huang';
const CASE_PATH = /^\/cases\/[0-9a-f-]{36}$/;
const PORTAL_CASE_PATH = /^\/portal\/cases\/[0-9a-f-]{36}$/;
const step = stepper('desk');

/** The href of the first customer in the book whose name is not `except`. */
async function someCustomer(page, base, except = null) {
  return step(page, 'pick a customer', async () => {
    await page.goto(`${base}/customers`);
    const links = page.locator('table tbody a[href^="/customers/"]');
    await links.first().waitFor();
    for (const link of await links.all()) {
      const name = (await link.innerText()).trim();
      if (name !== except) return { href: await link.getAttribute('href'), name };
    }
    assert.fail(`no customer other than ${except} on the first page`);
  });
}

/** Files an urgent case from a customer's page and returns its path (/cases/{id}). */
async function fileCase(page, base, customerHref, subject) {
  return step(page, `file case ${subject}`, async () => {
    await page.goto(`${base}${customerHref}`);
    await Promise.all([
      page.waitForURL((u) => pathOf(u) === '/cases/new'),
      page.locator('a[href^="/cases/new?customer_id="]').first().click(),
    ]);
    const form = page.locator('form[action="/cases/new"]');
    await form.locator('input[name=subject]').fill(subject);
    await form.locator('select[name=priority]').selectOption('urgent');
    await form.locator('textarea[name=message]').fill(`Customer asks: ${subject}`);
    await Promise.all([
      page.waitForURL((u) => CASE_PATH.test(pathOf(u))),
      form.locator('button[type=submit]').first().click(),
    ]);
    const h1 = await page.locator('h1').first().innerText();
    assert.ok(h1.includes(subject), `the new case page's heading is "${h1}"`);
    return pathOf(page.url());
  });
}

/** The table row that mentions `text`, following the pager (10 pages at most). */
async function findRow(page, text) {
  for (let i = 0; i < 10; i++) {
    const row = page.locator('tr.case-row').filter({ hasText: text });
    if ((await row.count()) > 0) return row.first();
    const next = page.locator('.pager a[rel=next]');
    if ((await next.count()) === 0) break;
    await page.goto(new URL(await next.first().getAttribute('href'), page.url()).href);
  }
  assert.fail(`no row mentions "${text}"`);
}

describe('Purser service desk in Chromium', { timeout: 300_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer('desk');
    browser = await launchChromium();
  });

  after(async () => {
    try {
      if (browser) await browser.close();
    } finally {
      if (server) await server.stop();
    }
  });

  async function withPage(fn) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    try {
      return await fn(page);
    } finally {
      await context.close();
    }
  }

  it('an agent sees a new case arrive in her open inbox, opens it, replies, and sees the reply in the conversation', async () => {
    await withPage(async (page) => {
      await logIn(step, page, server.base, AGENT);
      const inboxUrl = `${server.base}/cases?view=mine&status=new&priority=urgent`;
      await step(page, 'open the inbox', async () => {
        await page.goto(inboxUrl);
        await page.locator('nav.tabs a[aria-current="page"][href="/cases?view=mine"]').waitFor();
        await page.evaluate(() => {
          window.purserTestMarker = 'still the same page';
        });
      });

      // the case is filed in another tab; the open inbox hears of it and shows it
      const subject = `Reefer set point check ${Date.now()}`;
      const refetched = page.waitForRequest(
        (r) => pathOf(r.url()) === '/cases' && r.headers()['hx-request'] === 'true',
        { timeout: 15_000 },
      );
      const other = await page.context().newPage();
      other.setDefaultTimeout(20_000);
      const customer = await someCustomer(other, server.base);
      const casePath = await fileCase(other, server.base, customer.href, subject);
      await other.close();

      await step(page, 'the inbox updates itself', async () => {
        await refetched;
        const row = page.locator('tr.case-row').filter({ hasText: subject });
        await row.first().waitFor({ timeout: 15_000 });
        const marker = await page.evaluate(() => window.purserTestMarker);
        assert.equal(marker, 'still the same page', 'the inbox was reloaded instead of updated');
      });

      await step(page, 'open the case from the inbox', async () => {
        const row = await findRow(page, subject);
        assert.ok((await row.innerText()).includes(customer.name), 'the row names the customer');
        await Promise.all([
          page.waitForURL((u) => pathOf(u) === casePath),
          row.locator(`a[href="${casePath}"]`).click(),
        ]);
      });

      const reply = `Set point confirmed at -18 °C, ref ${Date.now()}`;
      await step(page, 'reply', async () => {
        const form = page.locator('form[action$="/reply"]');
        await form.locator('textarea[name=body]').fill(reply);
        await Promise.all([
          page.waitForURL((u) => pathOf(u) === casePath && new URL(u).hash === '#reply'),
          form.locator('button[type=submit]').click(),
        ]);
      });

      await step(page, 'see the reply', async () => {
        const sent = page.locator('#conversation li.msg.public').filter({ hasText: reply });
        await sent.waitFor();
        const all = await page.locator('#conversation li.msg').allInnerTexts();
        const asked = all.findIndex((t) => t.includes(`Customer asks: ${subject}`));
        const answered = all.findIndex((t) => t.includes(reply));
        assert.ok(asked >= 0 && answered > asked, `the reply follows the question in:\n${all.join('\n---\n')}`);
      });
    });
  });

  it('a supervisor ticks a case in the live queue and hands it to another agent', async () => {
    await withPage(async (page) => {
      await logIn(step, page, server.base, SUPERVISOR);
      const customer = await someCustomer(page, server.base);
      const subject = `Detention waiver request ${Date.now()}`;
      await fileCase(page, server.base, customer.href, subject);

      await step(page, 'tick and reassign', async () => {
        await page.goto(`${server.base}/supervisor`);
        const row = await findRow(page, subject);
        await row.locator('input[type=checkbox][name=case_id]').check();
        const form = page.locator('form#bulk');
        // the option names the agent and their load ("Joyce Huang — 22/20 open (at capacity)")
        const select = form.locator('select[name=assignee_id]');
        const value = await select.locator('option', { hasText: OTHER_AGENT }).first().getAttribute('value');
        await select.selectOption(value);
        await form.locator('input[name=reason]').fill('Sam is in meetings');
        await Promise.all([
          page.waitForURL((u) => pathOf(u) === '/supervisor' && new URL(u).searchParams.get('moved') === '1'),
          form.locator('button[type=submit]').click(),
        ]);
      });

      await step(page, 'see the new owner', async () => {
        await page.locator('p.notice[role=status]').waitFor();
        const row = await findRow(page, subject);
        const owner = (await row.locator('td.owner').innerText()).trim();
        assert.equal(owner, OTHER_AGENT);
      });
    });
  });

  it('a portal user sees its own company’s cases and no other company’s', async () => {
    const { company, ownPath } = await withPage(async (page) => {
      await logIn(step, page, server.base, PORTAL);
      assert.equal(pathOf(page.url()), '/portal', 'a portal user lands in the portal');
      const company = await step(page, 'portal company', async () => (await page.locator('.company').innerText()).trim());
      const ownPath = await step(page, 'portal request', async () => {
        await page.goto(`${server.base}/portal/new`);
        const form = page.locator('form[action="/portal/new"]');
        await form.locator('input[name=subject]').fill(`Portal request ${Date.now()}`);
        await form.locator('textarea[name=message]').fill('Please send the arrival notice again.');
        await Promise.all([
          page.waitForURL((u) => PORTAL_CASE_PATH.test(pathOf(u))),
          form.locator('button[type=submit]').click(),
        ]);
        return pathOf(page.url());
      });
      return { company, ownPath };
    });
    assert.ok(company.length > 0, 'the portal names the company');

    // staff file one case for the portal user's company and one for another company
    const stamp = Date.now();
    const ownSubject = `For the portal company ${stamp}`;
    const otherSubject = `For another company ${stamp}`;
    const otherPath = await withPage(async (page) => {
      await logIn(step, page, server.base, AGENT);
      const own = await step(page, 'find the portal company', async () => {
        await page.goto(`${server.base}/customers?${new URLSearchParams({ q: company })}`);
        const link = page.locator('table tbody a[href^="/customers/"]').filter({ hasText: company }).first();
        await link.waitFor();
        return link.getAttribute('href');
      });
      await fileCase(page, server.base, own, ownSubject);
      const other = await someCustomer(page, server.base, company);
      return fileCase(page, server.base, other.href, otherSubject);
    });

    await withPage(async (page) => {
      await logIn(step, page, server.base, PORTAL);
      await step(page, 'portal list', async () => {
        await page.goto(`${server.base}/portal`);
        const rows = page.locator('table.cases tbody tr');
        await rows.filter({ hasText: ownSubject }).first().waitFor();
        assert.equal(await rows.filter({ hasText: otherSubject }).count(), 0, 'another company’s case is listed');
        assert.equal(await page.locator(`a[href="${ownPath}"]`).count(), 1, 'the portal user’s own request is listed');
      });
      await step(page, 'another company’s case', async () => {
        const id = otherPath.split('/').pop();
        const res = await page.goto(`${server.base}/portal/cases/${id}`);
        assert.equal(res.status(), 404);
        assert.ok(!(await page.content()).includes(otherSubject));
        await page.goto(`${server.base}${otherPath}`);
        assert.equal(pathOf(page.url()), `/portal/cases/${id}`, 'a staff address sends a portal user to the portal');
      });
    });
  });
});
