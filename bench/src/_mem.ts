import { createWechatMock } from '@share/wechat-mock';
import { createSigner } from '../../packages/server/src/index.js';
import { pageUrl } from './urls.js';
const mock = createWechatMock({ accounts: [{ appId: 'wx1', appSecret: 's' }] });
const apiBase = await mock.listen();
const max = Number(process.env.MAXSIG ?? 10000);
const signer = createSigner({ appId: 'wx1', appSecret: 's', apiBase, allowedHosts: ['bench.example.com'], maxSignatures: max });
await signer.sign(pageUrl(1));
const gc = (globalThis as any).gc;
gc(); gc();
const f = (n: number) => (n / 1048576).toFixed(0).padStart(5);
const b = process.memoryUsage();
let peak = b.rss;
const N = Number(process.env.N ?? 300000);
const t0 = performance.now();
for (let i = 0; i < N; i++) {
  await signer.sign(pageUrl(1e9 + i));
  if ((i & 1023) === 0) peak = Math.max(peak, process.memoryUsage.rss());
}
const secs = ((performance.now() - t0) / 1000).toFixed(1);
gc(); gc();
const a = process.memoryUsage();
console.log(process.env.LABEL?.padEnd(12), 'secs', secs, 'kept', f(a.rss - b.rss), 'peak', f(peak - b.rss), 'heapTot', f(a.heapTotal - b.heapTotal), 'heapUsed', f(a.heapUsed - b.heapUsed), 'ext', f(a.external - b.external), 'other', f((a.rss - a.heapTotal - a.external) - (b.rss - b.heapTotal - b.external)));
await signer.close(); await mock.close();
