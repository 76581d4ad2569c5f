// Where the files the demo serves live on disk: its own pages, the client bundles, the real jweixin builds and WeCom's
// JS-SDK, the bridge.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);

/** apps/demo/public: the static page, the SPA shell, the QA panel, the share image. */
export const publicDir = fileURLToPath(new URL('../public/', import.meta.url));

/** @share/client's dist/: share.min.js (script tag) and share.js (ESM, for the SPA). */
export const clientDir = dirname(require.resolve('@share/client/share.min.js'));

/** The real jweixin 1.6.0 as WeChat serves it (the npm mirror's original file, not its CommonJS wrapper). */
export const jweixinFile = join(dirname(require.resolve('weixin-js-sdk/package.json')), 'index.original.js');

/** The emulated WeixinJSBridge for desktop browsers (a classic script). */
export const bridgeFile = require.resolve('@share/wechat-mock/bridge.js');

/** jweixin 1.2.0, the build WeCom's older docs name for wx.config({ beta: true }) (the npm mirror's original file). */
export const jweixin12File = join(dirname(require.resolve('jweixin-1.2.0/package.json')), 'index.original.js');

/** WeCom's JS-SDK (@wecom/jssdk, global `ww`: ww.register runs wx.config and wx.agentConfig), its browser build. */
export const wecomSdkFile = require.resolve('@wecom/jssdk/dist/wecom.global.prod.js');
