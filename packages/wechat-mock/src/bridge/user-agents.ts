// The WeChat in-app browsers the bridge emulates: user agents, navigator.platform, and detection from a UA.
export type Platform = 'ios' | 'android';

/** The WeChat version the emulated clients report (jweixin compares it as a string against "6.0.2"). */
export const WECHAT_VERSION = '8.0.50';

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

/** `navigator.platform` on those phones. */
export const navigatorPlatforms: Readonly<Record<Platform, string>> = {
  ios: 'iPhone',
  android: 'Linux aarch64',
};

/** The platform of a WeChat user agent, or undefined when the UA is not WeChat (or neither iOS nor Android). */
export function platformFromUserAgent(ua: string): Platform | undefined {
  if (!/micromessenger/i.test(ua)) return undefined;
  if (/iphone|ipad|ipod/i.test(ua)) return 'ios';
  if (/android/i.test(ua)) return 'android';
  return undefined;
}
