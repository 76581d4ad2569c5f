// What a failure message means and what to do about it: WeChat's wx.error messages and the signing server's errors.
// @ts-check

/** @typedef {{ title: string, cause: string, fix: string }} Explanation */

/** @type {Array<[RegExp, Explanation]>} first match wins */
const TABLE = [
  [/not in wechat/i, {
    title: 'Not in WeChat',
    cause: 'The client only runs inside WeChat (the user agent has no MicroMessenger). It made no request.',
    fix: 'Open the page in WeChat, or pick an emulated WeChat in the switch above (offline demo).',
  }],
  [/agentConfig:.*invalid signature/i, {
    title: 'WeCom rejected the agentConfig signature',
    cause: 'wx.agentConfig is signed with the app (agent_config) ticket of that agentId. Signed with the corp ticket, or with another app of the corp, or for another url, it fails.',
    fix: 'Fetch the app ticket with ticket/get?type=agent_config using the token of the app whose agentId the page passes; sign the current url without #.',
  }],
  [/agentConfig: this jweixin has none/i, {
    title: 'No wx.agentConfig in this jweixin',
    cause: 'The WeCom account has an agentId, so the answer carries agentConfig, but jweixin 1.2.0 alone has no wx.agentConfig.',
    fix: "Load jwxwork-1.0.0.js after jweixin 1.2.0, or use WeCom's JS-SDK (@wecom/jssdk, the client's default in WeCom).",
  }],
  [/wx\.miniProgram/i, {
    title: 'No wx.miniProgram in this jweixin',
    cause: 'In a mini-program web-view the share data goes to wx.miniProgram.postMessage, which jweixin has from 1.3.2 on.',
    fix: 'Point sdkUrl (data-sdk-url) at jweixin 1.3.2 or later; the default 1.6.0 has it.',
  }],
  [/invalid url domain/i, {
    title: 'The page is not on a JS safe domain',
    cause: 'The page host (or path) is not bound as a JS safe domain of this appId, or the page is not on port 80/443.',
    fix: 'WeChat console → Settings → Function settings → JS interface safe domain: add this host (or host/path). Serve on 80/443.',
  }],
  [/invalid signature/i, {
    title: 'WeChat rejected the signature',
    cause: 'The signed url differs from the url WeChat verifies (hash, encoding, added parameters, the iOS landing url of a single-page app), or the ticket is stale, or it belongs to another appId.',
    fix: 'Sign location.href without #, decoded once; on iOS sign the landing url. Check that the server and the page use the same appId.',
  }],
  [/offline verifying/i, {
    title: 'A share API ran without permission',
    cause: 'It ran before wx.ready, after a failed wx.config, or it is missing from jsApiList.',
    fix: 'Call share APIs inside wx.ready only after a successful config, and declare all seven in jsApiList.',
  }],
  [/permission denied|access denied/i, {
    title: 'Permission denied',
    cause: 'The account lacks the share permission (it needs a verified official account), or the API was not declared.',
    fix: 'Verify the official account (认证) and declare the API in jsApiList.',
  }],
  [/function not exist/i, {
    title: 'WeChat is too old',
    cause: 'This WeChat version does not know the API.',
    fix: 'Update WeChat; the legacy onMenuShare* APIs cover older clients.',
  }],
  [/config:fail/i, {
    title: 'wx.config was incomplete',
    cause: 'appId, timestamp, nonceStr or signature was missing.',
    fix: 'Pass the signing server\'s answer to wx.config unchanged.',
  }],
  [/40164|whitelist/i, {
    title: 'The server\'s IP is not whitelisted',
    cause: 'WeChat refuses token requests from an IP missing from the account\'s IP whitelist.',
    fix: 'WeChat console → Settings → Basic configuration → IP whitelist: add this server\'s egress IP (or use a fixed-egress proxy: the dispatcher option).',
  }],
  [/40125|40001|appsecret/i, {
    title: 'Wrong AppSecret',
    cause: 'WeChat refused the AppSecret the server uses.',
    fix: 'Set WX_APPSECRET to the current AppSecret from the WeChat console (resetting it there invalidates the old one).',
  }],
  [/40013|invalid appid/i, {
    title: 'Wrong AppID',
    cause: 'WeChat does not know this AppID.',
    fix: 'Set WX_APPID to the AppID shown in the WeChat console.',
  }],
  [/45009|45011|quota|limit/i, {
    title: 'WeChat API quota reached',
    cause: 'The account used up its daily (or per-minute) quota of token calls.',
    fix: 'Wait; the middleware caches credentials so that this should not recur. Look for other services fetching tokens.',
  }],
  [/HTTP 403/i, {
    title: 'The signing server refused this host',
    cause: 'The page host is outside the allowedHosts of wxShare().',
    fix: 'Add the host to allowedHosts (it should match the JS safe domains).',
  }],
  [/HTTP 400/i, {
    title: 'The signing server refused the url',
    cause: 'The url parameter was missing, malformed, not http(s) or too long.',
    fix: 'Send encodeURIComponent(location.href.split("#")[0]).',
  }],
  [/HTTP 50[34]/i, {
    title: 'WeChat is unreachable from the server',
    cause: 'The server could not reach WeChat\'s API in time (network, proxy, WeChat busy).',
    fix: 'Check the server\'s outbound network and the dispatcher/proxy; it retries by itself.',
  }],
  [/HTTP 5\d\d/i, {
    title: 'The signing server failed',
    cause: 'The server answered an error; its message is above.',
    fix: 'See the server log.',
  }],
  [/unreachable|timeout|network/i, {
    title: 'The signing endpoint did not answer',
    cause: 'Wrong endpoint url, the server is down, or a CORS refusal (page and API on different origins).',
    fix: 'Check data-endpoint / endpoint and the cors option of wxShare().',
  }],
];

/** @param {string} message */
export function explain(message) {
  const hit = TABLE.find(([pattern]) => pattern.test(message));
  return hit ? hit[1] : { title: 'Sharing failed', cause: message, fix: 'Turn on debug and read the console.' };
}
