// The README's recipes that live as files elsewhere in the repository: the README shows them as they are.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const repoFile = (path: string) => readFileSync(new URL(`../../../${path}`, import.meta.url), 'utf8');

describe('README recipes', () => {
  it('the Next.js route handler is .ci/fixtures/nextjs/app/wx/[file]/route.ts, which CI builds and serves', () => {
    expect(readme).toContain('```ts\n' + repoFile('.ci/fixtures/nextjs/app/wx/[file]/route.ts') + '```');
  });

  it('the Egg recipe is examples/egg: its middleware file and its config, tested against the answer table', () => {
    expect(readme).toContain('```js\n' + repoFile('examples/egg/app/middleware/wx_share.js') + '```');
    expect(readme).toContain('```js\n' + repoFile('examples/egg/config/config.default.js') + '```');
  });

  it('the NestJS recipe applies wxShare() the way examples/nestjs does', () => {
    const example = repoFile('examples/nestjs/app.js');
    expect(example).toContain("consumer.apply(share).forRoutes('wx/*path');");
    expect(readme).toContain("consumer.apply(wxShare({ allowedHosts: ['example.com'] })).forRoutes('wx/*path');");
  });

  it('the Hono recipe passes the client address as examples/hono does', () => {
    const line = "app.all('/wx/*', (c) => share(c.req.raw, { remoteAddress: c.env.incoming.socket.remoteAddress }));";
    expect(repoFile('examples/hono/app.js')).toContain(line);
    expect(readme).toContain(line);
  });
});
