import { killAll } from './children.js';
import { load } from './load.js';
import { startServer, startEmulator, account } from './servers.js';
import { signaturePath, pageUrl, signaturePaths } from './urls.js';
process.once('exit', killAll);
const kinds = (process.env.KINDS ?? 'ours').split(',');
const emu = await startEmulator([account(1), account(2), account(3)]);
for (const [i, k] of kinds.entries()) {
  const [kind, variant] = k.split(':') as ['ours' | 'bare' | 'theirs', string | undefined];
  const s = await startServer(kind, `prof-${k.replace(':', '-')}`, { mode: 'http', apiBase: emu.url, ...account(i + 1), rawWrite: variant === 'raw' }, { cpuProfDir: '/tmp/warmprof' });
  const paths = variant === 'rot' ? signaturePaths(10000) : [signaturePath(pageUrl(0))];
  if (paths.length > 1) await load(s.url, paths, { connections: 50, amount: 10000 });
  await load(s.url, paths, { connections: 50, seconds: 1 });
  const r = await load(s.url, paths, { connections: 50, seconds: Number(process.env.SECS ?? 8) });
  console.log(k, Math.round(r.rps), r.p50, r.p99, r.non2xx);
  await s.close();
}
await emu.close();
