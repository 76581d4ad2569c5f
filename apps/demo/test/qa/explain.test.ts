import { describe, expect, it } from 'vitest';
import { explain } from '../../public/qa/explain.js';

describe('explain', () => {
  it.each([
    ['config:invalid url domain', 'The page is not on a JS safe domain', /JS interface safe domain/],
    ['config:invalid signature', 'WeChat rejected the signature', /landing url/],
    ['updateAppMessageShareData:the permission value is offline verifying', 'A share API ran without permission', /wx\.ready/],
    ['updateAppMessageShareData:permission denied', 'Permission denied', /Verify the official account/],
    ['config:fail', 'wx.config was incomplete', /unchanged/],
    ['endpoint: HTTP 502: … errcode 40164 (invalid ip 1.2.3.4, not in whitelist) …', "The server's IP is not whitelisted", /IP whitelist/],
    ['endpoint: HTTP 502: … errcode 40125 (invalid appsecret) …', 'Wrong AppSecret', /WX_APPSECRET/],
    ['endpoint: HTTP 403: host not allowed', 'The signing server refused this host', /allowedHosts/],
    ['endpoint: HTTP 504: WeChat did not answer', 'WeChat is unreachable from the server', /proxy/],
    ['endpoint unreachable', 'The signing endpoint did not answer', /cors/],
    ['not in WeChat', 'Not in WeChat', /emulated WeChat/],
    ['agentConfig:invalid signature', 'WeCom rejected the agentConfig signature', /agent_config/],
    ['agentConfig: this jweixin has none (load jwxwork-1.0.0.js, or @wecom/jssdk)', 'No wx.agentConfig in this jweixin', /jwxwork/],
    ['jweixin has no wx.miniProgram: use jweixin 1.3.2 or later', 'No wx.miniProgram in this jweixin', /1\.3\.2/],
  ])('%s', (message, title, fix) => {
    const explanation = explain(message);
    expect(explanation.title).toBe(title);
    expect(explanation.fix).toMatch(fix);
  });

  it('falls back to the message itself', () => {
    expect(explain('something new')).toEqual({ title: 'Sharing failed', cause: 'something new', fix: 'Turn on debug and read the console.' });
  });
});
