// End-to-end test of track and trace in headless Chromium: an agent opens the shipment
// list from the navigation, finds a shipment by its container number, opens it and sees
// its timeline (what happened, solid; what is expected, dashed).
//
// Starts the real server (`target/debug/purser demo`) on a free loopback port with a fresh
// data directory, drives Debian's /usr/bin/chromium through playwright-core, and stops the
// server afterwards, also when a test fails. The shipment and its events are created
// through the JSON API with a bearer token the agent makes on the tokens page, so the test
// does not depend on what the demo data holds; the server's own tracking worker applies
// the events.
//
//   cargo build -p purser && (cd tests/browser && npm ci) && node --test tests/browser/tracking.test.mjs
//
// On a failed step the page's HTML is saved under target/browser-artifacts/.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { sleep, pathOf, startServer, stepper, launchChromium, logIn } from './harness.mjs';

const AGENT = 'amy@purser.test';
const VESSEL = '9321483';
const SHIPMENT_PATH = /^\/shipments\/[0-9a-f-]{36}$/;
const step = stepper('tracking');

/** An ISO 6346 container number: owner code + serial + its check digit. */
function containerNumber(ownerAndSerial) {
  const value = (ch) => {
    if (/[0-9]/.test(ch)) return Number(ch);
    // A=10 … Z=38, skipping multiples of 11
    let v = 10;
    for (let c = 'A'.charCodeAt(0); c < ch.charCodeAt(0); c++) {
      v += 1;
      if (v % 11 === 0) v += 1;
    }
    return v;
  };
  const sum = [...ownerAndSerial].reduce((acc, ch, i) => acc + value(ch) * 2 ** i, 0);
  return `${ownerAndSerial}${(sum % 11) % 10}`;
}

/** A transport event of the test voyage at `port`. */
function transportEvent(id, code, classifier, at, port, voyage) {
  return {
    eventID: id,
    eventCreatedDateTime: new Date().toISOString(),
    eventType: 'TRANSPORT',
    eventClassifierCode: classifier,
    eventDateTime: at,
    transportEventTypeCode: code,
    transportCall: {
      transportCallID: crypto.randomUUID(),
      carrierServiceCode: 'FE1',
      exportVoyageNumber: voyage,
      transportCallSequenceNumber: 1,
      UNLocationCode: port,
      modeOfTransport: 'VESSEL',
      vessel: { vesselIMONumber: VESSEL, vesselName: 'King of the Seas' },
    },
  };
}

describe('Purser track and trace in Chromium', { timeout: 300_000 }, () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer('tracking');
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

  it('an agent searches a container, opens the shipment and sees its timeline', async () => {
    await withPage(async (page) => {
      await logIn(step, page, server.base, AGENT);

      const token = await step(page, 'make an API token', async () => {
        await page.goto(`${server.base}/admin/tokens`);
        await page.locator('#t-name').fill('tracking test');
        await Promise.all([
          page.waitForLoadState('load'),
          page.locator('form[action="/admin/tokens"] button[type=submit]').click(),
        ]);
        const secret = (await page.locator('#new-token').innerText()).trim();
        assert.ok(secret.length > 10, 'the new token is shown once');
        return secret;
      });
      const api = async (method, url, body) => {
        const res = await fetch(`${server.base}${url}`, {
          method,
          headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
        const text = await res.text();
        assert.ok(res.ok, `${method} ${url}: ${res.status} ${text}`);
        return text ? JSON.parse(text) : null;
      };

      const stamp = String(Date.now()).slice(-6);
      const bl = `PTST${stamp}`;
      const voyage = `T${stamp}`;
      const box = containerNumber(`PRSU${stamp}`);
      await step(page, 'create the shipment and its events through the API', async () => {
        const customers = await api('GET', '/api/v1/customers?limit=1');
        const customer = (customers.items ?? customers)[0];
        assert.ok(customer?.id, 'the demo has a customer');
        await api('POST', '/api/v1/shipments', {
          reference: bl,
          booking_reference: `BK${stamp}`,
          customer_id: customer.id,
          port_of_loading: 'TWKHH',
          port_of_discharge: 'NLRTM',
          legs: [{ vessel_imo: VESSEL, voyage, load: 'TWKHH', discharge: 'NLRTM' }],
          containers: [{ number: box, iso_code: '45G1' }],
          planned_arrival: '2026-12-20T08:00:00Z',
        });
        await api('POST', '/api/v1/tracking/events', [
          {
            eventID: crypto.randomUUID(),
            eventCreatedDateTime: new Date().toISOString(),
            eventType: 'EQUIPMENT',
            eventClassifierCode: 'ACT',
            eventDateTime: '2026-11-20T10:00:00Z',
            equipmentEventTypeCode: 'LOAD',
            equipmentReference: box,
            ISOEquipmentCode: '45G1',
            emptyIndicatorCode: 'LADEN',
            eventLocation: { UNLocationCode: 'TWKHH' },
            transportCall: transportEvent('x', 'LOAD', 'ACT', '', 'TWKHH', voyage).transportCall,
          },
          transportEvent(crypto.randomUUID(), 'DEPA', 'ACT', '2026-11-21T06:00:00Z', 'TWKHH', voyage),
          transportEvent(crypto.randomUUID(), 'ARRI', 'EST', '2026-12-21T08:00:00Z', 'NLRTM', voyage),
        ]);
      });

      await step(page, 'open the shipments from the navigation', async () => {
        await page.goto(`${server.base}/cases`);
        await Promise.all([
          page.waitForURL((u) => pathOf(u) === '/shipments'),
          page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Shipments' }).click(),
        ]);
      });

      await step(page, 'search the container', async () => {
        const search = page.getByRole('searchbox', { name: 'Find by reference' });
        await search.fill(box.toLowerCase());
        await Promise.all([
          page.waitForURL((u) => new URL(u).searchParams.get('q') === box.toLowerCase()),
          search.press('Enter'),
        ]);
        const rows = page.locator('tr.shipment-row');
        assert.equal(await rows.count(), 1, 'the container finds one shipment');
        assert.equal(await rows.first().getAttribute('data-reference'), bl);
      });

      await step(page, 'open the shipment', async () => {
        await Promise.all([
          page.waitForURL((u) => SHIPMENT_PATH.test(pathOf(u))),
          page.locator('tr.shipment-row').first().getByRole('link', { name: bl }).click(),
        ]);
        assert.ok((await page.locator('h1').innerText()).includes(bl));
      });

      await step(page, 'see the timeline', async () => {
        // the server's worker applies the events moments after they arrive: reload until it has
        const timeline = page.locator('section#timeline');
        for (let i = 0; i < 60; i++) {
          if ((await timeline.locator('li.ms').count()) >= 3) break;
          await sleep(500);
          await page.reload();
        }
        const happened = await timeline.locator('li.ms-act strong').allInnerTexts();
        const expected = await timeline.locator('li.ms-est strong').allInnerTexts();
        assert.deepEqual(happened, ['Loaded', 'Departed']);
        assert.deepEqual(expected, ['Arrived']);
        // solid for what happened, dashed for what is expected
        const style = (sel) =>
          timeline.locator(`${sel} .ms-dot`).first().evaluate((el) => getComputedStyle(el).borderTopStyle);
        assert.equal(await style('li.ms-act'), 'solid');
        assert.equal(await style('li.ms-est'), 'dashed');
        assert.equal((await page.locator('#current-status').innerText()).trim(), 'Departed');
        // the agent reads times in her team's zone, named
        assert.ok((await page.locator('#eta-facts').innerText()).includes('2026-12-21 16:00 (Asia/Taipei)'));
      });
    });
  });
});
