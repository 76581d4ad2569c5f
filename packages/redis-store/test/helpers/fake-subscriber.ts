// Hand-written stand-ins for an ioredis and a node-redis subscriber connection: events, subscribe, messages.
import { EventEmitter } from 'node:events';

export class FakeIoRedisSubscriber extends EventEmitter {
  subscribed = new Set<string>();
  /** When set, subscribe() waits for it (a Redis that is down). */
  hold: Promise<void> | undefined;
  fail: Error | undefined;
  call(): unknown {
    return undefined;
  }
  async subscribe(channel: string): Promise<number> {
    if (this.hold) await this.hold;
    if (this.fail) throw this.fail;
    this.subscribed.add(channel);
    return this.subscribed.size;
  }
  async unsubscribe(channel: string): Promise<number> {
    this.subscribed.delete(channel);
    return this.subscribed.size;
  }
  publish(channel: string, message: string): void {
    if (this.subscribed.has(channel)) this.emit('message', channel, message);
  }
}

export class FakeNodeRedisSubscriber extends EventEmitter {
  listeners_ = new Map<string, (message: string, channel: string) => void>();
  sendCommand(): unknown {
    return undefined;
  }
  async subscribe(channel: string, listener: (message: string, channel: string) => void): Promise<void> {
    this.listeners_.set(channel, listener);
  }
  async unsubscribe(channel: string): Promise<void> {
    this.listeners_.delete(channel);
  }
  publish(channel: string, message: string): void {
    this.listeners_.get(channel)?.(message, channel);
  }
}
