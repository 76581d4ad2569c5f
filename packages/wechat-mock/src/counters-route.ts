// The emulator's call counters over HTTP (GET /__mock/counters, DELETE resets them), in front of mock.handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendJson } from './http.js';
import type { WechatMock } from './mock.js';

export const COUNTERS_PATH = '/__mock/counters';

/** `mock.handler` with the counters route in front: the route real WeChat does not have, for tests in another process. */
export function withCountersRoute(mock: WechatMock): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://mock');
    if (pathname !== COUNTERS_PATH) {
      mock.handler(req, res);
      return;
    }
    if (req.method === 'GET' || req.method === 'HEAD') {
      sendJson(res, 200, mock.calls);
    } else if (req.method === 'DELETE') {
      mock.resetCalls();
      sendJson(res, 200, mock.calls);
    } else {
      res.setHeader('Allow', 'GET, HEAD, DELETE');
      sendJson(res, 405, { error: `${COUNTERS_PATH} answers GET (the counters) and DELETE (resets them)` });
    }
  };
}
