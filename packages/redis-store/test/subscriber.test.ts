// subscriptionOf: one channel on an ioredis or node-redis connection, with its up/down events.
import { describe, expect, it, vi } from 'vitest';
import { subscriptionOf } from '../src/subscriber.js';
import { FakeIoRedisSubscriber, FakeNodeRedisSubscriber } from './helpers/fake-subscriber.js';

describe('subscriptionOf', () => {
  it('ioredis: subscribes, passes on messages of its channel only, reports close and ready, detaches', async () => {
    const client = new FakeIoRedisSubscriber();
    const message = vi.fn();
    const connection = vi.fn();
    const subscription = subscriptionOf(client, 'share:changes', { message, connection });
    await subscription.subscribe();
    expect(client.subscribed.has('share:changes')).toBe(true);
    client.emit('message', 'other', 'x');
    client.publish('share:changes', 'hello');
    expect(message.mock.calls).toEqual([['hello']]);
    client.emit('close');
    client.emit('ready');
    expect(connection.mock.calls).toEqual([[false], [true]]);
    subscription.detach();
    expect(client.listenerCount('message') + client.listenerCount('ready') + client.listenerCount('close')).toBe(0);
    await subscription.unsubscribe();
    expect(client.subscribed.size).toBe(0);
  });

  it('node-redis: subscribes with a listener, reports reconnecting and ready, detaches', async () => {
    const client = new FakeNodeRedisSubscriber();
    const message = vi.fn();
    const connection = vi.fn();
    const subscription = subscriptionOf(client, 'share:changes', { message, connection });
    await subscription.subscribe();
    client.publish('share:changes', 'hello');
    expect(message.mock.calls).toEqual([['hello']]);
    client.emit('reconnecting');
    client.emit('ready');
    expect(connection.mock.calls).toEqual([[false], [true]]);
    subscription.detach();
    expect(client.listenerCount('ready') + client.listenerCount('reconnecting')).toBe(0);
    await subscription.unsubscribe();
    expect(client.listeners_.size).toBe(0);
  });

  it('refuses something that is not a client', () => {
    expect(() => subscriptionOf({} as never, 'c', { message: vi.fn(), connection: vi.fn() })).toThrow(/ioredis or node-redis/);
  });
});
