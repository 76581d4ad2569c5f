// Server-side check of the bridge's preVerifyJSAPI, the way WeChat checks wx.config (appId, JS safe domain, signature),
// and under WeCom of wx.config (the corp ticket) and wx.agentConfig (the app ticket of that agentid).
import { createHash } from 'node:crypto';
import { inSafeDomains } from './safe-domains.js';

/** What the emulated bridge sends for one `preVerifyJSAPI` (jweixin's fields plus the urls the page had). */
export interface PreVerifyRequest {
  appId?: unknown;
  verifyTimestamp?: unknown;
  verifyNonceStr?: unknown;
  verifySignature?: unknown;
  /** The url WeChat verifies: the landing url on iOS, the current url on Android, without `#`. */
  url?: unknown;
  /** Other urls the page had (current, landing, with hash): only used to explain a mismatch. */
  otherUrls?: unknown;
  /** 'wecom': a WeCom page, whose appId is the CorpID and whose signature uses the corp ticket. Defaults to WeChat. */
  container?: unknown;
}

/** What the emulated bridge sends for one WeCom `agentConfig` (WeCom's JS-SDK fields plus the urls). */
export interface AgentConfigRequest {
  corpid?: unknown;
  agentid?: unknown;
  timestamp?: unknown;
  nonceStr?: unknown;
  signature?: unknown;
  url?: unknown;
  otherUrls?: unknown;
}

/** The tickets of the emulated WeCom: a corp's jsapi tickets, or the agent_config tickets of one app. */
export type WecomTickets = (kind: 'corp' | 'agent', corpId: string, agentId?: string) => readonly string[];

export interface VerifyOptions {
  /** The tickets currently valid for an appId (e.g. `mock.validTickets(appId)`); empty for an unknown appId. */
  tickets: (appId: string) => readonly string[];
  /** WeCom's tickets (e.g. `mock.wecom.validTickets`). Defaults to none: every WeCom page is refused. */
  wecomTickets?: WecomTickets | undefined;
  /** JS safe domains bound in the (emulated) console: `example.com` or `example.com/mp`. Defaults to any host. */
  safeDomains?: readonly string[] | undefined;
  /** Refuse ports other than 80/443 like real WeChat ('invalid url domain'). Defaults to false (loopback tests). */
  strictPorts?: boolean | undefined;
}

/** The bridge's answer: `err_msg` as WeChat's bridge gives it, `reason` a sentence for people (never a secret). */
export interface PreVerifyAnswer {
  err_msg: string;
  reason: string;
}


