/**
 * What the official images' entrypoint scripts do besides starting the
 * program, reviewed by hand from ../shared/doi-facts.md ("Entrypoint scripts
 * and start-up behaviour", and the `entrypointSemantics` of doi-facts.json),
 * against the DHI images that start without such a script
 * (../shared/dhi-facts.md §5.4 and the catalog's `entrypoint`).
 *
 * Only images whose DHI counterpart has no entrypoint script have rows: DHI
 * postgres, mysql, mariadb, valkey and wordpress keep a docker-entrypoint.sh
 * (catalog), so their init directories and variables are not reported.
 * entrypoint-compat also checks the catalog entry itself: a variant with a
 * script (redis `-compat`, nginx `-dev`) gets no warning.
 */

/** A feature the Dockerfile uses through a COPY/ADD into a directory, or an ENV, that only the official script implements. */
export interface ScriptFeature {
  /** Official image (doi-facts name) whose script provides it. */
  official: string;
  /** The script, as the official image names it. */
  script: string;
  /** DHI repositories whose images start the program directly. */
  dhiRepos: readonly string[];
  /** Directories the script reads: a COPY/ADD into one of them uses the feature. */
  paths?: readonly string[];
  /** Variables the script reads; a trailing `*` matches a prefix. */
  env?: readonly string[];
  /** What the script does with them (completes "<script> of the official <image> image ..."). */
  does: string;
  /** The concrete alternative on the DHI image. */
  instead: string;
  /** Where the fact is written down. */
  source: string;
}

export const SCRIPT_FEATURES: readonly ScriptFeature[] = [
  {
    official: 'nginx',
    script: '/docker-entrypoint.sh',
    dhiRepos: ['nginx'],
    paths: ['/etc/nginx/templates'],
    env: ['NGINX_ENVSUBST_*'],
    does: 'renders /etc/nginx/templates/*.template into /etc/nginx/conf.d with envsubst at start-up (its 20-envsubst-on-templates.sh hook; NGINX_ENVSUBST_* change its directories and suffixes)',
    instead:
      'render the templates in a build stage (envsubst on the -dev image) and COPY the results into /etc/nginx/conf.d/, or COPY finished .conf files there',
    source: 'doi-facts.md "nginx"; doi-facts.json images.nginx.entrypointSemantics',
  },
  {
    official: 'nginx',
    script: '/docker-entrypoint.sh',
    dhiRepos: ['nginx'],
    paths: ['/docker-entrypoint.d'],
    does: 'runs the executable *.sh hooks and sources the *.envsh files in /docker-entrypoint.d/ before nginx starts',
    instead: 'do what the hooks do at build time in a build stage and COPY the result into this stage',
    source: 'doi-facts.md "nginx"',
  },
  {
    official: 'nginx',
    script: '/docker-entrypoint.sh',
    dhiRepos: ['nginx'],
    env: ['NGINX_ENTRYPOINT_WORKER_PROCESSES_AUTOTUNE'],
    does: "sets worker_processes from the container's CPU limit (its 30-tune-worker-processes.sh hook)",
    instead: 'set `worker_processes` in nginx.conf to the number of CPUs the container gets',
    source: 'doi-facts.md "nginx"',
  },
  {
    official: 'nginx',
    script: '/docker-entrypoint.sh',
    dhiRepos: ['nginx'],
    env: ['NGINX_ENTRYPOINT_LOCAL_RESOLVERS'],
    does: 'exports NGINX_LOCAL_RESOLVERS, the resolvers of /etc/resolv.conf, for the templates (its 15-local-resolvers.envsh hook)',
    instead: 'write the resolver address into the nginx config',
    source: 'doi-facts.json images.nginx.entrypointSemantics',
  },
  {
    official: 'mongo',
    script: 'docker-entrypoint.sh',
    dhiRepos: ['mongodb'],
    paths: ['/docker-entrypoint-initdb.d'],
    does: 'runs the *.sh and *.js files in /docker-entrypoint-initdb.d/ against a temporary mongod on the first start (empty /data/db)',
    instead: 'run them once against the running server from a container that has mongosh (`mongosh --host <host> init.js`)',
    source: 'doi-facts.md "mongo"; doi-facts.json images.mongo.entrypointSemantics',
  },
  {
    official: 'mongo',
    script: 'docker-entrypoint.sh',
    dhiRepos: ['mongodb'],
    env: ['MONGO_INITDB_*'],
    does: 'creates the MONGO_INITDB_ROOT_USERNAME/PASSWORD root user on the first start and starts mongod with --auth whenever both are set',
    instead:
      'create the user once with mongosh (`db.getSiblingDB("admin").createUser(...)`) and add "--auth" to the CMD; until then the server accepts clients without a password',
    source:
      'doi-facts.md "mongo"; doi-facts.json images.mongo.entrypointSemantics; --auth on every start: https://github.com/docker-library/mongo docker-entrypoint.sh',
  },
  {
    official: 'redis',
    script: 'docker-entrypoint.sh',
    dhiRepos: ['redis'],
    paths: ['/usr/local/lib/redis/modules'],
    does: '(Redis 8.x) adds --loadmodule for every .so in /usr/local/lib/redis/modules',
    instead: 'load each module explicitly: `loadmodule <path>.so` in the config file, or "--loadmodule", "<path>.so" in the CMD',
    source: 'doi-facts.md "redis"; doi-facts.json images.redis.entrypointSemantics',
  },
  {
    official: 'eclipse-temurin',
    script: '/__cacert_entrypoint.sh',
    dhiRepos: ['eclipse-temurin'],
    env: ['USE_SYSTEM_CA_CERTS'],
    does: "adds the system CA certificates and /certificates/*.crt to the JVM's truststore when USE_SYSTEM_CA_CERTS is set",
    instead:
      "import the certificates at build time (`keytool -importcert -cacerts` on the -dev image) and COPY the JVM's cacerts file into this stage",
    source: 'doi-facts.md "eclipse-temurin"',
  },
];

