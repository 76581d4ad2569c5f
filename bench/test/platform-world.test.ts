import { describe, expect, it } from 'vitest';
import { authorizerAppId, callsSince, pageOf, PAGES_HOST } from '../src/platform-world.js';

describe('callsSince', () => {
  it('subtracts each counter of the earlier reading', () => {
    const before = { componentToken: 1, startPushTicket: 0, queryAuth: 20, authorizerToken: 3, getAuthorizerList: 0, ticket: 4 };
    const after = { componentToken: 3, startPushTicket: 0, queryAuth: 20, authorizerToken: 10, getAuthorizerList: 1, ticket: 9 };
    expect(callsSince(before, after)).toEqual({ componentToken: 2, startPushTicket: 0, queryAuth: 0, authorizerToken: 7, getAuthorizerList: 1, ticket: 5 });
    expect(after.componentToken).toBe(3);
  });
});

describe('authorizerAppId and pageOf', () => {
  it('gives each authorizer a distinct 18-character appid, and its pages under the platform\'s domain', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => authorizerAppId(i));
    expect(new Set(ids).size).toBe(1000);
    for (const id of ids) expect(id).toMatch(/^wxa[0-9a-f]{15}$/);
    expect(new URL(pageOf(ids[7]!, 2)).hostname).toBe(PAGES_HOST);
    expect(pageOf(ids[7]!, 2)).toContain(`/${ids[7]}/page-2`);
  });
});
