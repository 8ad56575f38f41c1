import { describe, expect, it } from 'vitest';
import { findingsOf, fixture, runRules } from '../test/rule-harness.js';

const run = (file: string) => findingsOf(runRules(['file-ownership'], fixture('file-ownership', file)), 'file-ownership');

describe('file-ownership', () => {
  it('names the chowned path, its owner, the line and stage that set it, and the user the app runs as', () => {
    const [f] = run('copy-from-chowned.before.Dockerfile');
    expect(f).toMatchObject({ severity: 'change', line: 7, applied: true });
    expect(f!.message).toBe(
      "COPY --from=build on line 7: /app/data was given to 1001:1001 (line 4, build stage 'build') and a copy between stages keeps that owner, but the app runs as node (uid 1000) on dhi.io/node:22: added --chown=node:node so it can still write there",
    );
  });

  it('maps a --chown to the official image user and keeps root ownership', () => {
    const found = run('foreign-chown.before.Dockerfile');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ line: 2 });
    expect(found[0]!.message).toBe(
      'COPY --chown=www-data:www-data on line 2 -> --chown=nonroot:nonroot: the app runs as nonroot (uid 65532) on dhi.io/php:8.3-fpm, so files it owns must belong to that user (www-data is not the user it runs as)',
    );
  });

  it('follows WORKDIR and cd to resolve relative chown paths', () => {
    const [f] = run('build-copy-chown.before.Dockerfile');
    expect(f).toMatchObject({ line: 8 });
    expect(f!.message).toContain('/srv was given to app:app (line 3');
  });

  it('keeps an explicit non-root USER as the owner', () => {
    const [f] = run('explicit-user.before.Dockerfile');
    expect(f!.message).toContain('-> --chown=1000: the app runs as uid 1000');
  });

  it('leaves ownership alone when USER is malformed or a variable (fuzz find)', () => {
    for (const user of ['nodeCMD ["node", "index.js"]', '${APP_USER}']) {
      const text = `FROM dhi.io/node:22\nCOPY --chown=www-data:www-data . /app\nUSER ${user}\n`;
      expect(runRules(['file-ownership'], text).output).toBe(text);
    }
  });
});
