/**
 * Just enough of the tar format to read what `docker cp CONTAINER:PATH -`
 * writes for one path: the entry's type, link target and (small) content.
 */

export interface TarEntry {
  name: string;
  type: 'file' | 'symlink' | 'hardlink' | 'dir' | 'other';
  linkName: string;
  content: Buffer;
}

const BLOCK = 512;

function field(header: Buffer, start: number, length: number): string {
  const raw = header.subarray(start, start + length);
  const nul = raw.indexOf(0);
  return raw.subarray(0, nul < 0 ? length : nul).toString('utf8');
}

function octal(header: Buffer, start: number, length: number): number {
  const text = field(header, start, length).trim();
  return text ? parseInt(text, 8) : 0;
}

/** PAX extended header records: `<len> key=value\n`. */
function paxRecords(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let text = data.toString('utf8');
  while (text.length > 0) {
    const m = /^(\d+) /.exec(text);
    if (!m) break;
    const len = Number(m[1]);
    const record = text.slice(m[0].length, len - 1);
    const eq = record.indexOf('=');
    if (eq > 0) out[record.slice(0, eq)] = record.slice(eq + 1);
    text = text.slice(len);
  }
  return out;
}

/** The first real entry of a tar archive (PAX and GNU long-name headers applied), or null. */
export function firstTarEntry(tar: Buffer): TarEntry | null {
  let offset = 0;
  let pax: Record<string, string> = {};
  let longName: string | null = null;
  let longLink: string | null = null;
  while (offset + BLOCK <= tar.length) {
    const header = tar.subarray(offset, offset + BLOCK);
    if (header.every((b) => b === 0)) return null;
    const size = octal(header, 124, 12);
    const typeflag = String.fromCharCode(header[156] || 0x30);
    const data = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
    if (typeflag === 'x') {
      pax = { ...pax, ...paxRecords(data) };
      continue;
    }
    if (typeflag === 'g') continue;
    if (typeflag === 'L' || typeflag === 'K') {
      const value = data.toString('utf8').replace(/\0+$/, '');
      if (typeflag === 'L') longName = value;
      else longLink = value;
      continue;
    }
    const prefix = field(header, 345, 155);
    const name = pax.path ?? longName ?? (prefix ? `${prefix}/${field(header, 0, 100)}` : field(header, 0, 100));
    const linkName = pax.linkpath ?? longLink ?? field(header, 157, 100);
    const type =
      typeflag === '0' || typeflag === '\0' || typeflag === '7'
        ? 'file'
        : typeflag === '2'
          ? 'symlink'
          : typeflag === '1'
            ? 'hardlink'
            : typeflag === '5'
              ? 'dir'
              : 'other';
    return { name, type, linkName, content: Buffer.from(data) };
  }
  return null;
}
