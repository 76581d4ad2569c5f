// The card check pages under /cards/: one good card and one broken card per rule of the card check, each built from
// the good page's head with one fault, so a page differs from the good one only where its rule looks.

/** The good card's head tags; a broken page replaces or drops some of them. */
const GOOD = {
  title: '<title>Spring tea tasting · Leaf &amp; Cup</title>',
  ogTitle: '<meta property="og:title" content="Spring tea tasting — Saturday 14:00">',
  ogDescription: '<meta property="og:description" content="Six spring green teas, brewed side by side. 20 free seats.">',
  ogImage: '<meta property="og:image" content="/img/share-card.jpg">',
  script: '<script src="/share.min.js" data-sdk-url="/jweixin-1.6.0.js" data-debug></script>',
};
type Head = typeof GOOD;

export interface CardPage {
  /** The page's file name under /cards/, without `.html`. */
  name: string;
  /** The rule it fails; undefined for the good page. */
  rule?: string;
  /** What is wrong, as the page explains it (HTML). */
  fault: string;
  fix: string;
  /** The head tags that differ from the good card's ('' drops one). */
  head?: Partial<Head> & { /** Another tag, after the og: ones. */ extra?: string };
}

const image = (url: string) => `<meta property="og:image" content="${url}">`;

export const CARD_PAGES: readonly CardPage[] = [
  {
    name: 'good',
    fault: 'og:title, og:description and a 300×300 JPEG og:image of 7 KB on this host; the link is this page.',
    fix: 'nothing to fix.',
  },
  {
    name: 'no-image',
    rule: 'image-url',
    fault: 'The page has no og:image (and its script tag no data-img-url): the card shows a grey icon.',
    fix: 'add <code>&lt;meta property="og:image" content="…"&gt;</code>.',
    head: { ogImage: '' },
  },
  {
    name: 'data-image',
    rule: 'image-not-data',
    fault: 'The og:image is a <code>data:</code> URI: WeChat needs a url it can download.',
    fix: 'serve the image as a file over https.',
    head: {
      ogImage: image(
        'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
      ),
    },
  },
  {
    name: 'mixed-content',
    rule: 'image-https',
    fault:
      'The og:image is an <code>http:</code> url: on an <code>https:</code> page iOS WeChat does not show it (served over plain http, as the offline demo is, only its download fails).',
    fix: 'serve the image over https.',
    head: { ogImage: image('http://localhost/img/share-card.jpg') },
  },
  {
    name: 'missing-image',
    rule: 'image-reachable',
    fault: 'The og:image answers HTTP 404.',
    fix: 'point og:image at an image that exists.',
    head: { ogImage: image('/cards/img/missing.jpg') },
  },
  {
    name: 'bmp-image',
    rule: 'image-type',
    fault: 'The og:image is a BMP: the card takes JPEG, PNG or GIF.',
    fix: 'convert it to JPEG or PNG.',
    head: { ogImage: image('/cards/img/card.bmp') },
  },
  {
    name: 'small-image',
    rule: 'image-pixels',
    fault: 'The og:image is 100×100 px: blurry on the card.',
    fix: 'use 200 px or more on its shorter side (300×300 is a good size).',
    head: { ogImage: image('/cards/img/small.png') },
  },
  {
    name: 'wide-image',
    rule: 'image-aspect',
    fault: 'The og:image is 900×300 (3:1): the card crops a centred square and loses two thirds of it.',
    fix: 'keep it within 2:1, ideally square.',
    head: { ogImage: image('/cards/img/wide.png') },
  },
  {
    name: 'heavy-image',
    rule: 'image-bytes',
    fault: 'The og:image is a 469 KB PNG: WeChat may give up downloading it and show a grey icon.',
    fix: 'compress it below 300 KB (a 300×300 JPEG is under 30 KB).',
    head: { ogImage: image('/cards/img/heavy.png') },
  },
  {
    name: 'no-title',
    rule: 'title',
    fault: 'The page has neither og:title nor &lt;title&gt;: WeChat shows the url as the title.',
    fix: 'add og:title.',
    head: { title: '', ogTitle: '' },
  },
  {
    name: 'long-title',
    rule: 'title-length',
    fault: 'The og:title is 33 Chinese characters: the chat card cuts it after two lines.',
    fix: 'keep it within about 26 Chinese characters (52 letters).',
    head: { ogTitle: '<meta property="og:title" content="春季新茶品鉴会：龙井、碧螺春、安吉白茶、黄山毛峰与六安瓜片现场冲泡">' },
  },
  {
    name: 'no-desc',
    rule: 'desc',
    fault: 'The page has neither og:description nor a meta description: the chat card shows the link url in its place.',
    fix: 'add og:description.',
    head: { ogDescription: '' },
  },
  {
    name: 'long-desc',
    rule: 'desc-length',
    fault: 'The og:description is 97 letters: the card shows three short lines and cuts the rest.',
    fix: 'keep it within about 30 Chinese characters (60 letters).',
    head: {
      ogDescription:
        '<meta property="og:description" content="Six spring green teas, brewed side by side by our tea master, in our shop by the West Lake, free.">',
    },
  },
  {
    name: 'other-link',
    rule: 'link-host',
    fault:
      'The script tag shares <code>data-link="https://elsewhere.example.com/tea"</code>: WeChat refuses a link outside the JS safe domain.',
    fix: "share a link on this page's host.",
    head: { script: '<script src="/share.min.js" data-sdk-url="/jweixin-1.6.0.js" data-debug data-link="https://elsewhere.example.com/tea"></script>' },
  },
  {
    name: 'no-og',
    rule: 'og-tags',
    fault:
      "The card comes from &lt;title&gt;, the meta description and the script tag's data-img-url, with no og: tags: WeCom and other apps build their card from og: tags.",
    fix: 'add og:title, og:description and og:image.',
    head: {
      title: '<title>Spring tea tasting — Saturday 14:00</title>',
      ogTitle: '',
      ogDescription: '',
      extra: '<meta name="description" content="Six spring green teas, brewed side by side. 20 free seats.">',
      ogImage: '',
      script: '<script src="/share.min.js" data-sdk-url="/jweixin-1.6.0.js" data-debug data-img-url="/img/share-card.jpg"></script>',
    },
  },
];

