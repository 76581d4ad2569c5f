// The bridge's two routes for the `wechat-mock` command (`--bridge`): the browser script and its verifier, in front
// of another handler, so that a page in another process can load the emulated bridge from the command's port.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createBridgeVerifier, type BridgeVerifierOptions } from './bridge/verify-handler.js';
import { sendJson } from './http.js';

/** Where the browser script is served; its verifier is `bridge/verify` next to it, the script's default. */
export const BRIDGE_SCRIPT_PATH = '/__wechat/bridge.js';
export const BRIDGE_VERIFY_PATH = '/__wechat/bridge/verify';

export interface BridgeRouteOptions extends BridgeVerifierOptions {
  /** The text of `dist/bridge.js`, the browser script. */
  script: string;
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

/** `next` with `GET /__wechat/bridge.js` and `POST /__wechat/bridge/verify` in front (both any origin). */
export function withBridgeRoutes(next: Handler, options: BridgeRouteOptions): Handler {
  const { script, ...verifierOptions } = options;
  const verify = createBridgeVerifier(verifierOptions);
  const body = Buffer.from(script, 'utf8');
  return (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://mock');
    if (pathname === BRIDGE_VERIFY_PATH) {
      verify(req, res);
    } else if (pathname !== BRIDGE_SCRIPT_PATH) {
      next(req, res);
    } else if (req.method === 'GET' || req.method === 'HEAD') {
      res.writeHead(200, {
        'content-type': 'text/javascript; charset=utf-8',
        'content-length': body.length,
        'cache-control': 'no-store',
        'access-control-allow-origin': '*',
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    } else {
      res.setHeader('allow', 'GET, HEAD');
      sendJson(res, 405, { error: `${BRIDGE_SCRIPT_PATH} answers GET` });
    }
  };
}
