import { describe, expect, it } from 'vitest';
import { WECHAT_VERSION, platformFromUserAgent, userAgents } from '../../src/bridge/user-agents.js';

describe('user agents', () => {
  it('are detected as the platform they emulate', () => {
    expect(platformFromUserAgent(userAgents.ios)).toBe('ios');
    expect(platformFromUserAgent(userAgents.android)).toBe('android');
  });

  it('are not WeChat without MicroMessenger', () => {
    expect(platformFromUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Safari/604.1')).toBeUndefined();
    expect(platformFromUserAgent('Mozilla/5.0 (Windows NT 10.0) MicroMessenger/3.9.10 WindowsWechat')).toBeUndefined();
  });

  it('carry a version jweixin parses and accepts (wx.error is disabled below "6.0.2")', () => {
    for (const ua of Object.values(userAgents)) {
      const version = /micromessenger\/(\d+\.\d+\.\d+)/.exec(ua.toLowerCase())?.[1];
      expect(version).toBe(WECHAT_VERSION);
      expect(version! >= '6.0.2').toBe(true);
    }
  });
});
