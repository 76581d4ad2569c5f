import { describe, expect, it } from 'vitest';
import { createWechatMock } from '@share/wechat-mock';
import { DEFAULT_DATA_DIR, DEMO_ANALYTICS_KEY, resolveDemoOptions } from '../src/options.js';

describe('resolveDemoOptions', () => {
  it.each([[undefined], [{}], [{ appId: undefined }]])('is offline without credentials: %j', (options) => {
    expect(resolveDemoOptions(options, {})).toEqual({
      offline: true, cors: true, mock: undefined, safeDomains: undefined, allowedHosts: undefined, logger: undefined, trustProxy: 'loopback',
      dataDir: DEFAULT_DATA_DIR, analyticsKeys: [DEMO_ANALYTICS_KEY], dashboardKey: DEMO_ANALYTICS_KEY,
    });
  });

  it('is offline with only one of the two credentials', () => {
    expect(resolveDemoOptions({}, { WX_APPID: 'wx1' }).offline).toBe(true);
    expect(resolveDemoOptions({}, { WX_APPSECRET: 's' }).offline).toBe(true);
    expect(resolveDemoOptions({}, { WX_APPID: '  ', WX_APPSECRET: 's' }).offline).toBe(true);
  });

  it('is online with WX_APPID and WX_APPSECRET, with WX_API_BASE and SHARE_ALLOWED_HOSTS', () => {
    const env = { WX_APPID: 'wx1', WX_APPSECRET: 's', WX_API_BASE: 'http://gateway.internal', SHARE_ALLOWED_HOSTS: 'example.com, example.org/mp,' };
    expect(resolveDemoOptions({}, env)).toEqual({
      offline: false,
      appId: 'wx1',
      appSecret: 's',
      apiBase: 'http://gateway.internal',
      cors: true,
      allowedHosts: ['example.com', 'example.org/mp'],
      logger: undefined,
      trustProxy: 'loopback',
      dataDir: DEFAULT_DATA_DIR,
    });
  });

  it('keeps its data in SHARE_DATA_DIR; WX_ANALYTICS_KEYS replaces the offline key, which the dashboard is then not told', () => {
    const offline = resolveDemoOptions({}, { SHARE_DATA_DIR: '/srv/share', WX_ANALYTICS_KEYS: 'k1-0123456789abcdef, k2-0123456789abcdef' });
    expect(offline).toMatchObject({ dataDir: '/srv/share', analyticsKeys: ['k1-0123456789abcdef', 'k2-0123456789abcdef'] });
    expect(offline).not.toHaveProperty('dashboardKey');
    const online = resolveDemoOptions({}, { WX_APPID: 'wx1', WX_APPSECRET: 's' });
    expect(online).not.toHaveProperty('analyticsKeys');
    expect(online).not.toHaveProperty('dashboardKey');
  });

  it.each([
    ['true', true],
    ['false', false],
    ['2', 2],
    ['loopback, 10.0.0.0/8', 'loopback, 10.0.0.0/8'],
  ])('reads SHARE_TRUST_PROXY=%j as trust proxy %j; the option wins over it', (value, expected) => {
    expect(resolveDemoOptions({}, { SHARE_TRUST_PROXY: value }).trustProxy).toEqual(expected);
    expect(resolveDemoOptions({ trustProxy: false }, { SHARE_TRUST_PROXY: value }).trustProxy).toBe(false);
  });

  it('prefers options over env, and an injected mock forces offline', () => {
    const options = Object.freeze({ appId: 'wx2', appSecret: 't', cors: false });
    expect(resolveDemoOptions(options, { WX_APPID: 'wx1', WX_APPSECRET: 's' })).toMatchObject({ offline: false, appId: 'wx2', appSecret: 't', cors: false });
    const mock = createWechatMock();
    const config = resolveDemoOptions({ mock }, { WX_APPID: 'wx1', WX_APPSECRET: 's' });
    expect(config.offline).toBe(true);
    expect(config.offline && config.mock).toBe(mock);
  });
});
