import { describe, expect, it, vi } from 'vitest';
import { createBridgeEmulator, type BridgeEnvironment, type VerifyAnswer } from '../../src/bridge/emulator.js';

const SEVEN = [
  'updateAppMessageShareData',
  'updateTimelineShareData',
  'menu:share:timeline',
  'menu:share:appmessage',
  'menu:share:qq',
  'menu:share:weiboApp',
  'menu:share:QZone',
];

/** The fields jweixin 1.6.0 adds to every invoke (its function x). */
const signed = { appId: 'wxapp', verifyAppId: 'wxapp', verifySignType: 'sha1', verifyTimestamp: '1', verifyNonceStr: 'n', verifySignature: 's' };

function setup(platform: 'ios' | 'android' | 'harmony', answer: VerifyAnswer = { err_msg: 'preVerifyJSAPI:ok', reason: 'fine' }) {
  let current = 'https://example.com/app/#top';
  const verify = vi.fn(async (_request: Record<string, unknown>) => answer);
  const env: BridgeEnvironment = {
    platform,
    landingUrl: 'https://example.com/app/#top',
    currentUrl: () => current,
    title: () => 'Page title',
    verify,
  };
  const emulator = createBridgeEmulator(env);
  const invoke = (name: string, args: Record<string, unknown> = {}) =>
    new Promise<Record<string, unknown>>((resolve) => emulator.bridge.invoke(name, { ...args, ...signed }, resolve));
  return { emulator, verify, invoke, navigate: (url: string) => (current = url) };
}

