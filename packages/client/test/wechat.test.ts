// The seven share APIs (share.test.ts covers how the data is applied to them).
import { describe, expect, it } from 'vitest';
import { shareApis } from '../src/wechat.js';
import { SHARE_APIS } from './fake-wx.js';

describe('shareApis', () => {
  it('lists the seven share APIs, in a fresh array each time (jweixin rewrites jsApiList in place)', () => {
    expect(shareApis()).toEqual(SHARE_APIS);
    expect(shareApis()).not.toBe(shareApis());
  });
});