/** Arguments an official entrypoint script adds to its program's command line. */
export interface ScriptRewrite {
  official: string;
  script: string;
  /** The program whose command line is rewritten (also put in front of a first argument starting with `-`). */
  program: string;
  /** Inserted right after the program. */
  insert?: readonly string[];
  /** Appended unless one of `unless` (or `--opt=...`) is already given. */
  append?: readonly string[];
  unless?: readonly string[];
  /** Options naming a config file that may settle it instead (by `configSetting`): then only a human can tell. */
  configOptions?: readonly string[];
  configSetting?: string;
  /**
   * Whether the rule writes the arguments itself. mongo's `--bind_ip_all` is
   * only reported: the same script turned on --auth for root credentials
   * (often given at `docker run`), which DHI does not, and listening on every
   * interface without it would expose an open database.
   */
  fix: boolean;
  /** What the arguments do, for messages. */
  does: string;
  /** What happens when the program starts without them. */
  without: string;
  /** When `fix` is false: the condition to add them under; `{image}` stands for the DHI image. */
  caution?: string;
  source: string;
}

export const SCRIPT_REWRITES: readonly ScriptRewrite[] = [
  {
    official: 'haproxy',
    script: 'docker-entrypoint.sh',
    program: 'haproxy',
    insert: ['-W', '-db'],
    fix: true,
    does: 'master-worker mode, in the foreground',
    without: 'a `daemon` line in the config sends haproxy to the background (and the container exits), and there is no master process',
    source: 'doi-facts.md "haproxy": turns `haproxy …` into `haproxy -W -db …`',
  },
  {
    official: 'mongo',
    script: 'docker-entrypoint.sh',
    program: 'mongod',
    append: ['--bind_ip_all'],
    unless: ['--bind_ip', '--bind_ip_all'],
    configOptions: ['--config', '-f'],
    configSetting: 'net.bindIp',
    fix: false,
    does: 'listen on every interface',
    without: "mongod alone listens on localhost only, so other containers and published ports can't reach it",
    caution:
      'once clients must authenticate (the same script also turned on --auth when MONGO_INITDB_ROOT_USERNAME and MONGO_INITDB_ROOT_PASSWORD were set, in the Dockerfile or at docker run; {image} does not)',
    source:
      'doi-facts.md "mongo": adds `--bind_ip_all` unless a bind option is given; https://github.com/docker-library/mongo docker-entrypoint.sh also reads net.bindIp/net.bindIpAll from a --config file',
  },
];

/** How the official image ran its default command, where the DHI image's differs in ways a message must name. */
export const DEFAULT_NOTES: Readonly<Record<string, string>> = {
  // doi-facts.md "redis": protected mode compiled off; 8.x loads the bundled modules.
  redis: 'without a config file, with protected mode compiled off and, on 8.x, --loadmodule for each bundled module',
};

/** Where postgres keeps its cluster (PGDATA) and who owns it. */
export const POSTGRES_DATA = {
  official: 'postgres',
  dhiRepo: 'postgres',
  /** doi-facts.json images.postgres.variants.*.env.PGDATA. */
  officialPgdata: (major: number): string => (major >= 18 ? `/var/lib/postgresql/${major}/docker` : '/var/lib/postgresql/data'),
  /** dhi-facts.md §5.4: `PGDATA=/var/lib/postgresql/<major>/data`. */
  dhiPgdata: (major: number): string => `/var/lib/postgresql/${major}/data`,
  /** doi-facts.json images.postgres.variants.<variant>.users: postgres 999 (Debian), 70 (Alpine). */
  officialUid: { debian: 999, alpine: 70 } as Readonly<Record<string, number>>,
};

/** The rewrite of an official image's script, if it has one. */
export function scriptRewrite(official: string): ScriptRewrite | undefined {
  return SCRIPT_REWRITES.find((r) => r.official === official);
}

/** `--bind_ip` matches `--bind_ip` and `--bind_ip=...`. */
export function hasOption(argv: readonly string[], options: readonly string[]): boolean {
  return argv.some((a) => options.some((o) => a === o || a.startsWith(`${o}=`)));
}

/** True when the variable name is one the feature reads. */
export function readsVariable(feature: ScriptFeature, name: string): boolean {
  return (feature.env ?? []).some((e) => (e.endsWith('*') ? name.startsWith(e.slice(0, -1)) : name === e));
}

/** True when an absolute destination lies in one of the feature's directories. */
export function inFeaturePath(feature: ScriptFeature, dest: string): boolean {
  const d = dest.replace(/\/+$/, '');
  return (feature.paths ?? []).some((p) => d === p || d.startsWith(`${p}/`));
}
