// The single-page app's client-side routes: a small tea shop, each page with its own share card.
// @ts-check

/** @typedef {{ title: string, share: { title: string, desc: string, imgUrl: string }, html: string }} Route */

const TEAS = {
  longjing: { name: 'Longjing (Dragon Well)', origin: 'Hangzhou, Zhejiang', note: 'Pan-fired green tea, chestnut-sweet, picked before Qingming.', price: '¥128 / 50 g' },
  tieguanyin: { name: 'Tieguanyin', origin: 'Anxi, Fujian', note: 'Rolled oolong, orchid nose, a long sweet finish over many infusions.', price: '¥96 / 50 g' },
  puer: { name: 'Aged Pu-erh', origin: 'Menghai, Yunnan', note: 'Ten-year-old sheng cake: camphor, dried fruit, a warm, thick body.', price: '¥260 / 100 g' },
};

const nav = `<nav class="shop-nav"><a data-route href="/app/">Shop</a><a data-route href="/app/tea/longjing">Longjing</a><a data-route href="/app/tea/tieguanyin">Tieguanyin</a><a data-route href="/app/about?ref=nav">About</a></nav>`;

/**
 * WeChat's open tag that opens a mini-program: the page declares it (share's openTags), WeChat renders its template.
 * The emulated bridge renders it too and fires its ready / launch / error events.
 * @param {string} slug
 */
const weapp = (slug) =>
  `<wx-open-launch-weapp class="weapp" appid="wx00000000mini0000" path="pages/tea/index?slug=${slug}">` +
  '<script type="text/wxtag-template"><button style="padding:8px 14px;border-radius:6px;border:0;background:#07c160;color:#fff">Order in our mini-program</button></script>' +
  '</wx-open-launch-weapp>';

/**
 * @param {string} path location.pathname
 * @returns {Route}
 */
export function route(path) {
  const tea = /^\/app\/tea\/([a-z]+)\/?$/.exec(path);
  const item = tea && TEAS[/** @type {keyof typeof TEAS} */ (tea[1])];
  if (item) {
    return {
      title: `${item.name} · Leaf & Cup`,
      share: { title: `${item.name} — ${item.price}`, desc: item.note, imgUrl: `/img/tea-${tea[1]}.jpg` },
      html: `${nav}<article class="shop-item"><img class="hero" src="/img/tea-${tea[1]}.jpg" alt=""><h1>${item.name}</h1><p class="muted">${item.origin}</p><p>${item.note}</p><p class="price">${item.price}</p><button type="button" class="buy">Add to cart</button>${weapp(tea[1] || '')}</article>`,
    };
  }
  if (/^\/app\/about\/?$/.test(path)) {
    return {
      title: 'About · Leaf & Cup',
      share: { title: 'About Leaf & Cup', desc: 'A two-person tea shop that tastes every harvest before it sells it.', imgUrl: '/img/share-card.jpg' },
      html: `${nav}<article><h1>About us</h1><p>We are two people who taste every harvest before selling it. This page is a route of a single-page app: the url changed with history.pushState, the page did not reload.</p></article>`,
    };
  }
  return {
    title: 'Leaf & Cup — tea shop',
    share: { title: 'Leaf & Cup — spring teas are in', desc: 'Longjing, Tieguanyin and an aged Pu-erh, tasted and shipped from Hangzhou.', imgUrl: '/img/share-card.jpg' },
    html: `${nav}<article><h1>Spring teas are in</h1><p>Three teas we are proud of this season. Open one: the route changes with pushState and the share card follows.</p>
      <ul class="teas">${Object.entries(TEAS).map(([slug, t]) => `<li><a data-route href="/app/tea/${slug}"><img src="/img/tea-${slug}.jpg" alt=""><span><b>${t.name}</b><small>${t.origin} · ${t.price}</small></span></a></li>`).join('')}</ul></article>`,
  };
}
