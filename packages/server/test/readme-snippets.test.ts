// Every fenced code block of the READMEs and the troubleshooting page is covered: equal to a tested file, run
// against the emulated WeChat API, type-checked against the workspace's packages, its script tag's data-* checked,
// or listed as shell or output with the reason. A new block without an entry below fails the first test.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { createInterface } from 'node:readline';
import { createWechatMock, DEFAULT_ACCOUNT, DEFAULT_CORP } from '@share/wechat-mock';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The redis-store package's own test server: a private redis-server on a free port, persistence off.
import { redisAvailable, startRedisServer, type RedisServer } from '../../redis-store/test/helpers/redis-server.js';
import { codeBlocks, type CodeBlock } from './helpers/markdown-blocks.js';
import { REPO_ROOT, snippetProject, type SnippetProject } from './helpers/snippet-project.js';

const MARKDOWN = [
  'README.md',
  'packages/server/README.md',
  'packages/client/README.md',
  'packages/analytics-sqlite/README.md',
  'packages/redis-store/README.md',
  'packages/wechat-mock/README.md',
  'docs/troubleshooting.md',
];

/** How a block is covered. */
type Check =
  | { kind: 'file'; path: string } // the block is this repository file, which its own test runs
  // A server: started on an ephemeral port, asked once. `app.listen(3000)` becomes port 0; a fragment gets the lines a
  // user writes around it (`prelude`, and `listen` in place of a listen it lacks).
  // A TypeScript block is compiled to JavaScript first (decorators as `tsc` emits them).
  | {
      kind: 'run';
      query: string;
      expectBody: (body: Record<string, unknown>) => void;
      prelude?: string;
      listen?: string;
      /** What the reader sets besides the emulator's variables. */
      env?: Record<string, string>;
      /** A private redis-server, as REDIS_URL; after the request, share's keys must be in it. */
      redis?: true;
    }
  | { kind: 'script'; print: string; expectPrinted: (printed: Record<string, unknown>) => void } // an ES module, run to its end
  | { kind: 'typecheck'; prelude?: string; wrap?: (code: string) => string } // compiled with tsc, strict
  | { kind: 'attributes' } // a page's script tags: share.min.js's data-* attributes are options the client reads
  | { kind: 'shell' } // commands for the reader's terminal
  | { kind: 'prose'; reason: string }; // not code: what a command or the server prints

interface Entry {
  file: string;
  /** Text found in exactly one block of the file: the block this entry covers. */
  marks: string;
  check: Check;
}

const APP = "import type { Express } from 'express';\ndeclare const app: Express;\n";
const WXSHARE = "import { wxShare } from '@share/server';\n";
const REDIS_STORE = "import { RedisStore } from '@share/redis-store';\n";
const WX = 'declare const wx: { config(options: object): void };\n';
const signed = (body: Record<string, unknown>) => {
  expect(body).toMatchObject({ appId: DEFAULT_ACCOUNT.appId, url: 'https://example.com/' });
  expect(body.signature).toMatch(/^[0-9a-f]{40}$/);
};
const TRANSPILE: ts.CompilerOptions = {
  module: ts.ModuleKind.ESNext,
  target: ts.ScriptTarget.ES2022,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
};
/** A snippet's process is killed past this, whatever it does. */
const CHILD_MS = 12_000;
const LISTEN = "const server = app.listen(0, '127.0.0.1', () => console.log(`PORT=${server.address().port}`));\n";
const EXPRESS_APP = "import express from 'express';\nconst app = express();\n";
const ANALYTICS = {
  kind: 'run',
  query: '/wx/signature?url=https%3A%2F%2Fexample.com%2F',
  expectBody: (body: Record<string, unknown>) => {
    signed(body);
    expect(body.events).toBe('/wx/event'); // analytics on: the client is told where to report
  },
  prelude: EXPRESS_APP,
  listen: LISTEN,
  env: { ANALYTICS_KEY: 'readme-analytics-key-0123456789' },
} as const;
const SIGNATURE = { kind: 'run', query: '/wx/signature?url=https%3A%2F%2Fexample.com%2F', expectBody: signed } as const;