/** The JS-SDK appendix 1 signature: sha1 over the sorted fields, raw values, lowercase hex. */
export function bridgeSignature(ticket: string, nonceStr: string, timestamp: string, url: string): string {
  const text = `jsapi_ticket=${ticket}&noncestr=${nonceStr}&timestamp=${timestamp}&url=${url}`;
  return createHash('sha1').update(text).digest('hex');
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/** Verifies one preVerifyJSAPI request (WeChat's or WeCom's wx.config). Pure apart from the ticket functions. */
export function verifyPreVerify(request: PreVerifyRequest, options: VerifyOptions): PreVerifyAnswer {
  const appId = text(request.appId);
  const fields = { appId, timestamp: text(request.verifyTimestamp), nonceStr: text(request.verifyNonceStr), signature: text(request.verifySignature) };
  if (request.container !== 'wecom') {
    return check('preVerifyJSAPI', 'wx.config', fields, request, options, {
      tickets: appId ? options.tickets(appId) : [],
      unknown: `appId ${appId} is not an account of this WeChat (or has no ticket yet)`,
      owner: `current ticket of ${appId}`,
    });
  }
  const wecom = options.wecomTickets ?? (() => []);
  return check('preVerifyJSAPI', 'wx.config', fields, request, options, {
    tickets: appId ? wecom('corp', appId) : [],
    unknown: `corpId ${appId} is not a corp of this WeCom (or has no corp jsapi ticket yet)`,
    owner: `current corp jsapi ticket of ${appId}`,
    // The classic WeCom mistake: wx.config signed with the app (agent_config) ticket.
    wrongTickets: appId ? wecom('agent', appId) : [],
    wrongTicket: 'the signature is made with an app (agent_config) ticket: wx.config needs the corp ticket (get_jsapi_ticket)',
  });
}

/** Verifies one WeCom agentConfig request: the app (agent_config) ticket of that corpid and agentid. */
export function verifyAgentConfig(request: AgentConfigRequest, options: VerifyOptions): PreVerifyAnswer {
  const corpId = text(request.corpid);
  const agentId = text(request.agentid);
  const fields = { corpid: corpId, agentid: agentId, timestamp: text(request.timestamp), nonceStr: text(request.nonceStr), signature: text(request.signature) };
  const wecom = options.wecomTickets ?? (() => []);
  const own = corpId && agentId ? wecom('agent', corpId, agentId) : [];
  return check('agentConfig', 'wx.agentConfig', fields, request, options, {
    tickets: own,
    unknown: `agentid ${agentId} of corp ${corpId} is not an app of this WeCom (or has no agent_config ticket yet)`,
    owner: `current agent_config ticket of app ${agentId}`,
    // wx.agentConfig signed with the corp ticket, or with the ticket of another app of the corp.
    wrongTickets: corpId ? [...wecom('corp', corpId), ...wecom('agent', corpId).filter((ticket) => !own.includes(ticket))] : [],
    wrongTicket: `the signature is made with the corp ticket or another app's ticket: wx.agentConfig needs the agent_config ticket of app ${agentId}`,
  });
}

interface Tickets {
  tickets: readonly string[];
  /** Why there is no ticket at all. */
  unknown: string;
  /** Whose ticket, for the mismatch sentence. */
  owner: string;
  /** Tickets a common mistake signs with, and the sentence that names it. */
  wrongTickets?: readonly string[];
  wrongTicket?: string;
}

/** The checks WeChat and WeCom share: fields present, http(s), ports, safe domains, a ticket, the signature. */
function check(
  api: 'preVerifyJSAPI' | 'agentConfig',
  call: string,
  fields: Record<string, string | undefined>,
  request: { url?: unknown; otherUrls?: unknown },
  options: VerifyOptions,
  known: Tickets,
): PreVerifyAnswer {
  const url = text(request.url);
  const missing = Object.entries({ ...fields, url })
    .filter(([, value]) => !value)
    .map(([key]) => key);
  if (missing.length > 0 || !url) return { err_msg: `${api}:fail`, reason: `${call} is missing ${missing.join(', ')}` };
  const { nonceStr = '', timestamp = '', signature = '' } = fields;
  const parsed = parseUrl(url);
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    return { err_msg: `${api}:fail_invalid url domain`, reason: `the page url ${url} is not an http(s) url` };
  }
  if (options.strictPorts && parsed.port !== '') {
    return { err_msg: `${api}:fail_invalid url domain`, reason: `WeChat only serves ports 80 and 443, the page is on port ${parsed.port}` };
  }
  if (options.safeDomains && !inSafeDomains(parsed, options.safeDomains)) {
    return {
      err_msg: `${api}:fail_invalid url domain`,
      reason: `${parsed.host}${parsed.pathname} is not inside the JS safe domains (${options.safeDomains.join(', ')})`,
    };
  }
  const badSignature = `${api}:fail_invalid signature`;
  const signs = (tickets: readonly string[], candidate: string) =>
    tickets.some((ticket) => bridgeSignature(ticket, nonceStr, timestamp, candidate) === signature);
  if (known.tickets.length === 0) {
    return { err_msg: badSignature, reason: known.wrongTickets?.length && signs(known.wrongTickets, url) ? known.wrongTicket! : known.unknown };
  }
  if (signs(known.tickets, url)) return { err_msg: `${api}:ok`, reason: `signature valid for ${url}` };
  if (known.wrongTickets?.length && signs(known.wrongTickets, url)) return { err_msg: badSignature, reason: known.wrongTicket! };

  const others = Array.isArray(request.otherUrls) ? request.otherUrls.filter((u) => typeof u === 'string') : [];
  const candidates = [...new Set<string>([...others, encodeURIComponent(url)])].filter((u) => u !== url);
  const match = candidates.find((candidate) => signs(known.tickets, candidate));
  return {
    err_msg: badSignature,
    reason: match
      ? `the signature is valid for ${match}, but ${call === 'wx.config' ? 'WeChat' : 'WeCom'} verifies ${url}`
      : `no ${known.owner} gives this signature for ${url} (another url, nonceStr or timestamp, or a stale ticket)`,
  };
}
