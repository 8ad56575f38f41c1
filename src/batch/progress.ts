/**
 * Progress on stderr. On a terminal: one line redrawn in place (at most ten
 * times a second) with a bar, repositories and files done, the rate and an
 * ETA; problems are printed above it. Elsewhere (CI logs, pipes): one plain
 * line per finished repository. Quiet: only problems.
 */
import type { RepoEntry } from './types.js';

export type ProgressStyle = 'tty' | 'plain' | 'quiet';

export interface ProgressOptions {
  style: ProgressStyle;
  write: (text: string) => void;
  total: number;
  columns?: () => number;
  now?: () => number;
}

export class Progress {
  private files = 0;
  private repos = 0;
  private readonly start: number;
  private lastDraw = -Infinity;
  private drawn = false;
  private readonly now: () => number;

  constructor(private readonly opts: ProgressOptions) {
    this.now = opts.now ?? (() => performance.now());
    this.start = this.now();
  }

  fileDone(): void {
    this.files++;
    this.draw(false);
  }

  repoDone(entry: RepoEntry): void {
    this.repos++;
    if (this.opts.style === 'plain') {
      const s = entry.summary;
      const what =
        entry.status === 'error'
          ? `error: ${entry.error}`
          : entry.status === 'no-dockerfiles'
            ? 'no Dockerfiles'
            : `${s.files} ${s.files === 1 ? 'file' : 'files'}, ${s.changed} changed${s.errors > 0 ? `, ${s.errors} with errors` : ''}`;
      this.opts.write(`[${this.repos}/${this.opts.total}] ${entry.path}: ${what} (${this.stats()})\n`);
    }
    this.draw(false);
  }

  /** A line that must be seen (an error), printed above the progress line. */
  problem(line: string): void {
    this.clear();
    this.opts.write(line.endsWith('\n') ? line : line + '\n');
    this.draw(true);
  }

  /** Clears the progress line and returns the closing line (`42 repositories, ... in 3.1 s`). */
  finish(): string {
    this.clear();
    const seconds = this.elapsed();
    return `${this.repos} ${this.repos === 1 ? 'repository' : 'repositories'}, ${this.files} ${this.files === 1 ? 'file' : 'files'} in ${seconds.toFixed(1)} s (${rate(this.files, seconds)} files/s)\n`;
  }

  private elapsed(): number {
    return Math.max(0, (this.now() - this.start) / 1000);
  }

  private stats(): string {
    const seconds = this.elapsed();
    const parts = [`${this.files} ${this.files === 1 ? 'file' : 'files'}`, `${rate(this.files, seconds)} files/s`];
    if (this.repos > 0 && this.repos < this.opts.total) {
      parts.push(`ETA ${clock((seconds * (this.opts.total - this.repos)) / this.repos)}`);
    }
    return parts.join(', ');
  }

  private draw(force: boolean): void {
    if (this.opts.style !== 'tty') return;
    const now = this.now();
    if (!force && now - this.lastDraw < 100 && this.repos < this.opts.total) return;
    this.lastDraw = now;
    const columns = Math.max(40, (this.opts.columns?.() ?? 80) - 1);
    const text = ` ${this.repos}/${this.opts.total} repos, ${this.stats()}`;
    const barWidth = Math.max(10, Math.min(30, columns - text.length - 2));
    const filled = this.opts.total === 0 ? barWidth : Math.round((barWidth * this.repos) / this.opts.total);
    const line = `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]${text}`;
    this.opts.write(`\r\x1b[2K${line.slice(0, columns)}`);
    this.drawn = true;
  }

  private clear(): void {
    if (!this.drawn) return;
    this.opts.write('\r\x1b[2K');
    this.drawn = false;
  }
}

function rate(files: number, seconds: number): string {
  return seconds > 0 ? (files / seconds).toFixed(1) : '0.0';
}

function clock(seconds: number): string {
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${sec}` : `${m}:${sec}`;
}
