import { createFetchHandler, MemoryAnalyticsStore } from '@share/server';
import { account, startEmulator } from './src/servers.js';
import { PAGE_HOST } from './src/urls.js';
import { VIEW_PATH } from './src/scenarios/analytics.js';
const on = process.argv[2] === 'on';
const emulator = await startEmulator([account(30)]);
const handler = createFetchHandler({ ...account(30), apiBase: emulator.url, allowedHosts: [PAGE_HOST], warm: false, logger: { warn() {}, error() {} }, ...(on ? { analytics: { store: new MemoryAnalyticsStore() } } : {}) });
const url = `http://127.0.0.1${VIEW_PATH}`;
await handler(new Request(url));
for (let r = 0; r < 4; r++) {
  const start = process.cpuUsage();
  for (let i = 0; i < 30000; i++) await handler(new Request(url));
  const u = process.cpuUsage(start);
  console.log(on ? 'on' : 'off', ((u.user + u.system) / 30000).toFixed(1));
}
await handler.signer.close(); await emulator.close();
