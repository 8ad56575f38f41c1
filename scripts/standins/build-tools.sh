# Build-tool simulators for the stand-in images (sourced by the program
# wrappers that rootfs.mjs writes; programs.json says which program gets which).
#
# Why: a migrated Dockerfile's runtime stage does `COPY --from=build <artifact>`,
# so the build stage must really leave that artifact behind, or the build fails
# for a reason that has nothing to do with the migration. Each sim_<tool>
# function gets the tool's arguments, runs in the build's working directory,
# and creates what the real tool would (a binary, a jar, node_modules/, a venv
# ...) in the place the real tool would put it. Where the real tool fails for
# lack of its input (no package.json, go.mod, pom.xml, lock file ...) the
# simulator fails too, so a COPY the migration forgot shows up as a failed
# build. After the side effect the wrapper execs the fake binary, which still
# reports argv/uid/cwd as JSON.
#
# Plain POSIX sh: it runs under busybox sh inside the stand-ins and is tested on
# the host with busybox sh (test/e2e/standins.test.ts).

# The fake program binary: build outputs that are programs (go build, cargo
# build) are copies of it, so running them reports their own name as argv0.
STANDIN_FAKEBIN=${STANDIN_FAKEBIN:-/usr/libexec/dhi-standin/fakebin}

_standin_fail() {
  echo "$*" >&2
  return 1
}

# First of the given files that exists in the working directory or a parent
# (go.mod is found that way), printed as a path; fails when there is none.
_standin_find_up() {
  d=$(pwd)
  while :; do
    for f in "$@"; do
      if [ -f "$d/$f" ]; then
        echo "$d/$f"
        return 0
      fi
    done
    [ "$d" = / ] && return 1
    d=$(dirname "$d")
  done
}

_standin_copy_program() {
  mkdir -p "$(dirname "$1")" && cp "$STANDIN_FAKEBIN" "$1" && chmod 755 "$1"
}

# Text of the first <tag>...</tag> on one line of an XML file (pom.xml, *.csproj).
_standin_xml_value() {
  sed -n "s:.*<$1>[[:space:]]*\([^<]*[^<[:space:]]\)[[:space:]]*</$1>.*:\1:p" "$2" | head -n 1
}

