import { describe, expect, it } from 'vitest';
import { redact } from '../src/redact.js';

const SECRET = 'f0e1d2c3b4a5968778695a4b3c2d1e0f';
const TOKEN = '78_X5EjWQ3p9f2Lk0aBcDeFgHiJkLmNoPqRsTuVwXyZ-0123456789_abcdefghijklmnopqrstuvwxyzABCDEFG';

describe('redact', () => {
  it('removes the given secrets wherever they appear', () => {
    expect(redact(`bad secret ${SECRET}!`, [SECRET])).toBe('bad secret [redacted]!');
    expect(redact('short abc here', ['abc'])).toBe('short [redacted] here');
  });

  it.each([
    [`GET /cgi-bin/token?appid=wx1&secret=s3cr3t&grant_type=x`, 'secret=[redacted]&grant_type=x'],
    [`{"secret":"s3cr3t","appid":"wx1"}`, '"secret":"[redacted]"'],
    [`access_token=abc123 rid: 1`, 'access_token=[redacted] rid: 1'],
    [`ticket: tkt-1, more`, 'ticket: [redacted], more'],
    [`appsecret = zzz`, 'appsecret = [redacted]'],
  ])('removes named values: %s', (text, expected) => {
    expect(redact(text)).toContain(expected);
    expect(redact(text)).not.toMatch(/s3cr3t|abc123|tkt-1|zzz/);
  });

  it('removes anything as long as a token, a ticket or an appSecret, unnamed', () => {
    expect(redact(`invalid credential ${TOKEN} hint`)).toBe('invalid credential [redacted] hint');
    expect(redact(`echo ${SECRET}`)).toBe('echo [redacted]');
  });

  it('keeps what a person needs: errmsg words, request ids and IPs', () => {
    const errmsg = 'invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 6523ab0c-1f2e3d4c-5b6a7980';
    expect(redact(errmsg)).toBe(errmsg);
    const stale = 'invalid credential, access_token is invalid or not latest';
    expect(redact(stale)).toBe(stale);
  });

  it('ignores empty and missing secrets', () => {
    expect(redact('hello', ['', undefined])).toBe('hello');
  });
});

describe('redact on hostile input', () => {
  it('removes a secret whatever its letter case', () => {
    expect(redact(`invalid appsecret ${SECRET.toUpperCase()} rid: 1`, [SECRET])).toBe('invalid appsecret [redacted] rid: 1');
  });

  it('treats a secret with regex characters as plain text', () => {
    expect(redact('a.b*c(d) and axbyc', ['a.b*c(d)'])).toBe('[redacted] and axbyc');
  });

  it('never throws, and cuts a 10 MB input to 64 KB before working on it', () => {
    const huge = `secret=${'s'.repeat(10 * 1024 * 1024)}`;
    const out = redact(huge, [SECRET, TOKEN]);
    expect(out.length).toBeLessThanOrEqual(64 * 1024 + 1);
    expect(out).not.toContain('ssss');
    const spaces = `token${' '.repeat(10 * 1024 * 1024)}x`;
    expect(() => redact(spaces, [SECRET])).not.toThrow();
  });
});
