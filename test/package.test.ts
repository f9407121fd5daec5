// The package's promises: no runtime dependency, both entry points, a browser-safe core.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : [path];
  });
}

describe('package', () => {
  it('has no runtime dependencies', () => {
    expect(Object.keys(pkg.dependencies ?? {})).toEqual([]);
  });

  it('exports . and ./node for import and require, with types', () => {
    for (const entry of ['.', './node']) {
      for (const kind of ['import', 'require']) {
        expect(pkg.exports[entry][kind].types).toMatch(/\.d\.c?ts$/);
        expect(pkg.exports[entry][kind].default).toMatch(/\.c?js$/);
      }
    }
  });

  it('keeps node: imports out of the core, so it loads in a browser', () => {
    const offenders = sourceFiles(join(root, 'src'))
      .filter((file) => !file.endsWith(join('src', 'node.ts')))
      .filter((file) => /from ['"]node:|require\(['"]node:/.test(readFileSync(file, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
