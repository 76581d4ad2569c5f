// The card check: one set of rules for a share card (image, title, description, link, og: tags). Pure, no DOM:
// the client's debug run and @share/server's `check-card` command both call checkCard(). Each limit's source is in
// @share/server's README, "Check a card".

/** What the card is made of, as the client would send it to WeChat, and what is known about its image. */
export interface CardInput {
  title: string;
  desc: string;
  link: string;
  imgUrl: string;
  /** The page's own url (where the card is shared from). */
  pageUrl: string;
  /** The image as downloaded; without it, the rules that need its bytes are left out. */
  image?: CardImage | undefined;
  /** The page's og: meta tags by property (`og:title` …); without them, the og: rule is left out. */
  og?: Record<string, string> | undefined;
}

export interface CardImage {
  width: number;
  height: number;
  bytes: number;
  /** `jpg`, `png`, `gif` … or a MIME type (`image/jpeg`). */
  type: string;
}

export interface Verdict {
  rule: string;
  ok: boolean;
  message: string;
}

/** Shortest side of the image, pixels: we estimate the chat card's thumbnail at about 50 pt square (150 px at 3x). */
export const MIN_IMAGE_SIDE = 200;
/** Widest (or tallest) ratio of the image's sides: the thumbnail is a centred square crop, so 2:1 keeps half. */
export const MAX_IMAGE_RATIO = 2;
/** Largest image, bytes: WeChat downloads it when the share menu opens; a slow download leaves a grey icon. */
export const MAX_IMAGE_BYTES = 300 * 1024;
/** Widest title, in half-width units (a CJK character is 2): the chat card cuts the title after two lines. */
export const MAX_TITLE_WIDTH = 52;
/** Widest description, in half-width units: the card shows three short lines beside the thumbnail. */
export const MAX_DESC_WIDTH = 60;
/** The og: tags WeCom and other apps read for the card when the page's JS-SDK call does not apply. */
export const OG_TAGS = ['og:title', 'og:description', 'og:image'] as const;

/** Every rule that applies to `input`, in a fixed order, each with a verdict a person can act on. */
export function checkCard(input: CardInput): Verdict[] {
  return [
    ...imageUrlRules(input.imgUrl, input.pageUrl),
    ...(input.image ? imageRules(input.image) : []),
    ...textRules('title', input.title, MAX_TITLE_WIDTH, 'the card has no title to show'),
    ...textRules('desc', input.desc, MAX_DESC_WIDTH, 'the chat card shows the link url in its place'),
    linkRule(input.link, input.pageUrl),
    ...(input.og ? [ogRule(input.og)] : []),
  ];
}

const verdict = (rule: string, ok: boolean, message: string): Verdict => ({ rule, ok, message });

function parseUrl(text: string): URL | undefined {
  try {
    return new URL(text);
  } catch {
    return undefined;
  }
}

function imageUrlRules(imgUrl: string, pageUrl: string): Verdict[] {
  if (/^\s*data:/i.test(imgUrl)) {
    return [verdict('image-not-data', false, 'the image is a data: URI; WeChat needs an http(s) url it can download')];
  }
  const url = parseUrl(imgUrl);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    const what = imgUrl.trim() === '' ? 'there is no image (og:image or imgUrl)' : `"${cut(imgUrl)}" is not an absolute http(s) url`;
    return [verdict('image-url', false, `${what}; the card shows a grey icon`)];
  }
  const page = parseUrl(pageUrl);
  const mixed = url.protocol === 'http:' && page?.protocol === 'https:';
  return [
    verdict('image-url', true, `absolute url ${cut(url.href)}`),
    verdict('image-not-data', true, 'not a data: URI'),
    verdict(
      'image-https',
      !mixed,
      mixed
        ? 'an http: image on an https: page: iOS WeChat does not show it; serve it over https'
        : `image over ${url.protocol.slice(0, -1)}, page over ${page?.protocol.slice(0, -1) ?? 'an unknown scheme'}`,
    ),
  ];
}

function imageRules(image: CardImage): Verdict[] {
  const type = image.type.toLowerCase().replace(/^image\//, '');
  const known = /^(jpe?g|png|gif)$/.test(type);
  const { width, height } = image;
  const sized = width > 0 && height > 0;
  const ratio = sized ? Math.max(width / height, height / width) : Infinity;
  return [
    verdict('image-type', known, known ? `${type.toUpperCase()}` : `"${cut(image.type, 40)}" is not JPEG, PNG or GIF`),
    verdict(
      'image-pixels',
      sized && Math.min(width, height) >= MIN_IMAGE_SIDE,
      sized ? `${width}×${height} px (the shorter side needs ${MIN_IMAGE_SIDE} px or more)` : 'its pixel size could not be read',
    ),
    verdict(
      'image-aspect',
      ratio <= MAX_IMAGE_RATIO,
      sized
        ? `${ratio.toFixed(2)}:1 (the card crops a centred square; keep it within ${MAX_IMAGE_RATIO}:1)`
        : 'its aspect could not be read',
    ),
    verdict(
      'image-bytes',
      image.bytes <= MAX_IMAGE_BYTES,
      `${kilobytes(image.bytes)} (${kilobytes(MAX_IMAGE_BYTES)} at most, or the card may show a grey icon)`,
    ),
  ];
}

function textRules(rule: 'title' | 'desc', text: string, maxWidth: number, whenEmpty: string): Verdict[] {
  const trimmed = text.trim();
  if (trimmed === '') return [verdict(rule, false, `empty: ${whenEmpty}`)];
  const width = displayWidth(trimmed);
  return [
    verdict(rule, true, `"${cut(trimmed)}"`),
    verdict(
      `${rule}-length`,
      width <= maxWidth,
      `${width} half-width units (${maxWidth} at most, about ${maxWidth / 2} Chinese characters; the card cuts the rest)`,
    ),
  ];
}

function linkRule(link: string, pageUrl: string): Verdict {
  const url = parseUrl(link);
  const page = parseUrl(pageUrl);
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    return verdict('link-host', false, `the link "${cut(link)}" is not an absolute http(s) url`);
  }
  const ok = url.hostname === page?.hostname;
  const message = ok
    ? `on the page's host ${url.hostname}`
    : `the link's host ${url.hostname} is not the page's (${page?.hostname ?? 'unknown'}): ` +
      'WeChat refuses a link outside the JS safe domain';
  return verdict('link-host', ok, message);
}

function ogRule(og: Record<string, string>): Verdict {
  const missing = OG_TAGS.filter((name) => (og[name] ?? '').trim() === '');
  return verdict(
    'og-tags',
    missing.length === 0,
    missing.length === 0
      ? `${OG_TAGS.join(', ')} present`
      : `missing ${missing.join(', ')}: WeCom and other apps build their card from them`,
  );
}

/** East Asian wide characters (Unicode's W and F classes, in short) and emoji: each takes two half-width units. */
const WIDE =
  /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]|\p{Extended_Pictographic}/u;

/** Width as the card lays text out, in half-width units: wide characters count 2, others 1. */
export function displayWidth(text: string): number {
  let width = 0;
  for (const char of text) width += WIDE.test(char) ? 2 : 1;
  return width;
}

function kilobytes(bytes: number): string {
  return `${Math.round(bytes / 1024)} KB`;
}

function cut(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
