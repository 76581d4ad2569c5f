// The agency page's server side (offline): the brands, their share pages, "unauthorize" (the emulated WeChat withdraws
// the authorization and pushes `unauthorized`) and "restart share" (a new wxShare() on the same credentials file).
import express from 'express';
import type { WechatMock } from '@share/wechat-mock';
import { brandPage } from './brand-page.js';
import { DEMO_BRANDS, DEMO_PLATFORM } from './platform.js';

export interface AgencyDeps {
  mock: WechatMock;
  /** Closes the running wxShare() and starts a new one on the same credential store. */
  restartShare(): Promise<void>;
  /** The credentials file (undefined: kept in memory, no SQLite here). */
  credentialsFile: string | undefined;
}

const noStore = { 'cache-control': 'no-store' };
const pageOf = (appId: string) => `/agency/brands/${appId}/`;
const brandOf = (appId: unknown) => DEMO_BRANDS.find((brand) => brand.appId === appId);

const notFound = (res: express.Response, message: string) => res.status(404).set(noStore).json({ error: { code: 'unknown_brand', message } });

export function mountAgency(app: express.Express, { mock, restartShare, credentialsFile }: AgencyDeps): void {
  // What the agency page lists. Whether a brand is authorized it asks the signature route itself, as a page would.
  app.get('/__demo/agency.json', (_req, res) => {
    res.set(noStore).json({
      platform: { appId: DEMO_PLATFORM.appId },
      brands: DEMO_BRANDS.map(({ appId, name }) => ({ appId, name, page: pageOf(appId) })),
      credentialsFile: credentialsFile ?? null,
    });
  });

  app.get('/agency/brands/:appid/', (req, res) => {
    const brand = brandOf(req.params.appid);
    if (!brand) return notFound(res, 'no such brand: the agency page lists them');
    res.type('html').set(noStore).send(brandPage(brand));
  });

  // The brand's administrator withdraws the authorization in WeChat: the emulator pushes `unauthorized` to
  // /wx/component/events. Answered once the push was delivered (share has forgotten the brand by then).
  app.post('/__demo/agency/brands/:appid/unauthorize', async (req, res) => {
    const brand = brandOf(req.params.appid);
    if (!brand) return notFound(res, 'no such brand: the agency page lists them');
    const before = mock.component.pushes.length;
    mock.component.unauthorize(brand.appId);
    await mock.component.settled();
    const push = mock.component.pushes.slice(before).find((result) => result.infoType === 'unauthorized');
    res.set(noStore).json({ appId: brand.appId, pushed: push?.ok ?? false });
  });

  app.post('/__demo/agency/restart', async (_req, res, next) => {
    try {
      await restartShare();
      res.set(noStore).json({ restarted: true });
    } catch (error) {
      next(error);
    }
  });
}
