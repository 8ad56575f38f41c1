/**
 * The totals at the top of a batch report, accumulated one repository at a
 * time so a run never holds every repository's details. The result depends
 * only on the set of repositories, never on the order they finished in:
 * ties are broken by name and examples are the first in report order.
 */
import { comparePaths } from '../io/discover.js';
import { parseImageRef } from '../dockerfile/image-ref.js';
import { sortKeys } from './file-summary.js';
import type { CountedFollowUp, CountedImage, RepoEntry, Totals } from './types.js';

const TOP = 10;

interface Place {
  repo: string;
  path: string;
  line: number;
}

interface Group<T> {
  value: T;
  count: number;
  /** add() takes one repository at a time, so counting repositories only needs the last one seen. */
  repositories: number;
  lastRepo: string;
  first: Place;
}

export class TotalsAccumulator {
  private readonly t = {
    repositories: { total: 0, changed: 0, unchanged: 0, withoutDockerfiles: 0, failed: 0, withErrors: 0 },
    files: { total: 0, changed: 0, unchanged: 0, errors: 0, skipped: 0 },
    images: { total: 0, migrated: 0, unmapped: 0, alreadyDhi: 0 },
    warnings: 0,
    followUps: 0,
  };
  private readonly byRule = new Map<string, number>();
  private readonly unmapped = new Map<string, Group<{ image: string; reason: string }>>();
  private readonly followUps = new Map<
    string,
    Group<{ ruleId: string; severity: CountedFollowUp['severity']; message: string; example: string }>
  >();

  add(repo: RepoEntry): void {
    const t = this.t;
    t.repositories.total++;
    if (repo.status === 'changed') t.repositories.changed++;
    else if (repo.status === 'unchanged') t.repositories.unchanged++;
    else if (repo.status === 'no-dockerfiles') t.repositories.withoutDockerfiles++;
    else t.repositories.failed++;
    if (repo.status === 'error' || repo.summary.errors > 0) t.repositories.withErrors++;

    const s = repo.summary;
    t.files.total += s.files;
    t.files.changed += s.changed;
    t.files.unchanged += s.unchanged;
    t.files.errors += s.errors;
    t.files.skipped += s.skipped;
    t.images.total += s.images;
    t.images.migrated += s.migrated;
    t.images.unmapped += s.unmapped;
    t.images.alreadyDhi += s.alreadyDhi;
    t.warnings += s.warnings;
    t.followUps += s.followUps;

    for (const file of repo.files) {
      for (const [rule, n] of Object.entries(file.changesByRule)) this.byRule.set(rule, (this.byRule.get(rule) ?? 0) + n);
      for (const image of file.images) {
        if (image.status !== 'unmapped') continue;
        const name = parseImageRef(image.from)?.name ?? image.from;
        count(
          this.unmapped,
          name,
          repo.name,
          { repo: repo.name, path: file.path, line: image.line },
          { image: name, reason: image.reason ?? '' },
        );
      }
      for (const f of file.followUps) {
        const message = maskSpecifics(f.message);
        const place = { repo: repo.name, path: file.path, line: f.line };
        count(this.followUps, `${f.ruleId}\0${f.severity}\0${message}`, repo.name, place, {
          ruleId: f.ruleId,
          severity: f.severity,
          message,
          example: `${repo.name}/${file.path}:${f.line}`,
        });
      }
    }
  }

  totals(): Totals {
    const t = this.t;
    return {
      repositories: { ...t.repositories },
      files: { ...t.files },
      images: { ...t.images },
      percent: {
        repositoriesChanged: percent(t.repositories.changed, t.repositories.total),
        filesChanged: percent(t.files.changed, t.files.total),
        imagesMigrated: percent(t.images.migrated, t.images.total),
        imagesOnDhi: percent(t.images.migrated + t.images.alreadyDhi, t.images.total),
      },
      changesByRule: sortKeys(Object.fromEntries(this.byRule)),
      warnings: t.warnings,
      followUps: t.followUps,
      topUnmapped: top(this.unmapped).map((g): CountedImage => ({
        image: g.value.image,
        count: g.count,
        repositories: g.repositories,
        reason: g.value.reason,
      })),
      topFollowUps: top(this.followUps).map((g): CountedFollowUp => ({ ...g.value, count: g.count, repositories: g.repositories })),
    };
  }
}

function count<T>(groups: Map<string, Group<T>>, key: string, repo: string, place: Place, value: T): void {
  const g = groups.get(key);
  if (!g) {
    groups.set(key, { value, count: 1, repositories: 1, lastRepo: repo, first: place });
    return;
  }
  g.count++;
  if (g.lastRepo !== repo) {
    g.repositories++;
    g.lastRepo = repo;
  }
  if (comparePlaces(place, g.first) < 0) {
    g.first = place;
    g.value = value;
  }
}

function top<T>(groups: Map<string, Group<T>>): (Group<T> & { key: string })[] {
  return [...groups]
    .map(([key, g]) => ({ ...g, key }))
    .sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .slice(0, TOP);
}

function comparePlaces(a: Place, b: Place): number {
  return comparePaths(a.repo, b.repo) || comparePaths(a.path, b.path) || a.line - b.line;
}

function percent(part: number, whole: number): number | null {
  return whole === 0 ? null : Math.round((part / whole) * 1000) / 10;
}

/**
 * Follow-up messages name the image, tag, stage and line; masking those
 * (`python:3.9`, `'build'`, `42`) lets the same kind of follow-up from many
 * files count as one. Punctuation around a masked word is kept.
 */
export function maskSpecifics(message: string): string {
  return message
    .split(' ')
    .map((word) => {
      const m = /^([(\[]*)(.*?)([,;:.)\]]*)$/.exec(word)!;
      return /[0-9:/'"`@$]/.test(m[2]!) ? `${m[1]}…${m[3]}` : word;
    })
    .join(' ');
}
