// The third-party platform's routes on the one route table: the push receiver (授权事件接收URL), the start of an
// authorization (302 to WeChat's authorization page) and its callback.
import type { Route, ShareRequest } from '../handle-request.js';
import type { Logger } from '../logger.js';
import { DEFAULTS } from '../defaults.js';
import { ShareError } from '../errors.js';
import { errorAnswer, errorJson, readBody, type ShareAnswer } from '../respond.js';
import { redact } from '../redact.js';
import { ComponentPushError } from './crypto.js';
import type { ComponentCredentials } from './credentials.js';
import { applyComponentEvent } from './events.js';
import type { ComponentConfig } from './options.js';
import { MAX_PUSH_BODY_BYTES, readPush } from './push.js';

export const COMPONENT_ROUTES = {
  events: '/wx/component/events',
  authorize: '/wx/component/authorize',
  callback: '/wx/component/callback',
} as const;

/** WeChat counts a push as delivered when `success` comes back within 5 s: the push is answered by then regardless. */
export const PUSH_ANSWER_MS = 4000;
/** WeChat's authorization page (the emulator serves its own at its apiBase). */
const LOGIN_PAGE = 'https://mp.weixin.qq.com/cgi-bin/componentloginpage';

export interface ComponentRouteDeps {
  component: ComponentConfig;
  credentials: ComponentCredentials;
  apiBase: string;
  trustProxy: boolean;
  logger: Logger;
}

export function createComponentRoutes(deps: ComponentRouteDeps): [string, Route][] {
  return [
    [COMPONENT_ROUTES.events, eventsRoute(deps)],
    [COMPONENT_ROUTES.authorize, authorizeRoute(deps)],
    [COMPONENT_ROUTES.callback, callbackRoute(deps)],
  ];
}

const text = (status: number, body: string, type = 'text/plain; charset=utf-8'): ShareAnswer => {
  const bytes = Buffer.from(body);
  return { status, headers: { 'content-type': type, 'cache-control': 'no-store', 'content-length': bytes.length }, body: bytes };
};

/** POST /wx/component/events: verified and decrypted, then applied; `success` within PUSH_ANSWER_MS even when the store is slow. */
function eventsRoute({ component, credentials, logger }: ComponentRouteDeps): Route {
  return {
    methods: ['POST'],
    usage: `POST ${COMPONENT_ROUTES.events} (WeChat's pushes)`,
    cors: false,
    task: 'receiving a third-party platform push',
    async answer(request, query) {
      const body = await readBody(request, MAX_PUSH_BODY_BYTES, {
        tooLarge: { code: 'push_too_large', message: `a push is at most ${MAX_PUSH_BODY_BYTES / 1024} KB` },
        unreadable: { code: 'push_unreadable', message: 'the push body could not be read' },
      });
      if (!Buffer.isBuffer(body)) return body;
      let event;
      try {
        event = readPush(body, Object.fromEntries(new URLSearchParams(query)), component);
      } catch (err) {
        if (err instanceof ComponentPushError) return errorJson(err.status, err.code, err.message);
        throw err;
      }
      const applied = applyComponentEvent(credentials, event).then(
        () => undefined,
        (err: unknown) => {
          const why = redact(err instanceof Error ? err.message : String(err), credentials.secrets());
          logger.warn(`component ${component.appId}: the ${event.infoType} push could not be applied: ${why}`);
        },
      );
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, PUSH_ANSWER_MS);
        timer.unref();
      });
      await Promise.race([applied, late]);
      clearTimeout(timer);
      return text(200, 'success');
    },
  };
}

/** GET /wx/component/authorize: 302 to the authorization page with a fresh pre_auth_code, back to the callback. */
function authorizeRoute(deps: ComponentRouteDeps): Route {
  const { component, credentials, apiBase, logger } = deps;
  const page = apiBase === DEFAULTS.apiBase ? LOGIN_PAGE : `${apiBase}/cgi-bin/componentloginpage`;
  return {
    methods: ['GET'],
    usage: `GET ${COMPONENT_ROUTES.authorize}`,
    cors: false,
    task: 'starting an authorization',
    async answer(request) {
      const origin = originOf(request, deps.trustProxy);
      if (origin === undefined) return errorJson(400, 'invalid_host', 'the request has no valid Host header to send the administrator back to');
      try {
        const preAuthCode = await credentials.preAuthCode();
        const target = new URL(page);
        target.searchParams.set('component_appid', component.appId);
        target.searchParams.set('pre_auth_code', preAuthCode);
        target.searchParams.set('redirect_uri', `${origin}${COMPONENT_ROUTES.callback}`);
        return { status: 302, headers: { location: target.href, 'cache-control': 'no-store', 'content-length': 0 }, body: undefined };
      } catch (err) {
        return errorAnswer(err, logger, credentials.secrets(), undefined, 'starting an authorization');
      }
    },
  };
}

/** GET /wx/component/callback?auth_code=…: the code exchanged (api_query_auth), the authorizer stored, a small page. */
function callbackRoute({ credentials, logger }: ComponentRouteDeps): Route {
  return {
    methods: ['GET'],
    usage: `GET ${COMPONENT_ROUTES.callback}?auth_code=…`,
    cors: false,
    task: 'completing an authorization',
    async answer(_request, query) {
      const code = new URLSearchParams(query).get('auth_code');
      if (code === null || !/^[A-Za-z0-9@_-]{1,512}$/.test(code)) {
        return errorJson(400, 'missing_auth_code', 'the callback needs the auth_code WeChat adds to it; start again at GET /wx/component/authorize');
      }
      try {
        const appId = await credentials.authorize(code);
        return text(200, page(`Authorized: ${appId}. share now signs this account's pages; you may close this window.`), 'text/html; charset=utf-8');
      } catch (err) {
        if (err instanceof ShareError) return text(err.status, page(`The authorization failed: ${err.message}`), 'text/html; charset=utf-8');
        return errorAnswer(err, logger, credentials.secrets(), undefined, 'completing an authorization');
      }
    },
  };
}

function page(message: string): string {
  const escaped = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><meta charset="utf-8"><title>share</title><p>${escaped}</p>\n`;
}

const HOST = /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;

/**
 * The origin the administrator comes back to: the Host header (X-Forwarded-Host and -Proto with trustProxy); https
 * unless the proxy says otherwise or the host is this machine (a test, a local run).
 */
function originOf(request: ShareRequest, trustProxy: boolean): string | undefined {
  const forwardedHost = trustProxy ? request.header('x-forwarded-host')?.split(',')[0]?.trim() : undefined;
  const host = forwardedHost ?? request.header('host');
  if (host === undefined || !HOST.test(host)) return undefined;
  const forwardedProto = trustProxy ? request.header('x-forwarded-proto')?.split(',')[0]?.trim() : undefined;
  const local = /^(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/.test(host);
  const scheme = forwardedProto === 'http' || forwardedProto === 'https' ? forwardedProto : local ? 'http' : 'https';
  return `${scheme}://${host}`;
}