# ---------------------------------------------------------------- go
# `go build [-o out] [pkg]`: the binary is named after the package directory,
# or the module path's last element (without /vN) for the module root; `-o dir/`
# puts it in dir. `go install` writes it to $GOBIN or $GOPATH/bin.
sim_go() {
  sub=$1
  [ $# -gt 0 ] && shift
  case "$sub" in
    build | install) ;;
    mod)
      _standin_find_up go.mod >/dev/null || _standin_fail "go: go.mod file not found in current directory or any parent directory"
      return
      ;;
    *) return 0 ;;
  esac
  gomod=$(_standin_find_up go.mod) || _standin_fail "go: go.mod file not found in current directory or any parent directory" || return
  out=
  pkg=
  while [ $# -gt 0 ]; do
    case "$1" in
      -o)
        out=$2
        shift
        ;;
      -o=*) out=${1#-o=} ;;
      -ldflags | -gcflags | -asmflags | -tags | -mod | -modfile | -p | -buildmode | -compiler | -installsuffix | -overlay | -pkgdir | -pgo | -toolexec | -C | -covermode | -coverpkg | -gccgoflags | -exec) shift ;;
      -*) ;;
      *) [ -z "$pkg" ] && pkg=$1 ;;
    esac
    shift
  done
  pkg=${pkg%%@*}
  case "$pkg" in
    '' | . | ./)
      if [ "$(dirname "$gomod")" = "$(pwd)" ]; then
        name=$(sed -n 's/^module[[:space:]]*"\{0,1\}\([^"[:space:]]*\).*/\1/p' "$gomod" | head -n 1 | sed 's|/v[0-9][0-9]*$||; s|.*/||')
      else
        name=$(basename "$(pwd)")
      fi
      ;;
    *.go) name=$(basename "$pkg" .go) ;;
    ./* | ../*)
      [ -d "$pkg" ] || _standin_fail "go: directory $pkg does not exist" || return
      name=$(basename "${pkg%/}")
      ;;
    *) name=$(basename "${pkg%/}") ;;
  esac
  [ -n "$name" ] || _standin_fail "go: cannot determine the binary name (no module line in $gomod)" || return
  if [ "$sub" = install ]; then
    out=${GOBIN:-${GOPATH:-/go}/bin}/$name
  elif [ -z "$out" ]; then
    out=$name
  elif [ -d "$out" ] || [ "${out%/}" != "$out" ]; then
    out=${out%/}/$name
  fi
  _standin_copy_program "$out"
}

# ---------------------------------------------------------------- cargo
# `cargo build [--release|--profile P] [--target T] [--target-dir D] [--bin B]`
# writes <target-dir>/[T/]<debug|release|P>/<bin>; `cargo install --path .`
# writes <root>/bin/<bin>. Binaries: the [[bin]] names of Cargo.toml, else the
# [package] name.
sim_cargo() {
  sub=$1
  [ $# -gt 0 ] && shift
  case "$sub" in
    build | install) ;;
    fetch | vendor) [ -f Cargo.toml ] || _standin_fail "error: could not find \`Cargo.toml\` in \`$(pwd)\`"; return ;;
    *) return 0 ;;
  esac
  [ -f Cargo.toml ] || _standin_fail "error: could not find \`Cargo.toml\` in \`$(pwd)\` or any parent directory" || return
  profile=debug
  triple=
  tdir=${CARGO_TARGET_DIR:-target}
  root=
  bins=
  while [ $# -gt 0 ]; do
    case "$1" in
      --release | -r) profile=release ;;
      --profile)
        profile=$2
        shift
        ;;
      --profile=*) profile=${1#--profile=} ;;
      --target)
        triple=$2
        shift
        ;;
      --target=*) triple=${1#--target=} ;;
      --target-dir)
        tdir=$2
        shift
        ;;
      --target-dir=*) tdir=${1#--target-dir=} ;;
      --root)
        root=$2
        shift
        ;;
      --bin)
        bins="$bins $2"
        shift
        ;;
      --bin=*) bins="$bins ${1#--bin=}" ;;
      --path | --features | -F | --jobs | -j | --manifest-path) shift ;;
    esac
    shift
  done
  [ "$profile" = dev ] && profile=debug
  [ -n "$bins" ] || bins=$(awk '
    /^\[\[bin\]\]/ { s = "bin"; next }
    /^\[package\]/ { s = "package"; next }
    /^\[/ { s = ""; next }
    s != "" && /^[ \t]*name[ \t]*=/ {
      v = $0; sub(/^[^=]*=[ \t]*["\047]/, "", v); sub(/["\047].*$/, "", v)
      if (s == "bin") b = b " " v; else if (p == "") p = v
    }
    END { print (b != "" ? b : p) }' Cargo.toml)
  [ -n "$bins" ] || _standin_fail "error: Cargo.toml names no package or binary" || return
  if [ "$sub" = install ]; then
    dir=${root:-${CARGO_INSTALL_ROOT:-${CARGO_HOME:-$HOME/.cargo}}}/bin
  else
    dir=$tdir/${triple:+$triple/}$profile
  fi
  for b in $bins; do
    _standin_copy_program "$dir/$b" || return
  done
}

# ---------------------------------------------------------------- maven
# A lifecycle phase from package on writes target/<finalName or
# artifactId-version>.<jar|war> (the project's own coordinates, not the
# parent's).
sim_mvn() {
  pom=pom.xml
  phase=
  goals=
  while [ $# -gt 0 ]; do
    case "$1" in
      -f | --file)
        pom=$2
        shift
        ;;
      -D | -P | -pl | -s | -gs | -T | -t | -l) shift ;;
      package | install | verify | deploy) phase=1 goals=1 ;;
      -*) ;;
      *) goals=1 ;;
    esac
    shift
  done
  [ -n "$goals" ] || return 0
  [ -d "$pom" ] && pom=$pom/pom.xml
  [ -f "$pom" ] || _standin_fail "[ERROR] The goal you specified requires a project to execute but there is no POM in this directory ($(pwd))." || return
  [ -n "$phase" ] || return 0
  own=$(mktemp)
  sed '/<parent>/,/<\/parent>/d; /<dependencies>/,/<\/dependencies>/d; /<plugins>/,/<\/plugins>/d' "$pom" >"$own"
  name=$(_standin_xml_value finalName "$own")
  [ -n "$name" ] || name=$(_standin_xml_value artifactId "$own")-$(_standin_xml_value version "$own")
  ext=$(_standin_xml_value packaging "$own")
  rm -f "$own"
  [ "$ext" = war ] || ext=jar
  dir=$(dirname "$pom")/target
  mkdir -p "$dir" && printf 'stand-in %s built by mvn package\n' "$name.$ext" >"$dir/$name.$ext"
}

# ---------------------------------------------------------------- gradle
# build/assemble/jar/bootJar write build/libs/<project>[-<version>].jar; the
# project name is settings.gradle's rootProject.name, else the directory's.
sim_gradle() {
  task=
  for a in "$@"; do
    case "$a" in
      build | assemble | jar | bootJar | shadowJar) task=1 ;;
    esac
  done
  if [ ! -f build.gradle ] && [ ! -f build.gradle.kts ] && [ ! -f settings.gradle ] && [ ! -f settings.gradle.kts ]; then
    [ -z "$task" ] && return 0
    _standin_fail "FAILURE: Build failed: no build.gradle or settings.gradle in $(pwd)"
    return
  fi
  [ -n "$task" ] || return 0
  name=$(cat settings.gradle settings.gradle.kts 2>/dev/null | sed -n "s/.*rootProject\.name[[:space:]]*=[[:space:]]*[\"']\([^\"']*\)[\"'].*/\1/p" | head -n 1)
  [ -n "$name" ] || name=$(basename "$(pwd)")
  version=$(cat build.gradle build.gradle.kts 2>/dev/null | sed -n "s/^[[:space:]]*version[[:space:]]*=\{0,1\}[[:space:]]*[\"']\([^\"']*\)[\"'].*/\1/p" | head -n 1)
  mkdir -p build/libs && printf 'stand-in jar built by gradle\n' >"build/libs/$name${version:+-$version}.jar"
}

