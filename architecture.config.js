// The libraries and the arrows allowed between them: read by the lint rules (eslint.config.js), by the
// architecture test (test/architecture.spec.ts) and by `npm run graph`, which prints the measured graph,
// its depth and the Mermaid diagram of docs/architecture.md.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Each library and the libraries it may import (through their index.ts). */
export const ALLOWED = {
  core: [],
  platform: ['core'],
  calendar: ['core', 'platform'],
  documents: ['core', 'platform'],
  oversight: ['core', 'platform'],
  organization: ['core', 'platform', 'calendar', 'oversight'],
  catalogue: ['core', 'platform', 'calendar'],
  reports: ['core', 'platform', 'documents', 'oversight'],
  deadlines: ['core', 'platform', 'calendar', 'organization', 'oversight'],
  enquiries: ['core', 'platform', 'calendar', 'catalogue', 'organization', 'oversight', 'reports'],
  notices: ['core', 'platform', 'catalogue', 'documents', 'organization', 'oversight', 'reports'],
  cases: ['core', 'platform', 'calendar', 'catalogue', 'deadlines', 'documents', 'enquiries', 'notices', 'organization', 'reports'],
  rejections: ['core', 'platform', 'calendar', 'cases', 'catalogue', 'deadlines', 'documents', 'enquiries', 'organization', 'oversight', 'reports'],
  ratings: ['core', 'platform', 'calendar', 'cases', 'deadlines', 'enquiries', 'organization', 'reports'],
  complaints: ['core', 'platform', 'calendar', 'deadlines', 'enquiries', 'organization'],
  evaluation: ['core', 'platform', 'organization', 'oversight', 'reports'],
  badges: ['core', 'platform', 'documents', 'organization'],
  tasks: ['core', 'platform', 'calendar', 'deadlines', 'organization'],
  transparency: ['core', 'platform', 'documents', 'evaluation', 'organization', 'reports'],
  testing: ['core', 'platform'],
};

/** The framework-free and shared libraries; the rest are feature libraries named for a rule. */
export const FOUNDATION = ['core', 'platform', 'testing'];
export const LIBS = Object.keys(ALLOWED);
export const FEATURE_LIBS = LIBS.filter((l) => !FOUNDATION.includes(l));

/** The longest chain of arrows ending at each node, counting the node itself (core is level 1). */
export function levels(graph) {
  const memo = new Map();
  const level = (node, path = []) => {
    if (path.includes(node)) throw new Error(`import cycle: ${[...path, node].join(' -> ')}`);
    if (!memo.has(node)) memo.set(node, 1 + Math.max(0, ...(graph[node] ?? []).map((d) => level(d, [...path, node]))));
    return memo.get(node);
  };
  return Object.fromEntries(Object.keys(graph).map((n) => [n, level(n)]));
}

/**
 * The Mermaid flowchart of the allowed arrows, bottom-up. Every library may import core and platform:
 * those arrows are left out but for the foundation's own, so the picture shows the rules' libraries.
 */
export function mermaid(graph) {
  const lines = ['flowchart BT', '  platform --> core', '  testing --> platform'];
  for (const [lib, deps] of Object.entries(graph)) {
    if (FOUNDATION.includes(lib)) continue;
    for (const d of [...deps].sort()) if (!FOUNDATION.includes(d)) lines.push(`  ${lib} --> ${d}`);
    if (deps.every((d) => FOUNDATION.includes(d))) lines.push(`  ${lib} --> platform`);
  }
  return lines.join('\n');
}

function walk(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : path.endsWith('.ts') && !path.endsWith('.spec.ts') ? [path] : [];
  });
}

/** The arrows the code has: which library (or app) imports which library, from the source files. */
export function importGraph(root) {
  const graph = {};
  const add = (from, dir) => {
    graph[from] ??= [];
    for (const file of walk(dir)) {
      for (const [, to] of readFileSync(file, 'utf8').matchAll(/from '@app\/([a-z]+)'/g)) if (to !== from && !graph[from].includes(to)) graph[from].push(to);
    }
    graph[from].sort();
  };
  for (const lib of readdirSync(join(root, 'libs'))) add(lib, join(root, 'libs', lib, 'src'));
  for (const app of readdirSync(join(root, 'apps'))) if (app !== 'console') add(`apps/${app}`, join(root, 'apps', app, 'src'));
  return graph;
}

/** Files under libs/ longer than `max` lines. */
export function longFiles(root, max = 400) {
  return walk(join(root, 'libs'))
    .map((file) => ({ file: relative(root, file), lines: readFileSync(file, 'utf8').split('\n').length }))
    .filter((f) => f.lines > max);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = fileURLToPath(new URL('.', import.meta.url));
  const graph = importGraph(root);
  const byLevel = levels(graph);
  const libs = Object.entries(byLevel).filter(([n]) => !n.startsWith('apps/'));
  console.log('level  node');
  for (const [node, level] of Object.entries(byLevel).sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))) console.log(`${String(level).padStart(5)}  ${node}`);
  console.log(`\nlibrary graph depth: ${Math.max(...libs.map(([, l]) => l))} levels; with the apps: ${Math.max(...Object.values(byLevel))}`);
  const long = longFiles(root);
  console.log(`files under libs/ over 400 lines: ${long.length === 0 ? 'none' : long.map((f) => `${f.file} (${f.lines})`).join(', ')}`);
}
