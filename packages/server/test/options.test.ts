import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { consoleLogger } from '../src/logger.js';
import { closest, DEFAULT_API_BASE, DEFAULT_MAX_SIGNATURES, resolveOptions, type Options } from '../src/options.js';
import { spyLogger } from './helpers/fakes.js';

const ENV_KEYS = ['WX_APPID', 'WX_APPSECRET', 'WX_API_BASE', 'WECOM_CORP_ID', 'WECOM_CORP_SECRET', 'WECOM_AGENT_ID', 'WECOM_API_BASE'] as const;
let saved: Record<string, string | undefined>;

beforeEach(() => {
  saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  for (const k of ENV_KEYS) delete process.env[k];
});
afterEach(() => {
  for (const k of ENV_KEYS) {
    if (saved[k] === undefined) delete process.env[k];
    else process.env[k] = saved[k];
  }
});

const creds = { appId: 'wxoptionstest0001', appSecret: 'options-secret' };

describe('defaults', () => {
  it.each<[string, Options | undefined]>([
    ['()', undefined],
    ['{}', {}],
    ['{ x: undefined }', { x: undefined } as Options],
    ['{ every option undefined }', { appId: undefined, path: undefined, client: undefined, cors: undefined, logger: undefined, maxSignatures: undefined }],
  ])('%s reads the env vars and applies the defaults', (_, options) => {
    process.env.WX_APPID = creds.appId;
    process.env.WX_APPSECRET = creds.appSecret;
    const config = resolveOptions(options);
    expect(config).toEqual({
      accounts: [{ appId: creds.appId, appSecret: creds.appSecret, hosts: undefined }],
      apiBase: DEFAULT_API_BASE,
      wecomApiBase: 'https://qyapi.weixin.qq.com',
      path: '/wx/signature',
      client: true,
      tokenMode: 'stable',
      cors: false,
      trustProxy: false,
      dispatcher: undefined,
      logger: consoleLogger,
      store: undefined,
      now: Date.now,
      upstreamTimeoutMs: 3000,
      retries: 2,
      refreshAheadMs: 600_000,
      errorCooldownMs: 30_000,
      maxSignatures: DEFAULT_MAX_SIGNATURES,
      minFetchIntervalMs: 60_000,
      warm: true,
      verifyFiles: {},
      component: undefined,
    });
    // Nothing but the "none" options (dispatcher, store, tokenService and analytics: off) is left undefined.
    const undefinedKeys = Object.entries(config).filter(([, v]) => v === undefined).map(([k]) => k);
    expect(undefinedKeys.sort()).toEqual(['analytics', 'component', 'dispatcher', 'store', 'tokenService']);
  });

  it('reads WX_API_BASE and tolerates a trailing slash', () => {
    process.env.WX_API_BASE = 'http://127.0.0.1:9999/';
    expect(resolveOptions(creds).apiBase).toBe('http://127.0.0.1:9999');
    expect(resolveOptions({ ...creds, apiBase: 'https://gw.example.com/wechat/' }).apiBase).toBe('https://gw.example.com/wechat');
  });

  it('reads the env at construction, not later', () => {
    process.env.WX_APPID = 'wxfirst';
    process.env.WX_APPSECRET = 'first-secret';
    const config = resolveOptions();
    process.env.WX_APPID = 'wxsecond';
    expect(config.accounts[0]?.appId).toBe('wxfirst');
  });

  it('lets options win over env vars', () => {
    process.env.WX_APPID = 'wxfromenv';
    process.env.WX_APPSECRET = 'env-secret';
    expect(resolveOptions({ appId: 'wxfromoption' }).accounts[0]).toMatchObject({ appId: 'wxfromoption', appSecret: 'env-secret' });
  });
});

describe('missing credentials', () => {
  it('names both the option and the env var', () => {
    expect(() => resolveOptions()).toThrow(/set WX_APPID or pass appId.*set WX_APPSECRET or pass appSecret/);
    expect(() => resolveOptions({ appId: 'wx1' })).toThrow('set WX_APPSECRET or pass appSecret');
    expect(() => resolveOptions({ appSecret: 's' })).toThrow('set WX_APPID or pass appId');
  });

  it('does not need appSecret with getAccessToken, and then ignores WX_APPSECRET', () => {
    process.env.WX_APPSECRET = 'env-secret';
    const getAccessToken = async () => 'token';
    const [account] = resolveOptions({ appId: 'wx1', getAccessToken }).accounts;
    expect(account).toEqual({ appId: 'wx1', getAccessToken, hosts: undefined });
  });

  it('treats an empty env var as unset', () => {
    process.env.WX_APPID = '';
    process.env.WX_APPSECRET = '  ';
    expect(() => resolveOptions()).toThrow('set WX_APPID or pass appId');
  });
});

