/**
 * privileged-port: the final stage runs as non-root on DHI, and a non-root
 * process can't bind ports below 1024 on Kubernetes or Docker Engine < 20.10.
 */
import type { Rule } from '../src/engine/types.js';
import { describeUser, finalTarget, imageLabel } from './support/final-stage.js';
import { ruleOption } from '../src/engine/rule-options.js';

export const privilegedPortRule: Rule = {
  id: 'privileged-port',
  summary: 'Warn about EXPOSE of ports below 1024 in a final stage that runs as non-root on DHI',
  docs: `DHI runtime images run as a non-root user, which can't bind ports below
1024 on Kubernetes or on Docker Engine before 20.10 (newer engines allow it
through \`net.ipv4.ip_unprivileged_port_start\`). \`EXPOSE\` of such a port in the
final stage is reported: make the app listen on 1025 or above and publish it
on the old port (\`-p 80:8080\`). The nginx and httpd DHI images already listen
on 8080, so a configuration that still says \`listen 80\` must change too. The
finding is a warning only: \`EXPOSE\` is documentation, the port the app binds
is set in its configuration.

Before:
\`\`\`Dockerfile
FROM dhi.io/nginx:1
COPY site/ /usr/share/nginx/html/
EXPOSE 80
\`\`\`
After (by hand, with the server configured to listen on 8080):
\`\`\`Dockerfile
FROM dhi.io/nginx:1
COPY site/ /usr/share/nginx/html/
EXPOSE 8080
\`\`\``,
  options: [
    {
      name: 'unprivilegedPortStart',
      type: 'integer',
      default: 1024,
      min: 0,
      max: 65536,
      description:
        'Ports below this are reported. Set it to what your clusters use for `net.ipv4.ip_unprivileged_port_start` (0 when every runtime lets non-root processes bind any port: no warnings).',
    },
  ],
  check(ctx) {
    const target = finalTarget(ctx);
    if (!target?.user) return;
    const start = ruleOption<number>(ctx.options, privilegedPortRule, 'unprivilegedPortStart');
    const ports = target.runtime?.ports ?? target.image.facts.ports;
    for (const ins of target.stage.instructions) {
      if (ins.keyword !== 'EXPOSE') continue;
      const low = ins.node
        .getArguments()
        .map((a) => a.getValue())
        .filter((p) => {
          const m = /^(\d+)(?:-\d+)?(?:\/(?:tcp|udp|sctp))?$/i.exec(p);
          return m !== null && Number(m[1]) < start;
        });
      if (low.length === 0) continue;
      const listed = low.join(', ');
      const imageAdvice = ports?.length
        ? `${target.runtime && target.image.isBuildImage ? imageLabel(ctx, target.runtime) : target.label} listens on ${ports.join(', ')} by default: EXPOSE ${ports.map((p) => p.replace(/\/tcp$/, '')).join(' ')} and publish it as -p ${low[0]!.replace(/\/.*$/, '')}:${ports[0]!.replace(/\/.*$/, '')} (a configuration that still listens on ${low[0]!.replace(/\/.*$/, '')} must change too)`
        : `make the app listen on port ${start} or above (e.g. 8080), EXPOSE that, and publish it as -p ${low[0]!.replace(/\/.*$/, '')}:8080`;
      ctx.report({
        severity: 'warning',
        message: `EXPOSE ${listed} on line ${ctx.originalLine(ins.range.start)}: the final stage runs as ${describeUser(target.user)} on ${target.label}, and ${start === 1024 ? "a non-root process can't bind ports below 1024 on Kubernetes or Docker Engine < 20.10" : `a non-root process can't bind ports below ${start} where it runs (unprivilegedPortStart)`}; ${imageAdvice}`,
        range: ins.range,
      });
    }
  },
};
