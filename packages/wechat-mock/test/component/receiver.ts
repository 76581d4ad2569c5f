// A platform's 授权事件接收URL for tests: a loopback server that records each push, decrypts it, and answers as told.
import { createDecipheriv, createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface Received {
  query: URLSearchParams;
  body: string;
}

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(resolve);
  })));
});

/** Starts a receiver; `answer` decides each reply (default: 200 `success`). */
export async function startReceiver(answer: (received: Received) => { status: number; body: string } | 'hang' = () => ({
  status: 200,
  body: 'success',
})): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = { query: new URL(req.url ?? '/', 'http://x').searchParams, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      const reply = answer(entry);
      if (reply !== 'hang') res.writeHead(reply.status, { 'Content-Type': 'text/plain' }).end(reply.body);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/wx/component/events`, received };
}

/** An independent decryption (node:crypto only) to check what the emulator sends. */
export function openPush(received: Received, token: string, aesKey: string): { appId: string; xml: string; signatureOk: boolean; outerAppId: string } {
  const encrypt = /<Encrypt><!\[CDATA\[([^\]]*)\]\]><\/Encrypt>/.exec(received.body)?.[1] ?? '';
  const outerAppId = /<AppId><!\[CDATA\[([^\]]*)\]\]><\/AppId>/.exec(received.body)?.[1] ?? '';
  const q = received.query;
  const expected = createHash('sha1')
    .update([token, q.get('timestamp') ?? '', q.get('nonce') ?? '', encrypt].sort().join(''))
    .digest('hex');
  const key = Buffer.from(`${aesKey}=`, 'base64');
  const decipher = createDecipheriv('aes-256-cbc', key, key.subarray(0, 16));
  decipher.setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(Buffer.from(encrypt, 'base64')), decipher.final()]);
  const pad = plain[plain.length - 1]!;
  const unpadded = plain.subarray(0, plain.length - pad);
  const length = unpadded.readUInt32BE(16);
  return {
    xml: unpadded.subarray(20, 20 + length).toString('utf8'),
    appId: unpadded.subarray(20 + length).toString('utf8'),
    signatureOk: expected === q.get('msg_signature'),
    outerAppId,
  };
}

export const field = (xml: string, name: string): string | undefined =>
  new RegExp(`<${name}>(?:<!\\[CDATA\\[)?([^<\\]]*)(?:\\]\\]>)?</${name}>`).exec(xml)?.[1];
