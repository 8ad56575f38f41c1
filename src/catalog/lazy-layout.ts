/**
 * Reads the shipped catalog snapshot without parsing all of it.
 *
 * The snapshot is ~1 MB of JSON for ~550 repositories, and a run touches one
 * or two of them: parsing and validating it all was a tenth of a one-file
 * run (and most of its garbage collection). The file is written by
 * serializeCatalog (./catalog-data.ts) with one repository header per line
 * (`    "<repo>": [`) and its definitions on the following lines, so the
 * repositories can be found with string searches and each array parsed on
 * first use. Any text that doesn't have exactly that layout returns null and
 * is parsed whole as before.
 */

export interface LazyCatalogText {
  /** The top-level fields (source, commit, date ...) with an empty `repos`. */
  header: Record<string, unknown>;
  /** Repository -> the JSON text of its definitions array, in file order. */
  repos: Map<string, string>;
}

const REPOS_LINE = '\n  "repos": {\n';
const REPO_HEADER = '\n    "';
const ARRAY_END = '\n    ]';
const FILE_END = '\n  }\n}';

export function splitCatalogText(text: string): LazyCatalogText | null {
  const reposAt = text.indexOf(REPOS_LINE);
  if (reposAt < 0) return null;
  let header: unknown;
  try {
    header = JSON.parse(`${text.slice(0, reposAt)}\n  "repos": {}\n}`);
  } catch {
    return null;
  }
  if (!header || typeof header !== 'object') return null;

  const repos = new Map<string, string>();
  let at = reposAt + REPOS_LINE.length - 1; // on the newline before the first repository header
  let more = true;
  while (more && text.startsWith(REPO_HEADER, at)) {
    const lineEnd = text.indexOf('\n', at + 1);
    if (lineEnd < 0) return null;
    const line = text.slice(at + 1, lineEnd);
    const m = /^ {4}("(?:[^"\\]|\\.)*"): \[$/.exec(line);
    if (!m) return null;
    const name = JSON.parse(m[1]!) as string;
    const close = text.indexOf(ARRAY_END, lineEnd);
    if (close < 0 || repos.has(name)) return null;
    const after = close + ARRAY_END.length;
    repos.set(name, text.slice(lineEnd - 1, after)); // `[` ... `]`
    more = text.charAt(after) === ',';
    at = more ? after + 1 : after;
  }
  if (more && repos.size > 0) return null; // a comma after the last array
  // The last array is followed by the closing braces and nothing else.
  if (!text.startsWith(FILE_END, at) || text.slice(at + FILE_END.length).trim() !== '') return null;
  return { header: header as Record<string, unknown>, repos };
}
