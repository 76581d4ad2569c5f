// Reads an HTTP body (fetch's, already decompressed) up to a byte cap: the one bounded reader of every answer share
// fetches (WeChat's, the token service's, quota/get's, a page check-card fetches). Past the cap the download is
// cancelled, so a huge answer or a decompression bomb never costs more than the cap.

export interface CappedBody {
  /** What was read: all of it, or the first maxBytes. */
  bytes: Buffer;
  /** Whether the body went on past maxBytes (then `bytes` is its start and the rest was never downloaded). */
  truncated: boolean;
}

export async function readCapped(body: ReadableStream<Uint8Array> | null, maxBytes: number): Promise<CappedBody> {
  if (body === null) return { bytes: Buffer.alloc(0), truncated: false };
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return { bytes: Buffer.concat(chunks, size), truncated: false };
    const room = maxBytes - size;
    if (value.byteLength > room) {
      chunks.push(value.subarray(0, room));
      await reader.cancel().catch(() => undefined);
      return { bytes: Buffer.concat(chunks, maxBytes), truncated: true };
    }
    chunks.push(value);
    size += value.byteLength;
  }
}