const ENTRIES: Entry[] = [
  // README.md
  { file: 'README.md', marks: 'pnpm@10.34.8 demo', check: { kind: 'shell' } },
  {
    file: 'README.md',
    marks: "type: 'wecom'",
    check: {
      kind: 'run',
      query: '/wx/signature?container=wecom&url=https%3A%2F%2Fexample.com%2F',
      expectBody: (body) => {
        expect(body).toMatchObject({ appId: DEFAULT_CORP.corpId, url: 'https://example.com/' });
        expect(body.agentConfig).toMatchObject({ corpid: DEFAULT_CORP.corpId, agentid: DEFAULT_CORP.apps[0]?.agentId });
      },
    },
  },
  { file: 'README.md', marks: "app.use(wxShare({ allowedHosts: ['example.com'], cors: true }));", check: SIGNATURE },
  { file: 'README.md', marks: '<script src="https://api.example.com/wx/share.min.js">', check: { kind: 'attributes' } },
  {
    file: 'README.md',
    marks: 'router.afterEach',
    check: { kind: 'typecheck', prelude: 'declare const router: { afterEach(hook: () => void): void };\n' },
  },
  { file: 'README.md', marks: 'new RedisStore({ client: redis', check: { ...SIGNATURE, prelude: EXPRESS_APP + WXSHARE, listen: LISTEN, redis: true } },
  {
    file: 'README.md',
    marks: 'tokenServiceClient(',
    check: {
      kind: 'typecheck',
      prelude: `${APP + WXSHARE}import type { CredentialStore } from '@share/server';\ndeclare const store: CredentialStore;\ndeclare const token: string;\n`,
    },
  },
  // packages/server/README.md
  { file: 'packages/server/README.md', marks: 'npm install @share/server express', check: { kind: 'shell' } },
  { file: 'packages/server/README.md', marks: 'or just app.use(wxShare())', check: SIGNATURE },
  {
    file: 'packages/server/README.md',
    marks: "hosts: '{appid}.h5.example.com'",
    check: { kind: 'typecheck', prelude: `${EXPRESS_APP}${WXSHARE}${REDIS_STORE}declare const client: ConstructorParameters<typeof RedisStore>[0]['client'];\n` },
  },
  { file: 'packages/server/README.md', marks: '<script src="https://api.example.com/wx/share.min.js">', check: { kind: 'attributes' } },
  { file: 'packages/server/README.md', marks: "jsApiList: ['updateAppMessageShareData'", check: { kind: 'typecheck', prelude: WX } },
  { file: 'packages/server/README.md', marks: 'minFetchIntervalMs: 60_000', check: { ...SIGNATURE, prelude: EXPRESS_APP + WXSHARE, listen: LISTEN } },
  {
    file: 'packages/server/README.md',
    marks: 'export class AppModule',
    check: {
      ...SIGNATURE,
      prelude: "import 'reflect-metadata';\n",
      listen:
        "import { NestFactory } from '@nestjs/core';\nconst app = await NestFactory.create(AppModule, { logger: false });\n" +
        "await app.listen(0, '127.0.0.1');\nconsole.log(`PORT=${app.getHttpServer().address().port}`);\n",
    },
  },
  { file: 'packages/server/README.md', marks: 'app/middleware/wx_share.js', check: { kind: 'file', path: 'examples/egg/app/middleware/wx_share.js' } },
  { file: 'packages/server/README.md', marks: 'config/config.default.js', check: { kind: 'file', path: 'examples/egg/config/config.default.js' } },
  {
    file: 'packages/server/README.md',
    marks: "import Router from '@koa/router';",
    check: { ...SIGNATURE, prelude: "import Koa from 'koa';\nconst app = new Koa();\n", listen: LISTEN },
  },
  {
    file: 'packages/server/README.md',
    marks: 'reply.hijack()',
    check: {
      ...SIGNATURE,
      prelude: "import Fastify from 'fastify';\nconst fastify = Fastify();\n",
      listen: "await fastify.listen({ port: 0, host: '127.0.0.1' });\nconsole.log(`PORT=${fastify.server.address().port}`);\n",
    },
  },
  { file: 'packages/server/README.md', marks: 'app/wx/[file]/route.ts', check: { kind: 'file', path: '.ci/fixtures/nextjs/app/wx/[file]/route.ts' } },
  {
    file: 'packages/server/README.md',
    marks: 'Bun.serve(',
    check: {
      kind: 'typecheck',
      prelude:
        "import { Hono } from 'hono';\nimport type { HttpBindings } from '@hono/node-server';\nimport { createFetchHandler } from '@share/server';\n" +
        'const app = new Hono<{ Bindings: HttpBindings }>();\nconst share = createFetchHandler();\n' +
        'declare const Bun: { serve(options: { fetch(request: Request, server: { requestIP(request: Request): { address: string } | null }): Promise<Response> }): unknown };\n',
    },
  },
  {
    file: 'packages/server/README.md',
    marks: 'const signer = createSigner(',
    check: {
      kind: 'script',
      print: '{ appId, timestamp, nonceStr, signature }',
      expectPrinted: (printed) => {
        expect(printed).toMatchObject({ appId: DEFAULT_ACCOUNT.appId, timestamp: expect.any(Number), nonceStr: expect.any(String) });
        expect(printed.signature).toMatch(/^[0-9a-f]{40}$/);
      },
    },
  },
  {
    file: 'packages/server/README.md',
    marks: 'share.signer.stats()',
    check: {
      kind: 'run',
      query: '/admin/wx-stats',
      expectBody: (body) => expect(body.signatures).toEqual({ hits: 0, misses: 0, size: 0, bytes: 0 }),
      prelude: EXPRESS_APP + WXSHARE,
      listen: LISTEN,
    },
  },
  {
    file: 'packages/server/README.md',
    marks: 'renderConfigScript(await signRequest(share.signer, req))',
    check: { kind: 'typecheck', prelude: 'declare const articles: { get(id: string): Promise<unknown> };\n' },
  },
  { file: 'packages/server/README.md', marks: 'views/article.ejs', check: { kind: 'attributes' } },
  { file: 'packages/server/README.md', marks: 'proxy_pass http://127.0.0.1:3000;', check: { kind: 'prose', reason: 'nginx configuration, not JavaScript' } },
  { file: 'packages/server/README.md', marks: "app.set('trust proxy', 'loopback'); // or", check: { kind: 'typecheck', prelude: APP } },
  {
    file: 'packages/server/README.md',
    marks: "appId: 'wxcccccccccccccccc'",
    check: { kind: 'typecheck', prelude: `${APP + WXSHARE}declare const tokenServer: { get(appId: string): Promise<string> };\n` },
  },
  { file: 'packages/server/README.md', marks: "corpId: 'ww5f3a2b1c0d9e8f70'", check: { kind: 'typecheck', prelude: APP + WXSHARE } },
  { file: 'packages/server/README.md', marks: 'const fresh = await tokens.reportInvalid(token);', check: { kind: 'typecheck', prelude: APP } },
  { file: 'packages/server/README.md', marks: "filename: './share-analytics.db' }), keys", check: { ...ANALYTICS, prelude: EXPRESS_APP + WXSHARE } },
  {
    file: 'packages/server/README.md',
    marks: 'store: new MemoryAnalyticsStore()',
    check: {
      kind: 'typecheck',
      prelude: `${WXSHARE}import { MemoryAnalyticsStore } from '@share/server/analytics';\n`,
      wrap: (code) => `wxShare({\n${code}});\n`,
    },
  },
  { file: 'packages/server/README.md', marks: 'npx @share/server check-card https://', check: { kind: 'shell' } },
  { file: 'packages/server/README.md', marks: '13 passed, 1 failed', check: { kind: 'prose', reason: "check-card's output (test/check-card tests its lines)" } },
  // packages/client/README.md
  { file: 'packages/client/README.md', marks: 'data-endpoint="https://api.example.com/wx/signature"', check: { kind: 'attributes' } },
  {
    file: 'packages/client/README.md',
    marks: "openTags: ['wx-open-launch-weapp']",
    check: {
      kind: 'typecheck',
      prelude: 'declare const app: { mount(selector: string): void };\ndeclare const router: { afterEach(hook: () => void): void };\n',
    },
  },
  {
    file: 'packages/client/README.md',
    marks: 'canonicalUrlOfThisPage',
    check: {
      kind: 'typecheck',
      prelude:
        "import { share } from '@share/client';\ndeclare const ogTitle: string, ogDescription: string, metaDescription: string;\n" +
        'declare const ogImage: string, canonicalUrlOfThisPage: string;\n',
    },
  },
  {
    file: 'packages/client/README.md',
    marks: 'onShareAppMessage(options)',
    check: {
      kind: 'typecheck',
      prelude:
        'type Card = { title?: string; imgUrl?: string; link?: string };\n' +
        'type PageThis = { data: { url: string; card: Card | null }; setData(data: object): void };\n' +
        'declare function Page(options: Record<string, unknown> & ThisType<PageThis>): void;\n',
    },
  },
  // packages/analytics-sqlite/README.md
  { file: 'packages/analytics-sqlite/README.md', marks: 'new SqliteAnalyticsStore(', check: { ...ANALYTICS, prelude: EXPRESS_APP } },
  { file: 'packages/analytics-sqlite/README.md', marks: 'new SqliteStore({', check: { ...SIGNATURE, prelude: EXPRESS_APP, listen: LISTEN } },
  // packages/redis-store/README.md
  { file: 'packages/redis-store/README.md', marks: 'new Redis(process.env.REDIS_URL);', check: { ...SIGNATURE, prelude: EXPRESS_APP, listen: LISTEN, redis: true } },
  {
    file: 'packages/redis-store/README.md',
    marks: "import { createClient } from 'redis';",
    check: { ...SIGNATURE, prelude: EXPRESS_APP + WXSHARE + REDIS_STORE, listen: LISTEN, redis: true },
  },
  {
    file: 'packages/redis-store/README.md',
    marks: 'myClient.command(args)',
    check: { kind: 'typecheck', prelude: `${REDIS_STORE}declare const myClient: { command(args: string[]): Promise<unknown> };\n` },
  },
  {
    file: 'packages/redis-store/README.md',
    marks: "channel: 'share:changes'",
    check: { kind: 'typecheck', prelude: `${REDIS_STORE}import { Redis } from 'ioredis';\nconst client = new Redis();\n` },
  },
  { file: 'packages/redis-store/README.md', marks: 'new Cluster([', check: { kind: 'typecheck' } },
  { file: 'packages/redis-store/README.md', marks: 'createCluster({', check: { kind: 'typecheck' } },
  // packages/wechat-mock/README.md
  {
    file: 'packages/wechat-mock/README.md',
    marks: 'const apiBase = await mock.listen();',
    check: { kind: 'script', print: '{ apiBase }', expectPrinted: (printed) => expect(printed.apiBase).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/) },
  },
  {
    file: 'packages/wechat-mock/README.md',
    marks: "app.use('/wechat-api', mock.handler);",
    check: { kind: 'typecheck', prelude: `${APP}import { createWechatMock } from '@share/wechat-mock';\nconst mock = createWechatMock();\n` },
  },
  {
    file: 'packages/wechat-mock/README.md',
    marks: "mock.fail('ticket', { errcode: -1 });",
    check: { kind: 'typecheck', prelude: "import { createWechatMock } from '@share/wechat-mock';\nimport { expect } from 'vitest';\n" },
  },
  { file: 'packages/wechat-mock/README.md', marks: 'npx @share/wechat-mock            #', check: { kind: 'shell' } },
  { file: 'packages/wechat-mock/README.md', marks: 'wechat-mock: the emulated WeChat API is listening on', check: { kind: 'prose', reason: "the command's output (packages/wechat-mock's CLI test checks these lines)" } },
  { file: 'packages/wechat-mock/README.md', marks: 'process.kill(-mock.pid);', check: { kind: 'typecheck' } },
  { file: 'packages/wechat-mock/README.md', marks: '/__wechat/bridge.js"></script>', check: { kind: 'attributes' } },
  { file: 'packages/wechat-mock/README.md', marks: 'dailyForceRefreshQuota: 20,', check: { kind: 'typecheck', prelude: "import { createWechatMock } from '@share/wechat-mock';\n" } },
  { file: 'packages/wechat-mock/README.md', marks: 'curl -X POST', check: { kind: 'shell' } },
  { file: 'packages/wechat-mock/README.md', marks: "aesKey: 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG'", check: { kind: 'typecheck', prelude: "import { createWechatMock } from '@share/wechat-mock';\n" } },
  { file: 'packages/wechat-mock/README.md', marks: 'mock.component.startPushing(', check: { kind: 'typecheck', prelude: "import { createWechatMock } from '@share/wechat-mock';\n" } },
  // docs/troubleshooting.md
  { file: 'docs/troubleshooting.md', marks: "answer.url === url ? 'same url'", check: { kind: 'typecheck' } },
  { file: 'docs/troubleshooting.md', marks: 'errcode 40164', check: { kind: 'prose', reason: "the server's error answer, as the user sees it" } },
  { file: 'docs/troubleshooting.md', marks: 'errcode 45009', check: { kind: 'prose', reason: "the server's log line, as the user sees it" } },
  { file: 'docs/troubleshooting.md', marks: 'errcode 40001', check: { kind: 'prose', reason: "the server's error answer, as the user sees it" } },
  { file: 'docs/troubleshooting.md', marks: 'forced access_token refreshes a day', check: { kind: 'prose', reason: "the server's error message, as the user sees it" } },
];

