// The server-rendered page (/ssr/): the static page's script tag, with wx.config's values already in the HTML.

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export interface SsrPage {
  /** renderConfigScript() of the page's signature; undefined when the server could not sign it. */
  configScript: string | undefined;
  /** The url the server signed, or why it could not sign (shown on the page). */
  note: string;
}

export function ssrPage({ configScript, note }: SsrPage): string {
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Longjing, from leaf to cup · Leaf &amp; Cup</title>
  <meta name="description" content="How Longjing is picked, pan-fired and brewed.">
  <meta property="og:title" content="Longjing, from leaf to cup">
  <meta property="og:description" content="Picked before Qingming, pan-fired by hand, brewed at 80 °C. A server-rendered page.">
  <meta property="og:image" content="/img/tea-longjing.jpg">
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/qa/panel.css">
  <!-- Offline demo only: makes this desktop browser behave like WeChat's in-app browser (empty script online). -->
  <script src="/__wechat/bridge.js"></script>
  <!-- Signed by the server while rendering: signRequest(share.signer, req), written with renderConfigScript(). -->
  ${configScript ?? '<!-- the server could not sign this page: the client asks /wx/signature -->'}
  <!-- jweixin downloads beside share.min.js instead of after it (share.min.js's own script element takes it from the
       preload); unlike a jweixin script tag, WeCom and mini-programs still load the SDK share.min.js chooses. -->
  <link rel="preload" as="script" href="/jweixin-1.6.0.js">
  <script src="/share.min.js" data-sdk-url="/jweixin-1.6.0.js" data-wecom-sdk-url="/wecom-jssdk.js"></script>
  <script type="module" src="/qa/static.js"></script>
</head>
<body data-page="ssr">
  <header id="qa-top" class="top"></header>
  <main class="layout">
    <div class="device">
      <div class="device-bar"><span class="device-close">✕</span><span id="device-title">Longjing, from leaf to cup · Leaf &amp; Cup</span><span class="device-menu" title="WeChat's share menu">···</span></div>
      <div class="device-page">
        <article>
          <img class="hero" src="/img/tea-longjing.jpg" alt="">
          <p class="kicker">Server-rendered page · config in the HTML</p>
          <h1>Longjing, from leaf to cup</h1>
          <p>Picked before Qingming, one bud and one leaf, pan-fired by hand in a hot wok until flat and jade green. Brew it at 80 °C in a glass, and watch the leaves stand up.</p>
          <p>The server signed this page's url while rendering it and wrote the signature into the HTML (<code>#wx-share-config</code>), so the client can configure WeChat without asking <code>/wx/signature</code>.</p>
          <p class="muted" data-qa="server-note">${escapeHtml(note)}</p>
          <p class="links"><a href="/ssr/?utm_source=qa#brewing">This page with a query and a hash</a> · <a href="/ssr/?from=singlemessage&amp;isappinstalled=0&amp;utm_source=qa">as re-shared by WeChat</a></p>
          <h2 id="brewing">Brewing</h2>
          <ol><li>3 g of leaves, 150 ml of water at 80 °C</li><li>First infusion: 1 minute</li><li>Two more, each a little longer</li></ol>
        </article>
      </div>
    </div>
    <aside id="qa-panel" class="panel" aria-label="QA panel"></aside>
  </main>
</body>
</html>
`;
}
