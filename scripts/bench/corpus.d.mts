export declare const ECOSYSTEMS: readonly string[];

export interface CorpusFile {
  /** Relative path, `repo-0001/services/api/Dockerfile`. */
  path: string;
  repo: string;
  /** One of ECOSYSTEMS, or 'unchanged' for files with nothing to migrate. */
  ecosystem: string;
  text: string;
}

export interface CorpusOptions {
  count: number;
  seed?: number;
  perRepo?: number;
}

export declare function prng(seed: number): {
  next(): number;
  int(n: number): number;
  pick<T>(list: readonly T[]): T;
  chance(p: number): boolean;
};
export declare function generateCorpus(opts: CorpusOptions): CorpusFile[];
export declare function writeCorpus(dir: string, opts: CorpusOptions): CorpusFile[];
