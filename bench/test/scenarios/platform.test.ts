import { afterAll, describe, expect, it } from 'vitest';
import { killAll, liveCount } from '../../src/children.js';
import { platformChecks } from '../../src/platform-targets.js';
import { renderMarkdown } from '../../src/report.js';
import { runPlatform } from '../../src/scenarios/platform.js';
import { DEFAULT_SETTINGS } from '../../src/settings.js';
import { sampleResults } from '../sample-results.js';

afterAll(() => killAll());

describe('platform scenario', () => {
  it('runs the storm, a day of a few authorizers on 4 instances and the restart against the emulator, meeting issue 22', async () => {
    const settings = { ...DEFAULT_SETTINGS, stormRequests: 100, upstreamDelayMs: 20, platformAuthorizers: 8, platformRequests: 24 };
    const lines: string[] = [];
    const [result] = await runPlatform({ settings, cpuProfDir: undefined, log: (line) => lines.push(line), skip: () => {} });
    expect(result).toBeDefined();
    expect(result!.storm.calls).toEqual({ componentToken: 1, authorizerToken: 1, ticket: 1, getAuthorizerList: 0, queryAuth: 0, startPushTicket: 0 });
    expect(result!.day).toMatchObject({ authorizers: 8, instances: 4, requests: 192, failed: 0, verifyTicketPushes: 144 });
    expect(result!.day.calls.queryAuth).toBe(8);
    expect(result!.restart).toMatchObject({ firstStatus: 200, firstSignatureValid: true, pushesAfter: 0, authorizersSigned: 8 });
    expect(platformChecks(result, settings).map((check) => check.status)).toEqual(Array(5).fill('met'));
    // Nothing secret in what the scenario logs (share's warnings included).
    for (const line of lines) expect(line).not.toMatch(/mock-component-secret|mock-component-token|ticket@@@|refreshtoken@@@/);
    const md = renderMarkdown(sampleResults({ platform: [result!], settings }));
    expect(md).toContain('## 13. A third-party platform (issue 22): 8 authorizers, 4 instances, one store');
    expect(md).toContain('| 192 | 0 |');
    expect(liveCount()).toBe(0);
  }, 120_000);
});
