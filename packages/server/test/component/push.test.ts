// A platform's pushes read end to end: the emulator's real pushes, tampering, wrong appids, sizes and malformed XML.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createWechatMock, DEFAULT_COMPONENT, encryptMessage, messageSignature, type WechatMock } from '@share/wechat-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { ComponentPushError } from '../../src/component/crypto.js';
import {
  MAX_PUSH_BODY_BYTES,
  parseInnerXml,
  parseOuterXml,
  readFlatXml,
  readPush,
  type ComponentEvent,
  type PushQuery,
} from '../../src/component/push.js';

const SECRETS = { appId: DEFAULT_COMPONENT.appId, token: DEFAULT_COMPONENT.token, aesKey: DEFAULT_COMPONENT.aesKey };
const T0 = Date.UTC(2025, 0, 1, 4, 0, 0);

const closers: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

/** A platform endpoint that reads each push with readPush and answers `success` or the error's status. */
async function platformEndpoint() {
  const events: ComponentEvent[] = [];
  const refusals: ComponentPushError[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const query = Object.fromEntries(new URL(req.url ?? '/', 'http://x').searchParams) as PushQuery;
      try {
        events.push(readPush(Buffer.concat(chunks), query, SECRETS));
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('success');
      } catch (error) {
        if (!(error instanceof ComponentPushError)) throw error;
        refusals.push(error);
        res.writeHead(error.status, { 'Content-Type': 'text/plain' }).end(error.code);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => server.close(resolve)));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/wx/component/events`, events, refusals };
}

async function mockAt(now = () => T0, component = {}): Promise<WechatMock> {
  const mock = createWechatMock({ now, component });
  closers.push(() => mock.close());
  return mock;
}

/** A push as WeChat would send it, built from the emulator's encryption, for tampering. */
function forge(xml: string, options: { appId?: string; outerAppId?: string; token?: string } = {}) {
  const encrypt = encryptMessage(SECRETS.aesKey, xml, options.appId ?? SECRETS.appId);
  const query = { timestamp: '1735704000', nonce: '12345', encrypt_type: 'aes', msg_signature: '' };
  query.msg_signature = messageSignature(options.token ?? SECRETS.token, query.timestamp, query.nonce, encrypt);
  const body = `<xml>\n  <AppId><![CDATA[${options.outerAppId ?? SECRETS.appId}]]></AppId>\n  <Encrypt><![CDATA[${encrypt}]]></Encrypt>\n</xml>`;
  return { body, query, encrypt };
}

const ticketXml = (appId: string = SECRETS.appId) =>
  `<xml><AppId><![CDATA[${appId}]]></AppId><CreateTime>1413192605</CreateTime><InfoType><![CDATA[component_verify_ticket]]></InfoType><ComponentVerifyTicket><![CDATA[ticket@@@abc]]></ComponentVerifyTicket></xml>`;

function errorOf(run: () => unknown): ComponentPushError {
  try {
    run();
  } catch (error) {
    if (error instanceof ComponentPushError) return error;
    throw error;
  }
  throw new Error('expected a ComponentPushError');
}

describe('round trip with the emulator', () => {
  it('verify ticket, authorized, updateauthorized and unauthorized pushes read as typed events, answered success', async () => {
    const mock = await mockAt();
    const endpoint = await platformEndpoint();
    expect((await mock.component.startPushing(endpoint.url)).ok).toBe(true);
    const { authCode } = mock.component.authorize('wxb100000000000001', 'preauthcode@@@p');
    mock.component.authorize('wxb100000000000001');
    await mock.component.settled();
    mock.component.unauthorize('wxb100000000000001');
    await mock.component.settled();
    expect(endpoint.refusals).toEqual([]);
    expect(mock.component.pushes.every((push) => push.ok)).toBe(true);
    const [ticket, authorized, updated, unauthorized] = endpoint.events;
    expect(ticket).toEqual({
      infoType: 'component_verify_ticket',
      appId: SECRETS.appId,
      createTime: T0 / 1000,
      ticket: mock.component.validVerifyTickets()[0],
    });
    expect(authorized).toEqual({
      infoType: 'authorized',
      appId: SECRETS.appId,
      createTime: T0 / 1000,
      authorizerAppId: 'wxb100000000000001',
      authorizationCode: authCode,
      authorizationCodeExpiredTime: T0 / 1000 + 3600,
      preAuthCode: 'preauthcode@@@p',
    });
    expect(updated).toMatchObject({ infoType: 'updateauthorized', preAuthCode: undefined });
    expect(unauthorized).toEqual({ infoType: 'unauthorized', appId: SECRETS.appId, createTime: T0 / 1000, authorizerAppId: 'wxb100000000000001' });
  });

  it('a platform with another token or aesKey refuses the emulator\'s pushes (401 signature, 400 ciphertext)', async () => {
    const mock = await mockAt(undefined, { token: 'other-token' });
    const endpoint = await platformEndpoint();
    expect(await mock.component.push(endpoint.url, { infoType: 'component_verify_ticket' })).toMatchObject({ ok: false, status: 401 });
    const otherKey = await mockAt(undefined, { aesKey: 'B'.repeat(43) });
    expect(await otherKey.component.push(endpoint.url, { infoType: 'component_verify_ticket' })).toMatchObject({ ok: false, status: 400 });
    expect(endpoint.refusals.map((e) => e.code)).toEqual(['invalid_signature', expect.stringMatching(/invalid_ciphertext|wrong_appid/)]);
    expect(endpoint.events).toEqual([]);
  });
});

describe('readPush', () => {
  it('reads a forged-but-valid push, CDATA or not, pretty-printed or not', () => {
    const { body, query, encrypt } = forge(ticketXml());
    expect(readPush(body, query, SECRETS)).toMatchObject({ infoType: 'component_verify_ticket', ticket: 'ticket@@@abc', createTime: 1413192605 });
    const plain = `<xml><AppId>${SECRETS.appId}</AppId><Encrypt>${encrypt}</Encrypt></xml>`;
    expect(readPush(Buffer.from(plain), query, SECRETS)).toMatchObject({ ticket: 'ticket@@@abc' });
  });

  it('invalid_signature (401) for a tampered signature, timestamp, nonce or Encrypt, checked before decrypting', () => {
    const { body, query, encrypt } = forge(ticketXml());
    const flipped = query.msg_signature.startsWith('0') ? `1${query.msg_signature.slice(1)}` : `0${query.msg_signature.slice(1)}`;
    expect(errorOf(() => readPush(body, { ...query, msg_signature: flipped }, SECRETS))).toMatchObject({ code: 'invalid_signature', status: 401 });
    expect(errorOf(() => readPush(body, { ...query, nonce: '54321' }, SECRETS)).code).toBe('invalid_signature');
    expect(errorOf(() => readPush(body, { ...query, timestamp: '1735704001' }, SECRETS)).code).toBe('invalid_signature');
    // A tampered Encrypt that is not even valid ciphertext: the signature refuses it first.
    const tampered = body.replace(encrypt, `${encrypt.startsWith('A') ? 'B' : 'A'}${encrypt.slice(1)}`);
    expect(errorOf(() => readPush(tampered, query, SECRETS)).code).toBe('invalid_signature');
    expect(errorOf(() => readPush(body, forge(ticketXml(), { token: 'other' }).query, SECRETS)).code).toBe('invalid_signature');
  });

  it('missing_parameter for a missing or odd query value, and encrypt_type other than aes', () => {
    const { body, query } = forge(ticketXml());
    expect(errorOf(() => readPush(body, { ...query, msg_signature: undefined }, SECRETS))).toMatchObject({ code: 'missing_parameter', status: 400 });
    expect(errorOf(() => readPush(body, { ...query, nonce: 'a b' }, SECRETS)).code).toBe('missing_parameter');
    expect(errorOf(() => readPush(body, { ...query, encrypt_type: 'raw' }, SECRETS)).code).toBe('missing_parameter');
  });

  it('wrong_appid for another outer AppId, another trailing appid, or another inner AppId', () => {
    const outer = forge(ticketXml(), { outerAppId: 'wxother' });
    expect(errorOf(() => readPush(outer.body, outer.query, SECRETS))).toMatchObject({ code: 'wrong_appid', status: 400 });
    const trailing = forge(ticketXml(), { appId: 'wxother' });
    expect(errorOf(() => readPush(trailing.body, trailing.query, SECRETS)).code).toBe('wrong_appid');
    const inner = forge(ticketXml('wxother'));
    expect(errorOf(() => readPush(inner.body, inner.query, SECRETS)).code).toBe('wrong_appid');
  });

  it('body_too_large (413) over 64 KB, before any parsing', () => {
    const { query } = forge(ticketXml());
    const huge = `<xml><AppId>${SECRETS.appId}</AppId><Encrypt>${'A'.repeat(MAX_PUSH_BODY_BYTES)}</Encrypt></xml>`;
    expect(errorOf(() => readPush(huge, query, SECRETS))).toMatchObject({ code: 'body_too_large', status: 413 });
    expect(errorOf(() => readPush(Buffer.alloc(MAX_PUSH_BODY_BYTES + 1, 0x20), query, SECRETS)).code).toBe('body_too_large');
  });

  it('errors never carry the token, the aesKey, the ticket or the plaintext', () => {
    const { body, query } = forge(ticketXml().replace('1413192605', 'not-a-number'));
    const error = errorOf(() => readPush(body, query, SECRETS));
    expect(error.code).toBe('malformed_xml');
    for (const secret of [SECRETS.token, SECRETS.aesKey, 'ticket@@@abc', 'not-a-number']) expect(error.message).not.toContain(secret);
  });
});

describe('parseOuterXml', () => {
  it.each([
    ['not XML', 'hello'],
    ['no Encrypt', `<xml><AppId>${SECRETS.appId}</AppId></xml>`],
    ['no AppId', '<xml><Encrypt>abc</Encrypt></xml>'],
    ['a DOCTYPE', '<!DOCTYPE xml [<!ENTITY a "b">]><xml><AppId>wx1</AppId><Encrypt>&a;</Encrypt></xml>'],
    ['Encrypt twice', '<xml><AppId>wx1</AppId><Encrypt>a</Encrypt><Encrypt>b</Encrypt></xml>'],
    ['an unclosed element', '<xml><AppId>wx1</AppId><Encrypt>abc</xml>'],
    ['an unterminated CDATA', '<xml><AppId>wx1</AppId><Encrypt><![CDATA[abc</Encrypt></xml>'],
    ['children in Encrypt', '<xml><AppId>wx1</AppId><Encrypt><a>b</a></Encrypt></xml>'],
    ['trailing content', '<xml><AppId>wx1</AppId><Encrypt>a</Encrypt></xml><xml/>'],
    ['an unknown entity', '<xml><AppId>wx1</AppId><Encrypt>&nbsp;</Encrypt></xml>'],
    ['a bare &', '<xml><AppId>wx1</AppId><Encrypt>a & b</Encrypt></xml>'],
    ['an AppId with spaces', '<xml><AppId>wx 1</AppId><Encrypt>a</Encrypt></xml>'],
    ['a NUL character reference', '<xml><AppId>wx1</AppId><Encrypt>&#0;</Encrypt></xml>'],
    ['a surrogate character reference', '<xml><AppId>wx1</AppId><Encrypt>&#xD800;</Encrypt></xml>'],
    ['a character reference past U+10FFFF', '<xml><AppId>wx1</AppId><Encrypt>&#x110000;</Encrypt></xml>'],
  ])('malformed_xml (400) for %s', (_name, xml) => {
    expect(errorOf(() => parseOuterXml(xml))).toMatchObject({ code: 'malformed_xml', status: 400 });
  });

  it('ignores unknown elements (nested or not), comments, the XML declaration; decodes entities', () => {
    const xml = '<?xml version="1.0"?><!-- c --><xml><ToUserName><![CDATA[gh_1]]></ToUserName><Extra><A>1</A></Extra>'
      + '<AppId>wx1</AppId><!-- d --><Encrypt>a&amp;b&#43;&#x2F;&#x1F600;</Encrypt><Empty/></xml>\n';
    expect(parseOuterXml(xml)).toEqual({ appId: 'wx1', encrypt: 'a&b+/\u{1F600}' });
  });

  it('caps each value: a 2 KB element is refused, naming the element only', () => {
    const error = errorOf(() => readFlatXml(`<xml><Encrypt>${'z'.repeat(2048)}</Encrypt></xml>`, ['Encrypt'], 1024));
    expect(error.message).toMatch(/Encrypt is over 1024 characters/);
    expect(error.message).not.toContain('zzzz');
  });
});

describe('parseInnerXml', () => {
  const wrap = (inner: string) => `<xml><AppId>${SECRETS.appId}</AppId><CreateTime>1413192605</CreateTime>${inner}</xml>`;

  it('an InfoType share does not handle is `other`, with its name', () => {
    expect(parseInnerXml(wrap('<InfoType>notify_third_fasteregister</InfoType><Info><name>x</name></Info>'))).toEqual({
      infoType: 'other', appId: SECRETS.appId, createTime: 1413192605, name: 'notify_third_fasteregister',
    });
  });

  it.each([
    ['no InfoType', ''],
    ['a ticket push without its ticket', '<InfoType>component_verify_ticket</InfoType>'],
    ['authorized without AuthorizationCode', '<InfoType>authorized</InfoType><AuthorizerAppid>wxb1</AuthorizerAppid><AuthorizationCodeExpiredTime>1</AuthorizationCodeExpiredTime>'],
    ['unauthorized without AuthorizerAppid', '<InfoType>unauthorized</InfoType>'],
    ['an odd InfoType', '<InfoType>a b</InfoType>'],
  ])('malformed_xml for %s', (_name, inner) => {
    expect(errorOf(() => parseInnerXml(wrap(inner))).code).toBe('malformed_xml');
  });

  it('malformed_xml for a CreateTime that is not whole seconds', () => {
    const xml = `<xml><AppId>wx1</AppId><CreateTime>1e9</CreateTime><InfoType>unauthorized</InfoType><AuthorizerAppid>wxb1</AuthorizerAppid></xml>`;
    expect(errorOf(() => parseInnerXml(xml)).message).toMatch(/CreateTime/);
  });
});
