// @vitest-environment jsdom
// share() and update() in WeCom (WeCom's JS-SDK `ww`, or jweixin 1.2.0 + jwxwork's wx.agentConfig) and in a
// mini-program web-view (wx.miniProgram.postMessage), through share.ts's hook, as a page runs them.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeWx, type FakeWx } from './fake-wx.js';

const WECOM =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 wxwork/4.1.26 MicroMessenger/7.0.1 Language/zh ColorScheme/Light';
const MINI_PROGRAM =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Mobile Safari/537.36 MicroMessenger/8.0.50.2701(0x28003237) NetType/WIFI Language/zh_CN miniProgram/wx00000000mini0000';
const METAS = '<meta property="og:title" content="OG title"><meta property="og:description" content="OG description"><meta property="og:image" content="/i.png">';
const CORP = { appId: 'ww0000000000000000', timestamp: 1700000000, nonceStr: 'corp-nonce', signature: 'c'.repeat(40), url: '' };
const AGENT = { corpid: 'ww0000000000000000', agentid: '1000002', timestamp: 1700000000, nonceStr: 'agent-nonce', signature: 'a'.repeat(40) };
const CARD = { title: 'OG title', desc: 'OG description', link: 'https://example.com/page?id=1', imgUrl: 'https://example.com/i.png' };

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

/** A fake @wecom/jssdk `ww`: register, then ensureConfigReady settles with what WeCom answers. */
const createFakeWw = (answer: () => 'ok' | { errMsg?: string } | undefined = () => 'ok') => {
  const ww = {
    registered: [] as Record<string, unknown>[],
    signatures: [] as unknown[],
    shares: [] as { api: string; arg: Record<string, unknown> }[],
    register(options: Record<string, unknown>) {
      ww.registered.push(options);
    },
    async ensureConfigReady() {
      const options = ww.registered.at(-1)!;
      ww.signatures.push(await (options.getConfigSignature as (url: string) => unknown)(location.href));
      if (options.getAgentConfigSignature) ww.signatures.push(await (options.getAgentConfigSignature as (url: string) => unknown)(location.href));
      const result = answer();
      if (result !== 'ok') throw result;
      return { errMsg: 'config:ok' };
    },
  } as Record<string, unknown> & { registered: Record<string, unknown>[]; signatures: unknown[]; shares: { api: string; arg: Record<string, unknown> }[] };
  for (const api of ['onMenuShareAppMessage', 'onMenuShareWechat', 'onMenuShareTimeline'])
    ww[api] = (arg: Record<string, unknown>) => ww.shares.push({ api, arg });
  return ww;
};

interface Setup {
  ua?: string;
  url?: string;
  globals?: Record<string, unknown>;
  answer?: (request: string) => Response | Promise<Response>;
}

const load = async ({ ua = WECOM, url = '/page?id=1', globals = {}, answer }: Setup = {}) => {
  vi.resetModules();
  Object.defineProperty(navigator, 'userAgent', { value: ua, configurable: true });
  history.replaceState(null, '', url);
  document.head.innerHTML = METAS;
  for (const name of ['ww', 'wx', '__wxjs_environment']) delete (window as unknown as Record<string, unknown>)[name];
  Object.assign(window, globals);
  const fetchMock = vi.fn(async (request: string) => (answer ? answer(request) : json({ ...CORP, url: location.href })));
  vi.stubGlobal('fetch', fetchMock);
  return { ...(await import('../src/share.js')), fetchMock };
};

beforeEach(() => {
  vi.spyOn(console, 'info').mockImplementation(() => {});
});
afterEach(() => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
});

