import { readFileSync } from 'node:fs';
import { ALLOWED, importGraph, levels, longFiles, mermaid } from '../architecture.config.js';

const root = process.cwd();

describe('architecture', () => {
  const graph = importGraph(root) as Record<string, string[]>;

  it('every library imports only the libraries its arrows allow', () => {
    const extra = Object.entries(graph)
      .filter(([lib]) => !lib.startsWith('apps/'))
      .flatMap(([lib, deps]) => deps.filter((d) => !(ALLOWED as Record<string, string[]>)[lib]?.includes(d)).map((d) => `${lib} -> ${d}`));
    expect(extra).toEqual([]);
  });

  it('the oversight registry imports no feature library', () => {
    expect(graph.oversight!.filter((d) => d !== 'core' && d !== 'platform')).toEqual([]);
  });

  it('the library graph is at most 8 levels deep', () => {
    const byLevel = levels(graph) as Record<string, number>;
    const libraries = Object.entries(byLevel).filter(([n]) => !n.startsWith('apps/'));
    expect(Math.max(...libraries.map(([, l]) => l))).toBeLessThanOrEqual(8);
  });

  it('docs/architecture.md draws the allowed arrows', () => {
    const doc = readFileSync(`${root}/docs/architecture.md`, 'utf8');
    const drawn = /```mermaid\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(drawn).toBe(mermaid(ALLOWED));
  });

  it('no file under libs/ is over 400 lines without a reason in its header comment', () => {
    const unexplained = (longFiles(root) as Array<{ file: string; lines: number }>).filter(
      (f) => !/^\/\*\*[\s\S]*?Over 400 lines because[\s\S]*?\*\//.test(readFileSync(`${root}/${f.file}`, 'utf8')),
    );
    expect(unexplained.map((f) => `${f.file} (${f.lines})`)).toEqual([]);
  });
});
