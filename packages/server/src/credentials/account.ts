// What the credentials know about one account: its kind, its id and where its access_token comes from, and the
// store keys of its credentials.

export interface Account {
  /** The official account's AppID, or the WeCom corp's corpId (what wx.config gets as appId). */
  appId: string;
  /** The AppSecret, or the WeCom app's secret (corpSecret). */
  appSecret?: string;
  /** A company's own central token server; when given, tokens are never fetched from WeChat (official accounts only). */
  getAccessToken?: () => Promise<string>;
  /** 'wecom': a WeCom (企业微信) corp, its token from gettoken and its tickets from WeCom. Omitted: an official account. */
  type?: 'official' | 'wecom';
  /** WeCom only: the app whose secret appSecret is; its app ticket signs wx.agentConfig. */
  agentId?: string;
}

export const isWecom = (account: Account): boolean => account.type === 'wecom';

/**
 * The one name of an account's credentials, in process and in the store. An official account keeps its AppID (the
 * keys a running fleet already shares); a WeCom app is 'wecom:<corpId>:<agentId>' (a corp without agentId:
 * 'wecom:<corpId>'), so neither two apps of one corp nor a corp and an official account with the same id string
 * share a key. Ids never hold ':' (options reject it), so no key is a prefix of another's.
 */
export const accountKey = (account: Account): string =>
  isWecom(account) ? `wecom:${account.appId}${account.agentId === undefined ? '' : `:${account.agentId}`}` : account.appId;

/** How an account is named in log lines and errors (never with a secret). */
export const accountName = (account: Account): string =>
  isWecom(account) ? `WeCom ${account.appId}${account.agentId === undefined ? '' : `/${account.agentId}`}` : account.appId;

export const tokenKey = (key: string) => `${key}:access_token`;
/** The official account's jsapi_ticket, or the WeCom corp ticket (get_jsapi_ticket) of this app. */
export const ticketKey = (key: string) => `${key}:jsapi_ticket`;
/** The WeCom app ticket (ticket/get?type=agent_config) that signs wx.agentConfig. */
export const agentTicketKey = (key: string) => `${key}:agent_config_ticket`;
