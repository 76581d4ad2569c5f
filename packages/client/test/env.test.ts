// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';

const setUserAgent = (ua: string) => Object.defineProperty(navigator, 'userAgent', { value: ua, configurable: true });
const fresh = async () => {
  vi.resetModules();
  return import('../src/env.js');
};

afterEach(() => history.replaceState(null, '', '/'));

describe('env', () => {
  it.each([
    ['Mozilla/5.0 (Linux; Android 14) MicroMessenger/8.0.50.2600(0x28003253) NetType/WIFI', true, false],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) MicroMessenger/8.0.50(0x1800322d)', true, true],
    ['Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X) micromessenger/8.0.40', true, true],
    ['Mozilla/5.0 (iPod touch; CPU iPhone OS 12_0 like Mac OS X) MicroMessenger/8.0.0', true, true],
    ['Mozilla/5.0 (Windows NT 10.0) wxwork/4.1.0 MicroMessenger/7.0.1', true, false],
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) Safari/604.1', false, true],
    ['Mozilla/5.0 (X11; Linux x86_64) Chrome/120.0', false, false],
  ])('%s: WeChat %s, iOS %s', async (ua, weChat, iOS) => {
    setUserAgent(ua);
    const env = await fresh();
    expect(env.inWeChat()).toBe(weChat);
    expect(env.onIOS()).toBe(iOS);
  });

  it('captures the landing url when the module evaluates, not later', async () => {
    history.replaceState(null, '', '/landing?x=1#h');
    const env = await fresh();
    history.pushState(null, '', '/route');
    expect(env.landing).toBe('https://example.com/landing?x=1#h');
  });
});
