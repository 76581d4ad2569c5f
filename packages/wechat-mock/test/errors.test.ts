import { describe, expect, it } from 'vitest';
import { ERRMSG, wechatError } from '../src/errors.js';

describe('wechatError', () => {
  it("uses WeChat's errmsg and appends a rid like WeChat", () => {
    const body = wechatError(40013);
    expect(body.errcode).toBe(40013);
    expect(body.errmsg).toMatch(/^invalid appid rid: [0-9a-f]{24}$/);
    expect(wechatError(40013).errmsg).not.toBe(body.errmsg);
  });

  it('takes a detail in place of the errmsg, and has a fallback for codes it does not know', () => {
    expect(wechatError(40164, 'invalid ip 1.2.3.4, not in whitelist').errmsg).toMatch(/^invalid ip 1\.2\.3\.4/);
    expect(wechatError(12345).errmsg).toMatch(/^mock error rid: /);
  });

  it('knows every code the endpoints use', () => {
    for (const code of [-1, 40001, 40002, 40013, 40014, 40125, 40164, 41001, 41002, 41004, 42001, 45009, 45011, 47001]) {
      expect(ERRMSG[code]).toEqual(expect.any(String));
    }
  });
});
