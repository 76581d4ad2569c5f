// config/config.default.js, the Egg recipe's configuration: share's middleware on, with its options; Egg's CSRF
// check off for share's routes, which read no cookie (a POST there is a 405, or an analytics beacon).
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default () => ({
  keys: 'example-cookie-key-0123456789', // your app's own cookie keys
  middleware: ['wxShare'],
  wxShare: {
    allowedHosts: ['example.com'],
    cors: true,
    // WX_APPID, WX_APPSECRET and WX_API_BASE come from the environment, as wxShare() reads them.
  },
  security: { csrf: { ignore: /^\/wx\// } },
  // The example writes its logs outside the repository.
  logger: { dir: join(tmpdir(), 'share-example-egg', 'logs') },
  rundir: join(tmpdir(), 'share-example-egg', 'run'),
});
