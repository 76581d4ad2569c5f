// The pages of the share-ready scenario: the same article, each with one way of setting up WeChat sharing.
import type { SharePageKey } from '../results.js';

export const JWEIXIN_PATH = '/jweixin-1.6.0.js';
export const THEIRS_CLIENT_PATH = '/wechat-jssdk/client.umd.js';
/** wechat-jssdk's signature route, as its README names it. */
export const THEIRS_SIGNATURE_PATH = '/get-signature';

export interface SharePage {
  key: SharePageKey;
  label: string;
  /** Where the bench serves it. No trailing slash: the emulated bridge posts to `bridge/verify` beside it. */
  path: string;
  /** The page signs on the server while rendering and writes renderConfigScript()'s element. */
  serverSigned: boolean;
}

export const SHARE_PAGES: readonly SharePage[] = [
  { key: 'floor', label: 'jweixin alone: jweixin script tag, wx.config inline, written by the server (the floor)', path: '/floor', serverSigned: true },
  { key: 'static', label: 'static page: share.min.js fetches the signature in parallel with jweixin', path: '/static', serverSigned: false },
  { key: 'ssr', label: 'server-rendered: #wx-share-config, jweixin preloaded, share.min.js loads it (as apps/demo)', path: '/ssr', serverSigned: true },
  { key: 'ssr-tag', label: 'server-rendered: #wx-share-config, jweixin script tag before share.min.js', path: '/ssr-tag', serverSigned: true },
  { key: 'ssr-late', label: 'server-rendered: #wx-share-config, share.min.js loads jweixin, no preload', path: '/ssr-late', serverSigned: true },
  { key: 'theirs', label: "wechat-jssdk 5.1.0: its README's browser flow (fetch the signature, then initialize())", path: '/theirs', serverSigned: false },
];

const TITLE = 'Longjing, from leaf to cup';
const DESC = 'Picked before Qingming, pan-fired by hand, brewed at 80 °C.';
const IMAGE = '/img/tea-longjing.jpg';

/** The share data the pages without share.min.js give jweixin: what share.min.js reads from the same metas. */
const INLINE_DATA = `var data = { title: ${JSON.stringify(TITLE)}, desc: ${JSON.stringify(DESC)}, link: location.href.split('#')[0], imgUrl: new URL(${JSON.stringify(IMAGE)}, location.href).href };`;

/** The share APIs the floor page declares: the two that set the share data. */
const FLOOR_SCRIPT = `<script>
  ${INLINE_DATA}
  var config = JSON.parse(document.getElementById('wx-share-config').textContent);
  wx.config({ debug: false, appId: config.appId, timestamp: config.timestamp, nonceStr: config.nonceStr, signature: config.signature, jsApiList: ['updateAppMessageShareData', 'updateTimelineShareData'] });
  wx.ready(function () { wx.updateAppMessageShareData(data); wx.updateTimelineShareData(data); });
</script>`;

/** wechat-jssdk's "浏览器端" section: the signature from its route, then new WechatJSSDK(config).initialize(). */
const THEIRS_SCRIPT = `<script>
  ${INLINE_DATA}
  fetch(${JSON.stringify(THEIRS_SIGNATURE_PATH)} + '?url=' + encodeURIComponent(location.href.split('#')[0]))
    .then(function (response) { return response.json(); })
    .then(function (s) {
      return new WechatJSSDK({ appId: s.appId, nonceStr: s.nonceStr, signature: s.signature, timestamp: s.timestamp, customUrl: ${JSON.stringify(JWEIXIN_PATH)} }).initialize();
    })
    .then(function (w) { w.updateAppMessageShareData(data); w.updateTimelineShareData(data); });
</script>`;

const SHARE_MIN = (signaturePath: string) => `<script src="${clientPath(signaturePath)}" data-sdk-url="${JWEIXIN_PATH}"></script>`;
const JWEIXIN_TAG = `<script src="${JWEIXIN_PATH}"></script>`;
/** Fetched with the page's other scripts; share.min.js's own script element for the same url then takes it from there. */
const JWEIXIN_PRELOAD = `<link rel="preload" as="script" href="${JWEIXIN_PATH}">`;

/** wxShare() serves the client beside its route: '/wx/signature' -> '/wx/share.min.js'. */
function clientPath(signaturePath: string): string {
  return `${signaturePath.slice(0, signaturePath.lastIndexOf('/') + 1)}share.min.js`;
}

/** The HTML of `key`'s page; `configScript` is renderConfigScript()'s output for the pages signed on the server. */
export function sharePageHtml(key: SharePageKey, options: { configScript?: string; signaturePath: string }): string {
  const config = options.configScript ?? '';
  const head: Record<SharePageKey, string> = {
    floor: `${config}\n  ${JWEIXIN_TAG}\n  ${FLOOR_SCRIPT}`,
    static: SHARE_MIN(options.signaturePath),
    ssr: `${config}\n  ${JWEIXIN_PRELOAD}\n  ${SHARE_MIN(options.signaturePath)}`,
    'ssr-tag': `${config}\n  ${JWEIXIN_TAG}\n  ${SHARE_MIN(options.signaturePath)}`,
    'ssr-late': `${config}\n  ${SHARE_MIN(options.signaturePath)}`,
    theirs: `<script src="${THEIRS_CLIENT_PATH}"></script>\n  ${THEIRS_SCRIPT}`,
  };
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>${TITLE}</title>
  <meta name="description" content="${DESC}">
  <meta property="og:title" content="${TITLE}">
  <meta property="og:description" content="${DESC}">
  <meta property="og:image" content="${IMAGE}">
  <link rel="icon" href="data:,">
  ${head[key]}
</head>
<body>
  <h1>${TITLE}</h1>
  <p>${DESC}</p>
</body>
</html>
`;
}
