// The little of wechat-jssdk 5.1.0 (plain JavaScript, no types) that the bench uses.
declare module 'wechat-jssdk' {
  export interface WechatSignature {
    appId: string;
    timestamp: string;
    nonceStr: string;
    signature: string;
    url: string;
  }
  export class Wechat {
    constructor(options: Record<string, unknown>);
    jssdk: { getSignature(url: string, forceNewSignature?: boolean): Promise<WechatSignature> };
    /** Its FileStore; destroy() stops the 10-minute flush interval. */
    store: { destroy(): void };
  }
}
