import { describe, expect, it } from 'vitest';
import { ShareError } from '../src/errors.js';
import { jsapiSignature } from '../src/signature.js';
import { MAX_CACHE_BYTES, signerFromConfig } from '../src/signer.js';
import { fakeClock, fakeCredentials, spyLogger, testConfig } from './helpers/fakes.js';

function setup(options: Parameters<typeof testConfig>[0] = {}) {
  const now = fakeClock();
  const logger = spyLogger();
  const config = testConfig({ now, logger, ...options });
  const creds = fakeCredentials(now);
  const signer = signerFromConfig(config, creds);
  return { now, logger, config, creds, signer };
}

/** Lets background promises settle (they resolve at once with the fake credentials). */
const flush = () => new Promise((resolve) => setImmediate(resolve));

function verify(result: { signature: string; nonceStr: string; timestamp: number; url: string }, ticket: string) {
  expect(result.signature).toBe(jsapiSignature({ ticket, nonceStr: result.nonceStr, timestamp: result.timestamp, url: result.url }));
}

describe('createSigner().sign', () => {
  it('signs the url minus the hash with the account ticket', async () => {
    const { signer, now } = setup();
    const result = await signer.sign('https://example.com/a?b=1#/route');
    expect(result).toEqual({
      appId: 'wxtestappid000001',
      timestamp: Math.floor(now() / 1000),
      nonceStr: expect.stringMatching(/^[A-Za-z0-9]{16}$/),
      signature: expect.stringMatching(/^[0-9a-f]{40}$/),
      url: 'https://example.com/a?b=1',
    });
    verify(result, 'ticket-of-wxtestappid000001-1');
  });

  it.each([
    'https://example.com:8443/p?q=1&r=2',
    'https://example.com/你好?名=值',
    'https://example.com/%E4%BD%A0%E5%A5%BD?q=%20%2B',
    'http://mp.weixin.qq.com?params=value',
  ])('signs %s exactly as given', async (url) => {
    const { signer } = setup();
    const result = await signer.sign(url);
    expect(result.url).toBe(url);
    verify(result, 'ticket-of-wxtestappid000001-1');
  });

  it('validates like the middleware', async () => {
    const { signer } = setup({ allowedHosts: ['example.com'] });
    await expect(signer.sign('/relative')).rejects.toMatchObject({ code: 'invalid_url', status: 400 });
    await expect(signer.sign(undefined as unknown as string)).rejects.toBeInstanceOf(ShareError);
    await expect(signer.sign('https://evil.com/')).rejects.toMatchObject({ code: 'host_not_allowed', status: 403 });
    await expect(signer.sign('https://www.example.com/')).resolves.toMatchObject({ url: 'https://www.example.com/' });
  });

  it('passes credential errors through', async () => {
    const { signer, creds } = setup();
    creds.failWith = new ShareError('wechat_unavailable', 504, 'WeChat did not answer in time');
    await expect(signer.sign('https://example.com/')).rejects.toMatchObject({ code: 'wechat_unavailable', status: 504 });
    creds.failWith = undefined;
    await expect(signer.sign('https://example.com/')).resolves.toMatchObject({ appId: 'wxtestappid000001' });
  });
});

