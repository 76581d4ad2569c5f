// ChangeFeed: pub/sub while the subscription is live, polling the stored values otherwise (fake clock, fake Redis).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChangeFeed, type ChangeFeedConfig } from '../src/changes.js';
import { FakeIoRedisSubscriber } from './helpers/fake-subscriber.js';

const CHANNEL = 'share:changes';

function setup(options: Partial<ChangeFeedConfig> = {}) {
  const stored = new Map<string, string>();
  const send = vi.fn(async (args: string[]) => {
    if (args[0] === 'MGET') return args.slice(1).map((key) => stored.get(key) ?? null);
    throw new Error(`unexpected ${args[0]}`);
  });
  const subscriber = new FakeIoRedisSubscriber();
  const feed = new ChangeFeed({
    send,
    prefix: 'share:',
    channel: CHANNEL,
    subscriber,
    pollIntervalMs: 1000,
    commandTimeoutMs: 500,
    ...options,
  });
  const heard: string[] = [];
  const mgets = () => send.mock.calls.filter(([args]) => args[0] === 'MGET').length;
  return { stored, send, subscriber, feed, heard, listener: (key: string) => heard.push(key), mgets };
}

const other = (key: string) => JSON.stringify({ from: 'another-instance', key });

describe('ChangeFeed', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('pub/sub: reports the other instances’ notices, not its own nor garbage, and does not poll while live', async () => {
    const { subscriber, feed, heard, listener, mgets } = setup();
    feed.saw('wx1:access_token', null);
    await feed.subscribe(listener);
    subscriber.publish(CHANNEL, other('wx1:access_token'));
    subscriber.publish(CHANNEL, feed.notice('wx1:jsapi_ticket'));
    subscriber.publish(CHANNEL, 'not json');
    subscriber.publish(CHANNEL, JSON.stringify({ from: 'x', key: 42 }));
    await vi.advanceTimersByTimeAsync(5000);
    expect(heard).toEqual(['wx1:access_token']);
    expect(mgets()).toBe(0);
    await feed.close();
  });

  it('polls while the connection is down, and compares once when it is back', async () => {
    const { stored, subscriber, feed, heard, listener, mgets } = setup();
    feed.saw('wx1:access_token', 'old');
    await feed.subscribe(listener);
    subscriber.emit('close');
    await vi.advanceTimersByTimeAsync(1000);
    expect(mgets()).toBe(1);
    stored.set('share:{wx1}:access_token', 'new');
    subscriber.emit('ready');
    await vi.advanceTimersByTimeAsync(0);
    expect(heard).toEqual(['wx1:access_token']);
    expect(mgets()).toBe(2);
    await vi.advanceTimersByTimeAsync(5000);
    expect(mgets()).toBe(2);
    await feed.close();
  });

  it('a subscription Redis does not confirm: subscribe() still resolves after half of commandTimeoutMs, polls, and retries', async () => {
    const { subscriber, feed, listener, mgets } = setup();
    let unblock = () => undefined as void;
    subscriber.hold = new Promise<void>((resolve) => (unblock = resolve));
    feed.saw('wx1:access_token', null);
    let resolved = false;
    const subscribed = feed.subscribe(listener).then(() => (resolved = true));
    await vi.advanceTimersByTimeAsync(249);
    expect(resolved).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await subscribed;
    await vi.advanceTimersByTimeAsync(750);
    expect(mgets()).toBe(1);
    subscriber.hold = undefined;
    unblock();
    await vi.advanceTimersByTimeAsync(1000);
    expect(subscriber.subscribed.has(CHANNEL)).toBe(true);
    const before = mgets();
    await vi.advanceTimersByTimeAsync(5000);
    expect(mgets()).toBe(before);
    await feed.close();
  });

  it('a subscription that fails falls back to polling', async () => {
    const { subscriber, feed, listener, mgets } = setup();
    subscriber.fail = new Error('ERR no pubsub here');
    feed.saw('k', null);
    await feed.subscribe(listener);
    await vi.advanceTimersByTimeAsync(3000);
    expect(mgets()).toBe(3);
    await feed.close();
  });

  it('without a subscriber: polls the watched keys, reports new values, not vanished ones nor its own', async () => {
    const { stored, send, feed, heard, listener } = setup({ subscriber: undefined });
    await feed.subscribe(listener);
    await vi.advanceTimersByTimeAsync(1000);
    expect(send).not.toHaveBeenCalled(); // nothing watched yet
    feed.saw('wx1:access_token', 'mine');
    feed.saw('wx1:jsapi_ticket', null);
    stored.set('share:{wx1}:access_token', 'mine');
    await vi.advanceTimersByTimeAsync(1000);
    expect(send).toHaveBeenLastCalledWith(['MGET', 'share:{wx1}:access_token', 'share:{wx1}:jsapi_ticket']);
    expect(heard).toEqual([]);
    stored.set('share:{wx1}:jsapi_ticket', 'theirs');
    stored.delete('share:{wx1}:access_token');
    await vi.advanceTimersByTimeAsync(1000);
    expect(heard).toEqual(['wx1:jsapi_ticket']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(heard).toEqual(['wx1:jsapi_ticket']);
    await feed.close();
  });

  it('polls with one MGET per account (one hash tag, one cluster slot), never one MGET across accounts', async () => {
    const { stored, send, feed, heard, listener } = setup({ subscriber: undefined });
    for (const key of ['wx1:access_token', 'wx2:access_token', 'wx1:jsapi_ticket']) feed.saw(key, null);
    await feed.subscribe(listener);
    stored.set('share:{wx2}:access_token', 'theirs');
    await vi.advanceTimersByTimeAsync(1000);
    expect(send.mock.calls.map(([args]) => args)).toEqual([
      ['MGET', 'share:{wx1}:access_token', 'share:{wx1}:jsapi_ticket'],
      ['MGET', 'share:{wx2}:access_token'],
    ]);
    expect(heard).toEqual(['wx2:access_token']);
    await feed.close();
  });

  it('a cluster subscriber: pub/sub delivers, and polling stays on (a cluster client does not report its pub/sub node dropping)', async () => {
    const { subscriber, feed, heard, listener, mgets } = setup();
    Object.assign(subscriber, { isCluster: true });
    feed.saw('wx1:access_token', null);
    await feed.subscribe(listener);
    expect(subscriber.subscribed.has(CHANNEL)).toBe(true);
    subscriber.publish(CHANNEL, other('wx1:access_token'));
    expect(heard).toEqual(['wx1:access_token']);
    await vi.advanceTimersByTimeAsync(3000);
    expect(mgets()).toBe(3);
    await feed.close();
  });

  it('a Redis that is down while polling: nothing is reported, nothing thrown, the next poll works', async () => {
    const { stored, send, feed, heard, listener } = setup({ subscriber: undefined });
    feed.saw('wx1:access_token', null);
    await feed.subscribe(listener);
    send.mockRejectedValueOnce(new Error('Connection is closed.'));
    await vi.advanceTimersByTimeAsync(1000);
    stored.set('share:{wx1}:access_token', 'v');
    await vi.advanceTimersByTimeAsync(1000);
    expect(heard).toEqual(['wx1:access_token']);
    await feed.close();
  });

  it('a listener that throws does not keep the others from hearing', async () => {
    const { subscriber, feed, heard, listener } = setup();
    await feed.subscribe(() => {
      throw new Error('boom');
    });
    await feed.subscribe(listener);
    subscriber.publish(CHANNEL, other('k'));
    expect(heard).toEqual(['k']);
    await feed.close();
  });

  it('the last unsubscribe stops the timer and leaves the channel', async () => {
    const { subscriber, feed, listener } = setup();
    const first = await feed.subscribe(listener);
    const second = await feed.subscribe(() => undefined);
    await first();
    expect(subscriber.subscribed.has(CHANNEL)).toBe(true);
    await second();
    expect(subscriber.subscribed.has(CHANNEL)).toBe(false);
    expect(subscriber.listenerCount('message')).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('remembers at most 10,000 keys, forgetting the least recently seen', async () => {
    const { send, feed, listener } = setup({ subscriber: undefined });
    for (let i = 0; i <= 10_000; i++) feed.saw(`wx1:k${i}`, null);
    await feed.subscribe(listener);
    await vi.advanceTimersByTimeAsync(1000);
    const args = send.mock.calls[0]?.[0] ?? [];
    expect(args.length).toBe(10_001);
    expect(args).not.toContain('share:{wx1}:k0');
    expect(args).toContain('share:{wx1}:k10000');
    await feed.close();
  });
});