const layout = (head: string, body: string) => `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
${head}
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/qa/panel.css">
</head>
<body>
  <main class="layout">
    <article class="device-page">
${body}
    </article>
  </main>
</body>
</html>
`;

const indent = (lines: string[]) => lines.filter((line) => line !== '').map((line) => `  ${line}`).join('\n');

/** The page with the emulated WeChat bridge and the script tag in debug (the QA panel and console name failed rules). */
export function renderCardPage(page: CardPage): string {
  const { title, ogTitle, ogDescription, ogImage, script, extra = '' } = { ...GOOD, ...page.head };
  const head = indent([
    title,
    ogTitle,
    ogDescription,
    ogImage,
    extra,
    '<!-- Offline demo only: the emulated WeChat bridge (an empty script online). -->',
    '<script src="/__wechat/bridge.js"></script>',
    script,
  ]);
  const check = page.rule ? `fails <code>${page.rule}</code>` : 'passes every rule';
  const body = indent([
    '    <p class="kicker">Card check · <a href="/cards/">all card pages</a></p>',
    `    <h1>${page.rule ? `Broken: <code>${page.rule}</code>` : 'A good card'}</h1>`,
    `    <p>${page.fault}</p>`,
    `    <p>Fix: ${page.fix}</p>`,
    `    <p><code>npx @share/server check-card &lt;this page's url&gt;</code> ${check}.</p>`,
  ]);
  return layout(head, body);
}

/** /cards/: the list of pages and the rule each fails. */
export function renderCardIndex(): string {
  const items = CARD_PAGES.map(
    (page) => `      <li><a href="/cards/${page.name}.html">${page.name}</a>: ${page.rule ? `fails <code>${page.rule}</code>` : 'passes'}</li>`,
  );
  const body = [
    '      <h1>Card check pages</h1>',
    '      <p>One good card and one broken card per rule. Check any of them with',
    '        <code>npx @share/server check-card http://localhost:3000/cards/good.html</code> (exit code 0 when every rule',
    "        passes, 1 when one fails); the rules and their sources are in @share/server's README, \"Check a card\".</p>",
    '      <ul>',
    ...items,
    '      </ul>',
  ].join('\n');
  return layout('  <title>Card check pages · share demo</title>', body);
}
