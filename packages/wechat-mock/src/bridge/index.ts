// '@share/wechat-mock/bridge': the Node side of the in-app bridge emulation (the browser side is dist/bridge.js).
export { createBridgeVerifier } from './verify-handler.js';
export type { BridgeVerifierOptions } from './verify-handler.js';
export { bridgeSignature, verifyPreVerify } from './verify.js';
export type { PreVerifyAnswer, PreVerifyRequest, VerifyOptions } from './verify.js';
export { inSafeDomains } from './safe-domains.js';
export { WECHAT_VERSION, navigatorPlatforms, platformFromUserAgent, userAgents } from './user-agents.js';
export type { Platform } from './user-agents.js';
export { createBridgeEmulator } from './emulator.js';
export type {
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
