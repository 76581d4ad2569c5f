// The fenced code blocks of a markdown file, with the line each starts on (CommonMark fences: ``` or ~~~, indented
// up to the list item's depth; the info string's first word is the language).
import { readFileSync } from 'node:fs';

export interface CodeBlock {
  /** The markdown file, relative to the repository's root. */
  file: string;
  /** The line of the opening fence, 1-based. */
  line: number;
  /** The info string's first word, '' for a bare fence. */
  lang: string;
  /** The block's text with the fence's indentation removed, ending with a newline. */
  code: string;
}

const OPENING = /^( *)(`{3,}|~{3,})\s*([^\s`]*)/;

export function codeBlocks(root: URL, file: string): CodeBlock[] {
  const lines = readFileSync(new URL(file, root), 'utf8').split('\n');
  const blocks: CodeBlock[] = [];
  let index = 0;
  while (index < lines.length) {
    const opening = OPENING.exec(lines[index] ?? '');
    index += 1;
    if (!opening) continue;
    const [, indent = '', fence = '', lang = ''] = opening;
    const start = index;
    while (index < lines.length && !isClosing(lines[index] ?? '', fence)) index += 1;
    const body = lines.slice(start, index).map((text) => (text.startsWith(indent) ? text.slice(indent.length) : text.trimStart()));
    blocks.push({ file, line: start, lang, code: body.map((text) => `${text}\n`).join('') });
    index += 1;
  }
  return blocks;
}

function isClosing(text: string, fence: string): boolean {
  const trimmed = text.trim();
  return trimmed.startsWith(fence) && /^[`~]+$/.test(trimmed) && trimmed.length >= fence.length;
}
