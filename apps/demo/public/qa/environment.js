// Where the page runs, as WeChat's own documentation tells it apart: WeChat, WeCom, mini-program, iOS, Android, and
// HarmonyOS NEXT (OpenHarmony; its WeChat's rule for wx.config is undocumented).
// @ts-check

/** @typedef {ReturnType<typeof detectEnvironment>} Environment */

/**
 * @param {string} ua navigator.userAgent
 * @param {unknown} [wxjsEnvironment] window.__wxjs_environment ('miniprogram' inside a mini-program web-view)
 */
export function detectEnvironment(ua, wxjsEnvironment) {
  const wechat = /micromessenger/i.test(ua);
  const wecom = wechat && /wxwork\//i.test(ua); // WeCom's UA has both; test it first
  const version = (/micromessenger\/([\d.]+)/i.exec(ua) || [])[1] || '';
  const platform = /iphone|ipad|ipod/i.test(ua) ? 'iOS' : /openharmony/i.test(ua) ? 'HarmonyOS' : /android/i.test(ua) ? 'Android' : /windows|macintosh|mac os x|linux|cros/i.test(ua) ? 'Desktop' : 'Unknown';
  const miniProgram = wechat && (/miniprogram/i.test(ua) || wxjsEnvironment === 'miniprogram');
  const name = !wechat ? 'Not WeChat' : wecom ? 'WeCom (企业微信)' : miniProgram ? 'WeChat mini-program web-view' : 'WeChat';
  return { ua, wechat, wecom, miniProgram, version, platform, name };
}

/**
 * The url WeChat verifies on this platform: the landing url on iOS, the current url elsewhere; never the hash.
 * HarmonyOS: undocumented; the client tries the current url first and heals with the landing url.
 * @param {string} platform @param {string} landingUrl @param {string} currentUrl
 */
export function urlToVerify(platform, landingUrl, currentUrl) {
  return (platform === 'iOS' ? landingUrl : currentUrl).split('#')[0] || '';
}
