// The offline demo's third-party platform (第三方平台): its made-up settings, the brands that may authorize it, and the
// SQLite file where share keeps its credentials and records.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteStore } from '@share/analytics-sqlite';
import type { CredentialStore, Logger } from '@share/server';
import type { MockOptions, WechatMock } from '@share/wechat-mock';

/**
 * The agency's platform, emulated: made-up values that only the demo's emulator accepts. They are the `component`
 * option of the demo's wxShare() and the emulator's `component` alike (WeChat's console and the agency's server agree).
 */
export const DEMO_PLATFORM = Object.freeze({
  appId: 'wxc0de00000000a9e7',
  appSecret: 'demo-agency-platform-secret',
  token: 'demo-agency-push-token',
  aesKey: 'demoAgencyPlatformEncodingAESKey0123456789A',
});

export interface Brand {
  appId: string;
  name: string;
  /** The brand page's share card. */
  title: string;
  desc: string;
  image: string;
}

/** The official accounts (brands) the emulated authorization page offers; the agency page lists them. */
export const DEMO_BRANDS: readonly Brand[] = Object.freeze([
  {
    appId: 'wxb0de0000000000a1',
    name: 'West Lake Teahouse',
    title: 'West Lake Teahouse: spring Longjing is in',
    desc: 'Picked before Qingming, pan-fired by hand.',
    image: '/img/tea-longjing.jpg',
  },
  {
    appId: 'wxb0de0000000000b2',
    name: 'Yunnan Leaf Co.',
    title: 'Yunnan Leaf Co.: aged Pu-erh tasting',
    desc: 'Ten vintages of Pu-erh, one Saturday afternoon.',
    image: '/img/tea-puer.jpg',
  },
]);

/** The emulator's options for the demo's platform: what `createWechatMock()` needs to play WeChat for the agency page. */
export const DEMO_MOCK_OPTIONS: MockOptions = {
  component: { ...DEMO_PLATFORM, authorizers: DEMO_BRANDS.map(({ appId, name }) => ({ appId, name })) },
};

/** True when `mock` emulates the demo's platform (an injected default emulator emulates another one). */
export function emulatesDemoPlatform(mock: WechatMock): boolean {
  return mock.component.appId === DEMO_PLATFORM.appId;
}

/** Each emulator of this process, named once: the credentials file says which one issued what it holds. */
const emulatorIds = new WeakMap<WechatMock, string>();

/**
 * `credentials.db` in the data folder, for `mock`. Its tokens, tickets and refresh tokens exist only in the emulator
 * that issued them, so a file written with another emulator (the demo's previous run) is started afresh.
 */
export function credentialsFileFor(dataDir: string, mock: WechatMock): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'credentials.db');
  const markerFile = join(dataDir, 'credentials.emulator');
  let id = emulatorIds.get(mock);
  if (id === undefined) {
    id = randomUUID();
    emulatorIds.set(mock, id);
  }
  if (readOrUndefined(markerFile) !== id) {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(file + suffix, { force: true });
    writeFileSync(markerFile, id);
  }
  return file;
}

/**
 * share's credential store in `file`. Where no SQLite loads (Node 20 without a built better-sqlite3), none: credentials
 * are then kept in memory, with one notice saying what a restart loses.
 */
export function openCredentialStore(file: string, logger: Pick<Logger, 'warn'>): (CredentialStore & { close(): void }) | undefined {
  try {
    return new SqliteStore({ filename: file });
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    logger.warn(`share demo: credentials are kept in memory: restarting share forgets the verify ticket and the authorizers. ${why}`);
    return undefined;
  }
}

function readOrUndefined(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
