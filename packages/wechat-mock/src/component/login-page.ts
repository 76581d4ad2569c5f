// The authorization page (mp.weixin.qq.com/cgi-bin/componentloginpage on WeChat): one button per emulated brand.

export interface LoginPageBrand {
  appId: string;
  name: string;
  /** The link that "scans" the page as this brand's administrator. */
  href: string;
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => ESCAPES[char]!);
}

export function loginPage(componentAppId: string, brands: LoginPageBrand[]): string {
  const buttons = brands
    .map((brand) => `<li><a class="brand" href="${escapeHtml(brand.href)}" data-appid="${escapeHtml(brand.appId)}">`
      + `${escapeHtml(brand.name)} (${escapeHtml(brand.appId)})</a></li>`)
    .join('\n');
  return page(
    'Authorize a third-party platform',
    `<p>Platform ${escapeHtml(componentAppId)} asks to manage an official account. `
      + 'Choose the account whose administrator scans (emulated):</p>\n'
      + `<ul>\n${buttons || '<li>No emulated account: pass component.authorizers.</li>'}\n</ul>`,
  );
}

export function errorPage(message: string): string {
  return page('Authorization failed', `<p class="error">${escapeHtml(message)}</p>`);
}

function page(title: string, body: string): string {
  return '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
    + '<meta name="viewport" content="width=device-width, initial-scale=1">'
    + `<title>${escapeHtml(title)} (wechat-mock)</title></head>\n<body><h1>${escapeHtml(title)}</h1>\n${body}\n</body></html>\n`;
}
