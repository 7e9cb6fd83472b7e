import type { UploadedFile } from '../message-body.ts';

export interface MultipartBody {
  json: unknown;
  files: UploadedFile[];
}

function headerParam(header: string, name: string): string | undefined {
  const match = new RegExp(`${name}="([^"]*)"`, 'i').exec(header);
  return match?.[1];
}

/**
 * Minimal multipart/form-data reader for what discord.js sends with files: a `payload_json` part
 * and `files[n]` parts. File bytes are only measured, never kept.
 */
export function parseMultipart(buffer: Buffer, contentType: string): MultipartBody {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const marker = boundary?.[1] ?? boundary?.[2];
  if (!marker) throw new Error('multipart body without boundary');
  const delimiter = Buffer.from(`--${marker}`);
  const out: MultipartBody = { json: undefined, files: [] };
  let start = buffer.indexOf(delimiter);
  while (start !== -1) {
    const partStart = start + delimiter.length;
    if (buffer.subarray(partStart, partStart + 2).toString() === '--') break;
    const next = buffer.indexOf(delimiter, partStart);
    if (next === -1) break;
    const part = buffer.subarray(partStart + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    if (split !== -1) {
      const headers = part.subarray(0, split).toString();
      const content = part.subarray(split + 4);
      const name = headerParam(headers, 'name') ?? '';
      const filename = headerParam(headers, 'filename');
      const type = /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? null;
      if (filename !== undefined) {
        out.files.push({ field: name, filename, contentType: type, size: content.length });
      } else if (name === 'payload_json') {
        out.json = JSON.parse(content.toString());
      }
    }
    start = next;
  }
  return out;
}
