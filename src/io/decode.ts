/**
 * Bytes <-> text for Dockerfiles, losslessly: `encodeDockerfile(decoded.text,
 * decoded.bom)` gives back the exact input bytes. Line endings are left in the
 * text untouched; `eol` only tells edit builders which ending to use for new
 * lines.
 */

/** Dockerfiles are small; anything bigger is almost certainly not one. */
export const MAX_DOCKERFILE_BYTES = 5 * 1024 * 1024;

/** How much of the file binary sniffing looks at (same window as git). */
const SNIFF_BYTES = 8 * 1024;
/** Share of control characters above which text is treated as binary. */
const MAX_CONTROL_SHARE = 0.1;

const UTF8_BOM = '\uFEFF';

export interface Decoded {
  /** File contents without the BOM, line endings as in the file. */
  text: string;
  bom: boolean;
  /** The dominant line ending; '\n' when the file has none. */
  eol: '\n' | '\r\n';
}

export interface DecodeError {
  kind: 'too-large' | 'binary' | 'invalid-utf8';
  /** A short reason for `<path>: <message>`; it does not repeat the path. */
  message: string;
  path: string;
}

export function isDecodeError(result: Decoded | DecodeError): result is DecodeError {
  return 'kind' in result;
}

export function decodeDockerfile(bytes: Buffer, path: string): Decoded | DecodeError {
  if (bytes.length > MAX_DOCKERFILE_BYTES) {
    return { kind: 'too-large', message: tooLargeMessage(bytes.length), path };
  }
  // UTF-16 is full of NUL bytes; name it instead of calling it binary, since
  // some Windows editors save Dockerfiles that way and Docker rejects them.
  if (hasUtf16Bom(bytes)) {
    return { kind: 'invalid-utf8', message: 'not valid UTF-8 (looks like UTF-16; save it as UTF-8)', path };
  }
  if (looksBinary(bytes.subarray(0, SNIFF_BYTES))) {
    return { kind: 'binary', message: 'binary file', path };
  }
  let decoded: string;
  try {
    // ignoreBOM keeps the BOM in the output so we strip exactly one, ourselves.
    decoded = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return { kind: 'invalid-utf8', message: 'not valid UTF-8', path };
  }
  const bom = decoded.startsWith(UTF8_BOM);
  const text = bom ? decoded.slice(1) : decoded;
  return { text, bom, eol: dominantEol(text) };
}

/**
 * Why a file was refused for its size. The cap keeps one stray log or dump
 * named like a Dockerfile from costing seconds of parsing (about 1 s per MiB)
 * and is far above any real Dockerfile. `size` is null when only a capped
 * read saw the excess (a pipe, or a file that grew after stat).
 */
export function tooLargeMessage(size: number | null): string {
  const limit = `${MAX_DOCKERFILE_BYTES / 1024 / 1024} MiB`;
  if (size === null) return `too large: over the ${limit} limit for a Dockerfile`;
  return `too large: ${(size / 1024 / 1024).toFixed(1)} MiB, over the ${limit} limit for a Dockerfile`;
}

export function encodeDockerfile(text: string, bom: boolean): Buffer {
  return Buffer.from(bom ? UTF8_BOM + text : text, 'utf8');
}

/** CRLF wins only with a strict majority; a tie goes to the first ending used. */
export function dominantEol(text: string): '\n' | '\r\n' {
  let crlf = 0;
  let lf = 0;
  let first: '\n' | '\r\n' | undefined;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    const isCrlf = i > 0 && text.charCodeAt(i - 1) === 0x0d;
    if (isCrlf) crlf++;
    else lf++;
    first ??= isCrlf ? '\r\n' : '\n';
  }
  if (crlf !== lf) return crlf > lf ? '\r\n' : '\n';
  return first ?? '\n';
}

function hasUtf16Bom(bytes: Buffer): boolean {
  return bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff));
}

function looksBinary(head: Buffer): boolean {
  if (head.includes(0)) return true;
  let control = 0;
  for (const byte of head) {
    // TAB, LF, VT, FF, CR and ESC (colour codes in echo strings) are text.
    const isText = (byte >= 0x09 && byte <= 0x0d) || byte === 0x1b;
    if ((byte < 0x20 && !isText) || byte === 0x7f) control++;
  }
  return head.length > 0 && control / head.length > MAX_CONTROL_SHARE;
}
