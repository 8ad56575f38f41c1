/**
 * Converts dockerfile-ast's {line, character} positions into string offsets.
 * Line breaks are counted exactly as vscode-languageserver-textdocument (which
 * dockerfile-ast uses) counts them: `\r\n`, `\n` and a lone `\r` each end a line.
 */
export interface Position {
  line: number;
  character: number;
}

export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const ch = text.charCodeAt(i);
      if (ch === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (ch === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  offsetAt(pos: Position): number {
    if (pos.line >= this.starts.length) return this.text.length;
    const lineStart = this.starts[pos.line]!;
    const next = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1]! : this.text.length;
    return Math.min(lineStart + pos.character, next);
  }

  /** 0-based line and character of an offset. */
  positionAt(offset: number): Position {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }

  lineStart(line: number): number {
    return this.starts[Math.min(line, this.starts.length - 1)]!;
  }

  /** Offset just past the line break that ends `line` (or text end on the last line). */
  nextLineStart(line: number): number {
    return line + 1 < this.starts.length ? this.starts[line + 1]! : this.text.length;
  }
}
