// A test Express app around middlewareFromSigner() with fake credentials.
import express from 'express';
import { middlewareFromSigner } from '../../src/middleware.js';
import type { Options } from '../../src/options.js';
import { signerFromConfig } from '../../src/signer.js';
import { fakeClock, fakeCredentials, spyLogger, testConfig } from './fakes.js';

export function testApp(options: Options = {}, mount?: string) {
  const now = fakeClock();
  const logger = spyLogger();
  const config = testConfig({ now, logger, ...options });
  const creds = fakeCredentials(now);
  const router = middlewareFromSigner(signerFromConfig(config, creds));
  const app = express();
  if (mount) app.use(mount, router);
  else app.use(router);
  app.get('/other', (_req, res) => {
    res.json({ other: true });
  });
  return { app, router, creds, logger, now, config };
}
