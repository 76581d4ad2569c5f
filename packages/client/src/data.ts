// The share data to apply: given values, else the page's metas, made absolute where WeChat needs it.
import type { ShareData } from './types.js';

const meta = (name: string) =>
  document.querySelector<HTMLMetaElement>(`meta[property="${name}"],meta[name="${name}"]`)?.content;

const absolute = (url?: string) => (url ? new URL(url, location.href).href : '');

/** `canonicalUrl`: the default link. */
export const shareData = (given: ShareData, canonicalUrl: string): Required<ShareData> => ({
  title: given.title || meta('og:title') || document.title,
  desc: given.desc || meta('og:description') || meta('description') || '',
  link: absolute(given.link || canonicalUrl),
  imgUrl: absolute(given.imgUrl || meta('og:image')),
});
