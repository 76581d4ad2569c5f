#!/usr/bin/env node
// `npx @share/server check-card <page url>`: the `share-server` command. Checks a page's share card and exits 0
// when every rule passes, 1 when one fails, 2 when the page cannot be checked or the arguments are wrong.
import { parseArgs } from 'node:util';
import { CHECK_DEFAULTS, checkPage, type CheckReport } from './check-card/check-page.js';
import { CheckCardError } from './check-card/fetch-bounded.js';

const USAGE = `Usage: share-server check-card <page url> [--timeout <ms>]

Fetches the page and its card image and prints each card rule's verdict.
  --timeout  ms each download (page, image) may take, redirects included. Defaults to ${CHECK_DEFAULTS.timeoutMs}.
Exit code: 0 every rule passed, 1 a rule failed, 2 the page could not be checked or the arguments are wrong.`;

/** Writes `text` and exits with `code` once it is written (a pipe gets all of it). */
function finish(code: number, text: string, stream: NodeJS.WriteStream = process.stdout): void {
  stream.write(text, () => process.exit(code));
}

function usageError(message: string): void {
  finish(2, `share-server: ${message}\n\n${USAGE}\n`, process.stderr);
}

export function formatReport(report: CheckReport): string {
  const width = Math.max(...report.verdicts.map((verdict) => verdict.rule.length));
  const failed = report.verdicts.filter((verdict) => !verdict.ok).length;
  const lines = [
    `check-card ${report.pageUrl}`,
    `  title  ${report.card.title || '(empty)'}`,
    `  desc   ${report.card.desc || '(empty)'}`,
    `  link   ${report.card.link || '(empty)'}`,
    `  image  ${report.card.imgUrl.slice(0, 200) || '(none)'}`,
    ...report.notes.map((note) => `  note: ${note}`),
    '',
    ...report.verdicts.map((verdict) => `${verdict.ok ? 'ok  ' : 'FAIL'}  ${verdict.rule.padEnd(width)}  ${verdict.message}`),
    '',
    `${report.verdicts.length - failed} passed, ${failed} failed`,
  ];
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  let parsed;
  try {
    parsed = parseArgs({ allowPositionals: true, options: { timeout: { type: 'string' }, help: { type: 'boolean', short: 'h' } } });
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return finish(0, `${USAGE}\n`);
  const [command, url, ...extra] = positionals;
  if (command !== 'check-card') return usageError(command ? `unknown command "${command}"` : 'a command is needed');
  if (!url || extra.length > 0) return usageError('check-card takes one page url');
  const timeoutMs = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeoutMs !== undefined && !(Number.isInteger(timeoutMs) && timeoutMs > 0)) {
    return usageError(`--timeout must be a whole number of ms above 0, got "${values.timeout}"`);
  }
  try {
    const report = await checkPage(url, { timeoutMs });
    finish(report.verdicts.every((verdict) => verdict.ok) ? 0 : 1, formatReport(report));
  } catch (error) {
    const message = error instanceof CheckCardError ? error.message : `unexpected error: ${String(error).slice(0, 300)}`;
    finish(2, `check-card: ${message}\n`, process.stderr);
  }
}

void main();
