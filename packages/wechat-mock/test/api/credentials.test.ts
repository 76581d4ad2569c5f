import { describe, expect, it } from 'vitest';
import { authenticate } from '../../src/api/credentials.js';
import type { Context } from '../../src/api/context.js';
import { resolveConfig } from '../../src/options.js';

function context(allowedIps?: string[]): Context {
  return { config: resolveConfig({ allowedIps }), accounts: new Map([['wx', 's']]) } as unknown as Context;
}

const ok = { grantType: 'client_credential', appId: 'wx', secret: 's' };

describe('authenticate', () => {
  it('passes a known appid with its secret', () => {
    expect(authenticate(context(), ok, '1.2.3.4', 40001)).toEqual({ appId: 'wx' });
  });

  it('answers the wrong-secret errcode it is given', () => {
    const wrong = { ...ok, secret: 'x' };
    expect(authenticate(context(), wrong, '1.2.3.4', 40001)).toMatchObject({ error: { errcode: 40001 } });
    expect(authenticate(context(), wrong, '1.2.3.4', 40125)).toMatchObject({ error: { errcode: 40125 } });
  });

  it('checks the IP whitelist after the secret', () => {
    expect(authenticate(context(['9.9.9.9']), ok, '1.2.3.4', 40001)).toMatchObject({ error: { errcode: 40164 } });
    expect(authenticate(context(['1.2.3.4']), ok, '1.2.3.4', 40001)).toEqual({ appId: 'wx' });
  });
});
