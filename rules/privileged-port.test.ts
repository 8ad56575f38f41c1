import { describe, expect, it } from 'vitest';
import { findingsOf, fixture, runRules } from '../test/rule-harness.js';

const run = (file: string) => findingsOf(runRules(['privileged-port'], fixture('privileged-port', file)), 'privileged-port');

describe('privileged-port', () => {
  it("lists the low ports of one EXPOSE and gives the image's own port", () => {
    const [f] = run('low-ports.unchanged.Dockerfile');
    expect(f).toMatchObject({ severity: 'warning', line: 3, applied: false });
    expect(f!.message).toBe(
      "EXPOSE 80, 443/tcp on line 3: the final stage runs as nginx (uid 65532) on dhi.io/nginx:1, and a non-root process can't bind ports below 1024 on Kubernetes or Docker Engine < 20.10; dhi.io/nginx:1 listens on 8080/tcp by default: EXPOSE 8080 and publish it as -p 80:8080 (a configuration that still listens on 80 must change too)",
    );
  });

  it('reports only the final stage, and skips high ports and variables', () => {
    const found = run('python-low.unchanged.Dockerfile');
    expect(found.map((f) => f.line)).toEqual([6]);
    expect(found[0]!.message).toContain('make the app listen on port 1024 or above (e.g. 8080), EXPOSE that, and publish it as -p 80:8080');
  });

  it('unprivilegedPortStart moves the limit: 0 silences the rule, 443 reports only ports below it', () => {
    const text = fixture('privileged-port', 'low-ports.unchanged.Dockerfile');
    const withStart = (n: number) =>
      findingsOf(
        runRules(['privileged-port'], text, { options: { ruleOptions: { 'privileged-port': { unprivilegedPortStart: n } } } }),
        'privileged-port',
      );
    expect(withStart(0)).toEqual([]);
    const [f] = withStart(443);
    expect(f!.message).toMatch(/^EXPOSE 80 on line 3: .* can't bind ports below 443 where it runs \(unprivilegedPortStart\);/);
  });
});
