import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', node: 'src/node.ts' },
  format: ['esm', 'cjs'],
  // CommonJS too shares one chunk between 'torchlet' and 'torchlet/node': one Tensor class and one
  // grad mode, so a state dict that torchlet/node's load() returns loads into a model from 'torchlet'.
  splitting: true,
  dts: true,
  clean: true,
  sourcemap: true,
  target: 'es2022',
  platform: 'neutral',
  // String(module) prints the class name, as PyTorch's repr does: keep names through bundling.
  keepNames: true,
});
