import { describe, expect, it } from 'vitest';
import { authorizerOfHost } from '../../src/component/options.js';
import { resolveOptions } from '../../src/options.js';
import { MemoryStore } from '../../src/stores/memory.js';
import { spyLogger } from '../helpers/fakes.js';

const AES_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
const component = { appId: 'wxc000000000000000', appSecret: 'component-secret-value', token: 'push-token-value', aesKey: AES_KEY };
const ENV = {
  WX_COMPONENT_APPID: component.appId,
  WX_COMPONENT_APPSECRET: component.appSecret,
  WX_COMPONENT_TOKEN: component.token,
  WX_COMPONENT_AES_KEY: component.aesKey,
};

describe('the component option', () => {
  it('resolves alone, with no official account', () => {
    const config = resolveOptions(Object.freeze({ component: Object.freeze({ ...component }), store: new MemoryStore(), logger: spyLogger() }), {});
    expect(config.component).toEqual({ ...component, hosts: undefined });
    expect(config.accounts).toEqual([]);
  });

  it('comes from the WX_COMPONENT_* env vars', () => {
    const config = resolveOptions({ store: new MemoryStore(), logger: spyLogger() }, ENV);
    expect(config.component).toEqual({ ...component, hosts: undefined });
  });

  it('is off without the option and WX_COMPONENT_APPID', () => {
    expect(resolveOptions({ appId: 'wx1', appSecret: 's' }, {}).component).toBeUndefined();
  });

  it('combines with accounts and with appId', () => {
    const withAccounts = resolveOptions({ component, accounts: [{ appId: 'wxa', appSecret: 'sa' }], store: new MemoryStore() }, {});
    expect(withAccounts.accounts.map((a) => a.appId)).toEqual(['wxa']);
    const withAppId = resolveOptions({ component, appId: 'wxb', appSecret: 'sb', store: new MemoryStore() }, {});
    expect(withAppId.accounts.map((a) => a.appId)).toEqual(['wxb']);
    expect(withAppId.component?.appId).toBe(component.appId);
  });

  it.each(['appId', 'appSecret', 'token', 'aesKey'] as const)('a missing %s throws naming it and its env var', (field) => {
    const partial: Record<string, string> = { ...component };
    delete partial[field];
    expect(() => resolveOptions({ component: partial }, {})).toThrow(`component.${field} is missing`);
  });

  it('an aesKey that is not 43 characters throws naming it, without its value', () => {
    const short = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEF';
    const run = () => resolveOptions({ component: { ...component, aesKey: short } }, {});
    expect(run).toThrow(/component\.aesKey must be the 43-character EncodingAESKey.*got 42 characters/);
    try {
      run();
    } catch (err) {
      expect((err as Error).message).not.toContain(short);
    }
  });

  it('an unknown key throws', () => {
    expect(() => resolveOptions({ component: { ...component, secret: 'x' } as never }, {})).toThrow('unknown component key `secret`');
  });

  it('warns once, without a secret, when no store keeps the verify ticket and refresh tokens', () => {
    const logger = spyLogger();
    resolveOptions({ component, logger }, {});
    expect(logger.warnings).toHaveLength(1);
    expect(logger.warnings[0]).toMatch(/no store is configured.*next verify ticket push.*api_get_authorizer_list/);
    for (const secret of [component.appSecret, component.token, component.aesKey]) expect(logger.warnings[0]).not.toContain(secret);
    const quiet = spyLogger();
    resolveOptions({ component, logger: quiet, store: new MemoryStore() }, {});
    expect(quiet.warnings).toEqual([]);
  });

  it('hosts: a template with one {appid}', () => {
    const config = resolveOptions({ component: { ...component, hosts: '{appid}.H5.example.com' }, store: new MemoryStore() }, {});
    const hosts = config.component!.hosts!;
    expect(authorizerOfHost(hosts, 'wxb100000000000001.h5.example.com')).toBe('wxb100000000000001');
    expect(authorizerOfHost(hosts, 'WXB1.h5.example.com:8443')).toBe('wxb1');
    expect(authorizerOfHost(hosts, 'h5.example.com')).toBeUndefined();
    expect(authorizerOfHost(hosts, 'a.b.h5.example.com')).toBeUndefined();
    expect(() => resolveOptions({ component: { ...component, hosts: 'h5.example.com' } }, {})).toThrow("one '{appid}'");
  });
});