describe('signature cache', () => {
  it('returns the cached signature for the same url without asking the credentials again', async () => {
    const { signer, creds } = setup();
    const first = await signer.sign('https://example.com/x');
    const second = await signer.sign('https://example.com/x#other-hash');
    expect(second).toEqual(first);
    expect(creds.calls.ticket).toHaveLength(1);
    expect(signer.stats().signatures).toEqual({ hits: 1, misses: 1, size: 1, bytes: 3 * 'https://example.com/x'.length + 400 });
  });

  it('returns copies, so a caller cannot corrupt the cache', async () => {
    const { signer } = setup();
    const first = await signer.sign('https://example.com/x');
    first.signature = 'tampered';
    expect((await signer.sign('https://example.com/x')).signature).not.toBe('tampered');
  });

  it('reads the ticket from its owner on every answer and re-signs as soon as it changed', async () => {
    const { signer, creds, now } = setup();
    const first = await signer.sign('https://example.com/x');
    expect(await signer.sign('https://example.com/x')).toEqual(first);
    creds.tickets.set('wxtestappid000001', { value: 'renewed-ticket', expiresAt: now() + 7_200_000 });
    const renewed = await signer.sign('https://example.com/x');
    verify(renewed, 'renewed-ticket');
    expect(creds.calls.ticket).toHaveLength(1);
    expect(signer.stats().signatures).toMatchObject({ hits: 1, misses: 2 });
  });

  it('answers a cached url synchronously from the owner, never waiting for a load', async () => {
    const { signer, creds } = setup();
    const first = await signer.sign('https://example.com/x');
    creds.ticket = () => new Promise(() => {}); // a load would hang
    for (let i = 0; i < 100; i++) expect(signer.cached('https://example.com/x')?.result).toEqual(first);
    expect(creds.calls.peek.length).toBeGreaterThanOrEqual(100);
  });

  it('misses the cache once the owner drops the ticket (a store change notice, refresh()), and loads a new one', async () => {
    const { signer, creds, now } = setup();
    await signer.sign('https://example.com/x');
    creds.tickets.delete('wxtestappid000001');
    expect(signer.cached('https://example.com/x')).toBeUndefined();
    creds.tickets.set('wxtestappid000001', { value: 'after-notice', expiresAt: now() + 7_200_000 });
    verify(await signer.sign('https://example.com/x'), 'after-notice');
  });

  it('asks the credentials (and waits) when the owner says the ticket is no longer usable', async () => {
    const { signer, creds, now } = setup();
    creds.tickets.set('wxtestappid000001', { value: 'old', expiresAt: now() + 61_000 });
    await signer.sign('https://example.com/x');
    now.advance(1000);
    creds.tickets.set('wxtestappid000001', { value: 'next', expiresAt: now() + 7_200_000 });
    verify(await signer.sign('https://example.com/x'), 'next');
  });

  it('does not serve a signature past the ticket expiry', async () => {
    const { signer, creds, now } = setup();
    creds.tickets.set('wxtestappid000001', { value: 'short', expiresAt: now() + 500 });
    await signer.sign('https://example.com/x');
    now.advance(500);
    creds.tickets.set('wxtestappid000001', { value: 'next', expiresAt: now() + 7_200_000 });
    verify(await signer.sign('https://example.com/x'), 'next');
  });

  it('holds 12,000 near-limit CJK urls within the 64 MB cap, counting the bytes the process holds', async () => {
    const { signer } = setup({ maxSignatures: 20_000 });
    const path = '你'.repeat(4000);
    for (let i = 0; i < 12_000; i++) await signer.sign(`https://example.com/${i}/${path}`);
    const { size, bytes } = signer.stats().signatures;
    const perEntry = 2 * 4030 + 3 * 4000 + 30 + 400; // UTF-16 key + UTF-8 answer (3 bytes per CJK character) + the rest
    expect(bytes).toBeLessThanOrEqual(MAX_CACHE_BYTES);
    expect(size).toBeLessThan(Math.ceil(MAX_CACHE_BYTES / (perEntry - 100)));
    expect(size).toBeGreaterThan(Math.floor(MAX_CACHE_BYTES / (perEntry + 100)) - 1);
    console.info(`12,000 CJK urls: ${size} kept, ${(bytes / 1048576).toFixed(1)} MB counted (cap 64 MB)`);
  }, 60_000); // 12,000 sha1s of 12 KB: slow on a loaded machine, not a speed target

  it('stays bounded by maxSignatures', async () => {
    const { signer } = setup({ maxSignatures: 3 });
    for (let i = 0; i < 10; i++) await signer.sign(`https://example.com/${i}`);
    expect(signer.stats().signatures).toEqual({ hits: 0, misses: 10, size: 3, bytes: 3 * (3 * 'https://example.com/0'.length + 400) });
  });
});

