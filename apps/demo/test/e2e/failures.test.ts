// What the pages do when things go wrong, and outside WeChat: explained in the QA panel, never an uncaught exception.
import type { Browser } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createWechatMock, type WechatMock } from '@share/wechat-mock';
import { bridgeState, describeBrowser, launch, openTab, settled, startDemo, type RunningDemo } from './harness.js';

describeBrowser('failures and outside WeChat', () => {
  let browser: Browser;
  let mock: WechatMock;
  let demo: RunningDemo;
  let strict: RunningDemo;
  beforeAll(async () => {
    mock = createWechatMock();
    // Cold (warm: false): the first page's request is what meets the failure the test sets up, not a start-up load.
    [browser, demo, strict] = await Promise.all([launch(), startDemo({ mock, warm: false }), startDemo({ safeDomains: ['example.com'] })]);
  });
  afterEach(() => mock.clearFaults());
  afterAll(async () => {
    await browser?.close();
    await Promise.all([demo?.close(), strict?.close()]);
  });

  it.each(['/', '/app/'])('%s: the server answering an error is explained, without an uncaught exception', async (path) => {
    mock.fail('any', { errcode: 40164, errmsg: 'invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist' }, Infinity);
    const tab = await openTab(browser, 'android');
    try {
      await tab.page.goto(`${demo.base}${path}?fail=${Date.now()}`);
      expect(await settled(tab.page)).toBe('error');
      const error = await tab.page.textContent('[data-qa="error"]');
      expect(error).toContain('HTTP 502');
      expect(error).toMatch(/IP whitelist/);
      expect((await bridgeState(tab.page)).verifications).toEqual([]); // no wx.config without a signature
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it('a page outside the JS safe domains: config:invalid url domain, explained, and no share API called', async () => {
    const tab = await openTab(browser, 'ios');
    try {
      await tab.page.goto(`${strict.base}/`);
      expect(await settled(tab.page)).toBe('error');
      expect(await tab.page.textContent('[data-qa="error"]')).toContain('config:invalid url domain');
      expect(await tab.page.textContent('[data-qa="error"]')).toContain('JS interface safe domain');
      const state = await bridgeState(tab.page);
      expect(state.verifications.map((v) => v.errMsg)).toEqual(['preVerifyJSAPI:fail_invalid url domain']);
      expect(state.invocations.filter((i) => i.name.startsWith('update'))).toEqual([]);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });

  it.each(['/', '/app/'])('%s not in WeChat: says so, and makes no signature request at all', async (path) => {
    const tab = await openTab(browser, 'plain');
    try {
      await tab.page.goto(`${demo.base}${path}`);
      expect(await settled(tab.page)).toBe('off');
      expect(await tab.page.textContent('[data-qa="status"]')).toContain('Not in WeChat');
      expect(tab.requests.filter((url) => url.includes('/wx/signature') || url.includes('jweixin'))).toEqual([]);
      expect(await tab.page.evaluate(() => 'WeixinJSBridge' in window)).toBe(false);
      expect(tab.errors).toEqual([]);
    } finally {
      await tab.context.close();
    }
  });
});
