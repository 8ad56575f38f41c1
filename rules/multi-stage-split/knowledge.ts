/**
 * What the split needs to know about build tooling: which environment
 * variables only matter while building, which system packages only serve the
 * build, which are already in every DHI runtime image, and which programs a
 * package provides. Heuristics, kept in one place so they can be reviewed.
 */

/** ENV names that configure package managers and compilers, not the app. */
const BUILD_ONLY_ENV = new Set([
  'DEBIAN_FRONTEND',
  'DEBCONF_NONINTERACTIVE_SEEN',
  'APT_KEY_DONT_WARN_ON_DANGEROUS_USAGE',
  'CGO_ENABLED',
  'GOOS',
  'GOARCH',
  'GOARM',
  'GOAMD64',
  'GOFLAGS',
  'GOPROXY',
  'GOPRIVATE',
  'GONOPROXY',
  'GONOSUMDB',
  'GOSUMDB',
  'GO111MODULE',
  'GOCACHE',
  'GOMODCACHE',
  'GOTOOLCHAIN',
  'GOBIN',
  'GOPATH',
  'RUSTFLAGS',
  'RUSTC_WRAPPER',
  'DOTNET_CLI_TELEMETRY_OPTOUT',
  'DOTNET_NOLOGO',
  'DOTNET_SKIP_FIRST_TIME_EXPERIENCE',
  'DOTNET_GENERATE_ASPNET_CERTIFICATE',
  'CC',
  'CXX',
  'CFLAGS',
  'CXXFLAGS',
  'CPPFLAGS',
  'LDFLAGS',
  'MAKEFLAGS',
  'PKG_CONFIG_PATH',
]);
const BUILD_ONLY_ENV_PREFIXES = [
  'PIP_',
  'PIPENV_',
  'POETRY_',
  'UV_',
  'NPM_CONFIG_',
  'YARN_',
  'PNPM_',
  'CARGO_',
  'RUSTUP_',
  'NUGET_',
  'COMPOSER_',
  'DOTNET_CLI_',
  'MAVEN_',
  'GRADLE_',
];

export function isBuildOnlyEnv(name: string): boolean {
  const upper = name.toUpperCase();
  return BUILD_ONLY_ENV.has(upper) || BUILD_ONLY_ENV_PREFIXES.some((p) => upper.startsWith(p));
}

/** Compilers, headers, fetch and packaging tools: needed to build, not to run. */
const BUILD_ONLY_PACKAGES = new Set([
  'build-essential',
  'build-base',
  'gcc',
  'g++',
  'cpp',
  'clang',
  'llvm',
  'lld',
  'make',
  'cmake',
  'ninja-build',
  'samurai',
  'meson',
  'autoconf',
  'automake',
  'libtool',
  'pkg-config',
  'pkgconf',
  'pkgconfig',
  'git',
  'musl-dev',
  'linux-headers',
  'linux-libc-dev',
  'libc6-dev',
  'libc-dev',
  'binutils',
  'bison',
  'flex',
  'patch',
  'swig',
  'nasm',
  'yasm',
  'protobuf-compiler',
  'unzip',
  'zip',
  'xz-utils',
  'xz',
  'bzip2',
  'gnupg',
  'gnupg2',
  'gpg',
  'dirmngr',
  'apt-transport-https',
  'apt-utils',
  'software-properties-common',
  'lsb-release',
  'wget',
  'curl',
  'python3-pip',
  'python3-venv',
  'python3-setuptools',
  'python3-wheel',
  'py3-pip',
  'upx',
  'file',
  'dpkg-dev',
  'ccache',
  'gfortran',
  'cargo',
  'rustc',
  'golang',
  'go',
  'maven',
  'gradle',
  'default-jdk',
  'default-jdk-headless',
  'openjdk17-jdk',
  'openjdk21-jdk',
]);
const BUILD_ONLY_PATTERNS = [/-dev$/, /-devel$/, /^gcc-\d+/, /^g\+\+-\d+/, /^clang-\d+/, /^llvm-\d+/, /^openjdk-\d+-jdk/];

/** Per build-image repository: tools that only serve that ecosystem's build. */
const ECOSYSTEM_BUILD_ONLY: Record<string, string[]> = {
  nginx: ['nodejs', 'npm', 'yarn'],
};

export function isBuildOnlyPackage(name: string, repo: string): boolean {
  return (
    BUILD_ONLY_PACKAGES.has(name) || BUILD_ONLY_PATTERNS.some((re) => re.test(name)) || (ECOSYSTEM_BUILD_ONLY[repo] ?? []).includes(name)
  );
}

/** Already in every DHI image (CA bundle and time zones ship in the base). */
const PROVIDED_PACKAGES = new Set(['ca-certificates', 'tzdata', 'base-files']);

export function isProvidedPackage(name: string): boolean {
  return PROVIDED_PACKAGES.has(name);
}

/** Programs a package installs, where they differ from the package name. */
const PACKAGE_PROGRAMS: Record<string, string[]> = {
  'netcat-openbsd': ['nc', 'netcat'],
  'netcat-traditional': ['nc', 'netcat'],
  netcat: ['nc', 'netcat'],
  procps: ['ps', 'pgrep', 'pkill', 'top', 'free'],
  'iputils-ping': ['ping'],
  'postgresql-client': ['psql', 'pg_isready', 'pg_dump'],
  'default-mysql-client': ['mysql', 'mysqladmin'],
  'mariadb-client': ['mysql', 'mariadb', 'mysqladmin'],
  'redis-tools': ['redis-cli'],
  imagemagick: ['convert', 'magick', 'identify'],
  ffmpeg: ['ffmpeg', 'ffprobe'],
  supervisor: ['supervisord', 'supervisorctl'],
  'dumb-init': ['dumb-init'],
  'su-exec': ['su-exec'],
};

export function programsOf(pkg: string): string[] {
  return [pkg, ...(PACKAGE_PROGRAMS[pkg] ?? [])];
}

/** Init wrappers: the program after them is the app. */
export const INIT_WRAPPERS = new Set(['tini', 'dumb-init', 'gosu', 'su-exec']);

/**
 * Programs that only exist in build images. A start command that runs one
 * can't work on the runtime image, so such a stage is not split.
 */
export const BUILD_TOOLS = new Set([
  'npm',
  'npx',
  'yarn',
  'pnpm',
  'corepack',
  'pip',
  'pip3',
  'poetry',
  'pipenv',
  'uv',
  'go',
  'cargo',
  'rustc',
  'mvn',
  'mvnw',
  'gradle',
  'gradlew',
  'composer',
  'make',
  'gcc',
  'apt-get',
  'apk',
]);

/** Shells: a start command that runs one needs a runtime image with a shell. */
export const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh']);
