// What the credentials know about one account: its id and where its access_token comes from.

export interface Account {
  appId: string;
  appSecret?: string;
  /** A company's own central token server; when given, tokens are never fetched from WeChat. */
  getAccessToken?: () => Promise<string>;
}

export const tokenKey = (appId: string) => `${appId}:access_token`;
export const ticketKey = (appId: string) => `${appId}:jsapi_ticket`;
