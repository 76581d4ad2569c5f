// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createFakeWx } from './fake-wx.js';

const fresh = async () => {
  vi.resetModules();
  return (await import('../src/sdk.js')).loadSdk;
};

afterEach(() => {
  window.wx = undefined;
  document.querySelectorAll('script').forEach((s) => s.remove());
});

describe('loadSdk', () => {
  it('uses window.wx when the page already has it, without a script', async () => {
    const wx = (window.wx = createFakeWx());
    await expect((await fresh())('/jweixin.js')).resolves.toBe(wx);
    expect(document.querySelector('script')).toBeNull();
  });

  it('adds one script for any number of calls and resolves with window.wx once it loaded', async () => {
    const loadSdk = await fresh();
    const first = loadSdk('/js/jweixin-1.6.0.js');
    const second = loadSdk('/js/jweixin-1.6.0.js');
    const scripts = document.querySelectorAll('script');
    expect(scripts).toHaveLength(1);
    expect(scripts[0]!.src).toBe('https://example.com/js/jweixin-1.6.0.js');
    const wx = (window.wx = createFakeWx());
    scripts[0]!.dispatchEvent(new Event('load'));
    await expect(first).resolves.toBe(wx);
    await expect(second).resolves.toBe(wx);
  });

  it('rejects when the script fails, or loads without defining wx', async () => {
    for (const event of ['error', 'load']) {
      const loadSdk = await fresh();
      const loading = loadSdk('/nope.js');
      document.querySelector('script')!.dispatchEvent(new Event(event));
      await expect(loading).rejects.toEqual({ message: 'jweixin not loaded', hint: expect.stringContaining('sdkUrl') });
      document.querySelector('script')!.remove();
    }
  });

  it('tries again on the next call after a failure', async () => {
    const loadSdk = await fresh();
    const first = loadSdk('/flaky.js');
    document.querySelector('script')!.dispatchEvent(new Event('error'));
    await expect(first).rejects.toMatchObject({ message: 'jweixin not loaded' });
    const second = loadSdk('/flaky.js');
    expect(document.querySelectorAll('script')).toHaveLength(2);
    const wx = (window.wx = createFakeWx());
    document.querySelectorAll('script')[1]!.dispatchEvent(new Event('load'));
    await expect(second).resolves.toBe(wx);
  });
});
