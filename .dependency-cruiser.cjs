/**
 * Hearth's dependency rules (docs/architecture.md), checked by `npm run lint:deps` inside `npm test`.
 * Imports point inward: roles -> adapters -> services -> domain; the simulator, the dashboard and the
 * server are separate programs that share only `shared/`. A violation names its rule; the rule's
 * comment says what it forbids and why.
 *
 * Tests (`*.test.ts`) are composition roots of their own and may wire several features together, so
 * the layering rules look at the code they test, not at them. Every other file under `src/`, test
 * helpers included, is product code.
 */

/** A file of the pure core: anything under a `domain/` folder, or a file named `domain.ts`. */
const DOMAIN = '(^|/)domain(/|\\.ts$)';
const TEST = '\\.test\\.ts$';
/** A table's owner: its SQL (test/architecture/sql-location.test.ts holds SQL to these files). */
const REPOSITORY = '/[^/]*repository[^/]*\\.ts$';
/** The reward features and the kernel they share (one rewards context, issue 13). */
const REWARDS_KERNEL = 'rewards';
const REWARD_FEATURES = [REWARDS_KERNEL, 'karma', 'levels', 'quests', 'achievements', 'level-import'];
const NPM = ['npm', 'npm-dev', 'npm-peer', 'npm-optional', 'npm-bundled', 'npm-no-pkg', 'npm-unknown'];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'domain-no-node-builtins',
      comment:
        'A domain file (domain.ts or under domain/) imports no Node.js built-in (node:fs, net, http, ' +
        'child_process, crypto...): domain rules are pure functions of their arguments; I/O belongs ' +
        'in the adapters around them.',
      severity: 'error',
      from: { path: `^src/.*${DOMAIN}`, pathNot: TEST },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'domain-no-sdk',
      comment:
        'A domain file imports no npm package except pure libraries allowed here (zod): no database, ' +
        'Redis, queue, HTTP, Discord (discord.js, @discordjs/*, and discord-api-types, whose payload ' +
        'shapes become domain events in src/pipeline/normalize.ts), logging or metrics SDK.',
      severity: 'error',
      from: { path: `^src/.*${DOMAIN}`, pathNot: TEST },
      to: { dependencyTypes: NPM, pathNot: '^node_modules/zod/' },
    },
    {
      name: 'domain-imports-only-domain',
      comment:
        'A domain file imports only domain files (its own feature’s or another’s) and the domain ' +
        'events (src/pipeline/events.ts): no platform adapter, repository, service, route, job or ' +
        'Discord adapter. Imports point inward.',
      severity: 'error',
      from: { path: `^src/.*${DOMAIN}`, pathNot: TEST },
      to: { path: '^(src|shared)/', pathNot: [DOMAIN, '^src/pipeline/events\\.ts$', '^shared/'] },
    },
    {
      name: 'platform-not-to-pipeline-or-features',
      comment:
        'src/platform/ (shared adapters: database, hot store, queue, HTTP, Discord) imports nothing ' +
        'from src/pipeline/, src/features/ or src/roles/: the layers above plug into the platform, ' +
        'never the reverse.',
      severity: 'error',
      from: { path: '^src/platform/', pathNot: TEST },
      to: { path: '^src/(pipeline|features|roles)/' },
    },
    {
      name: 'pipeline-not-to-features',
      comment:
        'src/pipeline/ imports no feature and no composition root: features plug in through the ' +
        'PipelineFeature contract (src/pipeline/feature.ts), which src/roles/ wires.',
      severity: 'error',
      from: { path: '^src/pipeline/', pathNot: TEST },
      to: { path: '^src/(features|roles)/' },
    },
    {
      name: 'server-not-to-web',
      comment:
        'Server code (src/, bench/, scripts/, bin/) imports nothing from web/: the dashboard is a ' +
        'separate program; what both need lives in shared/.',
      severity: 'error',
      from: { path: '^(src|bench|scripts|bin)/' },
      to: { path: '^web/' },
    },
    {
      name: 'web-not-to-server',
      comment:
        'The dashboard (web/) imports nothing from the server (src/, bench/, scripts/, test/): it ' +
        'talks to it over HTTP; what both need lives in shared/.',
      severity: 'error',
      from: { path: '^web/' },
      to: { path: '^(src|bench|scripts|test|bin)/' },
    },
    {
      name: 'shared-is-neutral',
      comment:
        'shared/ (what the server and the dashboard both import: languages, translations) imports ' +
        'only shared/: no server or dashboard code, no Node.js built-in, no npm package.',
      severity: 'error',
      from: { path: '^shared/' },
      to: { pathNot: '^shared/' },
    },
    {
      name: 'feature-not-to-other-feature-repository',
      comment:
        'A feature never imports another feature’s repository (*repository*.ts): each table has one ' +
        'owner. Call the owner through a port that the calling feature defines and src/roles/ ' +
        'injects (the PresenceKarma interface in src/features/presence/karma.ts is the model). The ' +
        'one exception is the rewards context: the reward features call the repositories of their ' +
        'shared kernel (src/features/rewards/), which owns the tables they share; any other feature is ' +
        'kept out of the kernel by the rewards-kernel rule below.',
      severity: 'error',
      from: { path: '^src/features/([^/]+)/', pathNot: TEST },
      to: {
        path: `^src/features/[^/]+${REPOSITORY}`,
        pathNot: ['^src/features/$1/', `^src/features/${REWARDS_KERNEL}/`],
      },
    },
    {
      name: 'feature-not-to-other-feature-internals',
      comment:
        'A feature imports from another feature only its domain (domain.ts or domain/: pure rules and ' +
        'types), never its services, routes, Discord adapters, jobs, wiring or test helpers. Call ' +
        'another feature through a port that the calling feature defines and src/roles/ injects. ' +
        'The rewards kernel (src/features/rewards/) is the one shared base: see the next rule.',
      severity: 'error',
      from: { path: '^src/features/([^/]+)/', pathNot: TEST },
      to: {
        path: '^src/features/[^/]+/',
        pathNot: ['^src/features/$1/', DOMAIN, REPOSITORY, `^src/features/${REWARDS_KERNEL}/`],
      },
    },
    {
      name: 'rewards-kernel-only-for-reward-features',
      comment:
        `What the reward features share (src/features/${REWARDS_KERNEL}/: the member's reward state, ` +
        'settlement into the ledger, the rewards configuration) is imported only by the reward ' +
        `features (${REWARD_FEATURES.join(', ')}); it imports only their pure domain. Any other ` +
        'feature reaches rewards through a port it defines (economy, presence).',
      severity: 'error',
      from: { path: '^src/features/', pathNot: [`^src/features/(${REWARD_FEATURES.join('|')})/`, TEST] },
      to: { path: `^src/features/${REWARDS_KERNEL}/`, pathNot: DOMAIN },
    },
    {
      name: 'features-not-to-roles',
      comment:
        'A feature imports nothing from src/roles/ (the composition roots): the roots build the ' +
        'features and inject their ports, never the reverse.',
      severity: 'error',
      from: { path: '^src/features/', pathNot: TEST },
      to: { path: '^src/roles/' },
    },
    {
      name: 'sim-is-separate-program',
      comment:
        'The Discord simulator (src/sim/) is a separate program that speaks Discord’s protocol: it ' +
        'imports nothing from Hearth (src/ outside src/sim/, shared/), so the bot is tested against ' +
        'Discord’s behaviour, not against its own code.',
      severity: 'error',
      from: { path: '^src/sim/', pathNot: TEST },
      to: { path: '^(src|shared)/', pathNot: '^src/sim/' },
    },
    {
      name: 'only-roles-start-the-simulator',
      comment:
        'Only the composition roots (src/roles/, src/main.ts) start the simulator; features, the ' +
        'pipeline and the platform talk to Discord through discord.js and REST, whichever Discord ' +
        'it is.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/sim/', '^src/roles/', '^src/main\\.ts$', TEST] },
      to: { path: '^src/sim/' },
    },
    {
      name: 'production-not-to-test',
      comment:
        'Product code (src/ except *.test.ts; test helpers under src/ included) imports nothing from ' +
        'test/: helpers shared by tests live in test/support/ and are imported by tests only.',
      severity: 'error',
      from: { path: '^(src|bin)/', pathNot: TEST },
      to: { path: '^test/' },
    },
    {
      name: 'not-to-unresolvable',
      comment:
        'Every import resolves to a file or a package: an import that cannot be resolved escapes ' +
        'every rule above.',
      severity: 'error',
      from: { path: '^(src|bench|scripts|bin|test|web|shared)/' },
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: '^node_modules/' },
    exclude: { path: '(^|/)(dist|data)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.cjs', '.json', '.d.ts'],
    },
    moduleSystems: ['es6', 'cjs'],
  },
};