describe('WeCom with WeCom JS-SDK (ww)', () => {
  it('asks with container=wecom, registers the corp signature, applies the three WeCom share APIs', async () => {
    const ww = createFakeWw();
    const { share, fetchMock } = await load({ globals: { ww } });
    const result = await share({ endpoint: '/wx/signature' });
    expect(fetchMock.mock.calls.map(([r]) => r)).toEqual([`/wx/signature?container=wecom&url=${encodeURIComponent('https://example.com/page?id=1')}&view=1`]);
    expect(ww.registered).toEqual([
      expect.objectContaining({ corpId: CORP.appId, jsApiList: ['onMenuShareAppMessage', 'onMenuShareWechat', 'onMenuShareTimeline'] }),
    ]);
    expect(ww.registered[0]).not.toHaveProperty('getAgentConfigSignature'); // no agentId: no agentConfig
    expect(ww.signatures).toEqual([expect.objectContaining({ timestamp: CORP.timestamp, nonceStr: 'corp-nonce', signature: CORP.signature })]);
    expect(ww.shares.map((s) => s.api)).toEqual(['onMenuShareAppMessage', 'onMenuShareWechat', 'onMenuShareTimeline']);
    for (const { arg } of ww.shares) expect(arg).toMatchObject(CARD);
    expect(result).toEqual({ available: true, wx: expect.anything(), url: 'https://example.com/page?id=1', appId: CORP.appId, data: CARD, source: 'request', container: 'wecom' });
  });

  it('with an agentConfig in the answer: registers the agentId and the app signature; the result says agentConfig:ok', async () => {
    const ww = createFakeWw();
    const { share } = await load({ globals: { ww }, answer: () => json({ ...CORP, agentConfig: AGENT }) });
    const result = await share();
    expect(ww.registered[0]).toMatchObject({ corpId: CORP.appId, agentId: '1000002' });
    expect(ww.signatures[1]).toEqual(AGENT);
    expect(result).toMatchObject({ container: 'wecom', agentConfig: 'agentConfig:ok' });
  });

  it('a refused agentConfig rejects with its errMsg, calls onError, applies nothing; the next call signs again', async () => {
    let refuse = true;
    const ww = createFakeWw(() => (refuse ? { errMsg: 'agentConfig:invalid signature' } : 'ok'));
    const onError = vi.fn();
    const { share, update, fetchMock } = await load({ globals: { ww }, answer: () => json({ ...CORP, agentConfig: AGENT }) });
    await expect(share({ onError })).rejects.toEqual({ message: 'agentConfig:invalid signature', hint: expect.any(String) });
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'agentConfig:invalid signature' }));
    expect(ww.shares).toEqual([]);
    refuse = false;
    await expect(update()).resolves.toMatchObject({ agentConfig: 'agentConfig:ok' });
    expect(fetchMock).toHaveBeenCalledTimes(2);
  });

  it('update() on the same url re-applies new data without signing again; whatever ww throws is a ShareFailure', async () => {
    const ww = createFakeWw();
    const { share, update, fetchMock } = await load({ globals: { ww } });
    await share();
    await update({ title: 'New title' });
    expect(fetchMock).toHaveBeenCalledTimes(1);
    expect(ww.shares.at(-1)!.arg).toMatchObject({ title: 'New title' });

    const hostile = createFakeWw(() => undefined);
    const again = await load({ globals: { ww: hostile } });
    await expect(again.share()).rejects.toEqual({ message: 'config:fail', hint: expect.any(String) });
  });

  it('analytics: the first request reports the view with WeChat\'s `from` (kept by the redirect); later ones do not', async () => {
    sessionStorage.setItem('share:from', 'groupmessage'); // what the canonical redirect kept
    let refuse = true;
    const ww = createFakeWw(() => (refuse ? { errMsg: 'config:invalid signature' } : 'ok'));
    const { share, update, fetchMock } = await load({ globals: { ww } });
    await expect(share()).rejects.toMatchObject({ message: 'config:invalid signature' });
    refuse = false;
    await update(); // signs again after the failure: no second view
    history.pushState(null, '', '/page?id=2');
    await update(); // another url: no view either
    const views = fetchMock.mock.calls.map(([r]) => new URL(r, location.href).searchParams);
    expect(views.map((q) => [q.get('url'), q.get('view'), q.get('from')])).toEqual([
      ['https://example.com/page?id=1', '1', 'groupmessage'],
      ['https://example.com/page?id=1', null, null],
      ['https://example.com/page?id=2', null, null],
    ]);
    expect(sessionStorage.getItem('share:from')).toBeNull(); // read once
  });

  it('analytics: a `from` in the url (redirect off) goes with the view', async () => {
    const ww = createFakeWw();
    const { share, fetchMock } = await load({ globals: { ww }, url: '/page?id=1&from=timeline' });
    await share({ redirect: false });
    expect(new URL(fetchMock.mock.calls[0]![0], location.href).searchParams.get('from')).toBe('timeline');
  });

  it('loads WeCom JS-SDK from wecomSdkUrl when the page has neither ww nor wx', async () => {
    const ww = createFakeWw();
    const { share } = await load();
    const appended = vi.spyOn(document.head, 'append').mockImplementation((...nodes) => {
      const script = nodes[0] as HTMLScriptElement;
      expect(script.src).toBe('https://example.com/sdk/wecom.js');
      Object.assign(window, { ww });
      setTimeout(() => script.onload?.(new Event('load')), 0);
    });
    await expect(share({ wecomSdkUrl: '/sdk/wecom.js' })).resolves.toMatchObject({ container: 'wecom' });
    expect(appended).toHaveBeenCalledTimes(1);
  });
});

