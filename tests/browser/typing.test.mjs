// Text as people type it (issue 14, item 1): every form of the console and the portal with
// a text area is filled from the keyboard — lines typed key by key, Enter between them, so
// the browser sends CRLF as it does for a person — and submitted; the page that comes back
// shows every line and no error. In English on a desktop, in Traditional Chinese on a
// 390 px phone.
//
//   cargo build -p purser && (cd tests/browser && npm ci) && node --test tests/browser/typing.test.mjs
//
// On a failed step the page's HTML is saved under target/browser-artifacts/.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pathOf, startServer, stepper, launchChromium, logIn } from './harness.mjs';

const AGENT = 'amy@purser.test';
const AGENT_ZH = 'wei@purser.test';
const SALES = 'ben@purser.test';
const PORTAL = 'portal@purser.test';
const CASE_PATH = /^\/cases\/[0-9a-f-]{36}$/;
const PORTAL_CASE_PATH = /^\/portal\/cases\/[0-9a-f-]{36}$/;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const step = stepper('typing');
const run = Date.now().toString(36);

/** Lines of text unique to this run and this form. */
function linesFor(form, zh = false) {
  return zh
    ? [`${form} 第一行 ${run}`, `貨櫃已到港，請安排提領 ${run}`, `謝謝 ${form} ${run}`]
    : [`${form} first line ${run}`, `Second line: ETA Friday ${run}`, `Regards, ${form} ${run}`];
}

/** Types the lines into a text area as a person would: key by key, Enter between lines. */
async function typeLines(area, lines) {
  await area.click();
  for (const [i, line] of lines.entries()) {
    if (i > 0) await area.press('Enter');
    await area.pressSequentially(line);
  }
  const typed = await area.inputValue();
  assert.equal(typed, lines.join('\n'), 'the text area holds the lines as typed');
}

/** Submits with `button` and waits for the page the server answers with. */
async function submit(page, button) {
  await Promise.all([page.waitForEvent('framenavigated'), button.click()]);
  await page.waitForLoadState('load');
}

/** The answer shows every typed line and no error. */
async function shows(page, lines, what) {
  const alerts = page.locator('[role=alert], .field-error');
  const errors = (await alerts.allInnerTexts()).map((t) => t.trim()).filter(Boolean);
  assert.deepEqual(errors, [], `${what}: the page shows errors`);
  const text = await page.locator('main').innerText();
  for (const line of lines) assert.ok(text.includes(line), `${what}: "${line}" is on the page`);
}

/** Opens the folded section (`<details>`) a form sits in, as a person clicks its summary. */
async function reveal(form) {
  const details = form.locator('xpath=ancestor::details[1]');
  if ((await details.count()) > 0 && !(await details.evaluate((d) => d.open))) {
    await details.locator('xpath=./summary').click();
  }
}

/** Fills a text area of `form` with typed lines, submits, and checks the answer. */
async function typeAndSend(page, form, area, button, what, zh = false) {
  const lines = linesFor(what, zh);
  await step(page, what, async () => {
    await reveal(form);
    await typeLines(form.locator(area), lines);
    await submit(page, form.locator(button).first());
    await shows(page, lines, what);
  });
  return lines;
}

/** A datetime-local value some days ahead. */
function daysAhead(n) {
  const d = new Date(Date.now() + n * 86_400_000);
  return `${d.toISOString().slice(0, 10)}T10:00`;
}

