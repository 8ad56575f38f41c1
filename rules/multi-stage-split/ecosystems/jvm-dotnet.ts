/**
 * Java and .NET: the build output (the jar `java -jar` runs, the
 * `dotnet publish` directory) moves onto the runtime image of the same
 * version: the eclipse-temurin JRE for Maven/Gradle/JDK builds, aspnetcore
 * (web) or dotnet (console) for the SDK.
 */
import { partnerTag } from '../../../src/catalog/mapping.js';
import { basename, isInside, resolvePath } from '../paths.js';
import { unwrap } from '../stage-facts.js';
import { runtimeOnSameDistro } from '../runtime-image.js';
import { appDirectory, copiesOf, optionValue } from './common.js';
import type { EcosystemOutcome, EcosystemPlan, SplitInput } from './types.js';

const JAVA_BUILDS: Record<string, string[]> = {
  mvn: ['package', 'install', 'verify', 'spring-boot:repackage'],
  mvnw: ['package', 'install', 'verify', 'spring-boot:repackage'],
  gradle: ['build', 'bootJar', 'jar', 'assemble', 'shadowJar', 'installDist'],
  gradlew: ['build', 'bootJar', 'jar', 'assemble', 'shadowJar', 'installDist'],
};

export function javaPlan(input: SplitInput): EcosystemOutcome {
  const { ctx, facts, image, start } = input;
  const runtime = partnerTag(image.repo, image.tag, 'runtime', ctx.catalog);
  if (!runtime) return { skip: `the catalog has no runtime (JRE) image for ${image.repo}:${image.tag}`, at: null };
  const plan: EcosystemPlan = { ecosystem: 'java', runtime, artifacts: [], notes: [], review: [] };
  const build = facts.commands.find((c) => JAVA_BUILDS[basename(c.words[0] ?? '')]?.some((goal) => c.words.includes(goal)));
  const argv = start?.argv ? unwrap(start.argv) : null;
  const jarAt = argv && basename(argv[0] ?? '') === 'java' ? argv.indexOf('-jar') : -1;
  const jar = jarAt >= 0 ? argv![jarAt + 1] : undefined;
  if (jar && !/[*?$]/.test(jar) && facts.cwd !== null) {
    plan.artifacts.push({ path: resolvePath(facts.cwd, jar) });
    plan.notes.push('only the jar is copied (a jar that needs files next to it must get them copied by hand)');
    if (!build) plan.review.push(`no Maven or Gradle build was recognised, so ${jar} may not be produced in this stage`);
    return plan;
  }
  const app = appDirectory(facts);
  plan.artifacts.push(...app.artifacts);
  plan.review.push(
    jar
      ? `the jar (${jar}) can't be resolved statically; the working directory is copied instead`
      : 'the start command is not `java -jar <file>`, so the build output is unknown; the working directory is copied instead',
    ...app.review,
  );
  return plan;
}

export function dotnetPlan(input: SplitInput): EcosystemOutcome {
  const { ctx, facts, image, start } = input;
  const publish = facts.commands.filter((c) => basename(c.words[0] ?? '') === 'dotnet' && c.words[1] === 'publish');
  const argv = start?.argv ? unwrap(start.argv) : null;
  const web = isWebApp(
    input,
    publish.map((c) => c.words.slice(2).find((w) => w.endsWith('.csproj'))).filter((p): p is string => !!p),
    argv,
  );
  const shape = ctx.catalog.shape(image.repo, image.tag);
  const runtime = web.web
    ? shape && runtimeOnSameDistro(ctx.catalog, image, 'aspnetcore', shape.version)
    : partnerTag(image.repo, image.tag, 'runtime', ctx.catalog);
  if (!runtime)
    return { skip: `the catalog has no ${web.web ? 'aspnetcore' : 'dotnet'} runtime image matching ${image.repo}:${image.tag}`, at: null };
  const plan: EcosystemPlan = { ecosystem: '.NET', runtime, artifacts: [], notes: [web.why], review: web.review ? [web.review] : [] };

  const outputs = publish.flatMap((c) => {
    const out = optionValue(c.words, ['-o', '--output']);
    return out && !out.includes('$') && c.cwd !== null
      ? [resolvePath(c.cwd, out), ...copiesOf(facts.commands, resolvePath(c.cwd, out), c)]
      : [];
  });
  if (outputs.length > 0) {
    const dll = argv && basename(argv[0] ?? '') === 'dotnet' ? argv[1] : argv?.[0];
    const dllPath = dll && facts.cwd !== null && !dll.includes('$') ? resolvePath(facts.cwd, dll) : null;
    const dir = (dllPath && outputs.find((o) => isInside(dllPath, o))) ?? outputs.at(-1)!;
    plan.artifacts.push({ path: dir });
    if (dllPath && !isInside(dllPath, dir))
      plan.review.push(`the start command runs ${dll}, which is outside the publish directory ${dir}`);
    return plan;
  }
  const app = appDirectory(facts);
  plan.artifacts.push(...app.artifacts);
  plan.review.push(
    publish.length > 0
      ? `\`dotnet publish\` on line ${facts.line(publish[0]!.instruction)} has no -o/--output, so the publish directory is unknown; the working directory is copied instead`
      : 'no `dotnet publish` was recognised; the working directory is copied instead',
    ...app.review,
  );
  return plan;
}

/** Web (aspnetcore) or console (dotnet): from the .csproj when the build context has it. */
function isWebApp(input: SplitInput, projects: string[], argv: string[] | null): { web: boolean; why: string; review?: string } {
  const { ctx, facts } = input;
  const dll = argv?.find((a) => a.endsWith('.dll'));
  const candidates = [
    ...projects,
    ...facts.copies.flatMap((c) => c.sources.filter((s) => s.endsWith('.csproj') && !/[*?]/.test(s))),
    ...(dll ? [`${basename(dll).slice(0, -4)}.csproj`] : []),
  ];
  for (const path of [...new Set(candidates)]) {
    const text = ctx.buildContext.readFile(path.replace(/^\.\//, ''));
    if (text === undefined) continue;
    const web = /Sdk\s*=\s*"Microsoft\.NET\.Sdk\.Web"/i.test(text) || /Microsoft\.AspNetCore\.App/.test(text);
    return { web, why: web ? `${path} is a web project (aspnetcore runtime)` : `${path} is a console project (dotnet runtime)` };
  }
  const hints = facts.envs.some((e) => /ASPNETCORE_/i.test(e.node.getArgumentsContent() ?? '')) || facts.exposes.length > 0;
  if (hints) return { web: true, why: 'ASP.NET Core settings or EXPOSE suggest a web app (aspnetcore runtime)' };
  return {
    web: true,
    why: 'aspnetcore runtime (it also runs console apps)',
    review: 'no .csproj in the build context tells web from console; aspnetcore runs both, dotnet is smaller for a console app',
  };
}
