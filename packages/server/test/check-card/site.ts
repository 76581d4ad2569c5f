// A loopback web site for the card check: good and broken card pages, their images, and hostile answers (endless,
// slow, redirect loops, gzip bombs, bad image bytes). Every held or endless answer ends when close() is called.
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { bmp, png } from '../helpers/images.js';

export interface Site {
  base: string;
  /** Bytes written to answer bodies so far (capped readers stop early). */
  bytesSent: () => number;
  close(): Promise<void>;
}

interface Card {
  title?: string;
  ogTitle?: string;
  desc?: string;
  image?: string;
  /** Extra tags in the head (e.g. a share.min.js script tag with data-link). */
  extra?: string;
}

/** A page whose og: tags and <title> are `card`'s; a missing field means no tag. */
export function cardPage(card: Card): string {
  const tags = [
    card.title === undefined ? '' : `<title>${card.title}</title>`,
    card.ogTitle === undefined ? '' : `<meta property="og:title" content="${card.ogTitle}">`,
    card.desc === undefined ? '' : `<meta property="og:description" content="${card.desc}">`,
    card.image === undefined ? '' : `<meta property="og:image" content="${card.image}">`,
    card.extra ?? '',
  ];
  return `<!doctype html><html><head><meta charset="utf-8">${tags.join('')}</head><body><p>Tea.</p></body></html>`;
}

export const GOOD: Card = {
  title: 'Spring tea · Leaf &amp; Cup',
  ogTitle: 'Spring tea tasting — Saturday 14:00',
  desc: 'Six spring green teas, brewed side by side.',
  image: '/img/card.png',
};

const PAGES: Record<string, string> = {
  '/good.html': cardPage(GOOD),
  '/no-image.html': cardPage({ ...GOOD, image: undefined }),
  '/data-image.html': cardPage({ ...GOOD, image: 'data:image/png;base64,iVBORw0KGgo=' }),
  '/missing-image.html': cardPage({ ...GOOD, image: '/img/missing.png' }),
  '/bmp-image.html': cardPage({ ...GOOD, image: '/img/card.bmp' }),
  '/small-image.html': cardPage({ ...GOOD, image: '/img/small.png' }),
  '/wide-image.html': cardPage({ ...GOOD, image: '/img/wide.png' }),
  '/heavy-image.html': cardPage({ ...GOOD, image: '/img/heavy.png' }),
  '/bad-image.html': cardPage({ ...GOOD, image: '/img/garbage.png' }),
  '/bomb-image.html': cardPage({ ...GOOD, image: '/img/bomb.png' }),
  '/no-title.html': cardPage({ ...GOOD, title: undefined, ogTitle: undefined }),
  '/long-title.html': cardPage({ ...GOOD, ogTitle: '春茶品鉴会'.repeat(6) }),
  '/no-desc.html': cardPage({ ...GOOD, desc: undefined }),
  '/long-desc.html': cardPage({ ...GOOD, desc: 'Six spring green teas, brewed side by side, in our shop by the lake.' }),
  '/other-link.html': cardPage({ ...GOOD, extra: '<script src="/share.min.js" data-link="https://elsewhere.example/tea"></script>' }),
  '/no-og.html': `<!doctype html><html><head><title>Spring tea</title><meta name="description" content="Six teas."></head></html>`,
  '/script-data.html': cardPage({
    ...GOOD,
    extra: '<script src="https://cdn.example/share.min.js?v=1" data-title="From the tag" data-desc="Tag desc" data-img-url="/img/card.png"></script>',
  }),
};

const IMAGES: Record<string, { type: string; body: Buffer }> = {
  '/img/card.png': { type: 'image/png', body: png(300, 300) },
  '/img/card.bmp': { type: 'image/bmp', body: bmp(300, 300) },
  '/img/small.png': { type: 'image/png', body: png(100, 100) },
  '/img/wide.png': { type: 'image/png', body: png(900, 300) },
  '/img/heavy.png': { type: 'image/png', body: png(400, 400, { stored: true }) },
  '/img/garbage.png': { type: 'image/png', body: Buffer.from('this is not an image at all, just text bytes') },
};

/** 8 MB of zeros after a PNG header, gzipped to a few KB, served as Content-Encoding: gzip. */
const BOMB_IMAGE = gzipSync(Buffer.concat([png(300, 300), Buffer.alloc(8 * 1024 * 1024)]));
/** A good page's head, then 8 MB of spaces, gzipped. */
const BOMB_PAGE = gzipSync(Buffer.concat([Buffer.from(cardPage(GOOD).replace('</html>', '')), Buffer.alloc(8 * 1024 * 1024, 0x20)]));

export async function startSite(): Promise<Site> {
  let sent = 0;
  const held = new Set<ServerResponse>();
  const server = createServer((req, res) => {
    const write = res.write.bind(res);
    res.write = ((chunk: Buffer | string, ...rest: never[]) => {
      sent += Buffer.byteLength(chunk);
      return write(chunk, ...rest);
    }) as typeof res.write;
    const path = new URL(req.url ?? '/', 'http://site').pathname;
    const page = PAGES[path];
    const image = IMAGES[path];
    if (page !== undefined) send(res, 'text/html; charset=utf-8', Buffer.from(page));
    else if (image) send(res, image.type, image.body);
    else if (path === '/bomb-image.png' || path === '/img/bomb.png') gzipped(res, 'image/png', BOMB_IMAGE);
    else if (path === '/bomb.html') gzipped(res, 'text/html', BOMB_PAGE);
    else if (path === '/endless.html') endless(res, held);
    else if (path === '/slow.html') slow(res, held);
    else if (path === '/loop-a') redirect(res, '/loop-b');
    else if (path === '/loop-b') redirect(res, '/loop-a');
    else if (path.startsWith('/hop/')) redirect(res, `/hop/${Number(path.slice(5)) + 1}`);
    else if (path === '/to-good') redirect(res, '/good.html');
    else if (path === '/to-ftp') redirect(res, 'ftp://site/x');
    else if (path === '/json') send(res, 'application/json', Buffer.from('{"ok":true}'));
    else if (path === '/error.html') send(res, 'text/html', Buffer.from('<h1>oops</h1>'), 500);
    else send(res, 'text/plain', Buffer.from('not found'), 404);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    bytesSent: () => sent,
    async close() {
      for (const res of held) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function send(res: ServerResponse, type: string, body: Buffer, status = 200): void {
  res.writeHead(status, { 'content-type': type, 'content-length': body.length });
  res.end(body);
}

function gzipped(res: ServerResponse, type: string, body: Buffer): void {
  res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', 'content-length': body.length });
  res.end(body);
}

function redirect(res: ServerResponse, location: string): void {
  res.writeHead(302, { location, 'content-length': 0 });
  res.end();
}

/** A good head, then body bytes for as long as the reader reads. */
function endless(res: ServerResponse, held: Set<ServerResponse>): void {
  held.add(res);
  res.on('close', () => held.delete(res));
  res.writeHead(200, { 'content-type': 'text/html' });
  res.write(cardPage(GOOD).replace('</html>', ''));
  const filler = Buffer.alloc(64 * 1024, 0x20);
  const pump = (): void => {
    while (!res.destroyed && res.write(filler));
    if (!res.destroyed) res.once('drain', pump);
  };
  pump();
}

/** Headers and the start of a head, then nothing: the reader's deadline ends it. */
function slow(res: ServerResponse, held: Set<ServerResponse>): void {
  held.add(res);
  res.on('close', () => held.delete(res));
  res.writeHead(200, { 'content-type': 'text/html' });
  res.write('<!doctype html><html><head><title>Slo');
}
