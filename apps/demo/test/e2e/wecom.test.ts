// WeCom (企业微信) in headless Chromium with the real builds: WeCom's JS-SDK (@wecom/jssdk 2.4.4) and jweixin 1.2.0,
// the emulated WeCom verifying wx.config (corp ticket) and wx.agentConfig (app ticket). One host is bound to an
// official account and to a WeCom app: it configures in WeChat and in WeCom alike.
import { DEFAULT_ACCOUNT, DEFAULT_CORP } from '@share/wechat-mock';
import { WECOM_VERSION, wecomUserAgents } from '@share/wechat-mock/bridge';
import { expect, it } from 'vitest';
import { jweixin12File } from '../../src/assets.js';
import { bridgeState, DEMO_META, describeBrowser, openTab, settled, tapShare, useBrowserAndDemo } from './harness.js';

const WECOM_MENU = ['menu:share:appmessage', 'menu:share:timeline', 'menu:share:wechat'];

describeBrowser('WeCom', () => {
  const env = useBrowserAndDemo();
  /** The demo binds the WeCom app with agentId 1000002 to every host but 127.0.0.1 (corp only, no agentId). */
  const withAgent = () => `http://localhost:${env.demo.port}`;

  it('one host, two containers: WeChat configures with the official account, WeCom with the corp and wx.agentConfig', async () => {
    const wechat = await openTab(env.browser, 'android');
    try {
      await wechat.page.goto(`${withAgent()}/`);
      expect(await settled(wechat.page)).toBe('ok');
      expect((await bridgeState(wechat.page)).verifications).toEqual([expect.objectContaining({ appId: DEFAULT_ACCOUNT.appId, errMsg: 'preVerifyJSAPI:ok' })]);
    } finally {
      await wechat.context.close();
    }

    const tab = await openTab(env.browser, 'wecom');
    try {
      await tab.page.goto(`${withAgent()}/`);
      expect(await settled(tab.page)).toBe('ok');
      const signed = tab.requests.filter((url) => url.includes('/wx/signature'));
      expect(signed).toEqual([`${withAgent()}/wx/signature?container=wecom&url=${encodeURIComponent(`${withAgent()}/`)}&view=1`]);
      expect(tab.requests).toContain(`${withAgent()}/wecom-jssdk.js`); // the real @wecom/jssdk
      const state = await bridgeState(tab.page);
      expect(state.container).toBe('wecom');
      // WeCom 4.1 (3.0.24+): WeCom's JS-SDK runs agentConfig alone, verified against the app ticket of 1000002.
      expect(state.agentConfigs).toEqual([
        expect.objectContaining({ url: `${withAgent()}/`, corpId: DEFAULT_CORP.corpId, agentId: '1000002', errMsg: 'agentConfig:ok' }),
      ]);
      expect([...state.agentConfigs[0]!.jsApiList].sort()).toEqual(WECOM_MENU);
      await expect.poll(async () => [...(await bridgeState(tab.page)).listeners].sort()).toEqual(WECOM_MENU);

      // The user shares to WeChat from WeCom's menu: the card comes from onMenuShareWechat.
      const card = { ...DEMO_META, link: `${withAgent()}/`, imgUrl: `${withAgent()}/img/share-card.jpg` };
      await expect.poll(() => tapShare(tab.page, 'wechat', 'ok')).toEqual({ target: 'wechat', via: 'legacy', result: 'ok', card });
      expect(await tapShare(tab.page, 'appmessage', 'ok')).toEqual({ target: 'appmessage', via: 'legacy', result: 'ok', card });
      expect(await tab.page.getAttribute('[data-qa="agent-config"]', 'data-result')).toBe('agentConfig:ok');
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it('WeCom before 3.0.24: WeCom’s JS-SDK runs wx.config (corp ticket) first, then wx.agentConfig (app ticket)', async () => {
    const old = wecomUserAgents.android.replace(`wxwork/${WECOM_VERSION}`, 'wxwork/3.0.16');
    const tab = await openTab(env.browser, 'wecom', undefined, old);
    try {
      await tab.page.goto(`${withAgent()}/`);
      expect(await settled(tab.page)).toBe('ok');
      const state = await bridgeState(tab.page);
      expect(state.platform).toBe('android');
      expect(state.verifications).toEqual([expect.objectContaining({ appId: DEFAULT_CORP.corpId, errMsg: 'preVerifyJSAPI:ok' })]);
      expect(state.agentConfigs).toEqual([expect.objectContaining({ agentId: '1000002', errMsg: 'agentConfig:ok' })]);
      const order = state.invocations.map((i) => i.name).filter((name) => name === 'preVerifyJSAPI' || name === 'agentConfig');
      expect(order).toEqual(['preVerifyJSAPI', 'agentConfig']);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it('a WeCom account without agentId (127.0.0.1): wx.config with the corp ticket only, no agentConfig', async () => {
    const tab = await openTab(env.browser, 'wecom');
    try {
      await tab.page.goto(`${env.demo.base}/`);
      expect(await settled(tab.page)).toBe('ok');
      const state = await bridgeState(tab.page);
      expect(state.verifications).toEqual([expect.objectContaining({ url: `${env.demo.base}/`, appId: DEFAULT_CORP.corpId, errMsg: 'preVerifyJSAPI:ok' })]);
      expect(state.agentConfigs).toEqual([]);
      await expect.poll(() => tapShare(tab.page, 'timeline', 'ok').then((shared) => shared.via)).toBe('legacy');
      expect(await tab.page.getAttribute('[data-qa="agent-config"]', 'data-result')).toBe('none');
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it('with jweixin 1.2.0 instead: wx.config({ beta: true }) verified against the corp ticket; the share data applied', async () => {
    const tab = await openTab(env.browser, 'wecom');
    await tab.page.route('**/wecom-jssdk.js', (route) => route.fulfill({ path: jweixin12File, contentType: 'text/javascript' }));
    try {
      await tab.page.goto(`${env.demo.base}/`);
      expect(await settled(tab.page)).toBe('ok');
      const state = await bridgeState(tab.page);
      expect(state.verifications).toEqual([expect.objectContaining({ appId: DEFAULT_CORP.corpId, errMsg: 'preVerifyJSAPI:ok' })]);
      expect(await tab.page.evaluate(() => typeof (window as unknown as { wx: { invoke?: unknown } }).wx.invoke)).toBe('function'); // beta: true
      // jweixin 1.2.0 has onMenuShareAppMessage and onMenuShareTimeline (onMenuShareWechat comes with jwxwork).
      expect([...state.listeners].sort()).toEqual(['menu:share:appmessage', 'menu:share:timeline']);
      expect((await tapShare(tab.page, 'appmessage', 'ok')).card.title).toBe(DEMO_META.title);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it('with jweixin 1.2.0 and an agentId but no jwxwork: a clear failure in the QA panel, no uncaught exception', async () => {
    const tab = await openTab(env.browser, 'wecom');
    await tab.page.route('**/wecom-jssdk.js', (route) => route.fulfill({ path: jweixin12File, contentType: 'text/javascript' }));
    try {
      await tab.page.goto(`${withAgent()}/`);
      expect(await settled(tab.page)).toBe('error');
      expect(await tab.page.textContent('[data-qa="error"]')).toContain('agentConfig: this jweixin has none');
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it('single-page app in WeCom: a route change signs the new url, agentConfig again, and the share card follows', async () => {
    const tab = await openTab(env.browser, 'wecom');
    try {
      await tab.page.goto(`${withAgent()}/app/`);
      expect(await settled(tab.page)).toBe('ok');
      await tab.page.click('.shop-nav a[href="/app/tea/longjing"]');
      await expect.poll(async () => (await bridgeState(tab.page)).agentConfigs.map((a) => [a.url, a.errMsg])).toEqual([
        [`${withAgent()}/app/`, 'agentConfig:ok'],
        [`${withAgent()}/app/tea/longjing`, 'agentConfig:ok'],
      ]);
      await expect.poll(() => tapShare(tab.page, 'appmessage', 'ok').then((shared) => shared.card.title)).toBe('Longjing (Dragon Well) — ¥128 / 50 g');
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it('desktop browser: the emulation switch makes it WeCom, then a mini-program web-view', async () => {
    const tab = await openTab(env.browser, 'desktop-android');
    try {
      await tab.page.goto(`${withAgent()}/`);
      expect(await settled(tab.page)).toBe('ok');
      await Promise.all([tab.page.waitForEvent('load'), tab.page.click('[data-mode="wecom"]')]);
      expect(await settled(tab.page)).toBe('ok');
      expect(await tab.page.evaluate(() => navigator.userAgent)).toMatch(/wxwork\/.*MicroMessenger/);
      expect((await bridgeState(tab.page)).agentConfigs.map((a) => a.errMsg)).toEqual(['agentConfig:ok']);
      await Promise.all([tab.page.waitForEvent('load'), tab.page.click('[data-mode="miniprogram"]')]);
      expect(await settled(tab.page)).toBe('ok');
      expect((await bridgeState(tab.page)).miniProgramMessages).toHaveLength(1);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });
});
