// The one bounded body reader: whole answers as they are, longer ones cut at the cap with the download cancelled.
import { describe, expect, it } from 'vitest';
import { readCapped } from '../src/read-capped.js';

/** A body of `chunks`, telling whether it was cancelled and how many chunks were pulled. */
function body(chunks: string[]) {
  const state = { cancelled: false, pulled: 0 };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const next = chunks[state.pulled++];
      if (next === undefined) controller.close();
      else controller.enqueue(new TextEncoder().encode(next));
    },
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

describe('readCapped', () => {
  it('reads a body within the cap whole', async () => {
    const { stream, state } = body(['{"a":', '1}']);
    const read = await readCapped(stream, 7);
    expect([read.bytes.toString(), read.truncated, state.cancelled]).toEqual(['{"a":1}', false, false]);
  });

  it('cuts a longer body at the cap and cancels the rest of the download', async () => {
    const { stream, state } = body(['12345', '67890', 'never pulled', 'nor this']);
    const read = await readCapped(stream, 7);
    expect([read.bytes.toString(), read.truncated, state.cancelled]).toEqual(['1234567', true, true]);
    expect(state.pulled).toBeLessThanOrEqual(3);
  });

  it('reads no body as empty', async () => {
    expect(await readCapped(null, 10)).toEqual({ bytes: Buffer.alloc(0), truncated: false });
  });
});
