// Scenario 4: the browser bundle a page loads, gzip level 9, ours against wechat-jssdk's.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import type { ClientRow } from '../results.js';
import { errorMessage, type ScenarioContext } from './context.js';

const BUNDLES = [
  { key: 'ours', label: '@share/client', file: '@share/client/dist/share.min.js' },
  { key: 'theirs', label: 'wechat-jssdk 5.1.0', file: 'wechat-jssdk/dist/client.umd.js' },
] as const;

/** Gzip size at level 9, the way the target counts it. */
export function gzipBytes(content: Buffer | string): number {
  return gzipSync(content, { level: 9 }).length;
}

export async function runClient(context: ScenarioContext): Promise<ClientRow[]> {
  const rows: ClientRow[] = [];
  for (const bundle of BUNDLES) {
    // Through bench/node_modules: the workspace link for ours, the installed package for theirs.
    const path = fileURLToPath(new URL(`../../node_modules/${bundle.file}`, import.meta.url));
    try {
      const content = await readFile(path);
      rows.push({ key: bundle.key, label: bundle.label, file: bundle.file, bytes: content.length, gzip: gzipBytes(content) });
    } catch (error) {
      context.skip(`client: ${bundle.label}: ${errorMessage(error)}`);
    }
  }
  for (const row of rows) context.log(`client ${row.label}: ${row.bytes} bytes, ${row.gzip} gzip`);
  return rows;
}
