// The in-app browsers the bridge emulates (WeChat, WeCom, a mini-program web-view; iOS or Android): user agents,
// navigator.platform, and detection from a UA.
export type Platform = 'ios' | 'android';

/** Which app's browser: WeChat itself, WeCom (企业微信), or a web-view inside a WeChat mini-program. */
export type Container = 'wechat' | 'wecom' | 'miniprogram';

/** The WeChat version the emulated clients report (jweixin compares it as a string against "6.0.2"). */
export const WECHAT_VERSION = '8.0.50';

/** The WeCom version the emulated WeCom reports (3.0.24 and later need no wx.config before wx.agentConfig). */
export const WECOM_VERSION = '4.1.26';

/** The AppID of the mini-program whose web-view is emulated (its UA ends with `miniProgram/<appid>`). */
export const MINI_PROGRAM_APPID = 'wx00000000mini0000';

/** Real-world user agents of WeChat 8.0.50 on an iPhone and on an Android phone. */
export const userAgents: Readonly<Record<Platform, string>> = {
  ios:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
    `Mobile/15E148 MicroMessenger/${WECHAT_VERSION}(0x1800323c) NetType/WIFI Language/zh_CN`,
  android:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005; wv) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'Version/4.0 Chrome/126.0.6478.188 Mobile Safari/537.36 XWEB/1260117 MMWEBSDK/20240801 MMWEBID/6170 ' +
    `MicroMessenger/${WECHAT_VERSION}.2701(0x28003237) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64`,
};

/** WeCom's in-app browser: `wxwork/<version>` AND `MicroMessenger/<version>` (so test wxwork first). */
export const wecomUserAgents: Readonly<Record<Platform, string>> = {
  ios:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
    `Mobile/15E148 wxwork/${WECOM_VERSION} MicroMessenger/7.0.1 Language/zh ColorScheme/Light`,
  android:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005; wv) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    `Version/4.0 Chrome/126.0.6478.188 Mobile Safari/537.36 wxwork/${WECOM_VERSION} MicroMessenger/7.0.1 ` +
    'NetType/WIFI Language/zh Lang/zh ColorScheme/Light',
};

/** A mini-program's <web-view>: WeChat's UA plus `miniProgram/<appid>` (WeChat 7.0 and later). */
export const miniProgramUserAgents: Readonly<Record<Platform, string>> = {
  ios: `${userAgents.ios} miniProgram/${MINI_PROGRAM_APPID}`,
  android: `${userAgents.android} miniProgram/${MINI_PROGRAM_APPID}`,
};

/** The user agent of one container on one platform. */
export function userAgentOf(container: Container, platform: Platform): string {
  return (container === 'wecom' ? wecomUserAgents : container === 'miniprogram' ? miniProgramUserAgents : userAgents)[platform];
}

/** `navigator.platform` on those phones. */
export const navigatorPlatforms: Readonly<Record<Platform, string>> = {
  ios: 'iPhone',
  android: 'Linux aarch64',
};

/** The platform of a WeChat (or WeCom) user agent, or undefined when the UA is not one (or neither iOS nor Android). */
export function platformFromUserAgent(ua: string): Platform | undefined {
  if (!/micromessenger/i.test(ua)) return undefined;
  if (/iphone|ipad|ipod/i.test(ua)) return 'ios';
  if (/android/i.test(ua)) return 'android';
  return undefined;
}

/** The container of a user agent: WeCom is tested first (its UA also says MicroMessenger); undefined outside them. */
export function containerFromUserAgent(ua: string): Container | undefined {
  if (!/micromessenger/i.test(ua)) return undefined;
  if (/wxwork\//i.test(ua)) return 'wecom';
  return /miniprogram/i.test(ua) ? 'miniprogram' : 'wechat';
}