const blocks = MARKDOWN.flatMap((file) => codeBlocks(REPO_ROOT, file));
const where = (block: CodeBlock) => `${block.file}:${block.line} (${block.lang || 'no language'})`;
const blockOf = (entry: Entry) => {
  const found = blocks.filter((block) => block.file === entry.file && block.code.includes(entry.marks));
  if (found.length !== 1) throw new Error(`${entry.file}: ${found.length} blocks contain ${JSON.stringify(entry.marks)}, 1 expected`);
  return found[0] as CodeBlock;
};
const repoFile = (path: string) => readFileSync(new URL(path, REPO_ROOT), 'utf8');
const ofKind = <K extends Check['kind']>(kind: K) =>
  ENTRIES.filter((entry): entry is Entry & { check: Extract<Check, { kind: K }> } => entry.check.kind === kind);

describe('README code blocks', () => {
  it('every block has exactly one entry, and every entry names exactly one block', () => {
    const covered = new Map<CodeBlock, Entry[]>(blocks.map((block) => [block, []]));
    for (const entry of ENTRIES) covered.get(blockOf(entry))?.push(entry);
    const uncovered = [...covered].filter(([, entries]) => entries.length !== 1).map(([block, entries]) => `${where(block)}: ${entries.length} entries`);
    expect(uncovered).toEqual([]);
    expect(blocks.length).toBe(ENTRIES.length);
  });

  it.each(ofKind('file').map((entry) => [entry.check.path, entry] as const))('is the tested file %s', (path, entry) => {
    expect(blockOf(entry).code).toBe(repoFile(path));
  });

  it("uses on share.min.js's script tags only data-* attributes the client reads", () => {
    const types = repoFile('packages/client/src/types.ts');
    const options = [...types.matchAll(/interface (?:ShareOptions|ShareData)\b[^{]*\{([\s\S]*?)\n\}/g)].flatMap((match) =>
      [...(match[1] ?? '').matchAll(/^ {2}(\w+)\??:/gm)].map((member) => member[1]),
    );
    expect(options).toContain('endpoint');
    for (const entry of ofKind('attributes')) {
      const block = blockOf(entry);
      const tags = [...block.code.matchAll(/<script\b([^>]*)>/g)].map((match) => match[1] ?? '');
      expect(tags.length, where(block)).toBeGreaterThan(0);
      for (const tag of tags.filter((attributes) => /src="[^"]*share\.min\.js"/.test(attributes))) {
        const names = [...tag.matchAll(/\bdata-([a-z-]+)/g)].map((match) => (match[1] ?? '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase()));
        for (const name of names) expect(options, `${where(block)}: data-${name}`).toContain(name);
      }
    }
  });
});

describe('README code blocks for Node and the browser', () => {
  let project: SnippetProject;
  let redis: RedisServer | undefined;
  const needsRedis = ofKind('run').some((entry) => entry.check.redis);
  // Without redis-server the Redis snippets are skipped with a loud warning, and fail in CI (SHARE_REQUIRE_REDIS=1).
  const withRedis = needsRedis && redisAvailable();
  beforeAll(async () => {
    project = snippetProject();
    if (withRedis) redis = await startRedisServer();
  });
  afterAll(async () => {
    project.remove();
    await redis?.stop();
  });

  // TypeScript blocks compile under strict as a TypeScript user's project would; JavaScript blocks under strict
  // without null checks: their readers run them untyped (`process.env.X` as a value), and the check is then about
  // the names, the imports, the option names and their shapes.
  it.each([
    ['TypeScript', (lang: string) => lang === 'ts', true],
    ['JavaScript', (lang: string) => lang !== 'ts', false],
  ] as const)('%s blocks type-check with tsc against the workspace packages', (language, isOf, strictNullChecks) => {
    // The TypeScript blocks that run are type-checked too: a TypeScript reader compiles them first.
    const runs = ofKind('run').filter((entry) => blockOf(entry).lang === 'ts');
    const files = [...ofKind('typecheck'), ...ofKind('script'), ...runs]
      .map((entry) => ({ check: entry.check, block: blockOf(entry) }))
      .filter(({ block }) => isOf(block.lang))
      .map(({ check, block }, index) => {
        const code = check.kind === 'typecheck' && check.wrap ? check.wrap(block.code) : block.code;
        const prelude = (check.kind !== 'script' && check.prelude) || '';
        const name = `typecheck/${language}-${index}.ts`;
        // The lines before the block's first line: the prelude's, and the wrapper's opening.
        const before = `${prelude}${code.slice(0, code.indexOf(block.code))}`.split('\n').length - 1;
        return { block, before, path: project.write(name, `${prelude}${code}\nexport {};\n`) };
      });
    expect(files.length).toBeGreaterThan(0);
    const program = ts.createProgram(
      files.map((file) => file.path),
      {
        strict: true,
        strictNullChecks,
        noImplicitAny: false, // parameters a reader leaves untyped
        noEmit: true,
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.NodeNext,
        moduleResolution: ts.ModuleResolutionKind.NodeNext,
        lib: ['lib.es2023.d.ts', 'lib.dom.d.ts', 'lib.dom.iterable.d.ts'],
        types: ['node'],
        experimentalDecorators: true,
        skipLibCheck: true,
      },
    );
    const errors = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n');
      const file = files.find((candidate) => candidate.path === diagnostic.file?.fileName);
      if (!file || !diagnostic.file || diagnostic.start === undefined) return text;
      const { line } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start);
      return `${file.block.file}:${file.block.line + line - file.before + 1}: ${text}`;
    });
    expect(errors).toEqual([]);
  }, 40_000);

  describe.each(ofKind('run').map((entry) => [where(blockOf(entry)), entry] as const))('%s runs', (_, entry) => {
    it.skipIf(entry.check.redis && !withRedis)(`answers GET ${entry.check.query}`, async () => {
      const block = blockOf(entry);
      const { prelude = '', listen } = entry.check;
      if (!listen) expect(block.code).toContain('app.listen(3000);');
      const code = listen ? `${prelude}${block.code}${listen}` : `${prelude}${block.code.replace('app.listen(3000);', LISTEN)}`;
      const extension = /^import /m.test(code) ? 'mjs' : 'cjs';
      const javascript = block.lang === 'ts' ? ts.transpileModule(code, { compilerOptions: TRANSPILE }).outputText : code;
      const script = project.write(`run/${block.file.replaceAll('/', '-')}-${block.line}.${extension}`, javascript);
      const mock = createWechatMock();
      const env = { ...emulatorEnv(await mock.listen()), ...entry.check.env, ...(redis && { REDIS_URL: redis.url }) };
      if (redis) redisCli(redis.port, 'FLUSHALL');
      const child = spawn(process.execPath, [script], { cwd: project.dir, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: CHILD_MS });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      try {
        const port = await portOf(child.stdout, () => stderr);
        const answer = await fetch(`http://127.0.0.1:${port}${entry.check.query}`);
        const body = (await answer.json()) as Record<string, unknown>;
        expect(answer.status, JSON.stringify(body)).toBe(200);
        entry.check.expectBody(body);
        expect(JSON.stringify(body) + stderr).not.toContain(DEFAULT_ACCOUNT.appSecret);
        if (entry.check.redis) expect(redisCli(redis!.port, '--scan', '--pattern', 'share:*')).not.toBe('');
      } finally {
        child.kill();
        await mock.close();
      }
    }, 15_000);
  });

  describe.each(ofKind('script').map((entry) => [where(blockOf(entry)), entry] as const))('%s runs', (_, entry) => {
    it(`to its end, with ${entry.check.print}`, async () => {
      const block = blockOf(entry);
      const script = project.write(
        `run/${block.file.replaceAll('/', '-')}-${block.line}.mjs`,
        `${block.code}console.log(JSON.stringify(${entry.check.print}));\n`,
      );
      const mock = createWechatMock();
      const env = emulatorEnv(await mock.listen());
      try {
        const { code, stdout, stderr } = await run(script, env);
        expect(code, stderr).toBe(0);
        entry.check.expectPrinted(JSON.parse(stdout) as Record<string, unknown>);
        expect(stdout + stderr).not.toContain(DEFAULT_ACCOUNT.appSecret);
      } finally {
        await mock.close();
      }
    }, 15_000);
  });
});

