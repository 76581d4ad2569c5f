export { createWechatMock } from './mock.js';
export type { WechatMock, CallCounts } from './mock.js';
export type { MockAccount, MockOptions } from './options.js';
export { DEFAULT_ACCOUNT } from './options.js';
export type { Endpoint, Fault } from './faults.js';
export { ERRMSG } from './errors.js';
export type { WechatErrorBody } from './errors.js';
export { DEFAULT_CORP } from './wecom/api.js';
export type { WecomApi, WecomApp, WecomCorp, WecomOptions } from './wecom/api.js';
