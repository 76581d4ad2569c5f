// '@share/wechat-mock/bridge': the Node side of the in-app bridge emulation (the browser side is dist/bridge.js).
export { createBridgeVerifier } from './verify-handler.js';
export type { BridgeVerifierOptions } from './verify-handler.js';
export { bridgeSignature, verifyAgentConfig, verifyPreVerify } from './verify.js';
export type { AgentConfigRequest, PreVerifyAnswer, PreVerifyRequest, VerifyOptions, WecomTickets } from './verify.js';
export { inSafeDomains } from './safe-domains.js';
export {
  HARMONY_WECHAT_VERSION,
  MINI_PROGRAM_APPID,
  WECHAT_VERSION,
  WECOM_VERSION,
  containerFromUserAgent,
  miniProgramUserAgents,
  navigatorPlatforms,
  platformFromUserAgent,
  userAgentOf,
  userAgents,
  wecomUserAgents,
} from './user-agents.js';
export type { Container, PhonePlatform, Platform } from './user-agents.js';
export { OPEN_TAGS_VERSION, compareVersions, createBridgeEmulator } from './emulator.js';
export type {
  AgentVerification,
  BridgeEmulator,
  BridgeEnvironment,
  BridgeState,
  Invocation,
  ShareCard,
  SharedCard,
  ShareTarget,
  Verification,
  WeixinJSBridge,
} from './emulator.js';
export type { Mode, WechatMockBridge } from './browser.js';