describe('createBridgeEmulator', () => {
  it('verifies the landing url on iOS, even after a route change', async () => {
    const { invoke, verify, navigate, emulator } = setup('ios');
    navigate('https://example.com/app/item/2?x=1#h');
    expect(await invoke('preVerifyJSAPI', { verifyJsApiList: SEVEN })).toEqual({ err_msg: 'preVerifyJSAPI:ok' });
    expect(verify.mock.calls[0]?.[0]).toMatchObject({ url: 'https://example.com/app/', verifySignature: 's', appId: 'wxapp' });
    expect(emulator.state().verifications).toEqual([
      { url: 'https://example.com/app/', appId: 'wxapp', jsApiList: SEVEN, openTagList: [], errMsg: 'preVerifyJSAPI:ok', reason: 'fine' },
    ]);
  });

  it('verifies the current url on Android, without the hash', async () => {
    const { invoke, verify, navigate } = setup('android');
    navigate('https://example.com/app/item/2?x=1#h');
    await invoke('preVerifyJSAPI', { verifyJsApiList: SEVEN });
    expect(verify.mock.calls[0]?.[0]).toMatchObject({ url: 'https://example.com/app/item/2?x=1' });
  });

  it('records update*ShareData once verified', async () => {
    const { invoke, emulator } = setup('ios');
    const card = { title: 'T', desc: 'D', link: 'https://example.com/app/', imgUrl: 'https://example.com/i.png' };
    await invoke('preVerifyJSAPI', { verifyJsApiList: SEVEN });
    expect(await invoke('updateAppMessageShareData', card)).toEqual({ err_msg: 'updateAppMessageShareData:ok' });
    expect(await invoke('updateTimelineShareData', card)).toEqual({ err_msg: 'updateTimelineShareData:ok' });
    expect(emulator.state().appMessageShareData).toEqual(card);
    expect(emulator.state().timelineShareData).toEqual({ title: 'T', link: card.link, imgUrl: card.imgUrl });
  });

  it('refuses share APIs before or after a failed verification, and undeclared ones', async () => {
    const failed = setup('ios', { err_msg: 'preVerifyJSAPI:fail_invalid signature' });
    expect(await failed.invoke('updateAppMessageShareData', { title: 'T' })).toEqual({
      err_msg: 'updateAppMessageShareData:the permission value is offline verifying',
    });
    expect(await failed.invoke('preVerifyJSAPI', { verifyJsApiList: SEVEN })).toEqual({ err_msg: 'preVerifyJSAPI:fail_invalid signature' });
    expect((await failed.invoke('updateTimelineShareData', {})).err_msg).toBe('updateTimelineShareData:the permission value is offline verifying');
    expect(failed.emulator.state().appMessageShareData).toBeUndefined();

    const partial = setup('ios');
    await partial.invoke('preVerifyJSAPI', { verifyJsApiList: ['updateAppMessageShareData'] });
    expect((await partial.invoke('updateTimelineShareData', {})).err_msg).toBe('updateTimelineShareData:access denied');
  });

  it('on Android, a route change needs a new wx.config; on iOS it does not', async () => {
    for (const platform of ['android', 'ios'] as const) {
      const { invoke, navigate } = setup(platform);
      await invoke('preVerifyJSAPI', { verifyJsApiList: SEVEN });
      navigate('https://example.com/app/item/3');
      const expected = platform === 'android' ? 'updateAppMessageShareData:access denied' : 'updateAppMessageShareData:ok';
      expect((await invoke('updateAppMessageShareData', {})).err_msg).toBe(expected);
      await invoke('preVerifyJSAPI', { verifyJsApiList: SEVEN });
      expect((await invoke('updateAppMessageShareData', {})).err_msg).toBe('updateAppMessageShareData:ok');
    }
  });

  it('answers an invoke made during a verification after it, with its outcome (WeChat handles them in order)', async () => {
    for (const [answer, expected] of [
      ['preVerifyJSAPI:ok', 'updateAppMessageShareData:ok'],
      ['preVerifyJSAPI:fail_invalid signature', 'updateAppMessageShareData:the permission value is offline verifying'],
    ]) {
      const { invoke, emulator } = setup('android', { err_msg: answer! });
      const order: string[] = [];
      const config = invoke('preVerifyJSAPI', { verifyJsApiList: SEVEN }).then(() => order.push('config'));
      const update = invoke('updateAppMessageShareData', { title: 'T' }).then((a) => order.push(String(a.err_msg)));
      expect(emulator.state().verifying).toBe(true);
      await Promise.all([config, update]);
      expect(order).toEqual(['config', expected]);
      expect(emulator.state().verifying).toBe(false);
    }
  });

  it('answers getNetworkType like WeChat (network_type:wifi)', async () => {
    const { invoke } = setup('android');
    expect(await invoke('getNetworkType')).toEqual({ err_msg: 'network_type:wifi' });
  });

  it('reports an unreachable verifier as a failed config', async () => {
    const env = setup('ios');
    env.verify.mockRejectedValueOnce(new Error('offline'));
    expect((await env.invoke('preVerifyJSAPI', { verifyJsApiList: SEVEN })).err_msg).toBe('preVerifyJSAPI:fail_network error');
  });

  it('simulates a share through a legacy listener: the listener fires, the card and the result come back', async () => {
    const { invoke, emulator } = setup('ios');
    await invoke('preVerifyJSAPI', { verifyJsApiList: SEVEN });
    const answers: Array<Record<string, unknown>> = [];
    // What jweixin's onMenuShareAppMessage does: on the menu event, invoke sendAppMessage with the card.
    emulator.bridge.on('menu:share:appmessage', (event) => {
      expect(event).toEqual({ scene: 'friend' });
      emulator.bridge.invoke('sendAppMessage', { title: 'L', desc: 'LD', link: 'https://example.com/l', img_url: 'https://example.com/l.png' }, (a) => answers.push(a));
    });
    expect(emulator.state().listeners).toEqual(['menu:share:appmessage']);
    const shared = emulator.share('appmessage', 'cancel');
    expect(shared).toEqual({
      target: 'appmessage',
      via: 'legacy',
      result: 'cancel',
      card: { title: 'L', desc: 'LD', link: 'https://example.com/l', imgUrl: 'https://example.com/l.png' },
    });
    await vi.waitFor(() => expect(answers).toEqual([{ err_msg: 'sendAppMessage:cancel' }]));
  });

  it('simulates a share with update*ShareData data, or the default card when the page set none', async () => {
    const { invoke, emulator } = setup('ios');
    expect(emulator.share('timeline').card).toEqual({ title: 'Page title', desc: 'https://example.com/app/#top', link: 'https://example.com/app/#top', imgUrl: '' });
    expect(emulator.state().shares[0]?.via).toBe('default');
    await invoke('preVerifyJSAPI', { verifyJsApiList: SEVEN });
    await invoke('updateTimelineShareData', { title: 'T', link: 'https://example.com/app/', imgUrl: 'https://example.com/i.png' });
    expect(emulator.share('timeline')).toMatchObject({ via: 'update', card: { title: 'T', desc: '', imgUrl: 'https://example.com/i.png' } });
  });

  it('answers APIs it does not emulate with function not exist, and tells every change', async () => {
    const onChange = vi.fn();
    const emulator = createBridgeEmulator({
      platform: 'android',
      landingUrl: 'https://example.com/',
      currentUrl: () => 'https://example.com/',
      title: () => '',
      verify: async () => ({ err_msg: 'preVerifyJSAPI:ok' }),
      onChange,
    });
    const answer = await new Promise((resolve) => emulator.bridge.invoke('chooseImage', {}, resolve));
    expect(answer).toEqual({ err_msg: 'chooseImage:fail_function not exist' });
    expect(onChange).toHaveBeenCalledWith(expect.objectContaining({ invocations: [expect.objectContaining({ name: 'chooseImage' })] }));
  });
});