describe('validation', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['a typo', { appSecrt: 'x' }, /unknown option `appSecrt`\. Did you mean `appSecret`\?/],
    ['a case slip', { appsecret: 'x' }, /Did you mean `appSecret`\?/],
    ['allowedHost', { allowedHost: ['a.com'] }, /Did you mean `allowedHosts`\?/],
    ['nothing close', { banana: 1 }, /unknown option `banana`\. Known options: appId/],
    ['a bad tokenMode', { tokenMode: 'fast' }, /tokenMode must be 'stable' or 'classic'/],
    ['a bad path', { path: 'wx/signature' }, /path must be a route path/],
    ['a bad apiBase', { apiBase: 'not a url' }, /apiBase/],
    ['an ftp apiBase', { apiBase: 'ftp://x' }, /apiBase/],
    ['a bad cors', { cors: 'yes' }, /cors must be/],
    ['a client that is not a boolean', { client: 'no' }, /client must be true or false/],
    ['a trustProxy that is not a boolean', { trustProxy: 'loopback' }, /trustProxy must be true or false/],
    ['a cors origin with a path', { cors: ['https://example.com/app'] }, /no path/],
    ['a logger without error()', { logger: { warn() {} } }, /logger must be an object with warn\(\), error\(\)/],
    ['a store without delete()', { store: { get() {}, set() {} } }, /store must be/],
    ['a negative retries', { retries: -1 }, /retries must be an integer >= 0/],
    ['a fractional maxSignatures', { maxSignatures: 1.5 }, /maxSignatures/],
    ['a zero maxSignatures', { maxSignatures: 0 }, /maxSignatures/],
    ['now not a function', { now: 5 }, /now must be a function/],
    ['empty allowedHosts', { allowedHosts: [] }, /empty/],
    ['an allowedHosts entry with scheme', { allowedHosts: ['https://a.com'] }, /scheme/],
  ])('refuses %s', (_, options, message) => {
    expect(() => resolveOptions({ ...creds, ...options } as Options)).toThrow(message);
  });

  it('throws TypeError', () => {
    expect(() => resolveOptions({ ...creds, retries: -1 })).toThrow(TypeError);
  });

  it('does not mutate frozen options', () => {
    const options = Object.freeze({
      ...creds,
      allowedHosts: Object.freeze(['Example.com/mp/']) as string[],
      cors: Object.freeze(['https://example.com']) as string[],
      logger: Object.freeze(spyLogger()),
      path: '/sig/',
    });
    const config = resolveOptions(options);
    expect(config.path).toBe('/sig');
    expect(config.accounts[0]?.hosts).toEqual([{ host: 'example.com', pathPrefix: '/mp' }]);
    expect(options.allowedHosts).toEqual(['Example.com/mp/']);
  });

  it('keeps the given values', () => {
    const logger = spyLogger();
    const now = () => 1;
    const config = resolveOptions({ ...creds, logger, now, tokenMode: 'classic', cors: true, retries: 0, maxSignatures: 5, upstreamTimeoutMs: 100 });
    expect(config).toMatchObject({ logger, now, tokenMode: 'classic', cors: true, retries: 0, maxSignatures: 5, upstreamTimeoutMs: 100 });
  });

  it('normalises cors origins', () => {
    expect(resolveOptions({ ...creds, cors: ['https://Example.com/', 'http://a.example:8080'] }).cors).toEqual([
      'https://example.com',
      'http://a.example:8080',
    ]);
  });
});

