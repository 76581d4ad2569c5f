// The part of jsdom's API the tests use (jsdom ships no types; @types/jsdom is not a dependency).
declare module 'jsdom' {
  import type { EventEmitter } from 'node:events';

  export class VirtualConsole extends EventEmitter {}

  export interface ConstructorOptions {
    url?: string;
    runScripts?: 'dangerously' | 'outside-only';
    virtualConsole?: VirtualConsole;
    beforeParse?(window: Window & typeof globalThis): void;
  }

  export class JSDOM {
    constructor(html?: string, options?: ConstructorOptions);
    readonly window: Window & typeof globalThis & { eval(code: string): unknown };
    readonly virtualConsole: VirtualConsole;
  }
}
