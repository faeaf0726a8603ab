// What the browser tests share: start the real server (`target/debug/purser demo`) on a
// free loopback port with a fresh data directory and stop it afterwards, launch Debian's
// headless /usr/bin/chromium through playwright-core, run named steps that save the page's
// HTML under target/browser-artifacts/ when they fail, and sign in.

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '..', '..');
const BINARY = path.join(ROOT, 'target', 'debug', process.platform === 'win32' ? 'purser.exe' : 'purser');
export const ARTIFACTS = path.join(ROOT, 'target', 'browser-artifacts');

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

export const PASSWORD = 'purser-demo';

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

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The environment of the server: this one, less any Purser settings that would point it elsewhere. */
function serverEnv() {
  const env = { ...process.env, NO_COLOR: '1' };
  for (const key of Object.keys(env)) {
    if (key.startsWith('PURSER_')) delete env[key];
  }
  return env;
}

/** Starts `purser demo` and resolves once GET /healthz answers 200 (180 s at most: the demo
 * seeds its desk and track-and-trace history first, slower while other suites do the same). */
export async function startServer(prefix) {
  assert.ok(existsSync(BINARY), `${BINARY} is missing: run \`cargo build -p purser\` first`);
  const port = await freePort();
  const dataDir = mkdtempSync(path.join(tmpdir(), `purser-${prefix}-`));
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

  const deadline = Date.now() + 180_000;
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
  assert.fail(`GET ${base}/healthz did not answer 200 within 180 s (last: ${last}); server output:\n${output}`);
}

/** A `step(page, name, fn)` that runs one step; when it fails, saves the page's HTML
 * (named after `prefix` and the step) and says which step it was. */
export function stepper(prefix) {
  return async function step(page, name, fn) {
    try {
      return await fn();
    } catch (err) {
      let saved = '';
      try {
        mkdirSync(ARTIFACTS, { recursive: true });
        const file = path.join(ARTIFACTS, `${prefix ? `${prefix}-` : ''}${name.replace(/[^a-z0-9]+/gi, '-')}.html`);
        writeFileSync(file, `<!-- url: ${page.url()} -->\n${await page.content()}`);
        saved = `; page HTML saved to ${path.relative(ROOT, file)}`;
      } catch {
        // the page may be gone; the original error says enough
      }
      err.message = `step "${name}" failed at ${page.url()}${saved}\n${err.message}`;
      throw err;
    }
  }
}

export const pathOf = (url) => new URL(url).pathname;

/** Signs in through the log-in form and waits until the page has moved on. */
export async function logIn(step, page, base, email, password = PASSWORD) {
  await step(page, `log in ${email}`, async () => {
    await page.goto(`${base}/login`);
    await page.locator('input[name=email]').fill(email);
    await page.locator('input[name=password]').fill(password);
    await Promise.all([
      page.waitForURL((u) => pathOf(u) !== '/login'),
      page.locator('form:has(input[name=password]) button[type=submit]').first().click(),
    ]);
  });
}

/** Debian's Chromium, headless, without the background traffic a test does not want. */
export function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}
