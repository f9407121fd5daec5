// The package as a user gets it: `npm pack`, install the tarball into a fresh folder, then a small
// TypeScript program, once as ES modules (`import`) and once as CommonJS (`require`), each using
// both 'torchlet' and 'torchlet/node'. tsc checks it against the shipped .d.ts/.d.cts files
// (skipLibCheck off, so the declarations themselves must compile, with neither Node's types nor
// the DOM's) and emits it; node runs it.
// It needs dist/ (CI runs `npm run build` first).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../..', import.meta.url));
const tsc = join(root, 'node_modules/typescript/bin/tsc');

// The article's Net, one SGD step, then save → load through a file into a second Net.
// `@ts-expect-error` lines fail the type check if the shipped types were missing or `any`.
const program = (imports: string): string => `${imports}

class Net extends nn.Module {
  hidden1: nn.Linear;
  activation: nn.ReLU;
  output: nn.Linear;

  constructor(nInput: number, nOutput: number) {
    super();
    this.hidden1 = new nn.Linear(nInput, 10);
    this.activation = new nn.ReLU();
    this.output = new nn.Linear(10, nOutput);
  }

  override forward(x: Tensor): Tensor {
    return this.output(this.activation(this.hidden1(x)));
  }
}

manualSeed(0);
const model = new Net(3, 1);
const x = tensor([[1, 2, 3], [4, 5, 6]]);
const y = tensor([[1], [2]]);
const optimizer = new optim.SGD(model.parameters(), { lr: 0.01, momentum: 0.9 });
const lossFn = new nn.MSELoss();
optimizer.zeroGrad();
const loss: Tensor = lossFn(model(x), y);
loss.backward();
optimizer.step();

save(model.stateDict(), FILE);
const loaded = load(FILE);
const copy = new Net(3, 1);
copy.loadStateDict(loaded);
const difference: number = noGrad(() => copy(x).sub(model(x)).abs().max().item());

// @ts-expect-error: a Linear needs its sizes
void (() => new nn.Linear());
// @ts-expect-error: the learning rate is a number
void (() => new optim.SGD(model.parameters(), { lr: 'fast' }));

console.log(JSON.stringify({
  repr: String(model),
  keys: Object.keys(model.stateDict()),
  loadedKeys: Object.keys(loaded).sort(),
  loadedAreTensors: Object.values(loaded).every((t) => t instanceof Tensor),
  difference,
  loss: loss.item(),
}));
`;

const esm = program(`import { manualSeed, nn, noGrad, optim, tensor, Tensor } from 'torchlet';
import { load, save } from 'torchlet/node';
const FILE = 'esm.safetensors';`);

const cjs = program(`import torchlet = require('torchlet');
import torchletNode = require('torchlet/node');
import nn = torchlet.nn;
import optim = torchlet.optim;
import Tensor = torchlet.Tensor;
const { manualSeed, noGrad, tensor } = torchlet;
const { load, save } = torchletNode;
const FILE = 'cjs.safetensors';`);

const tsconfig = {
  compilerOptions: {
    module: 'nodenext',
    moduleResolution: 'nodenext',
    target: 'es2022',
    strict: true,
    noImplicitOverride: true,
    skipLibCheck: false,
    noEmitOnError: true,
    outDir: 'out',
    // no @types/node and no DOM: the shipped declarations must stand on ES2022 alone
    lib: ['es2022'],
    types: [],
  },
  files: ['esm.mts', 'cjs.cts', 'console.d.ts'],
};

const run = (command: string, args: string[], cwd: string): string =>
  execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

describe('the packed package', () => {
  const work = mkdtempSync(join(tmpdir(), 'torchlet-pack-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it('installs from its tarball and works from import and require, with types', () => {
    for (const file of ['index.js', 'index.cjs', 'index.d.ts', 'index.d.cts', 'node.js', 'node.cjs', 'node.d.ts', 'node.d.cts']) {
      if (!existsSync(join(root, 'dist', file))) {
        throw new Error(`dist/${file} is missing: run \`npm run build\` before this test (it packs the built package)`);
      }
    }
    const [{ filename }] = JSON.parse(run('npm', ['pack', '--json', '--pack-destination', work], root)) as { filename: string }[];

    const app = join(work, 'app');
    mkdirSync(app);
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
    // no runtime dependencies, so nothing is fetched
    run('npm', ['install', '--offline', '--no-audit', '--no-fund', '--no-package-lock', join(work, filename)], app);
    writeFileSync(join(app, 'esm.mts'), esm);
    writeFileSync(join(app, 'cjs.cts'), cjs);
    writeFileSync(join(app, 'console.d.ts'), 'declare const console: { log(...data: unknown[]): void };\n');
    writeFileSync(join(app, 'tsconfig.json'), JSON.stringify(tsconfig, null, 2));

    try {
      run(process.execPath, [tsc, '-p', 'tsconfig.json'], app);
    } catch (error) {
      throw new Error(`tsc failed on the installed package:\n${(error as { stdout?: string }).stdout ?? error}`);
    }
    const outputs = ['out/esm.mjs', 'out/cjs.cjs'].map((file) => JSON.parse(run(process.execPath, [file], app)));

    for (const out of outputs) {
      expect(out.repr).toBe(
        'Net(\n  (hidden1): Linear(in_features=3, out_features=10, bias=True)\n  (activation): ReLU()\n  (output): Linear(in_features=10, out_features=1, bias=True)\n)',
      );
      expect(out.keys).toEqual(['hidden1.weight', 'hidden1.bias', 'output.weight', 'output.bias']);
      expect(out.loadedKeys).toEqual([...out.keys].sort());
      expect(out.loadedAreTensors).toBe(true); // 'torchlet/node' hands back the same Tensor class as 'torchlet'
      expect(out.difference).toBe(0);
    }
    expect(outputs[1].loss).toBe(outputs[0].loss);
  }, 60_000);
});