/** redis-cli's output, trimmed. */
function redisCli(port: number, ...args: string[]): string {
  const result = spawnSync('redis-cli', ['-p', String(port), ...args], { encoding: 'utf8', timeout: CHILD_MS });
  if (result.status !== 0) throw new Error(`redis-cli ${args.join(' ')}: ${result.stderr || result.error?.message}`);
  return result.stdout.trim();
}

/** What a user sets to point an app at the emulator (what `npx @share/wechat-mock` prints). */
function emulatorEnv(apiBase: string): NodeJS.ProcessEnv {
  const [wecomApp] = DEFAULT_CORP.apps;
  return {
    PATH: process.env.PATH,
    WX_API_BASE: apiBase,
    WX_APPID: DEFAULT_ACCOUNT.appId,
    WX_APPSECRET: DEFAULT_ACCOUNT.appSecret,
    WECOM_API_BASE: apiBase,
    WECOM_CORP_ID: DEFAULT_CORP.corpId,
    WECOM_CORP_SECRET: wecomApp?.secret,
    WECOM_AGENT_ID: wecomApp?.agentId,
  };
}

/** Runs a script to its end (killed after CHILD_MS). */
function run(script: string, env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script], { cwd: dirname(script), env, stdio: ['ignore', 'pipe', 'pipe'], timeout: CHILD_MS });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The port the snippet's server prints, or its stderr if it exits first. */
async function portOf(stdout: NodeJS.ReadableStream, stderr: () => string): Promise<number> {
  for await (const line of createInterface({ input: stdout })) {
    const match = /^PORT=(\d+)$/.exec(line);
    if (match) return Number(match[1]);
  }
  throw new Error(`the snippet exited before listening: ${stderr()}`);
}

