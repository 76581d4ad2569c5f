import { describe, expect, it } from 'vitest';
import { byMinute, DAY_MS, MINUTE_MS, platformTraffic } from '../src/platform-traffic.js';

const shape = { authorizers: 20, requestsPerAuthorizer: 30, instances: 4, pagesPerAuthorizer: 3, seed: 7 };

describe('platformTraffic', () => {
  it('gives every authorizer its requests, within the day, instances and pages, sorted by time', () => {
    const requests = platformTraffic(shape);
    expect(requests).toHaveLength(600);
    for (let a = 0; a < 20; a++) expect(requests.filter((r) => r.authorizer === a)).toHaveLength(30);
    for (const r of requests) {
      expect(r.at).toBeGreaterThanOrEqual(0);
      expect(r.at).toBeLessThan(DAY_MS);
      expect([0, 1, 2, 3]).toContain(r.instance);
      expect([0, 1, 2]).toContain(r.page);
    }
    expect(requests.map((r) => r.at)).toEqual([...requests.map((r) => r.at)].sort((x, y) => x - y));
  });

  it('spreads them over the day and the instances', () => {
    const requests = platformTraffic(shape);
    const hours = new Set(requests.map((r) => Math.floor(r.at / 3_600_000)));
    expect(hours.size).toBe(24);
    expect(new Set(requests.map((r) => r.instance)).size).toBe(4);
  });

  it('is the same day for the same seed, another for another seed', () => {
    expect(platformTraffic(shape)).toEqual(platformTraffic(shape));
    expect(platformTraffic({ ...shape, seed: 8 })).not.toEqual(platformTraffic(shape));
  });
});

describe('byMinute', () => {
  it('puts each request in the list of its minute, 1,440 lists in order', () => {
    const requests = platformTraffic(shape);
    const minutes = byMinute(requests);
    expect(minutes).toHaveLength(1440);
    expect(minutes.flat()).toEqual(requests);
    minutes.forEach((list, minute) => {
      for (const r of list) expect(Math.floor(r.at / MINUTE_MS)).toBe(minute);
    });
  });
});
