// Smoke test of the BUILT bridge: the Node side as ESM and CJS, the browser side as a classic script.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);

describe('built bridge', () => {
  it.each([
    ['ESM', () => import('@share/wechat-mock/bridge')],
    ['CJS', async () => require('@share/wechat-mock/bridge') as typeof import('../../src/bridge/index.js')],
  ])('%s: exports the verifier and the user agents', async (_kind, load) => {
    const bridge = await load();
    expect(typeof bridge.createBridgeVerifier).toBe('function');
    expect(bridge.platformFromUserAgent(bridge.userAgents.android)).toBe('android');
  });

  it('ships dist/bridge.js as a self-contained classic script', () => {
    const code = readFileSync(require.resolve('@share/wechat-mock/bridge.js'), 'utf8');
    expect(code).toContain('WechatMockBridge');
    expect(code).toContain('WeixinJSBridgeReady');
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    expect(() => new Function(code)).not.toThrow(); // parses as a plain script
  });
});