describe('verifies: where the iOS/Android rule fails', () => {
  it.each([
    ['ios', 'current', 'https://example.com/app/item/2'],
    ['android', 'landing', 'https://example.com/app/'],
  ] as const)('%s verifying the %s url', async (platform, verifies, expected) => {
    const verify = vi.fn(async (_request: Record<string, unknown>) => ({ err_msg: 'preVerifyJSAPI:ok' }));
    const emulator = createBridgeEmulator({
      platform,
      verifies,
      landingUrl: 'https://example.com/app/#top',
      currentUrl: () => 'https://example.com/app/item/2#h',
      title: () => '',
      verify,
    });
    await new Promise((resolve) => emulator.bridge.invoke('preVerifyJSAPI', { verifyJsApiList: SEVEN }, resolve));
    expect(verify.mock.calls[0]?.[0]).toMatchObject({ url: expected });
  });
});

describe('HarmonyOS NEXT WeChat', () => {
  it('verifies the landing url by default (its rule is undocumented; as measured), `verifies` switches it', async () => {
    const { invoke, verify, navigate } = setup('harmony');
    navigate('https://example.com/app/item/2#h');
    await invoke('preVerifyJSAPI', { verifyJsApiList: SEVEN });
    expect(verify.mock.calls[0]?.[0]).toMatchObject({ url: 'https://example.com/app/' });
    const current = vi.fn(async (_request: Record<string, unknown>) => ({ err_msg: 'preVerifyJSAPI:ok' }));
    const switched = createBridgeEmulator({
      platform: 'harmony',
      verifies: 'current',
      landingUrl: 'https://example.com/app/',
      currentUrl: () => 'https://example.com/app/item/2',
      title: () => '',
      verify: current,
    });
    await new Promise((resolve) => switched.bridge.invoke('preVerifyJSAPI', { verifyJsApiList: SEVEN }, resolve));
    expect(current.mock.calls[0]?.[0]).toMatchObject({ url: 'https://example.com/app/item/2' });
  });
});

describe('open tags', () => {
  const TAGS = ['wx-open-launch-weapp'];
  const emulatorWith = (version: string | undefined, answer = 'preVerifyJSAPI:ok') => {
    const emulator = createBridgeEmulator({
      platform: 'android',
      version,
      landingUrl: 'https://example.com/app/',
      currentUrl: () => 'https://example.com/app/',
      title: () => '',
      verify: async () => ({ err_msg: answer }),
    });
    const config = (args: Record<string, unknown>) =>
      new Promise((resolve) => emulator.bridge.invoke('preVerifyJSAPI', { ...signed, verifyJsApiList: SEVEN, ...args }, resolve));
    return { emulator, config };
  };

  it('an accepted wx.config allows the tags of its openTagList, recorded with the verification', async () => {
    const { emulator, config } = emulatorWith(undefined);
    await config({ verifyOpenTagList: TAGS });
    expect(emulator.state().openTags).toEqual(TAGS);
    expect(emulator.state().verifications[0]).toMatchObject({ openTagList: TAGS });
    expect(emulator.state().openTagsError).toBeUndefined();
    await config({ verifyOpenTagList: [] }); // a later config without them (jweixin keeps one configuration)
    expect(emulator.state().openTags).toEqual([]);
  });

  it('a refused wx.config allows none', async () => {
    const { emulator, config } = emulatorWith(undefined, 'preVerifyJSAPI:fail_invalid signature');
    await config({ verifyOpenTagList: TAGS });
    expect(emulator.state().openTags).toEqual([]);
  });

  it('a WeChat older than 7.0.12 (compared as numbers: 7.0.9 < 7.0.12) allows none and sets the WeixinOpenTagsError', async () => {
    const { emulator, config } = emulatorWith('7.0.9');
    await config({ verifyOpenTagList: TAGS });
    expect(emulator.state().openTags).toEqual([]);
    expect(emulator.state().openTagsError).toBe('WeixinOpenTagsError: WeChat 7.0.9 is older than 7.0.12');
    const recent = emulatorWith('7.0.12');
    await recent.config({ verifyOpenTagList: TAGS });
    expect(recent.emulator.state().openTags).toEqual(TAGS);
  });
});
