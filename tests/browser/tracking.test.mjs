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
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const BINARY = path.join(ROOT, 'target', 'debug', process.platform === 'win32' ? 'purser.exe' : 'purser');
const ARTIFACTS = path.join(ROOT, 'target', 'browser-artifacts');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const PASSWORD = 'purser-demo';
const AGENT = 'amy@purser.test';
const VESSEL = '9321483';

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The environment of the server: this one, less any Purser settings that would point it elsewhere. */
function serverEnv() {
  const env = { ...process.env, NO_COLOR: '1' };
  for (const key of Object.keys(env)) {
    if (key.startsWith('PURSER_')) delete env[key];
  }
  return env;
}

/** Starts `purser demo` and resolves once GET /healthz answers 200 (60 s at most). */
async function startServer() {
  assert.ok(existsSync(BINARY), `${BINARY} is missing: run \`cargo build -p purser\` first`);
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'purser-tracking-'));
  const logPath = path.join(dataDir, 'server.log');
  const log = createWriteStream(logPath);
  const base = `http://127.0.0.1:${port}`;
  const child = spawn(
    BINARY,
    ['demo', '--bind', `127.0.0.1:${port}`, '--data', dataDir, '--seed', '7'],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: serverEnv() },
  );
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  let exited = null;
  child.on('exit', (code, signal) => {
    exited = { code, signal };
  });

  const server = {
    base,
    log() {
      try {
        return readFileSync(logPath, 'utf8');
      } catch {
        return '';
      }
    },
    async stop() {
      if (exited === null) {
        child.kill('SIGTERM');
        for (let i = 0; i < 100 && exited === null; i++) await sleep(100);
        if (exited === null) {
          child.kill('SIGKILL');
          for (let i = 0; i < 50 && exited === null; i++) await sleep(100);
        }
      }
      log.end();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  process.on('exit', () => {
    if (exited === null) child.kill('SIGKILL');
  });

  const deadline = Date.now() + 60_000;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (exited !== null) {
      await server.stop();
      assert.fail(`purser demo exited early (${JSON.stringify(exited)}); its output:\n${server.log()}`);
    }
    try {
      const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return server;
      last = `status ${res.status}`;
    } catch (err) {
      last = String(err?.cause?.code ?? err);
    }
    await sleep(250);
  }
  const output = server.log();
  await server.stop();
  assert.fail(`GET ${base}/healthz did not answer 200 within 60 s (last: ${last}); server output:\n${output}`);
}

/** Runs one step; when it fails, saves the page's HTML and says which step it was. */
async function step(page, name, fn) {
  try {
    return await fn();
  } catch (err) {
    let saved = '';
    try {
      mkdirSync(ARTIFACTS, { recursive: true });
      const file = path.join(ARTIFACTS, `tracking-${name.replace(/[^a-z0-9]+/gi, '-')}.html`);
      writeFileSync(file, `<!-- url: ${page.url()} -->\n${await page.content()}`);
      saved = `; page HTML saved to ${path.relative(ROOT, file)}`;
    } catch {
      // the page may be gone; the original error says enough
    }
    err.message = `step "${name}" failed at ${page.url()}${saved}\n${err.message}`;
    throw err;
  }
}

const pathOf = (url) => new URL(url).pathname;
const SHIPMENT_PATH = /^\/shipments\/[0-9a-f-]{36}$/;

async function logIn(page, base, email) {
  await step(page, `log in ${email}`, async () => {
    await page.goto(`${base}/login`);
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill(PASSWORD);
    await Promise.all([
      page.waitForURL((u) => pathOf(u) !== '/login'),
      page.locator('form:has(input[name=password]) button[type=submit]').first().click(),
    ]);
  });
}

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
    server = await startServer();
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      headless: true,
      args: CHROMIUM_ARGS,
    });
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
      await logIn(page, server.base, AGENT);

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
        assert.ok((await page.locator('#eta-facts').innerText()).includes('2026-12-21 08:00 UTC'));
      });
    });
  });
});