# ---------------------------------------------------------------- dotnet
# `dotnet publish|build [project] [-c C] [-o DIR]` writes DIR/<AssemblyName or
# project name>.dll (default DIR: bin/<C>/<TargetFramework>[/publish]);
# `dotnet restore` needs a project. publish defaults to Release (.NET 8+).
sim_dotnet() {
  sub=$1
  [ $# -gt 0 ] && shift
  case "$sub" in
    publish) conf=Release ;;
    build) conf=Debug ;;
    restore) conf= ;;
    *) return 0 ;;
  esac
  out=
  proj=
  while [ $# -gt 0 ]; do
    case "$1" in
      -o | --output)
        out=$2
        shift
        ;;
      --output=*) out=${1#--output=} ;;
      -c | --configuration)
        conf=$2
        shift
        ;;
      -r | --runtime | -f | --framework | -v | --verbosity | -a | --arch | --os | -s | --source) shift ;;
      -*) ;;
      *) proj=$1 ;;
    esac
    shift
  done
  if [ -z "$proj" ] || [ -d "$proj" ]; then
    dir=${proj:-.}
    set -- "$dir"/*.csproj "$dir"/*.fsproj "$dir"/*.vbproj
    found=
    for p in "$@"; do
      if [ -f "$p" ]; then
        if [ -n "$found" ]; then
          _standin_fail "MSB1011: Specify which project or solution file to use because this folder contains more than one project or solution file."
          return
        fi
        found=$p
      fi
    done
    [ -n "$found" ] || _standin_fail "MSB1003: Specify a project or solution file. The current working directory does not contain a project or solution file." || return
    proj=${found#./}
  fi
  [ -f "$proj" ] || _standin_fail "MSB1009: Project file does not exist. Switch: $proj" || return
  [ "$sub" = restore ] && return 0
  name=$(_standin_xml_value AssemblyName "$proj")
  [ -n "$name" ] || name=$(basename "$proj" | sed 's/\.[^.]*$//')
  if [ -z "$out" ]; then
    tfm=$(_standin_xml_value TargetFramework "$proj")
    out=$(dirname "$proj")/bin/$conf/${tfm:-net8.0}
    [ "$sub" = publish ] && out=$out/publish
  fi
  mkdir -p "$out" &&
    printf 'stand-in assembly %s\n' "$name" >"$out/$name.dll" &&
    printf '{"runtimeOptions":{"tfm":"stand-in"}}\n' >"$out/$name.runtimeconfig.json"
}

# ---------------------------------------------------------------- npm, yarn
# `npm ci` needs package.json and a lock file, `npm install` package.json; both
# create node_modules/ (with npm's own node_modules/.package-lock.json marker).
# `npm run build` creates the build output directory: build/ for
# react-scripts, the --outDir/--out-dir/-o value when the script names one,
# else dist/; it holds the project's index.html (or a stub).
_standin_node_modules() {
  [ -f package.json ] || _standin_fail "npm ERR! enoent Could not read package.json in $(pwd)" || return
  mkdir -p node_modules && : >node_modules/.package-lock.json
}

_standin_npm_run() {
  [ -f package.json ] || _standin_fail "npm ERR! enoent Could not read package.json in $(pwd)" || return
  line=$(grep "\"$1\"[[:space:]]*:" package.json | head -n 1)
  [ -n "$line" ] || _standin_fail "npm ERR! Missing script: \"$1\"" || return
  [ "$1" = build ] || return 0
  out=$(echo "$line" | sed -n 's/.*\(--outDir\|--out-dir\|-o\)[[:space:]=]\{1,\}\([^[:space:]"]*\).*/\2/p')
  if [ -z "$out" ]; then
    case "$line" in
      *react-scripts*) out=build ;;
      *) out=dist ;;
    esac
  fi
  mkdir -p "$out" || return
  if [ -f index.html ]; then
    cp index.html "$out/index.html"
  else
    echo '<!doctype html><title>stand-in build</title>' >"$out/index.html"
  fi
}