describe('accounts', () => {
  const a = { appId: 'wxaaaaaaaaaaaaaaa', appSecret: 'secret-a', allowedHosts: ['a.example'] };
  const b = { appId: 'wxbbbbbbbbbbbbbbb', getAccessToken: async () => 't', allowedHosts: ['b.example/mp'] };

  it('resolves each account with its hosts, ignoring WX_APPID/WX_APPSECRET', () => {
    process.env.WX_APPID = 'wxenv';
    process.env.WX_APPSECRET = 'env';
    const config = resolveOptions({ accounts: [a, b, { appId: 'wxfallback', appSecret: 's' }] });
    expect(config.accounts.map((x) => x.appId)).toEqual([a.appId, b.appId, 'wxfallback']);
    expect(config.accounts[1]).toEqual({ appId: b.appId, getAccessToken: b.getAccessToken, hosts: [{ host: 'b.example', pathPrefix: '/mp' }] });
    expect(config.accounts[2]?.hosts).toBeUndefined();
  });

  it.each<[string, Options, RegExp]>([
    ['empty', { accounts: [] }, /non-empty array/],
    ['mixed with appId', { accounts: [a], appId: 'wx1' }, /either `accounts` or `appId`/],
    ['mixed with allowedHosts', { accounts: [a], allowedHosts: ['x.com'] }, /`allowedHosts`/],
    ['without secret', { accounts: [{ appId: 'wx1', allowedHosts: ['a.com'] }] }, /accounts\[0\]\.appSecret is missing/],
    ['without appId', { accounts: [{ appSecret: 's' } as never] }, /accounts\[0\]\.appId/],
    ['with a typo', { accounts: [{ ...a, allowedHost: ['a.com'] } as never] }, /unknown accounts\[0\] key `allowedHost`\. Did you mean `allowedHosts`/],
    ['duplicated', { accounts: [a, a] }, /listed twice/],
    ['a catch-all before others', { accounts: [{ appId: 'wx1', appSecret: 's' }, a] }, /accounts\[0\] has no allowedHosts/],
    ['with a bad host', { accounts: [{ ...a, allowedHosts: ['a.com:81'] }] }, /accounts\[0\]\.allowedHosts.*port/],
  ])('refuses accounts %s', (_, options, message) => {
    expect(() => resolveOptions(options)).toThrow(message);
  });
});

describe('closest', () => {
  it('suggests only near misses', () => {
    expect(closest('appid', ['appId', 'appSecret'])).toBe('appId');
    expect(closest('secret', ['appId', 'appSecret'])).toBe('appSecret');
    expect(closest('zzzzzz', ['appId', 'appSecret'])).toBeUndefined();
  });
});

describe('tokenService', () => {
  const base = { appId: 'wxtestappid000001', appSecret: 'test-app-secret-value' };
  const KEY = 'service-key-0123456789abcdef';

  it('is off by default and on with keys, at /wx/access-token unless given a path', () => {
    expect(resolveOptions(base, {}).tokenService).toBeUndefined();
    expect(resolveOptions({ ...base, tokenService: { keys: [KEY] } }, {}).tokenService).toEqual({ keys: [KEY], path: '/wx/access-token' });
    expect(resolveOptions({ ...base, tokenService: { keys: [KEY], path: '/t/' } }, {}).tokenService?.path).toBe('/t');
    expect(() => resolveOptions({ ...base, path: '/t', tokenService: { keys: [KEY], path: '/t/' } }, {})).toThrow(/tokenService\.path must differ from path \(\/t\)/);
  });

  it('reads comma-separated keys from WX_TOKEN_SERVICE_KEYS', () => {
    const other = 'another-key-0123456789abcdef';
    expect(resolveOptions(base, { WX_TOKEN_SERVICE_KEYS: ` ${KEY} ,${other}` }).tokenService?.keys).toEqual([KEY, other]);
  });

  it('refuses short keys, too many keys, no keys and a bad path, naming a key by position only', () => {
    expect(() => resolveOptions({ ...base, tokenService: { keys: ['short-key'] } }, {})).toThrow(/tokenService\.keys\[0\] must be a string of at least 16/);
    expect(() => resolveOptions({ ...base, tokenService: { keys: [] } }, {})).toThrow(/at least one key/);
    expect(() => resolveOptions({ ...base, tokenService: { keys: Array.from({ length: 21 }, (_, i) => `${KEY}${i}`) } }, {})).toThrow(/at most 20/);
    expect(() => resolveOptions({ ...base, tokenService: { keys: [KEY], path: 'token' } }, {})).toThrow(/tokenService\.path must be a route path/);
    expect(() => resolveOptions({ ...base, tokenService: { key: [KEY] } as never }, {})).toThrow(/Did you mean `keys`/);
    expect(() => resolveOptions(base, { WX_TOKEN_SERVICE_KEYS: 'tooshort-secret' })).toThrow(/WX_TOKEN_SERVICE_KEYS\[0\]/);
    try {
      resolveOptions(base, { WX_TOKEN_SERVICE_KEYS: 'tooshort-secret' });
    } catch (error) {
      expect((error as Error).message).not.toContain('tooshort-secret');
    }
  });
});

