/** An answer body was larger than the connector accepts (a hostile or misconfigured endpoint). */
export class ResponseTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`the answer is larger than ${maxBytes} bytes; refused`);
    this.name = 'ResponseTooLargeError';
  }
}

/**
 * Reads a response body stream up to `maxBytes`, cancelling the stream (and so the connection) as soon as it
 * grows past the cap, so an endpoint can never make a connector buffer an unbounded answer.
 */
export async function readCappedBody(body: ReadableStream<Uint8Array> | null | undefined, maxBytes: number): Promise<Buffer> {
  if (!body) return Buffer.alloc(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel().catch(() => undefined);
      throw new ResponseTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks);
}
