// The in-app browsers the bridge emulates (WeChat, WeCom, a mini-program web-view; iOS or Android): user agents,
// navigator.platform, and detection from a UA.
/** 'harmony': HarmonyOS NEXT (OpenHarmony, ArkWeb), whose WeChat is emulated in WeChat itself only. */
export type Platform = 'ios' | 'android' | 'harmony';

/** The platforms WeCom and mini-program web-views are emulated on. */
export type PhonePlatform = Exclude<Platform, 'harmony'>;

/** Which app's browser: WeChat itself, WeCom (企业微信), or a web-view inside a WeChat mini-program. */
export type Container = 'wechat' | 'wecom' | 'miniprogram';

/** The WeChat version the emulated clients report (jweixin compares it as a string against "6.0.2"). */
export const WECHAT_VERSION = '8.0.50';

/** The WeCom version the emulated WeCom reports (3.0.24 and later need no wx.config before wx.agentConfig). */
export const WECOM_VERSION = '4.1.26';

/** The AppID of the mini-program whose web-view is emulated (its UA ends with `miniProgram/<appid>`). */
export const MINI_PROGRAM_APPID = 'wx00000000mini0000';

/** The WeChat version of HarmonyOS NEXT's WeChat user agent (a separate app, versioned on its own). */
export const HARMONY_WECHAT_VERSION = '8.0.10';

/**
 * Real-world user agents of WeChat 8.0.50 on an iPhone and on an Android phone, and of WeChat 8.0.10 on HarmonyOS
 * NEXT (which verifies wx.config by a rule WeChat does not document: see `verifies` of the emulator).
 */
export const userAgents: Readonly<Record<Platform, string>> = {
  ios:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
    `Mobile/15E148 MicroMessenger/${WECHAT_VERSION}(0x1800323c) NetType/WIFI Language/zh_CN`,
  android:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005; wv) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    'Version/4.0 Chrome/126.0.6478.188 Mobile Safari/537.36 XWEB/1260117 MMWEBSDK/20240801 MMWEBID/6170 ' +
    `MicroMessenger/${WECHAT_VERSION}.2701(0x28003237) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64`,
  harmony:
    'Mozilla/5.0 (Phone; OpenHarmony 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.0.0 Safari/537.36 ' +
    `ArkWeb/4.1.6.1 Mobile MicroMessenger/${HARMONY_WECHAT_VERSION}.41(0xf3100a29) Weixin NetType/WIFI Language/zh_CN`,
};

/** WeCom's in-app browser: `wxwork/<version>` AND `MicroMessenger/<version>` (so test wxwork first). */
export const wecomUserAgents: Readonly<Record<PhonePlatform, string>> = {
  ios:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) ' +
    `Mobile/15E148 wxwork/${WECOM_VERSION} MicroMessenger/7.0.1 Language/zh ColorScheme/Light`,
  android:
    'Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005; wv) AppleWebKit/537.36 (KHTML, like Gecko) ' +
    `Version/4.0 Chrome/126.0.6478.188 Mobile Safari/537.36 wxwork/${WECOM_VERSION} MicroMessenger/7.0.1 ` +
    'NetType/WIFI Language/zh Lang/zh ColorScheme/Light',
};

/** A mini-program's <web-view>: WeChat's UA plus `miniProgram/<appid>` (WeChat 7.0 and later). */
export const miniProgramUserAgents: Readonly<Record<PhonePlatform, string>> = {
  ios: `${userAgents.ios} miniProgram/${MINI_PROGRAM_APPID}`,
  android: `${userAgents.android} miniProgram/${MINI_PROGRAM_APPID}`,
};

/** The user agent of one container on one platform (HarmonyOS: WeChat itself, whatever the container). */
export function userAgentOf(container: Container, platform: Platform): string {
  if (platform === 'harmony' || container === 'wechat') return userAgents[platform];
  return (container === 'wecom' ? wecomUserAgents : miniProgramUserAgents)[platform];
}

/** `navigator.platform` on those phones. */
export const navigatorPlatforms: Readonly<Record<Platform, string>> = {
  ios: 'iPhone',
  android: 'Linux aarch64',
  harmony: 'OpenHarmony',
};

/** The platform of a WeChat (or WeCom) user agent, or undefined when the UA is not one (nor iOS, HarmonyOS, Android). */
export function platformFromUserAgent(ua: string): Platform | undefined {
  if (!/micromessenger/i.test(ua)) return undefined;
  if (/iphone|ipad|ipod/i.test(ua)) return 'ios';
  if (/openharmony/i.test(ua)) return 'harmony';
  if (/android/i.test(ua)) return 'android';
  return undefined;
}

/** The container of a user agent: WeCom is tested first (its UA also says MicroMessenger); undefined outside them. */
export function containerFromUserAgent(ua: string): Container | undefined {
  if (!/micromessenger/i.test(ua)) return undefined;
  if (/wxwork\//i.test(ua)) return 'wecom';
  return /miniprogram/i.test(ua) ? 'miniprogram' : 'wechat';
}
