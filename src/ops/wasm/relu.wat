;; ReLU and its backward in float32 with 128-bit SIMD, four elements a vector, as PyTorch:
;;   relu x      = x, but +0 where x < 0 (so −0 and every NaN pass as they are, −∞ becomes +0)
;;   backward dx = g, but +0 where relu x ≤ 0 (where the output is ±0; NaN outputs pass g)
;; each as one v128.andnot of the operand with the lanes' comparison mask.
;;
;; Memory, laid out by the caller (byte offsets, 16-aligned): the operands and the result, each
;; of n floats rounded up to whole vectors; the lanes past n are computed and ignored.
(module
  ;; Given by the caller, which replaces it (and the instance) by a larger one rather than growing
  ;; it: see kernel.ts.
  (import "env" "memory" (memory 1))

  (func (export "relu") (param $x i32) (param $y i32) (param $n i32)
    (local $end i32) (local $v v128)
    (local.set $end (i32.add (local.get $x) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $x) (local.get $end)))
        (local.set $v (v128.load (local.get $x)))
        (v128.store (local.get $y) (v128.andnot (local.get $v) (f32x4.lt (local.get $v) (v128.const f32x4 0 0 0 0))))
        (local.set $x (i32.add (local.get $x) (i32.const 16)))
        (local.set $y (i32.add (local.get $y) (i32.const 16)))
        (br $vectors))))

  (func (export "reluBackward") (param $g i32) (param $out i32) (param $dx i32) (param $n i32)
    (local $end i32)
    (local.set $end (i32.add (local.get $g) (i32.shl (local.get $n) (i32.const 2))))
    (block $done
      (loop $vectors
        (br_if $done (i32.ge_u (local.get $g) (local.get $end)))
        (v128.store (local.get $dx)
          (v128.andnot (v128.load (local.get $g)) (f32x4.le (v128.load (local.get $out)) (v128.const f32x4 0 0 0 0))))
        (local.set $g (i32.add (local.get $g) (i32.const 16)))
        (local.set $out (i32.add (local.get $out) (i32.const 16)))
        (local.set $dx (i32.add (local.get $dx) (i32.const 16)))
        (br $vectors)))))
