// Likely cause and fix for each failure, keyed by a part of its message: WeChat's errMsg (wx.error) or ours.
// Builds without __HINTS__ (share.min.js, share-apps.js) have none; the README's Errors table lists them all.
const HINTS: [string, string][] = [
  ['HTTP', 'the signing server refused: its message says why; see its log'], // first: the server's message may contain any word
  // WeCom and mini-program web-views (before 'invalid signature': agentConfig's own cause).
  ['agentConfig', 'WeCom: agentConfig is signed with the agent_config ticket of that agentId (not the corp ticket); wx.agentConfig needs jwxwork-1.0.0.js, or use @wecom/jssdk'],
  ['miniProgram', 'a mini-program web-view needs jweixin 1.3.2 or later (sdkUrl) for wx.miniProgram.postMessage'],
  ['OpenTags', 'open tags need WeChat 7.0.12 or later (iOS 10.3 or later), an account with the open tags permission, and a page that is not in an iframe'],
  ['url domain', "bind the page's host (and path) as JS safe domain of this appId in the WeChat console; only ports 80/443 work"],
  ['invalid signature', 'the server signs with another appId or a stale ticket, or the page url changed before the client loaded (iOS signs the landing url)'],
  ['offline verifying', 'a share API ran before wx.ready, after a failed config, or is missing from jsApiList'],
  ['denied', 'the account lacks the share permission (sharing needs a verified official account)'],
  ['not exist', 'this WeChat client is too old for the API'],
  ['config:fail', 'wx.config lacked a parameter: the endpoint must answer appId, timestamp, nonceStr, signature'],
  ['no signature', 'the endpoint did not answer wxShare() JSON: check the endpoint url'],
  ['unreachable', 'check the endpoint url; on another origin, the server must allow this origin (CORS: the cors option of wxShare)'],
  ['timeout', 'no answer in time from the endpoint, jweixin or WeChat: is the server up, is this really WeChat?'],
  ['jweixin', 'check sdkUrl and that this page may load it'],
  ['not in WeChat', 'nothing to do outside WeChat; pass force: true to test with a fake or emulated wx'],
];

/** The hint of the first key found in the message; '' when none is (and always in builds without hint texts). */
export const hint = (message: string) => (__HINTS__ && HINTS.find(([key]) => message.includes(key))?.[1]) || '';
