// What a page says about its card, read the way @share/client reads it: the <title>, the description and og: meta
// tags, and the data-* attributes of the share.min.js script tag. A tolerant parse (htmlparser2) of a capped prefix.
import { Parser } from 'htmlparser2';

export interface PageFacts {
  /** The first <title>'s text. */
  title: string;
  /** `description` and every `og:*` meta tag, by lowercased name or property (the first of each wins). */
  metas: Record<string, string>;
  /** data-title, data-desc, data-link, data-img-url of the share.min.js script tag, when there is one. */
  script: { title?: string; desc?: string; link?: string; imgUrl?: string };
}

/** A value longer than this is cut: no card field is near it, and a hostile page cannot blow up the output. */
const MAX_VALUE_LENGTH = 2000;
const SHARE_SCRIPT = /(^|\/)share(\.min)?\.js([?#]|$)/;
const SCRIPT_DATA = { 'data-title': 'title', 'data-desc': 'desc', 'data-link': 'link', 'data-img-url': 'imgUrl' } as const;

export function readPage(html: string): PageFacts {
  const facts: PageFacts = { title: '', metas: {}, script: {} };
  let inTitle = false;
  let titleDone = false;
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'title' && !titleDone) inTitle = true;
        else if (name === 'meta') readMeta(facts.metas, attributes);
        else if (name === 'script' && SHARE_SCRIPT.test(attributes.src ?? '')) readScript(facts.script, attributes);
      },
      ontext(text) {
        if (inTitle && facts.title.length < MAX_VALUE_LENGTH) facts.title = cut(facts.title + text);
      },
      onclosetag(name) {
        if (name === 'title' && inTitle) {
          inTitle = false;
          titleDone = true;
        }
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  );
  parser.write(html);
  parser.end();
  facts.title = collapse(facts.title);
  return facts;
}

function readMeta(metas: Record<string, string>, attributes: Record<string, string>): void {
  const key = (attributes.property ?? attributes.name ?? '').trim().toLowerCase();
  if (key !== 'description' && !key.startsWith('og:')) return;
  if (key in metas) return;
  metas[key] = cut(collapse(attributes.content ?? ''));
}

function readScript(script: PageFacts['script'], attributes: Record<string, string>): void {
  for (const [attribute, field] of Object.entries(SCRIPT_DATA)) {
    const value = attributes[attribute];
    if (value !== undefined && script[field] === undefined) script[field] = cut(value.trim());
  }
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function cut(text: string): string {
  return text.length > MAX_VALUE_LENGTH ? text.slice(0, MAX_VALUE_LENGTH) : text;
}

/**
 * The page's text: the charset of its Content-Type, else of a <meta charset> near the start, else UTF-8. An unknown
 * charset reads as UTF-8 (bad bytes become U+FFFD, never an error).
 */
export function decodePage(body: Uint8Array, contentType: string): string {
  const head = new TextDecoder('latin1').decode(body.subarray(0, 1024));
  const label = /charset=["']?([\w-]+)/i.exec(contentType)?.[1] ?? /<meta[^>]+charset=["']?([\w-]+)/i.exec(head)?.[1] ?? 'utf-8';
  try {
    return new TextDecoder(label).decode(body);
  } catch {
    return new TextDecoder('utf-8').decode(body);
  }
}
