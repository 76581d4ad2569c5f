import { describe, expect, it } from 'vitest';
import { PLATFORM_TARGETS, platformChecks } from '../src/platform-targets.js';
import type { PlatformResult } from '../src/results.js';
import { DEFAULT_SETTINGS } from '../src/settings.js';
import { platformCalls as calls, platformResult as result } from './sample-results.js';

const statuses = (r: PlatformResult | undefined) => platformChecks(r, DEFAULT_SETTINGS).map((check) => check.status);

describe('platformChecks', () => {
  it('meets every target of issue 22 when the figures reach them, and names them with the settings', () => {
    const checks = platformChecks(result(), DEFAULT_SETTINGS);
    expect(checks.map((check) => check.status)).toEqual(Array(5).fill('met'));
    expect(checks[0]!.target).toContain('1000 concurrent cold requests');
    expect(checks[1]!.target).toContain('500 authorizers on 4 instances');
    expect(checks[1]!.measured).toBe('12 authorizer-token, 13 ticket calls at most (500 authorizers)');
  });

  it('misses the storm on any call beyond 1 + 1 + 1, a list read, a push asked, or a failed request', () => {
    for (const extra of [{ componentToken: 2 }, { authorizerToken: 2 }, { ticket: 2 }, { getAuthorizerList: 1 }, { startPushTicket: 1 }, { queryAuth: 1 }]) {
      const storm = { calls: calls({ componentToken: 1, authorizerToken: 1, ticket: 1, ...extra }) };
      expect(statuses(result({ storm }))[0]).toBe('missed');
    }
    expect(statuses(result({ storm: { failed: 1, ok: 999 } }))[0]).toBe('missed');
  });

  it('misses the day past 13 calls of one authorizer or of the component token, on a list read or a failed request', () => {
    const over = PLATFORM_TARGETS.perAuthorizerCalls + 1;
    expect(statuses(result({ day: { maxAuthorizerTokenCalls: over } }))[1]).toBe('missed');
    expect(statuses(result({ day: { maxTicketCalls: over } }))[1]).toBe('missed');
    expect(statuses(result({ day: { calls: calls({ componentToken: PLATFORM_TARGETS.componentTokenCalls + 1 }) } }))[2]).toBe('missed');
    expect(statuses(result({ day: { calls: calls({ componentToken: 13, getAuthorizerList: 1 }) } }))[3]).toBe('missed');
    expect(statuses(result({ day: { failed: 2, invalidSignatures: 1 } }))[3]).toBe('missed');
  });

  it('misses the restart when the first answer is refused or wrongly signed, a push or an authorization was needed, or an authorizer does not sign', () => {
    for (const restart of [
      { firstStatus: 503 },
      { firstSignatureValid: false },
      { pushesAfter: 1 },
      { allCalls: calls({ startPushTicket: 1 }) },
      { allCalls: calls({ queryAuth: 1 }) },
      { authorizersSigned: 499 },
    ]) {
      expect(statuses(result({ restart }))[4]).toBe('missed');
    }
  });

  it('says "not measured" for every target when the scenario did not run', () => {
    expect(statuses(undefined)).toEqual(Array(5).fill('not measured'));
  });
});
