// Keeps the results table in bench/README.md in step with results.md (between two marker comments).

export const START = '<!-- results:start -->';
export const END = '<!-- results:end -->';

/** Replaces what lies between the markers with the results, headings demoted one level; throws without markers. */
export function spliceResults(readme: string, results: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start === -1 || end < start) throw new Error(`bench/README.md needs the markers ${START} and ${END}`);
  const body = results.trim().replace(/^(#+) /gm, '#$1 ');
  return `${readme.slice(0, start + START.length)}\n${body}\n${readme.slice(end)}`;
}
