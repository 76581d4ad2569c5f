// Types of dist/bridge.js, a browser script: it exports nothing and, loaded by a <script> tag, defines these globals.
import type { WechatMockBridge as MockBridge, WeixinJSBridge as JSBridge } from '../dist/bridge-node.js';

declare global {
  /** The page's handle on the emulator (platform, state, simulated shares). */
  var WechatMockBridge: MockBridge;
  /** The emulated WeChat bridge, set shortly after load when the page is emulated (as WeChat injects its own). */
  var WeixinJSBridge: JSBridge | undefined;
}

export {};
