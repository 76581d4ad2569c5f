// The errors a signing request can end in: an HTTP status, a stable code, and a message a person can act on.

export type ShareErrorCode =
  | 'invalid_url'
  /** The `container` parameter is none of 'wechat', 'wecom' (400). */
  | 'invalid_container'
  | 'host_not_allowed'
  | 'wechat_error'
  | 'wechat_unavailable'
  /** accessToken()/refreshAccessToken() named an appId (or agentId) that is not configured (404). */
  | 'unknown_account'
  /** A forced stable_token refresh WeChat would refuse: 20 a day, 30 s apart (429, with Retry-After). */
  | 'refresh_limited'
  /** A third-party platform: the appid (or the page host's) is not an account that authorized the platform (403). */
  | 'account_not_authorized';

export interface ShareErrorBody {
  error: { code: ShareErrorCode; message: string; errcode?: number };
}

export class ShareError extends Error {
  readonly code: ShareErrorCode;
  readonly status: number;
  /** WeChat's errcode, when WeChat answered with one. */
  readonly errcode: number | undefined;
  /** Seconds after which asking again can help; sent as the Retry-After header. */
  readonly retryAfterSeconds: number | undefined;

  constructor(code: ShareErrorCode, status: number, message: string, errcode?: number, retryAfterSeconds?: number) {
    super(message);
    this.retryAfterSeconds = retryAfterSeconds;
    this.name = 'ShareError';
    this.code = code;
    this.status = status;
    this.errcode = errcode;
  }

  toJSON(): ShareErrorBody {
    const error: ShareErrorBody['error'] = { code: this.code, message: this.message };
    if (this.errcode !== undefined) error.errcode = this.errcode;
    return { error };
  }
}
