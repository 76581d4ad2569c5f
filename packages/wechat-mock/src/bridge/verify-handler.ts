// Node HTTP handler the emulated bridge POSTs preVerifyJSAPI to, so that tickets never reach the page.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyAgentConfig, verifyPreVerify, type AgentConfigRequest, type PreVerifyRequest, type VerifyOptions } from './verify.js';

export interface BridgeVerifierOptions extends Omit<VerifyOptions, 'tickets' | 'wecomTickets'> {
  /**
   * Where the currently valid tickets come from: a `WechatMock`, or anything with `validTickets(appId)` (and, for
   * WeCom pages, `wecom.validTickets(kind, corpId, agentId)`).
   */
  mock: {
    validTickets(appId?: string): string[];
    wecom?: { validTickets(kind: 'corp' | 'agent', corpId?: string, agentId?: string): string[] } | undefined;
  };
}

const MAX_BODY = 16 * 1024;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'access-control-allow-origin': '*',
  });
  res.end(JSON.stringify(body));
}

class BodyError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function readBody(req: IncomingMessage & { body?: unknown }): Promise<unknown> {
  if (req.body !== undefined && typeof req.body === 'object') return Promise.resolve(req.body);
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return reject(new BodyError(413, 'body_too_large', `the body is over ${MAX_BODY} bytes`));
      try {
        resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        reject(new BodyError(400, 'invalid_request', 'the body is not JSON'));
      }
    });
    req.on('error', reject);
  });
}

/**
 * `POST` a JSON `PreVerifyRequest`, or an `AgentConfigRequest` with `kind: 'agentConfig'` (any content type, so the browser needs no preflight), get a `PreVerifyAnswer`.
 * Answers any origin (`Access-Control-Allow-Origin: *`): it is an emulator endpoint, it holds no secret.
 */
export function createBridgeVerifier(options: BridgeVerifierOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { mock, ...rest } = options;
  const verifyOptions: VerifyOptions = {
    ...rest,
    tickets: (appId) => mock.validTickets(appId),
    wecomTickets: (kind, corpId, agentId) => mock.wecom?.validTickets(kind, corpId, agentId) ?? [],
  };
  return (req, res) => {
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-origin': '*',
        'access-control-allow-methods': 'POST',
        'access-control-allow-headers': 'content-type',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    if (req.method !== 'POST') {
      res.setHeader('allow', 'POST, OPTIONS');
      send(res, 405, { error: { code: 'method_not_allowed', message: 'POST a preVerifyJSAPI request here' } });
      return;
    }
    readBody(req).then(
      (body) => {
        if (body === null || typeof body !== 'object' || Array.isArray(body)) {
          send(res, 400, { error: { code: 'invalid_request', message: 'expected a JSON object' } });
          return;
        }
        const agentConfig = (body as { kind?: unknown }).kind === 'agentConfig';
        send(res, 200, agentConfig ? verifyAgentConfig(body as AgentConfigRequest, verifyOptions) : verifyPreVerify(body as PreVerifyRequest, verifyOptions));
      },
      (error: unknown) => {
        if (res.headersSent || res.destroyed) return;
        const { status, code, message } = error instanceof BodyError ? error : new BodyError(400, 'invalid_request', 'unreadable body');
        send(res, status, { error: { code, message } });
      },
    );
  };
}
