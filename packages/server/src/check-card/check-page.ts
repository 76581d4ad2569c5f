// check-card's work: fetch a page and its card image (bounded), build the card as @share/client would, run the card
// rules on it. The rules are @share/client's own (card-rules.ts), bundled into the command by tsup.
import { imageSize } from 'image-size';
import { canonical } from '../../../client/src/canonical.js';
import { checkCard, type CardImage, type CardInput, type Verdict } from '../../../client/src/card-rules.js';
import { CheckCardError, fetchBounded, type FetchLimits } from './fetch-bounded.js';
import { decodePage, readPage } from './read-page.js';

export interface CheckOptions {
  /** Each download (page, image), redirects included, ends within this many ms. Defaults to 10000. */
  timeoutMs?: number | undefined;
  /** Bytes of the page read at most (the card's tags are in its head). Defaults to 1 MiB. */
  maxPageBytes?: number | undefined;
  /** Bytes of the image read at most. Defaults to 2 MiB. */
  maxImageBytes?: number | undefined;
  /** Redirects followed at most, for the page and for the image. Defaults to 5. */
  maxRedirects?: number | undefined;
}

export interface CheckReport {
  /** The page's url after redirects. */
  pageUrl: string;
  /** The card as the client would send it to WeChat. */
  card: Pick<CardInput, 'title' | 'desc' | 'link' | 'imgUrl'>;
  verdicts: Verdict[];
  /** What was cut short or guessed, for the output. */
  notes: string[];
}

export const CHECK_DEFAULTS = { timeoutMs: 10_000, maxPageBytes: 1024 * 1024, maxImageBytes: 2 * 1024 * 1024, maxRedirects: 5 };

const HTML = /^\s*(text\/html|application\/xhtml\+xml)\s*(;|$)/i;

/** The report for the page at `url`; throws a CheckCardError when the page itself cannot be fetched or is not HTML. */
export async function checkPage(url: string, options: CheckOptions = {}): Promise<CheckReport> {
  const limits = { ...CHECK_DEFAULTS, ...definedOnly(options) };
  const start = httpUrl(url);
  if (!start) throw new CheckCardError(`"${url.slice(0, 200)}" is not an absolute http(s) url`);
  const fetchLimits = (maxBytes: number): FetchLimits => ({ timeoutMs: limits.timeoutMs, maxBytes, maxRedirects: limits.maxRedirects });

  const page = await fetchBounded(start.href, fetchLimits(limits.maxPageBytes), 'text/html,application/xhtml+xml');
  if (page.status < 200 || page.status > 299) throw new CheckCardError(`${page.url} answered HTTP ${page.status}`);
  if (!HTML.test(page.contentType)) {
    const answered = page.contentType ? `Content-Type ${page.contentType.slice(0, 100)}` : 'no Content-Type';
    throw new CheckCardError(`${page.url} answered ${answered}, not an HTML page`);
  }
  const notes = page.truncated ? [`read the first ${kib(limits.maxPageBytes)} of the page only: it is larger`] : [];
  const facts = readPage(decodePage(page.body, page.contentType));
  const { metas, script } = facts;
  const card = {
    title: script.title || metas['og:title'] || facts.title,
    desc: script.desc || metas['og:description'] || metas.description || '',
    link: absolute(script.link || canonical(page.url), page.url),
    imgUrl: absolute(script.imgUrl || metas['og:image'] || '', page.url),
  };
  const og = Object.fromEntries(Object.entries(metas).filter(([key]) => key.startsWith('og:')));

  const imageUrl = httpUrl(card.imgUrl);
  const image = imageUrl ? await fetchImage(imageUrl.href, fetchLimits(limits.maxImageBytes), notes) : undefined;
  const verdicts = checkCard({ ...card, pageUrl: page.url, image: image?.image, og });
  // Reachability is the command's own rule (the client cannot download the image): it goes after the url rules.
  if (image) verdicts.splice(verdicts.findIndex((verdict) => verdict.rule === 'image-https') + 1, 0, image.reachable);
  return { pageUrl: page.url, card, verdicts, notes };
}

interface ImageCheck {
  reachable: Verdict;
  image: CardImage | undefined;
}

async function fetchImage(url: string, limits: FetchLimits, notes: string[]): Promise<ImageCheck> {
  const unreachable = (message: string): ImageCheck => ({ reachable: { rule: 'image-reachable', ok: false, message }, image: undefined });
  let fetched;
  try {
    fetched = await fetchBounded(url, limits, 'image/*');
  } catch (error) {
    if (error instanceof CheckCardError) return unreachable(`${error.message}: WeChat cannot download it either`);
    throw error;
  }
  if (fetched.status !== 200) return unreachable(`${fetched.url} answered HTTP ${fetched.status}`);
  if (fetched.truncated) notes.push(`read the first ${kib(limits.maxBytes)} of the image only: it is larger`);
  return {
    reachable: { rule: 'image-reachable', ok: true, message: `HTTP 200 from ${fetched.url}` },
    image: { ...dimensions(fetched.body), bytes: fetched.body.byteLength + (fetched.truncated ? 1 : 0) },
  };
}

/** Width, height and type as image-size reads them from the bytes; 0 × 0 of type `unreadable` when it cannot (bad bytes). */
function dimensions(body: Uint8Array): Omit<CardImage, 'bytes'> {
  try {
    const { width, height, type } = imageSize(body);
    return { width, height, type: type ?? 'unknown' };
  } catch {
    return { width: 0, height: 0, type: 'unreadable' };
  }
}

function httpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** `text` resolved against the page, as the client does (new URL(text, location.href)); '' stays ''. */
function absolute(text: string, base: string): string {
  if (text === '') return '';
  try {
    return new URL(text, base).href;
  } catch {
    return text;
  }
}

function definedOnly(options: CheckOptions): Partial<typeof CHECK_DEFAULTS> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}

function kib(bytes: number): string {
  return `${Math.round(bytes / 1024)} KB`;
}
