import { describe, expect, it } from 'vitest';
import { channelOfFrom, METRICS, metricOf } from '../../src/analytics/events.js';

describe('events', () => {
  it('names one counter per event kind, channel and api', () => {
    expect(metricOf({ kind: 'view', url: 'https://a.example/' })).toBe('views');
    expect(metricOf({ kind: 'arrival', url: 'https://a.example/', channel: 'timeline' })).toBe('arrival:timeline');
    expect(metricOf({ kind: 'share', url: 'https://a.example/', api: 'onMenuShareQQ' })).toBe('share:onMenuShareQQ');
    expect(new Set(METRICS).size).toBe(METRICS.length);
    expect(METRICS).toHaveLength(1 + 4 + 5);
  });

  it('maps WeChat `from` values to a channel, anything unknown to other', () => {
    expect(channelOfFrom('singlemessage')).toBe('singlemessage');
    expect(channelOfFrom('groupmessage')).toBe('groupmessage');
    expect(channelOfFrom('timeline')).toBe('timeline');
    expect(channelOfFrom('androidqq')).toBe('other');
    expect(channelOfFrom('')).toBe('other');
  });
});
