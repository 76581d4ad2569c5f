// The emulated bridge under WeCom (wx.config + wx.agentConfig, WeCom's share menu) and in a mini-program web-view.
import { describe, expect, it, vi } from 'vitest';
import { createBridgeEmulator, type VerifyAnswer } from '../../src/bridge/emulator.js';
import type { Container } from '../../src/bridge/user-agents.js';

const SHARE = ['menu:share:appmessage', 'menu:share:wechat', 'menu:share:timeline'];

function setup(container: Container, answers: Record<string, VerifyAnswer> = {}) {
  let current = 'https://corp.example.com/a#top';
  const verify = vi.fn(async (request: Record<string, unknown>) =>
    request.kind === 'agentConfig' ? (answers.agentConfig ?? { err_msg: 'agentConfig:ok' }) : (answers.config ?? { err_msg: 'preVerifyJSAPI:ok' }),
  );
  const emulator = createBridgeEmulator({
    platform: 'ios',
    container,
    landingUrl: 'https://corp.example.com/a#top',
    currentUrl: () => current,
    title: () => 'Page title',
    verify,
  });
  const invoke = (name: string, args: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve) => emulator.bridge.invoke(name, args, resolve));
  return { emulator, verify, invoke, navigate: (url: string) => (current = url) };
}

const agentArgs = { corpid: 'ww1', agentid: '1000002', timestamp: '1', nonceStr: 'n', signature: 's', jsApiList: SHARE };

describe('WeCom', () => {
  it('sends wx.config as a WeCom request and verifies the current url, even on iOS', async () => {
    const { invoke, verify, navigate, emulator } = setup('wecom');
    navigate('https://corp.example.com/b?x=1#h');
    expect(await invoke('preVerifyJSAPI', { appId: 'ww1', verifyJsApiList: SHARE })).toEqual({ err_msg: 'preVerifyJSAPI:ok' });
    expect(verify.mock.calls[0]?.[0]).toMatchObject({ container: 'wecom', url: 'https://corp.example.com/b?x=1', appId: 'ww1' });
    expect(emulator.state()).toMatchObject({ container: 'wecom', verifications: [{ appId: 'ww1', errMsg: 'preVerifyJSAPI:ok' }] });
  });

  it('verifies agentConfig with kind agentConfig and records it', async () => {
    const { invoke, verify, emulator } = setup('wecom');
    expect(await invoke('agentConfig', agentArgs)).toEqual({ err_msg: 'agentConfig:ok' });
    expect(verify.mock.calls[0]?.[0]).toMatchObject({ kind: 'agentConfig', container: 'wecom', corpid: 'ww1', agentid: '1000002', url: 'https://corp.example.com/a' });
    expect(emulator.state().agentConfigs).toEqual([
      { url: 'https://corp.example.com/a', corpId: 'ww1', agentId: '1000002', jsApiList: SHARE, errMsg: 'agentConfig:ok', reason: '' },
    ]);
  });

  it('a successful agentConfig alone grants the APIs it declared (WeCom 3.0.24+); a failed one grants nothing', async () => {
    const ok = setup('wecom');
    await ok.invoke('agentConfig', agentArgs);
    const answers: Record<string, unknown>[] = [];
    ok.emulator.bridge.on('menu:share:wechat', () =>
      ok.emulator.bridge.invoke('shareWechat', { title: 'T', desc: 'D', link: 'https://corp.example.com/a', img_url: 'https://corp.example.com/i.png' }, (a) => answers.push(a)),
    );
    expect(ok.emulator.share('wechat')).toEqual({
      target: 'wechat',
      via: 'legacy',
      result: 'ok',
      card: { title: 'T', desc: 'D', link: 'https://corp.example.com/a', imgUrl: 'https://corp.example.com/i.png' },
    });
    await vi.waitFor(() => expect(answers).toEqual([{ err_msg: 'shareWechat:ok' }]));

    const failed = setup('wecom', { agentConfig: { err_msg: 'agentConfig:fail_invalid signature', reason: 'wrong ticket' } });
    expect((await failed.invoke('agentConfig', agentArgs)).err_msg).toBe('agentConfig:fail_invalid signature');
    failed.emulator.bridge.on('menu:share:wechat', () => failed.emulator.bridge.invoke('shareWechat', { title: 'T' }));
    expect(failed.emulator.share('wechat').via).toBe('default');
    expect(failed.emulator.state().agentConfigs[0]).toMatchObject({ errMsg: 'agentConfig:fail_invalid signature', reason: 'wrong ticket' });
  });

  it('agentConfig does not exist in WeChat', async () => {
    const { invoke, verify } = setup('wechat');
    expect(await invoke('agentConfig', agentArgs)).toEqual({ err_msg: 'agentConfig:fail_function not exist' });
    expect(verify).not.toHaveBeenCalled();
  });
});

describe('mini-program web-view', () => {
  it('records every wx.miniProgram.postMessage, and the share uses the last one', async () => {
    const { invoke, emulator } = setup('miniprogram');
    const card = { title: 'T', desc: 'D', link: 'https://corp.example.com/a', imgUrl: 'https://corp.example.com/i.png' };
    // What jweixin 1.6.0's wx.miniProgram.postMessage({ data }) sends.
    expect(await invoke('invokeMiniProgramAPI', { name: 'postMessage', arg: { title: 'first' } })).toEqual({ err_msg: 'invokeMiniProgramAPI:ok' });
    await invoke('invokeMiniProgramAPI', { name: 'postMessage', arg: card });
    expect(emulator.state().miniProgramMessages).toEqual([{ title: 'first' }, card]);
    expect(emulator.share('appmessage')).toEqual({ target: 'appmessage', via: 'miniprogram', result: 'ok', card });
  });

  it('JS-SDK share data does not make the card there, and outside a web-view there is no mini-program', async () => {
    const webView = setup('miniprogram');
    await webView.invoke('preVerifyJSAPI', { verifyJsApiList: ['updateAppMessageShareData'] });
    await webView.invoke('updateAppMessageShareData', { title: 'from the JS-SDK' });
    expect(webView.emulator.share('appmessage').via).toBe('default');

    const wechat = setup('wechat');
    expect(await wechat.invoke('invokeMiniProgramAPI', { name: 'postMessage', arg: {} })).toEqual({ err_msg: 'invokeMiniProgramAPI:fail_function not exist' });
    expect(wechat.emulator.state().miniProgramMessages).toEqual([]);
  });

  it('keeps the last 100 messages of a page that posts in a loop', async () => {
    const { invoke, emulator } = setup('miniprogram');
    for (let i = 0; i < 105; i++) await invoke('invokeMiniProgramAPI', { name: 'postMessage', arg: { i } });
    const messages = emulator.state().miniProgramMessages;
    expect(messages).toHaveLength(100);
    expect(messages[0]).toEqual({ i: 5 });
  });
});
