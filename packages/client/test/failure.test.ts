import { describe, expect, it } from 'vitest';
import { failure } from '../src/failure.js';
import { readFileSync } from 'node:fs';

describe('failure', () => {
  it.each([
    ['config:invalid url domain', /JS safe domain/],
    ['config:invalid signature', /appId|ticket/],
    ['updateAppMessageShareData:the permission value is offline verifying', /before wx.ready/],
    ['onMenuShareTimeline:permission denied', /verified/],
    ['updateTimelineShareData:function not exist', /too old/],
    ['config:fail', /appId, timestamp, nonceStr, signature/],
    ['endpoint: HTTP 502: invalid ip 1.2.3.4, not in whitelist (errcode 40164, invalid signature?)', /server/],
    ['endpoint: no signature', /endpoint url/],
    ['endpoint unreachable', /CORS/],
    ['timeout', /no answer/],
    ['jweixin not loaded', /sdkUrl/],
    ['not in WeChat', /force/],
    ['agentConfig:invalid signature', /agent_config ticket/],
    ['agentConfig: this jweixin has none (load jwxwork-1.0.0.js, or @wecom/jssdk)', /jwxwork/],
    ['WeixinOpenTagsError: launch:fail_check fail', /7\.0\.12.*10\.3.*permission.*iframe/],
    ['jweixin has no wx.miniProgram: use jweixin 1.3.2 or later', /1\.3\.2/],
  ])('%s: keeps the message, hints %s', (message, hint) => {
    expect(failure(message)).toEqual({ message, hint: expect.stringMatching(hint) });
  });

  it('has an empty hint for a message it does not know', () => {
    expect(failure('config:something new')).toEqual({ message: 'config:something new', hint: '' });
  });

  it('the bundle for the script tag carries no hint texts (the README table has them), share-debug.js does', () => {
    const built = (file: string) => readFileSync(new URL(`../dist/${file}`, import.meta.url), 'utf8');
    expect(built('share.min.js')).not.toContain('JS safe domain');
    expect(built('share.min.js')).not.toContain('7.0.12');
    expect(built('share-debug.js')).toContain('7.0.12');
  });
});
