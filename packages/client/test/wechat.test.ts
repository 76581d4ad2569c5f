import { describe, expect, it, vi } from 'vitest';
import { apply, shareApis } from '../src/wechat.js';
import { createFakeWx, SHARE_APIS } from './fake-wx.js';

const DATA = { title: 'T', desc: 'D', link: 'https://example.com/p', imgUrl: 'https://example.com/i.png' };

describe('shareApis', () => {
  it('lists the seven share APIs, in a fresh array each time (jweixin rewrites jsApiList in place)', () => {
    expect(shareApis()).toEqual(SHARE_APIS);
    expect(shareApis()).not.toBe(shareApis());
  });
});

describe('apply', () => {
  it('gives the data to all seven APIs', () => {
    const wx = createFakeWx();
    apply(wx, DATA, () => {});
    expect(wx.calls.map((c) => c.api)).toEqual(SHARE_APIS);
    for (const { arg } of wx.calls) expect(arg).toMatchObject(DATA);
  });

  it('sends success and cancel of the legacy APIs to onShare, not those of update*', () => {
    const wx = createFakeWx();
    const onShare = vi.fn();
    apply(wx, DATA, onShare);
    for (const api of SHARE_APIS) {
      wx.userShares(api, 'success');
      wx.userShares(api, 'cancel');
    }
    expect(onShare.mock.calls.map(([event]) => `${event.api}:${event.type}`)).toEqual(
      SHARE_APIS.slice(2).flatMap((api) => [`${api}:success`, `${api}:cancel`]),
    );
  });

  it('skips an API this jweixin lacks', () => {
    const wx = createFakeWx();
    delete (wx as Record<string, unknown>).onMenuShareQZone;
    const onShare = vi.fn();
    apply(wx, DATA, onShare);
    expect(wx.calls).toHaveLength(6);
    wx.userShares('onMenuShareQQ', 'success');
    expect(onShare).toHaveBeenCalledExactlyOnceWith({ api: 'onMenuShareQQ', type: 'success' });
  });
});