describe('WeCom with jweixin 1.2.0 (wx)', () => {
  it('wx.config with beta: true and the corp signature, then wx.agentConfig with the app signature', async () => {
    const wx = createFakeWx() as FakeWx & { agentConfig?: (config: Record<string, unknown>) => void };
    const agentConfigs: Record<string, unknown>[] = [];
    wx.agentConfig = (config) => {
      agentConfigs.push(config);
      setTimeout(() => (config.success as () => void)(), 0);
    };
    const { share } = await load({ globals: { wx }, answer: () => json({ ...CORP, agentConfig: AGENT }) });
    const result = await share();
    expect(wx.configs).toEqual([
      {
        beta: true,
        debug: false,
        appId: CORP.appId,
        timestamp: CORP.timestamp,
        nonceStr: 'corp-nonce',
        signature: CORP.signature,
        jsApiList: ['onMenuShareAppMessage', 'onMenuShareWechat', 'onMenuShareTimeline'],
        openTagList: [],
      },
    ]);
    expect(agentConfigs).toEqual([expect.objectContaining({ ...AGENT, jsApiList: ['onMenuShareAppMessage', 'onMenuShareWechat', 'onMenuShareTimeline'] })]);
    // jweixin 1.2.0 has onMenuShareAppMessage and onMenuShareTimeline (onMenuShareWechat comes with jwxwork).
    expect(wx.calls.map((c) => c.api)).toEqual(['onMenuShareAppMessage', 'onMenuShareTimeline']);
    expect(result).toMatchObject({ appId: CORP.appId, agentConfig: 'agentConfig:ok' });
  });

  it('a refused wx.config rejects before any agentConfig; an answer with agentConfig but no wx.agentConfig says what to load', async () => {
    const refused = createFakeWx(() => 'config:invalid signature');
    const first = await load({ globals: { wx: refused } });
    await expect(first.share()).rejects.toMatchObject({ message: 'config:invalid signature' });
    expect(refused.calls).toEqual([]);

    const plain = createFakeWx();
    const second = await load({ globals: { wx: plain }, answer: () => json({ ...CORP, agentConfig: AGENT }) });
    await expect(second.share()).rejects.toMatchObject({ message: expect.stringMatching(/^agentConfig: .*jwxwork-1\.0\.0\.js/) });
  });
});

describe('mini-program web-view', () => {
  const createMiniProgramWx = () => {
    const wx = createFakeWx() as FakeWx & { miniProgram: { postMessage(message: { data: unknown }): void }; posted: unknown[] };
    wx.posted = [];
    wx.miniProgram = { postMessage: (message) => wx.posted.push(message) };
    return wx;
  };

  it('no signature request, no wx.config: the share data goes to wx.miniProgram.postMessage, again on every update()', async () => {
    const wx = createMiniProgramWx();
    const { share, update, fetchMock } = await load({ ua: MINI_PROGRAM, globals: { wx } });
    await expect(share()).resolves.toEqual({ available: true, wx: expect.anything(), url: 'https://example.com/page?id=1', appId: '', data: CARD, source: 'none', container: 'miniprogram' });
    history.pushState(null, '', '/other');
    await update({ title: 'Other page' });
    expect(wx.posted).toEqual([{ data: CARD }, { data: { ...CARD, title: 'Other page', link: 'https://example.com/other' } }]);
    expect(fetchMock).not.toHaveBeenCalled();
    expect(wx.configs).toEqual([]);
  });

  it('a jweixin without wx.miniProgram (before 1.3.2) is a clear failure', async () => {
    const { share } = await load({ ua: MINI_PROGRAM, globals: { wx: createFakeWx() } });
    await expect(share()).rejects.toMatchObject({ message: 'jweixin has no wx.miniProgram: use jweixin 1.3.2 or later' });
  });
});

describe('timeout', () => {
  it('gives up after timeout milliseconds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const { share, update, fetchMock } = await load({ globals: { ww: createFakeWw() }, answer: () => new Promise<Response>(() => {}) });
      const outcome = share({ timeout: 3000 }).catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(3000);
      expect(await outcome).toMatchObject({ message: 'timeout' });
      // A timed-out configuration is dropped: the next call on the same url signs again.
      const again = update().catch((e: unknown) => e);
      await vi.advanceTimersByTimeAsync(8000);
      expect(await again).toMatchObject({ message: 'timeout' });
      expect(fetchMock).toHaveBeenCalledTimes(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