sim_npm() {
  global=
  for a in "$@"; do
    case "$a" in -g | --global) global=1 ;; esac
  done
  case "$1" in
    ci | clean-install)
      [ -f package-lock.json ] || [ -f npm-shrinkwrap.json ] ||
        _standin_fail "npm ERR! The \`npm ci\` command can only install with an existing package-lock.json or npm-shrinkwrap.json" || return
      _standin_node_modules
      ;;
    install | i | add) [ -n "$global" ] || _standin_node_modules ;;
    run | run-script) _standin_npm_run "$2" ;;
    *) return 0 ;;
  esac
}

sim_yarn() {
  case "${1:-install}" in
    install) _standin_node_modules ;;
    run) _standin_npm_run "$2" ;;
    build) _standin_npm_run build ;;
    *) return 0 ;;
  esac
}

# ---------------------------------------------------------------- python, pip
# `python -m venv DIR` creates DIR/pyvenv.cfg and DIR/bin/python, python3 as
# symlinks to this interpreter's path (the runtime stand-in has a python at the
# same path, as the real -dev and runtime images do), plus DIR/bin/pip.
# `pip install` (or `python -m pip install`) creates <site-packages>/<name> per
# requirement, in the venv whose bin/ it was started from, else under
# /usr/local; --target, --prefix and --user move it as in pip.
_standin_make_venv() {
  [ -n "$1" ] || _standin_fail "usage: venv ENV_DIR" || return
  self=$(readlink -f "$2")
  mkdir -p "$1/bin" "$1/lib/python3/site-packages" || return
  ln -sf "$self" "$1/bin/python"
  ln -sf python "$1/bin/python3"
  pip=$(command -v pip3 || command -v pip)
  [ -n "$pip" ] && ln -sf "$(readlink -f "$pip")" "$1/bin/pip" && ln -sf pip "$1/bin/pip3"
  printf 'home = %s\ninclude-system-site-packages = false\n' "$(dirname "$self")" >"$1/pyvenv.cfg"
}