describe('WeCom accounts', () => {
  const corp = { corpId: 'ww0123456789abcdef', corpSecret: 'wecom-app-secret-value' };
  const official = { appId: 'wxtestappid000001', appSecret: 'test-app-secret-value' };

  it('makes a WeCom app of the WECOM_* env vars, with wecomApiBase from WECOM_API_BASE', () => {
    const env = { WECOM_CORP_ID: corp.corpId, WECOM_CORP_SECRET: corp.corpSecret, WECOM_AGENT_ID: '1000003', WECOM_API_BASE: 'http://127.0.0.1:9/' };
    const config = resolveOptions({}, env);
    expect(config.accounts).toEqual([{ type: 'wecom', appId: corp.corpId, appSecret: corp.corpSecret, agentId: '1000003', hosts: undefined }]);
    expect(config.wecomApiBase).toBe('http://127.0.0.1:9');
    expect(resolveOptions(official, {}).wecomApiBase).toBe('https://qyapi.weixin.qq.com');
  });

  it('holds an official account and a WeCom app side by side, sharing allowedHosts', () => {
    const config = resolveOptions({ ...official, allowedHosts: ['example.com'] }, { WECOM_CORP_ID: corp.corpId, WECOM_CORP_SECRET: corp.corpSecret });
    expect(config.accounts.map((a) => [a.type ?? 'official', a.appId, a.hosts?.[0]?.host])).toEqual([
      ['official', official.appId, 'example.com'],
      ['wecom', corp.corpId, 'example.com'],
    ]);
    expect(resolveOptions(official, { WECOM_CORP_ID: corp.corpId, WECOM_CORP_SECRET: corp.corpSecret }).accounts).toHaveLength(2);
  });

  it("takes accounts entries with type 'wecom' next to official ones (type 'official' may be explicit)", () => {
    const config = resolveOptions({
      accounts: [
        { type: 'official', ...official, allowedHosts: ['example.com'] },
        { type: 'wecom', ...corp, agentId: '1000002', allowedHosts: ['example.com'] },
        { type: 'wecom', ...corp, corpSecret: 'second-app-secret', agentId: '1000003' },
      ],
    });
    expect(config.accounts.map((a) => [a.type, a.appId, a.agentId])).toEqual([
      [undefined, official.appId, undefined],
      ['wecom', corp.corpId, '1000002'],
      ['wecom', corp.corpId, '1000003'],
    ]);
    // A catch-all official account may precede WeCom apps: each container picks among its own kind.
    expect(() => resolveOptions({ accounts: [official, { type: 'wecom', ...corp, allowedHosts: ['a.com'] }] })).not.toThrow();
  });

  it.each<[string, Options, Record<string, string>, RegExp]>([
    ['WECOM_CORP_ID without a secret', {}, { WECOM_CORP_ID: corp.corpId }, /WECOM_CORP_ID is set, so set WECOM_CORP_SECRET too/],
    ['a non-numeric agentId', { accounts: [{ type: 'wecom', ...corp, agentId: 'app-1' }] }, {}, /agentId must be the app's AgentId, digits/],
    ["a ':' in corpId", { accounts: [{ type: 'wecom', ...corp, corpId: 'ww1:x' }] }, {}, /corpId must be a non-empty string without ':'/],
    ["a ':' in appId", { appId: 'wecom:ww1', appSecret: 's' }, {}, /appId must not contain ':'/],
    ['a bad wecomApiBase', { accounts: [{ type: 'wecom', ...corp }], wecomApiBase: 'ftp://x' }, {}, /wecomApiBase must be an http/],
    ['nothing at all', {}, {}, /set WX_APPID or pass appId.*for a WeCom app: set WECOM_CORP_ID and WECOM_CORP_SECRET, or pass accounts/],
  ])('refuses %s', (_, options, env, message) => {
    expect(() => resolveOptions(options, env)).toThrow(message);
  });

  it.each<[string, Options, RegExp]>([
    ['an official key on a WeCom entry', { accounts: [{ type: 'wecom', ...corp, appSecret: 's' } as never] }, /unknown accounts\[0\] key \(type 'wecom'\) `appSecret`/],
    ['an unknown type', { accounts: [{ type: 'miniprogram', ...corp } as never] }, /accounts\[0\]\.type must be 'official' or 'wecom'/],
    ['the same app twice', { accounts: [{ type: 'wecom', ...corp, agentId: 1 }, { type: 'wecom', ...corp, agentId: '1', allowedHosts: ['a.com'] }] }, /WeCom app ww0123456789abcdef\/1 is listed twice/],
    ['a WeCom catch-all before another WeCom app', { accounts: [{ type: 'wecom', ...corp }, { type: 'wecom', ...corp, agentId: 2, allowedHosts: ['a.com'] }] }, /accounts\[0\] has no allowedHosts.*WeCom accounts after it/],
  ])('refuses accounts with %s', (_, options, message) => {
    expect(() => resolveOptions(options, {})).toThrow(message);
  });

  it('never names corpSecret in an error', () => {
    const messages = [
      () => resolveOptions({ accounts: [{ type: 'wecom', ...corp, agentId: 'x' }] }, {}),
      () => resolveOptions({ accounts: [{ type: 'wecom', ...corp, corpId: 'a:b' }] }, {}),
    ].map((run) => {
      expect(run).toThrow(TypeError);
      return (() => { try { run(); } catch (error) { return (error as Error).message; } return ''; })();
    });
    for (const message of messages) expect(message).not.toContain(corp.corpSecret);
  });
});

describe('removed options', () => {
  it.each<[string, Record<string, unknown>, RegExp]>([
    ['maxAccounts', { ...creds, maxAccounts: 100 }, /`maxAccounts` was removed: accounts are never evicted/],
    ['corpId', { corpId: 'ww0123456789abcdef', corpSecret: 's' }, /`corpId` moved: write the WeCom app as an entry of `accounts` \(\{ type: 'wecom', corpId, corpSecret, agentId \}\)/],
    ['corpSecret', { ...creds, corpSecret: 's' }, /`corpSecret` moved: write the WeCom app as an entry of `accounts`/],
    ['agentId', { ...creds, agentId: 1000002 }, /`agentId` moved: write the WeCom app as an entry of `accounts`/],
  ])('%s throws at construction, naming its replacement', (_, options, message) => {
    expect(() => resolveOptions(options as Options, {})).toThrow(message);
  });
});

describe("Egg's middleware options", () => {
  it('accepts match, ignore and enable (Egg applies them) and uses none of them', () => {
    const config = resolveOptions({ ...creds, match: '/wx', ignore: (ctx: unknown) => ctx === undefined, enable: true }, {});
    expect(config).toEqual(resolveOptions(creds, {}));
  });
});

describe('verifyFiles', () => {
  it('takes the option, else WX_VERIFY_FILES as name=content pairs', () => {
    const files = Object.freeze({ 'MP_verify_abc123.txt': 'abc123', 'WW_verify_X9.txt': 'X9' });
    expect(resolveOptions({ ...creds, verifyFiles: files }, {}).verifyFiles).toEqual(files);
    expect(resolveOptions(creds, { WX_VERIFY_FILES: 'MP_verify_abc123.txt=abc123, WW_verify_X9.txt=X9' }).verifyFiles).toEqual(files);
    expect(resolveOptions({ ...creds, verifyFiles: {} }, { WX_VERIFY_FILES: 'MP_verify_a.txt=a' }).verifyFiles).toEqual({});
  });

  it.each<[string, unknown, Record<string, string>, RegExp]>([
    ['a name that is not a verification file', { '../etc/passwd': 'x' }, {}, /"\.\.\/etc\/passwd" is not a verification file name such as 'MP_verify_abc123.txt'/],
    ['another extension', { 'MP_verify_abc.html': 'abc' }, {}, /is not a verification file name/],
    ['an empty content', { 'MP_verify_abc.txt': '' }, {}, /the content of MP_verify_abc.txt must be the text WeChat gave, 1 to 256 characters/],
    ['not an object', 'MP_verify_abc.txt', {}, /verifyFiles must be/],
    ['an env pair without content', undefined, { WX_VERIFY_FILES: 'MP_verify_abc.txt' }, /the content of MP_verify_abc.txt must be/],
  ])('refuses %s at construction', (_, verifyFiles, env, message) => {
    expect(() => resolveOptions({ ...creds, verifyFiles: verifyFiles as Options['verifyFiles'] }, env)).toThrow(message);
  });
});
