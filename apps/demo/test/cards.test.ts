// `share-server check-card` (the BUILT command of @share/server) against the demo's card pages under /cards/: the good
// one passes, each broken one fails its rule. The mixed-content page is also served over HTTPS (a certificate made
// with openssl for 127.0.0.1, trusted by the command through NODE_EXTRA_CA_CERTS), where its http: image is flagged.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CARD_PAGES } from '../src/card-pages.js';
import { createServer, type Demo } from '../src/server.js';

const bin = join(dirname(createRequire(import.meta.url).resolve('@share/server/package.json')), 'dist/cli.js');
const quiet = { warn() {}, error() {}, info() {} };

/** Each broken page and the rules it fails (the ones its page names, plus what that same fault also breaks). */
const BROKEN: Record<string, string[]> = {
  'no-image': ['image-url', 'og-tags'],
  'data-image': ['image-not-data'],
  'missing-image': ['image-reachable'],
  'bmp-image': ['image-type'],
  'small-image': ['image-pixels'],
  'wide-image': ['image-aspect'],
  'heavy-image': ['image-bytes'],
  'no-title': ['title', 'og-tags'],
  'long-title': ['title-length'],
  'no-desc': ['desc', 'og-tags'],
  'long-desc': ['desc-length'],
  'other-link': ['link-host'],
  'no-og': ['og-tags'],
};

let demo: Demo;
let server: Server;
let base: string;
beforeAll(async () => {
  demo = await createServer({ logger: quiet, warm: false });
  server = demo.app.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await demo.close();
});

async function checkCard(url: string, env: Record<string, string> = {}): Promise<{ code: number | null; failed: string[]; stdout: string }> {
  const child = spawn(process.execPath, [bin, 'check-card', url], { env: { ...process.env, ...env } });
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  const failed = [...stdout.matchAll(/^FAIL {2}(\S+)/gm)].map((match) => match[1]!);
  return { code, failed, stdout };
}

describe('check-card on the demo card pages', () => {
  it('passes the good page: exit code 0, no rule failed', async () => {
    const { code, failed, stdout } = await checkCard(`${base}/cards/good.html`);
    expect(failed).toEqual([]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/\n14 passed, 0 failed\n$/);
  });

  it.each(Object.entries(BROKEN))('flags /cards/%s.html: %j, exit code 1', async (page, rules) => {
    const { code, failed } = await checkCard(`${base}/cards/${page}.html`);
    expect(failed).toEqual(rules);
    expect(code).toBe(1);
  });

  it('has a test for every card page, each failing its own rule first (and the list page links them all)', async () => {
    const tested = ['good', 'mixed-content', ...Object.keys(BROKEN)];
    expect(CARD_PAGES.map((page) => page.name).sort()).toEqual(tested.sort());
    for (const page of CARD_PAGES.filter((card) => card.name in BROKEN)) expect(BROKEN[page.name]![0]).toBe(page.rule);
    const list = await (await fetch(`${base}/cards/`)).text();
    for (const page of CARD_PAGES) expect(list).toContain(`href="/cards/${page.name}.html"`);
  });

  it('answers a card page that does not exist with the JSON 404, and still serves the pages\' images', async () => {
    const missing = await fetch(`${base}/cards/nothing.html`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'not_found', message: 'no such page' } });
    const bmp = await fetch(`${base}/cards/img/card.bmp`);
    expect(bmp.status).toBe(200);
  });
});

describe('check-card on the demo over HTTPS', () => {
  let dir: string;
  let secure: Server;
  let secureBase: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'share-cards-tls-'));
    const [key, cert] = [join(dir, 'key.pem'), join(dir, 'cert.pem')];
    // A throwaway self-signed certificate for 127.0.0.1, valid one day; needs the openssl command.
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1',
      '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
    secure = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, demo.app);
    secure.listen(0, '127.0.0.1');
    await once(secure, 'listening');
    secureBase = `https://127.0.0.1:${(secure.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    secure.closeAllConnections();
    await new Promise((resolve) => secure.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });
  const trusted = () => ({ NODE_EXTRA_CA_CERTS: join(dir, 'cert.pem') });

  it('passes the good page over https too', async () => {
    const { code, failed } = await checkCard(`${secureBase}/cards/good.html`, trusted());
    expect(failed).toEqual([]);
    expect(code).toBe(0);
  });

  it('flags the http: image of /cards/mixed-content.html on an https: page', async () => {
    const { code, failed, stdout } = await checkCard(`${secureBase}/cards/mixed-content.html`, trusted());
    expect(failed).toContain('image-https');
    // Its image is on http://localhost/ (port 80), which may or may not answer here.
    expect(failed.filter((rule) => rule !== 'image-https' && rule !== 'image-reachable')).toEqual([]);
    expect(stdout).toContain('an http: image on an https: page: iOS WeChat does not show it; serve it over https');
    expect(code).toBe(1);
  });

  it('does not flag it over plain http, where an http: image is allowed', async () => {
    const { failed } = await checkCard(`${base}/cards/mixed-content.html`);
    expect(failed).not.toContain('image-https');
  });
});
