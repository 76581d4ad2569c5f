import { describe, expect, it } from 'vitest';
import { userAgents } from '@share/wechat-mock/bridge';
import { detectEnvironment, urlToVerify } from '../../public/qa/environment.js';

const WECOM =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.22 MicroMessenger/7.0.1 Language/zh ColorScheme/Light';
const MINI_PROGRAM = `${userAgents.android} miniProgram/wx1234567890`;

describe('detectEnvironment', () => {
  it.each([
    ['iOS WeChat', userAgents.ios, undefined, { name: 'WeChat', wechat: true, wecom: false, miniProgram: false, platform: 'iOS', version: '8.0.50' }],
    ['Android WeChat', userAgents.android, undefined, { name: 'WeChat', platform: 'Android', version: '8.0.50.2701' }],
    ['HarmonyOS NEXT WeChat', userAgents.harmony, undefined, { name: 'WeChat', wechat: true, platform: 'HarmonyOS', version: '8.0.10.41' }],
    ['WeCom (tested before WeChat)', WECOM, undefined, { name: 'WeCom (企业微信)', wechat: true, wecom: true, version: '7.0.1' }],
    ['a mini-program web-view by its UA', MINI_PROGRAM, undefined, { name: 'WeChat mini-program web-view', miniProgram: true }],
    ['a mini-program web-view by __wxjs_environment', userAgents.ios, 'miniprogram', { miniProgram: true }],
    ['a desktop browser', 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 Chrome/126.0 Safari/537.36', 'miniprogram', { name: 'Not WeChat', wechat: false, miniProgram: false, platform: 'Desktop', version: '' }],
  ])('%s', (_name, ua, wxjs, expected) => {
    expect(detectEnvironment(ua, wxjs)).toMatchObject(expected);
  });
});

describe('urlToVerify', () => {
  it('is the landing url on iOS and the current url elsewhere, without the hash', () => {
    expect(urlToVerify('iOS', 'https://a.com/app/#x', 'https://a.com/app/2#y')).toBe('https://a.com/app/');
    expect(urlToVerify('Android', 'https://a.com/app/#x', 'https://a.com/app/2#y')).toBe('https://a.com/app/2');
  });
});
