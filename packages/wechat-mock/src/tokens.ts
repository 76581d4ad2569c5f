// The access_tokens the emulator has issued: classic and stable, their expiry, overlap and invalidation rules.
import { newAccessToken } from './secrets.js';

/** A classic token replaced by a newer fetch stays valid this long (never past its own expiry). */
export const OVERLAP_MS = 5 * 60_000;
/** Records are forgotten this long after their expiry (an older token then reads as unknown, 40001). */
const FORGET_AFTER_MS = 24 * 3_600_000;

export type TokenKind = 'classic' | 'stable';

export interface IssuedToken {
  value: string;
  appId: string;
  kind: TokenKind;
  issuedAt: number;
  expiresAt: number;
  /** From this instant the token is refused as "not latest" (40001): replaced, force-refreshed or invalidated. */
  revokedAt?: number;
}

/** The result of checking a token: valid (with its record), or WeChat's errcode for it. */
export type TokenCheck = { ok: true; token: IssuedToken } | { ok: false; errcode: 40001 | 42001 };

export class TokenRegistry {
  private readonly tokens = new Map<string, IssuedToken>();
  /** Newest stable token per appId. */
  private readonly stable = new Map<string, IssuedToken>();
  /**
   * A stable token is renewed when this little is left: WeChat's 5 minutes of 7200 s, or 1/24 of a shorter
   * lifetime (so a test with a 60 s lifetime still gets the same token for most of it).
   */
  private readonly renewWithinMs: number;

  constructor(
    private readonly ttlMs: number,
    private readonly now: () => number,
  ) {
    this.renewWithinMs = Math.min(OVERLAP_MS, ttlMs / 24);
  }

  /** A new classic token; the account's other classic tokens keep working for at most OVERLAP_MS. */
  issueClassic(appId: string): IssuedToken {
    const now = this.now();
    for (const token of this.live(appId, now)) {
      if (token.kind === 'classic') this.revoke(token, now + OVERLAP_MS);
    }
    return this.issue(appId, 'classic', now);
  }

  /**
   * The account's stable token: the same one while more than `renewWithinMs` is left, else a new one (the old one
   * stays valid until its expiry). `forceRefresh` revokes every live stable token of the account and issues anew.
   */
  stableToken(appId: string, forceRefresh: boolean): IssuedToken {
    const now = this.now();
    if (forceRefresh) {
      for (const token of this.live(appId, now)) if (token.kind === 'stable') this.revoke(token, now);
    } else {
      const current = this.stable.get(appId);
      if (current && isValid(current, now) && current.expiresAt - now > this.renewWithinMs) return current;
    }
    const token = this.issue(appId, 'stable', now);
    this.stable.set(appId, token);
    return token;
  }

  check(value: string): TokenCheck {
    const token = this.tokens.get(value);
    if (!token) return { ok: false, errcode: 40001 };
    const now = this.now();
    if (isValid(token, now)) return { ok: true, token };
    const revokedFirst = token.revokedAt !== undefined && token.revokedAt < token.expiresAt;
    return { ok: false, errcode: revokedFirst ? 40001 : 42001 };
  }

  /** Every token of the account (or of all accounts) stops working now; later checks answer 40001. */
  invalidate(appId?: string): void {
    const now = this.now();
    for (const token of this.live(appId, now)) this.revoke(token, now);
  }

  /** Values of the tokens accepted right now. */
  valid(appId?: string): string[] {
    return this.live(appId, this.now()).map((token) => token.value);
  }

  private issue(appId: string, kind: TokenKind, now: number): IssuedToken {
    this.forgetOld(now);
    const token: IssuedToken = { value: newAccessToken(), appId, kind, issuedAt: now, expiresAt: now + this.ttlMs };
    this.tokens.set(token.value, token);
    return token;
  }

  private revoke(token: IssuedToken, at: number): void {
    token.revokedAt = Math.min(token.revokedAt ?? Number.POSITIVE_INFINITY, at);
  }

  private live(appId: string | undefined, now: number): IssuedToken[] {
    const result: IssuedToken[] = [];
    for (const token of this.tokens.values()) {
      if ((appId === undefined || token.appId === appId) && isValid(token, now)) result.push(token);
    }
    return result;
  }

  private forgetOld(now: number): void {
    // Insertion order is expiry order (one lifetime for all), so the oldest records are at the front.
    for (const [value, token] of this.tokens) {
      if (token.expiresAt + FORGET_AFTER_MS >= now) break;
      this.tokens.delete(value);
      if (this.stable.get(token.appId) === token) this.stable.delete(token.appId);
    }
  }
}

function endOf(token: IssuedToken): number {
  return Math.min(token.expiresAt, token.revokedAt ?? Number.POSITIVE_INFINITY);
}

function isValid(token: IssuedToken, now: number): boolean {
  return now < endOf(token);
}