_standin_pip() {
  bindir=$1
  shift
  [ "$1" = install ] || return 0
  shift
  if [ -f "$bindir/../pyvenv.cfg" ]; then
    site=$(cd "$bindir/.." && pwd)/lib/python3/site-packages
  else
    site=/usr/local/lib/python3/site-packages
  fi
  names=
  while [ $# -gt 0 ]; do
    case "$1" in
      -r | --requirement)
        [ -f "$2" ] || _standin_fail "ERROR: Could not open requirements file: [Errno 2] No such file or directory: '$2'" || return
        names="$names $(sed 's/#.*//; s/^[[:space:]]*//; /^-/d; s/\[.*//; s/[[:space:]<>=!~;].*//' "$2")"
        shift
        ;;
      -t | --target)
        site=$2
        shift
        ;;
      --prefix)
        site=$2/lib/python3/site-packages
        shift
        ;;
      --user) site=$HOME/.local/lib/python3/site-packages ;;
      -c | --constraint | -i | --index-url | --extra-index-url | -f | --find-links | --root | --platform | --python-version) shift ;;
      -e | --editable) shift ;;
      -*) ;;
      *) names="$names $(echo "$1" | sed 's/\[.*//; s/[<>=!~;].*//')" ;;
    esac
    shift
  done
  mkdir -p "$site" || return
  for n in $names; do
    case "$n" in . | */*) continue ;; esac
    mkdir -p "$site/$n" || return
  done
}

sim_python() {
  [ "$1" = -m ] || return 0
  case "$2" in
    venv | virtualenv)
      shift 2
      while [ $# -gt 0 ] && [ "${1#-}" != "$1" ]; do shift; done
      _standin_make_venv "$1" "$0"
      ;;
    pip)
      shift 2
      _standin_pip "$(dirname "$0")" "$@"
      ;;
  esac
}

sim_pip() {
  _standin_pip "$(dirname "$0")" "$@"
}

# ---------------------------------------------------------------- bundler, composer
# `bundle config set [--local] path X` is recorded as bundler does (./.bundle/config
# or $BUNDLE_APP_CONFIG/config); `bundle install` needs a Gemfile and creates a
# directory per `gem` line: in <path>/ruby/<version>/gems when a path is
# configured (BUNDLE_PATH, config, --path, --deployment), else in $GEM_HOME/gems.
_standin_bundle_setting() {
  for f in .bundle/config "${BUNDLE_APP_CONFIG:-$HOME/.bundle}/config"; do
    [ -f "$f" ] || continue
    v=$(sed -n "s/^$1:[[:space:]]*\"\{0,1\}\([^\"]*\)\"\{0,1\}[[:space:]]*$/\1/p" "$f" | tail -n 1)
    if [ -n "$v" ]; then
      echo "$v"
      return 0
    fi
  done
  return 1
}

sim_bundle() {
  sub=${1:-install}
  [ $# -gt 0 ] && shift
  case "$sub" in
    config)
      [ "$1" = set ] && shift
      file=${BUNDLE_APP_CONFIG:-$HOME/.bundle}/config
      case "$1" in
        --local)
          file=.bundle/config
          shift
          ;;
        --global) shift ;;
      esac
      [ $# -ge 2 ] || return 0
      key=BUNDLE_$(echo "$1" | tr 'a-z.-' 'A-Z__')
      shift
      mkdir -p "$(dirname "$file")" && echo "$key: \"$*\"" >>"$file"
      return
      ;;
    install) ;;
    *) return 0 ;;
  esac
  [ -f Gemfile ] || _standin_fail "Could not locate Gemfile" || return
  path=${BUNDLE_PATH:-}
  while [ $# -gt 0 ]; do
    case "$1" in
      --path)
        path=$2
        shift
        ;;
      --deployment) path=${path:-vendor/bundle} ;;
      --jobs | -j | --retry | --without | --with | --gemfile) shift ;;
    esac
    shift
  done
  [ -n "$path" ] || path=$(_standin_bundle_setting BUNDLE_PATH) || path=
  [ -n "$path" ] || [ "$(_standin_bundle_setting BUNDLE_DEPLOYMENT)" != true ] || path=vendor/bundle
  if [ -n "$path" ]; then
    gems=$path/ruby/${RUBY_VERSION:-stand-in}
  else
    gems=${GEM_HOME:-/usr/local/bundle}
  fi
  mkdir -p "$gems/gems" || return
  for g in $(sed -n "s/^[[:space:]]*gem[[:space:]]*[\"']\([^\"']*\)[\"'].*/\1/p" Gemfile); do
    mkdir -p "$gems/gems/$g" || return
  done
}

# `composer install|update` needs composer.json (in --working-dir/-d) and
# creates vendor/ with vendor/autoload.php.
sim_composer() {
  dir=.
  sub=
  while [ $# -gt 0 ]; do
    case "$1" in
      -d | --working-dir)
        dir=$2
        shift
        ;;
      --working-dir=*) dir=${1#--working-dir=} ;;
      -*) ;;
      *) [ -z "$sub" ] && sub=$1 ;;
    esac
    shift
  done
  case "$sub" in install | update | i | u) ;; *) return 0 ;; esac
  [ -f "$dir/composer.json" ] || _standin_fail "Composer could not find a composer.json file in $dir" || return
  mkdir -p "$dir/vendor/composer" && echo '<?php // stand-in autoloader' >"$dir/vendor/autoload.php"
}

# ---------------------------------------------------------------- package managers
# apt-get / apk exist in the images that have them, but the stand-ins are
# offline and install nothing: a package install succeeds without effect. A
# test must not expect a program from a system package.
sim_package_manager() {
  return 0
}
