// This machine's ceiling for a WebAssembly SIMD float32 matmul: independent f32x4.mul + f32x4.add
// pairs on registers only, ten accumulators as gemm.wat's 5×8 tile keeps. W3 is read against it,
// since the naive baseline's speed says little about what a compute-bound SIMD kernel can reach.
import initWabt from 'wabt';
import { median, now } from './timing.mjs';

const ACCUMULATORS = 10;

/** GFLOP/s of f32x4 multiply-adds (8 flops each): the median of `repeats` timings (~50 ms each here). */
export async function measureSimdPeak(repeats = 5) {
  const names = Array.from({ length: ACCUMULATORS }, (_, i) => `$c${i}`);
  const step = names.map((c, i) => `(local.set ${c} (f32x4.add (local.get ${c}) (f32x4.mul (local.get $a${i % 2}) (local.get $b))))`);
  const wat = `(module (func (export "run") (param $n i32) (result f32)
    (local $a0 v128) (local $a1 v128) (local $b v128) ${names.map((c) => `(local ${c} v128)`).join(' ')}
    (local.set $a0 (f32x4.splat (f32.const 1.0001))) (local.set $a1 (f32x4.splat (f32.const 0.9999)))
    (local.set $b (f32x4.splat (f32.const 0.5)))
    (loop $l ${step.join(' ')} (br_if $l (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))
    ${names.slice(1).map((c) => `(local.set $c0 (f32x4.add (local.get $c0) (local.get ${c})))`).join(' ')}
    (f32x4.extract_lane 0 (local.get $c0))))`;
  const wabt = await initWabt();
  const module = wabt.parseWat('simd-peak.wat', wat, { simd: true });
  const { run } = new WebAssembly.Instance(new WebAssembly.Module(module.toBinary({}).buffer)).exports;
  module.destroy();
  run(1e6); // compiled and warm
  const iterations = 4e7;
  const rates = [];
  for (let r = 0; r < repeats; r++) {
    const t0 = now();
    run(iterations);
    rates.push((iterations * ACCUMULATORS * 8) / ((now() - t0) * 1e6));
  }
  return median(rates);
}