describe('Typed multi-line text in every form', { timeout: 600_000 }, () => {
  let server;
  let browser;
  // shared between the tests, which run in order
  let complaintCase = null;

  before(async () => {
    server = await startServer('typing');
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.stop();
  });

  async function withPage(viewport, fn) {
    const context = await browser.newContext({ viewport, locale: 'en-GB' });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    try {
      return await fn(page);
    } finally {
      await context.close();
    }
  }

  it('an agent in English types every form of a case: new case, reply, note, call, promise, department task, complaint step, goodwill', async () => {
    await withPage(DESKTOP, async (page) => {
      await logIn(step, page, server.base, AGENT);
      const customer = await step(page, 'pick a customer', async () => {
        await page.goto(`${server.base}/customers`);
        const link = page.locator('table tbody a[href^="/customers/"]').first();
        return link.getAttribute('href');
      });

      await step(page, 'new case form', async () => {
        await page.goto(`${server.base}${customer}`);
        await Promise.all([
          page.waitForURL((u) => pathOf(u) === '/cases/new'),
          page.locator('a[href^="/cases/new?customer_id="]').first().click(),
        ]);
      });
      const newForm = page.locator('form[action="/cases/new"]');
      await newForm.locator('input[name=subject]').fill(`Rolled without notice ${run}`);
      await newForm.locator('select[name=case_type]').selectOption('complaint');
      await typeAndSend(page, newForm, 'textarea[name=message]', 'button[type=submit]', 'new case');
      assert.match(pathOf(page.url()), CASE_PATH, 'the new case opened');
      complaintCase = pathOf(page.url());
      const form = (action) => page.locator(`form[action="${complaintCase}/${action}"]`);

      await typeAndSend(page, form('reply'), 'textarea[name=body]', 'button[type=submit]', 'reply');
      await typeAndSend(page, form('note'), 'textarea[name=body]', 'button[type=submit]', 'note');
      await step(page, 'call minutes', async () => {
        await reveal(form('call'));
        await form('call').locator('input[name=minutes]').fill('4');
      });
      await typeAndSend(page, form('call'), 'textarea[name=summary]', 'button[type=submit]', 'call');

      await step(page, 'promise', async () => {
        const f = form('follow-ups');
        await reveal(f);
        await f.locator('input[name=action]').fill(`Call back with the new ETA ${run}`);
        await f.locator('input[name=due_at]').fill(daysAhead(2));
        await submit(page, f.locator('button[type=submit]'));
        await shows(page, [`Call back with the new ETA ${run}`], 'promise');
      });
      await step(page, 'keep the promise', async () => {
        const keep = page.locator(`form[action^="${complaintCase}/follow-ups/"][action$="/keep"]`).first();
        await reveal(keep);
        const lines = linesFor('kept');
        await typeLines(keep.locator('textarea[name=outcome]'), lines);
        await submit(page, keep.locator('button[type=submit]'));
        await shows(page, lines, 'keep the promise');
      });

      await step(page, 'department task', async () => {
        const f = form('tasks');
        await reveal(f);
        await f.locator('select[name=department]').selectOption('sales');
        await f.locator('input[name=due_at]').fill(daysAhead(3));
      });
      await typeAndSend(page, form('tasks'), 'textarea[name=question]', 'button[type=submit]', 'task question');
      await typeAndSend(page, form('complaint'), 'textarea[name=note]', 'button[type=submit]', 'complaint step');
      await step(page, 'goodwill amount', async () => {
        await reveal(form('goodwill'));
        await form('goodwill').locator('input[name=amount]').fill('150');
      });
      await typeAndSend(page, form('goodwill'), 'textarea[name=reason]', 'button[type=submit]', 'goodwill');
    });
  });

  it('an agent types a new knowledge-base article', async () => {
    await withPage(DESKTOP, async (page) => {
      await logIn(step, page, server.base, AGENT);
      await step(page, 'new article form', async () => {
        await page.goto(`${server.base}/kb/new`);
      });
      const form = page.locator('form[action="/kb/new"]');
      await form.locator('input[name=title]').fill(`Typing test article ${run}`);
      await form.locator('select[name=state]').selectOption('internal');
      await typeAndSend(page, form, 'textarea[name=body]', 'button[type=submit]', 'article');
      assert.match(pathOf(page.url()), /^\/kb\/[0-9a-f-]{36}$/, 'the new article opened');
    });
  });

  it('a sales user answers the department task and hands a new prospect over, typing every note', async () => {
    assert.ok(complaintCase, 'the first test filed the case');
    await withPage(DESKTOP, async (page) => {
      await logIn(step, page, server.base, SALES);
      await step(page, 'open the tasks', async () => {
        await page.goto(`${server.base}/tasks`);
      });
      const answer = page.locator('form[action^="/tasks/"][action$="/answer"]').filter({
        has: page.locator('textarea[name=answer]'),
      });
      await step(page, 'find the task', async () => {
        assert.ok((await answer.count()) > 0, 'an open task to answer');
      });
      await step(page, 'task answer', async () => {
        const lines = linesFor('task answer');
        const form = answer.first();
        await typeLines(form.locator('textarea[name=answer]'), lines);
        await submit(page, form.locator('button[type=submit]'));
        await shows(page, [], 'task answer sent');
        // the answered task leaves the queue; the case it was asked on shows the answer
        await page.goto(`${server.base}${complaintCase}`);
        await shows(page, lines, 'task answer');
      });

      await step(page, 'new prospect form', async () => {
        await page.goto(`${server.base}/customers/new`);
      });
      const customerForm = page.locator('form[action="/customers/new"]');
      await customerForm.locator('input[name=legal_name]').fill(`Typing Test Trading ${run} Ltd`);
      await typeAndSend(page, customerForm, 'textarea[name=service_requirements]', 'button[type=submit]', 'service requirements');
      const prospect = pathOf(page.url());
      assert.match(prospect, /^\/customers\/[0-9a-f-]{36}$/, 'the new customer opened');

      await step(page, 'open the activity form', async () => {
        await page.locator('details:has(#ac-notes) > summary').click();
        await page.locator('#ac-subject').fill(`Visit ${run}`);
      });
      const activity = page.locator(`form[action="${prospect}/activities"]`);
      await typeAndSend(page, activity, 'textarea[name=notes]', 'button[type=submit]', 'activity notes');
      const handover = page.locator(`form[action="${prospect}/handovers"]`);
      await typeAndSend(page, handover, 'textarea[name=notes]', 'button[type=submit]', 'handover notes');
    });
  });

  it('an agent in Traditional Chinese on a phone replies and ends her shift with typed notes', async () => {
    assert.ok(complaintCase, 'the first test filed the case');
    await withPage(PHONE, async (page) => {
      await logIn(step, page, server.base, AGENT_ZH);
      await step(page, 'open the case', async () => {
        await page.goto(`${server.base}${complaintCase}`);
        assert.equal(await page.locator('html').getAttribute('lang'), 'zh-TW');
      });
      const reply = page.locator(`form[action="${complaintCase}/reply"]`);
      await typeAndSend(page, reply, 'textarea[name=body]', 'button[type=submit]', '回覆', true);
      await step(page, 'open the hand-over page', async () => {
        await page.goto(`${server.base}/handovers`);
      });
      const shift = page.locator('form:has(textarea[name=notes])').first();
      await typeAndSend(page, shift, 'textarea[name=notes]', 'button[type=submit]', '交班', true);
    });
  });

  it('a customer in Traditional Chinese on a phone files a request and replies in the portal', async () => {
    await withPage(PHONE, async (page) => {
      await logIn(step, page, server.base, PORTAL);
      await step(page, 'new request form', async () => {
        await page.goto(`${server.base}/portal/new`);
        assert.equal(await page.locator('html').getAttribute('lang'), 'zh-TW');
      });
      const request = page.locator('form:has(textarea[name=message])').first();
      await request.locator('input[name=subject]').fill(`提單修改 ${run}`);
      await typeAndSend(page, request, 'textarea[name=message]', 'button[type=submit]', '新需求', true);
      assert.match(pathOf(page.url()), PORTAL_CASE_PATH, 'the request opened as a case');
      const reply = page.locator('form:has(textarea[name=body])').first();
      await typeAndSend(page, reply, 'textarea[name=body]', 'button[type=submit]', '客戶回覆', true);

      // a resolved case of the company's (the demo resolves some) asks for a rating
      const rated = await step(page, 'find a case to rate', async () => {
        await page.goto(`${server.base}/portal`);
        const links = await page.locator('tr.case-row a[href^="/portal/cases/"]').evaluateAll(
          (all) => all.map((a) => a.getAttribute('href')),
        );
        for (const href of links) {
          await page.goto(`${server.base}${href}`);
          if ((await page.locator(`form[action="${href}/rate"]`).count()) > 0) return href;
        }
        assert.fail(`none of the ${links.length} cases on the portal's first page asks for a rating`);
      });
      const rate = page.locator(`form[action="${rated}/rate"]`);
      await step(page, 'pick a score', async () => {
        await rate.locator('input[name=score][value="4"]').check();
      });
      await typeAndSend(page, rate, 'textarea[name=comment]', 'button[type=submit]', '評分意見', true);
    });
  });
});
