/** A Server-Sent Events reader over a fetch body, for tests of streaming routes. */
export interface SseEvent {
  name: string;
  data: Record<string, unknown>;
}

/** Reads events until `predicate` accepts one; `buffer` carries what was read past it. */
export async function nextEvent(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  buffer: { text: string },
  predicate: (event: SseEvent) => boolean,
): Promise<SseEvent> {
  const decoder = new TextDecoder();
  for (;;) {
    let boundary = buffer.text.indexOf('\n\n');
    while (boundary >= 0) {
      const block = buffer.text.slice(0, boundary);
      buffer.text = buffer.text.slice(boundary + 2);
      const name = /^event: (.+)$/m.exec(block)?.[1];
      const data = /^data: (.+)$/m.exec(block)?.[1];
      if (name && data) {
        const event = { name, data: JSON.parse(data) as Record<string, unknown> };
        if (predicate(event)) return event;
      }
      boundary = buffer.text.indexOf('\n\n');
    }
    const { value, done } = await reader.read();
    if (done) throw new Error('stream ended');
    buffer.text += decoder.decode(value, { stream: true });
  }
}
