// A brand's share page (/agency/brands/<appid>/): the static page's script tag, signed by the agency's platform for
// that brand (the signature route's `appid`), with the QA panel.
import type { Brand } from './platform.js';

const escapeHtml = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

export function brandPage(brand: Brand): string {
  const name = escapeHtml(brand.name);
  const title = escapeHtml(brand.title);
  const appId = escapeHtml(brand.appId);
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${title} · ${name}</title>
  <meta name="description" content="${escapeHtml(brand.desc)}">
  <meta property="og:title" content="${title}">
  <meta property="og:description" content="${escapeHtml(brand.desc)}">
  <meta property="og:image" content="${escapeHtml(brand.image)}">
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/qa/panel.css">
  <!-- Offline demo only: makes this desktop browser behave like WeChat's in-app browser. -->
  <script src="/__wechat/bridge.js"></script>
  <!-- The agency's platform signs for the brand named by data-appid (GET /wx/signature?url=…&appid=…): the answer and
       wx.config carry the brand's appId, signed with the brand's jsapi_ticket. -->
  <script src="/share.min.js" data-appid="${appId}" data-sdk-url="/jweixin-1.6.0.js"></script>
  <script type="module" src="/qa/static.js"></script>
</head>
<body data-brand="${appId}">
  <header id="qa-top" class="top"></header>
  <main class="layout">
    <div class="device">
      <div class="device-bar"><span class="device-close">✕</span><span id="device-title">${name}</span><span class="device-menu" title="WeChat's share menu">···</span></div>
      <div class="device-page">
        <article>
          <img class="hero" src="${escapeHtml(brand.image)}" alt="">
          <p class="kicker">A brand's page · signed by the agency's third-party platform</p>
          <h1>${title}</h1>
          <p>${escapeHtml(brand.desc)}</p>
          <p>This page belongs to <b>${name}</b> (AppID <code>${appId}</code>). The agency holds no AppSecret of it: the
            brand authorized the agency's platform, and the platform signs this page with the brand's own jsapi_ticket.</p>
          <p class="links"><a href="/agency/">Back to the agency page</a></p>
        </article>
      </div>
    </div>
    <aside id="qa-panel" class="panel" aria-label="QA panel"></aside>
  </main>
</body>
</html>
`;
}