describe('refresh, stats, close', () => {
  it('refresh() refetches the credentials and the next signature uses the new ticket', async () => {
    const { signer, creds } = setup();
    await signer.sign('https://example.com/x');
    await signer.refresh();
    expect(creds.calls.refresh).toEqual(['wxtestappid000001']);
    verify(await signer.sign('https://example.com/x'), 'ticket-of-wxtestappid000001-2');
  });

  it('refresh(appId) refreshes one account; an unknown appId throws', async () => {
    const { signer, creds } = setup({
      accounts: [
        { appId: 'wxaaaaaaaaaaaaaaa', appSecret: 'a', allowedHosts: ['a.example'] },
        { appId: 'wxbbbbbbbbbbbbbbb', appSecret: 'b', allowedHosts: ['b.example'] },
      ],
    });
    await signer.refresh('wxbbbbbbbbbbbbbbb');
    expect(creds.calls.refresh).toEqual(['wxbbbbbbbbbbbbbbb']);
    await signer.refresh();
    expect(creds.calls.refresh).toEqual(['wxbbbbbbbbbbbbbbb', 'wxaaaaaaaaaaaaaaa', 'wxbbbbbbbbbbbbbbb']);
    await expect(signer.refresh('wxnope')).rejects.toThrow('unknown appId wxnope');
  });

  it('stats() merges the credentials stats with the signature cache counters', async () => {
    const { signer } = setup();
    await signer.sign('https://example.com/x');
    expect(signer.stats()).toEqual({
      upstream: { token: 0, stableToken: 1, ticket: 1 },
      cacheHits: 0,
      refreshes: 0,
      errors: {},
      signatures: { hits: 0, misses: 1, size: 1, bytes: 3 * 'https://example.com/x'.length + 400 },
    });
  });

  it('close() closes the credentials and refuses to sign afterwards', async () => {
    const { signer, creds } = setup();
    await signer.sign('https://example.com/x');
    await signer.close();
    expect(creds.calls.close).toBe(1);
    await expect(signer.sign('https://example.com/x')).rejects.toThrow('after close');
  });
});

describe('multi-account', () => {
  const accounts = [
    { appId: 'wxaaaaaaaaaaaaaaa', appSecret: 'a', allowedHosts: ['a.example', 'shared.example/a'] },
    { appId: 'wxbbbbbbbbbbbbbbb', appSecret: 'b', allowedHosts: ['b.example', 'shared.example'] },
  ];

  it('signs each url with the first account whose allowedHosts match', async () => {
    const { signer } = setup({ accounts });
    expect((await signer.sign('https://www.a.example/')).appId).toBe('wxaaaaaaaaaaaaaaa');
    expect((await signer.sign('https://b.example/')).appId).toBe('wxbbbbbbbbbbbbbbb');
    expect((await signer.sign('https://shared.example/a/page')).appId).toBe('wxaaaaaaaaaaaaaaa');
    const b = await signer.sign('https://shared.example/other');
    expect(b.appId).toBe('wxbbbbbbbbbbbbbbb');
    verify(b, 'ticket-of-wxbbbbbbbbbbbbbbb-1');
    await expect(signer.sign('https://c.example/')).rejects.toMatchObject({ code: 'host_not_allowed' });
  });

  it('falls back to a last account without allowedHosts', async () => {
    const { signer, logger } = setup({ accounts: [...accounts, { appId: 'wxccccccccccccccc', appSecret: 'c' }] });
    expect((await signer.sign('https://c.example/')).appId).toBe('wxccccccccccccccc');
    expect(logger.warnings).toHaveLength(1);
  });
});

describe('warnings', () => {
  it('warns once when allowedHosts is not set, never when it is', async () => {
    const open = setup();
    await open.signer.sign('https://a.example/');
    await open.signer.sign('https://b.example/');
    expect(open.logger.warnings).toEqual([expect.stringContaining('set allowedHosts')]);
    expect(setup({ allowedHosts: ['example.com'] }).logger.warnings).toEqual([]);
  });
});
