// The container parameter: WeChat unless container=wecom; anything else is a 400 naming the values.
import { describe, expect, it } from 'vitest';
import { checkContainer, containerParam } from '../src/container.js';
import { ShareError } from '../src/errors.js';

function refusal(run: () => unknown): ShareError {
  try {
    run();
  } catch (err) {
    expect(err).toBeInstanceOf(ShareError);
    return err as ShareError;
  }
  throw new Error('expected a ShareError');
}

describe('containerParam', () => {
  it.each([
    ['url=x', 'wechat'],
    ['', 'wechat'],
    ['url=x&container=wechat', 'wechat'],
    ['container=wecom&url=x', 'wecom'],
    ['url=x&container=%77ecom', 'wecom'],
    ['url=https%3A%2F%2Fa.example%2F%3Fcontainer%3Dwecom', 'wechat'],
  ])('%s -> %s', (query, container) => {
    expect(containerParam(query)).toBe(container);
  });

  it.each(['container=alipay', 'container=', 'container=WECOM', 'container=%E0%A4%A'])('refuses %s with 400 naming the values', (query) => {
    const err = refusal(() => containerParam(`url=x&${query}`));
    expect([err.status, err.code]).toEqual([400, 'invalid_container']);
    expect(err.message).toMatch(/use container=wechat or container=wecom/);
  });

  it('refuses a repeated container and cuts a long value in the message', () => {
    expect(refusal(() => containerParam('container=wecom&container=wechat')).message).toMatch(/repeated/);
    expect(refusal(() => checkContainer('x'.repeat(5000))).message.length).toBeLessThan(200);
  });
});
