import { describe, expect, it } from 'vitest';
import {
  HARMONY_WECHAT_VERSION,
  WECHAT_VERSION,
  containerFromUserAgent,
  miniProgramUserAgents,
  platformFromUserAgent,
  userAgentOf,
  userAgents,
  wecomUserAgents,
} from '../../src/bridge/user-agents.js';

describe('user agents', () => {
  it('are detected as the platform they emulate', () => {
    expect(platformFromUserAgent(userAgents.ios)).toBe('ios');
    expect(platformFromUserAgent(userAgents.android)).toBe('android');
    expect(platformFromUserAgent(userAgents.harmony)).toBe('harmony');
    expect(containerFromUserAgent(userAgents.harmony)).toBe('wechat');
  });

  it('HarmonyOS NEXT: the WeChat user agent issue 21 measured, WeChat itself in every container', () => {
    expect(userAgents.harmony).toMatch(/^Mozilla\/5\.0 \(Phone; OpenHarmony 5\.0\) .*ArkWeb\/4\.1\.6\.1 Mobile MicroMessenger\/8\.0\.10\.41\(0xf3100a29\) Weixin /);
    expect(userAgentOf('wecom', 'harmony')).toBe(userAgents.harmony);
  });

  it('are not WeChat without MicroMessenger', () => {
    expect(platformFromUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) Safari/604.1')).toBeUndefined();
    expect(platformFromUserAgent('Mozilla/5.0 (Windows NT 10.0) MicroMessenger/3.9.10 WindowsWechat')).toBeUndefined();
  });

  it('carry a version jweixin parses and accepts (wx.error is disabled below "6.0.2")', () => {
    for (const ua of Object.values(userAgents)) {
      const version = /micromessenger\/(\d+\.\d+\.\d+)/.exec(ua.toLowerCase())?.[1];
      expect([WECHAT_VERSION, HARMONY_WECHAT_VERSION]).toContain(version);
      expect(version! >= '6.0.2').toBe(true);
    }
  });

  it('WeCom: wxwork/ and MicroMessenger, detected as WeCom before WeChat; mini-program: miniProgram/', () => {
    for (const platform of ['ios', 'android'] as const) {
      expect(wecomUserAgents[platform]).toMatch(/wxwork\/[\d.]+ .*MicroMessenger\//);
      expect(containerFromUserAgent(wecomUserAgents[platform])).toBe('wecom');
      expect(platformFromUserAgent(wecomUserAgents[platform])).toBe(platform);
      expect(containerFromUserAgent(miniProgramUserAgents[platform])).toBe('miniprogram');
      expect(containerFromUserAgent(userAgents[platform])).toBe('wechat');
      expect(userAgentOf('wecom', platform)).toBe(wecomUserAgents[platform]);
    }
    expect(containerFromUserAgent('Mozilla/5.0 wxwork/4.1.26 Safari')).toBeUndefined(); // no MicroMessenger: not WeCom's webview
  });
});
