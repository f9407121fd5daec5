;; One time step of LSTM cells in float32 with 128-bit SIMD, four hidden units a vector:
;;   i, f, g, o = σ, σ, tanh, σ of (xp + b) + hp, gate by gate;  c' = f·c + i·g;  h' = o·tanh(c')
;; with xp = W_ih x, hp = W_hh h and b = b_ih + b_hh given for the step (the sum is PyTorch's
;; pre-activation; b of −0 leaves xp + hp exactly, −0 included).
;;
;; e^x by Cody and Waite's range reduction: n = round(x·log2 e), r = x − n·ln2 with ln2 split in
;; two (C1 has 9 significant bits, so n·C1 is exact for |n| < 2^15), e^r on |r| ≤ ln2/2 by the
;; polynomial of Cephes' expf (S. L. Moshier): 1 + r + r²·P(r), and 2^n made by writing n + 127
;; into the exponent bits. x is rounded by adding 1.5·2^23: the sum's low mantissa bits then hold
;; n, so the exponent bits are (bits of the sum + 127) << 23, the high bits shifted out. x is held
;; to ±104 and n to [−127, 128], where those bits are those of 0 and of +∞: e^x then under- and
;; overflows to exactly 0 and +∞ (from about ∓88, leaving out subnormal results), and NaN stays NaN.
;; Error against float64: under 1 ulp on e^x, 2.5 on σ, 2 on tanh (at 4·10⁶ random points of
;; [−87, 87]).
;;   σ(x) = 1 / (1 + e^−x):   exactly 0 and 1 where e^−x is +∞ and 0.
;;   tanh x = ±(1 − 2 / (e^2|x| + 1)) with the sign of x:   exactly ±1 where e^2|x| is +∞; where
;;     it is used the bracket is at least tanh 0.4 = 0.38, so cancellation costs under a bit. Below
;;     |x| = 0.4 the odd Taylor series to x¹³ (Abramowitz and Stegun 4.5.64; the next term is below
;;     4·10⁻⁹ of the value), which keeps −0. Both are computed and chosen lane by lane.
;; Plain f32x4.mul then f32x4.add: fused multiply-add is relaxed SIMD, not available everywhere.
;;
;; Memory, laid out by the caller (byte offsets; rows of each operand side by side, n = 0..N-1):
;; xp and hp (rows of 4H floats: i, f, g, o), b (one such row for every n), c (rows of H), then
;; the outputs: acts (rows of 5H: i, f, g, o, tanh c'), states (rows of 2H: h', c'), and h', c'
;; again in rows of H. Outputs do not overlap inputs. A last vector of a row that is short of 4
;; units reads past the row, into what follows in memory (at least 3 floats, which the caller
;; leaves), and writes its lanes past the row back as it read them.
(module
  ;; Given by the caller, which replaces it (and the instance) by a larger one rather than growing
  ;; it: see simd-lstm.ts.
  (import "env" "memory" (memory 1))

  (func (export "cells")
    (param $N i32) (param $H i32) (param $xp i32) (param $hp i32) (param $b i32) (param $c i32)
    (param $acts i32) (param $states i32) (param $hOut i32) (param $cOut i32)
    (local $gate i32)                                   ;; bytes per gate: 4·H
    (local $j i32)                                      ;; byte offset of a vector in its gate
    (local $x i32) (local $p i32) (local $y i32) (local $a i32) (local $s i32)
    (local $mask v128)                                  ;; the lanes of a row's last vector in it
    (local $i v128) (local $f v128) (local $g v128) (local $o v128) (local $cn v128) (local $hn v128)
    (local $e v128) (local $t v128) (local $q v128) (local $sq v128)
    ;; e^x's constants
    (local $xMin v128) (local $xMax v128) (local $log2e v128) (local $round v128)
    (local $nMin v128) (local $nMax v128) (local $c1 v128) (local $c2 v128)
    (local $p0 v128) (local $p1 v128) (local $p2 v128) (local $p3 v128) (local $p4 v128) (local $p5 v128)
    (local $bias v128) (local $one v128) (local $two v128) (local $sign v128)
    ;; tanh's series: its threshold and coefficients of x³ to x¹³
    (local $small v128)
    (local $t3 v128) (local $t5 v128) (local $t7 v128) (local $t9 v128) (local $t11 v128) (local $t13 v128)
    (local.set $xMin (v128.const f32x4 -104 -104 -104 -104))
    (local.set $xMax (v128.const f32x4 104 104 104 104))
    (local.set $log2e (v128.const f32x4 1.44269504 1.44269504 1.44269504 1.44269504))
    (local.set $round (v128.const f32x4 12582912 12582912 12582912 12582912))                 ;; 1.5·2^23
    (local.set $nMin (v128.const f32x4 12582785 12582785 12582785 12582785))                  ;; − 127
    (local.set $nMax (v128.const f32x4 12583040 12583040 12583040 12583040))                  ;; + 128
    (local.set $c1 (v128.const f32x4 0.693359375 0.693359375 0.693359375 0.693359375))
    (local.set $c2 (v128.const f32x4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4 -2.12194440e-4))
    (local.set $p0 (v128.const f32x4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4 1.9875691500e-4))
    (local.set $p1 (v128.const f32x4 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3 1.3981999507e-3))
    (local.set $p2 (v128.const f32x4 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3 8.3334519073e-3))
    (local.set $p3 (v128.const f32x4 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2 4.1665795894e-2))
    (local.set $p4 (v128.const f32x4 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1 1.6666665459e-1))
    (local.set $p5 (v128.const f32x4 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1 5.0000001201e-1))
    (local.set $bias (v128.const i32x4 127 127 127 127))
    (local.set $one (v128.const f32x4 1 1 1 1))
    (local.set $two (v128.const f32x4 2 2 2 2))
    (local.set $sign (v128.const i32x4 0x80000000 0x80000000 0x80000000 0x80000000))
    (local.set $small (v128.const f32x4 0.4 0.4 0.4 0.4))
    (local.set $t3 (v128.const f32x4 -0.333333333 -0.333333333 -0.333333333 -0.333333333))     ;; −1/3
    (local.set $t5 (v128.const f32x4 0.133333333 0.133333333 0.133333333 0.133333333))         ;; 2/15
    (local.set $t7 (v128.const f32x4 -0.0539682540 -0.0539682540 -0.0539682540 -0.0539682540)) ;; −17/315
    (local.set $t9 (v128.const f32x4 0.0218694885 0.0218694885 0.0218694885 0.0218694885))     ;; 62/2835
    (local.set $t11 (v128.const f32x4 -0.00886323552 -0.00886323552 -0.00886323552 -0.00886323552)) ;; −1382/155925
    (local.set $t13 (v128.const f32x4 0.00359212803 0.00359212803 0.00359212803 0.00359212803))     ;; 21844/6081075
    (local.set $gate (i32.shl (local.get $H) (i32.const 2)))
    (local.set $mask
      (i32x4.gt_s (i32x4.splat (i32.and (local.get $H) (i32.const 3))) (v128.const i32x4 0 1 2 3)))
    (loop $rows
      (local.set $j (i32.const 0))
      (loop $units
        (local.set $x (i32.add (local.get $xp) (local.get $j)))
        (local.set $p (i32.add (local.get $hp) (local.get $j)))
        (local.set $y (i32.add (local.get $b) (local.get $j)))

        ;; i = σ(pre-activation) = 1 / (1 + e): e = e^−pre as in the header, x and n held, r in q
        (local.set $e
          (f32x4.neg
            (f32x4.add (f32x4.add (v128.load (local.get $x)) (v128.load (local.get $y))) (v128.load (local.get $p)))))
        (local.set $e (f32x4.pmin (f32x4.pmax (local.get $e) (local.get $xMin)) (local.get $xMax)))
        (local.set $t
          (f32x4.pmin
            (f32x4.pmax
              (f32x4.add (f32x4.mul (local.get $e) (local.get $log2e)) (local.get $round))
              (local.get $nMin))
            (local.get $nMax)))
        (local.set $q (f32x4.sub (local.get $t) (local.get $round)))                           ;; n
        (local.set $q
          (f32x4.sub (f32x4.sub (local.get $e) (f32x4.mul (local.get $q) (local.get $c1)))
            (f32x4.mul (local.get $q) (local.get $c2))))                                      ;; r
        (local.set $e
          (f32x4.mul
            (f32x4.add
              (f32x4.add
                (f32x4.mul
                  (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul
                    (f32x4.add (f32x4.mul (local.get $p0) (local.get $q)) (local.get $p1)) (local.get $q))
                    (local.get $p2)) (local.get $q)) (local.get $p3)) (local.get $q)) (local.get $p4))
                    (local.get $q)) (local.get $p5))
                  (f32x4.mul (local.get $q) (local.get $q)))
                (local.get $q))
              (local.get $one))
            (i32x4.shl (i32x4.add (local.get $t) (local.get $bias)) (i32.const 23))))
        (local.set $i (f32x4.div (local.get $one) (f32x4.add (local.get $one) (local.get $e))))

        ;; f = σ(pre-activation), likewise
        (local.set $e
          (f32x4.neg
            (f32x4.add
              (f32x4.add (v128.load (i32.add (local.get $x) (local.get $gate)))
                (v128.load (i32.add (local.get $y) (local.get $gate))))
              (v128.load (i32.add (local.get $p) (local.get $gate))))))
        (local.set $e (f32x4.pmin (f32x4.pmax (local.get $e) (local.get $xMin)) (local.get $xMax)))
        (local.set $t
          (f32x4.pmin
            (f32x4.pmax
              (f32x4.add (f32x4.mul (local.get $e) (local.get $log2e)) (local.get $round))
              (local.get $nMin))
            (local.get $nMax)))
        (local.set $q (f32x4.sub (local.get $t) (local.get $round)))
        (local.set $q
          (f32x4.sub (f32x4.sub (local.get $e) (f32x4.mul (local.get $q) (local.get $c1)))
            (f32x4.mul (local.get $q) (local.get $c2))))
        (local.set $e
          (f32x4.mul
            (f32x4.add
              (f32x4.add
                (f32x4.mul
                  (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul
                    (f32x4.add (f32x4.mul (local.get $p0) (local.get $q)) (local.get $p1)) (local.get $q))
                    (local.get $p2)) (local.get $q)) (local.get $p3)) (local.get $q)) (local.get $p4))
                    (local.get $q)) (local.get $p5))
                  (f32x4.mul (local.get $q) (local.get $q)))
                (local.get $q))
              (local.get $one))
            (i32x4.shl (i32x4.add (local.get $t) (local.get $bias)) (i32.const 23))))
        (local.set $f (f32x4.div (local.get $one) (f32x4.add (local.get $one) (local.get $e))))

        ;; o = σ(pre-activation), likewise
        (local.set $e
          (f32x4.neg
            (f32x4.add
              (f32x4.add (v128.load (i32.add (local.get $x) (i32.mul (local.get $gate) (i32.const 3))))
                (v128.load (i32.add (local.get $y) (i32.mul (local.get $gate) (i32.const 3)))))
              (v128.load (i32.add (local.get $p) (i32.mul (local.get $gate) (i32.const 3)))))))
        (local.set $e (f32x4.pmin (f32x4.pmax (local.get $e) (local.get $xMin)) (local.get $xMax)))
        (local.set $t
          (f32x4.pmin
            (f32x4.pmax
              (f32x4.add (f32x4.mul (local.get $e) (local.get $log2e)) (local.get $round))
              (local.get $nMin))
            (local.get $nMax)))
        (local.set $q (f32x4.sub (local.get $t) (local.get $round)))
        (local.set $q
          (f32x4.sub (f32x4.sub (local.get $e) (f32x4.mul (local.get $q) (local.get $c1)))
            (f32x4.mul (local.get $q) (local.get $c2))))
        (local.set $e
          (f32x4.mul
            (f32x4.add
              (f32x4.add
                (f32x4.mul
                  (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul
                    (f32x4.add (f32x4.mul (local.get $p0) (local.get $q)) (local.get $p1)) (local.get $q))
                    (local.get $p2)) (local.get $q)) (local.get $p3)) (local.get $q)) (local.get $p4))
                    (local.get $q)) (local.get $p5))
                  (f32x4.mul (local.get $q) (local.get $q)))
                (local.get $q))
              (local.get $one))
            (i32x4.shl (i32x4.add (local.get $t) (local.get $bias)) (i32.const 23))))
        (local.set $o (f32x4.div (local.get $one) (f32x4.add (local.get $one) (local.get $e))))

        ;; g = tanh(pre-activation): e = e^2|pre| (whose argument needs no lower bounds), then the
        ;; formula, or the series below |pre| = 0.4
        (local.set $g
          (f32x4.add
            (f32x4.add (v128.load (i32.add (local.get $x) (i32.shl (local.get $gate) (i32.const 1))))
              (v128.load (i32.add (local.get $y) (i32.shl (local.get $gate) (i32.const 1)))))
            (v128.load (i32.add (local.get $p) (i32.shl (local.get $gate) (i32.const 1))))))
        (local.set $e (f32x4.abs (local.get $g)))
        (local.set $e (f32x4.pmin (f32x4.add (local.get $e) (local.get $e)) (local.get $xMax)))
        (local.set $t
          (f32x4.pmin
            (f32x4.add (f32x4.mul (local.get $e) (local.get $log2e)) (local.get $round))
            (local.get $nMax)))
        (local.set $q (f32x4.sub (local.get $t) (local.get $round)))
        (local.set $q
          (f32x4.sub (f32x4.sub (local.get $e) (f32x4.mul (local.get $q) (local.get $c1)))
            (f32x4.mul (local.get $q) (local.get $c2))))
        (local.set $e
          (f32x4.mul
            (f32x4.add
              (f32x4.add
                (f32x4.mul
                  (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul
                    (f32x4.add (f32x4.mul (local.get $p0) (local.get $q)) (local.get $p1)) (local.get $q))
                    (local.get $p2)) (local.get $q)) (local.get $p3)) (local.get $q)) (local.get $p4))
                    (local.get $q)) (local.get $p5))
                  (f32x4.mul (local.get $q) (local.get $q)))
                (local.get $q))
              (local.get $one))
            (i32x4.shl (i32x4.add (local.get $t) (local.get $bias)) (i32.const 23))))
        (local.set $e                                                                           ;; ±(1 − 2/(e + 1))
          (v128.or
            (f32x4.sub (local.get $one) (f32x4.div (local.get $two) (f32x4.add (local.get $e) (local.get $one))))
            (v128.and (local.get $g) (local.get $sign))))
        (local.set $sq (f32x4.mul (local.get $g) (local.get $g)))
        (local.set $g
          (v128.bitselect
            (f32x4.mul (local.get $g)
              (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul
                (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul
                  (local.get $t13) (local.get $sq)) (local.get $t11)) (local.get $sq)) (local.get $t9))
                  (local.get $sq)) (local.get $t7)) (local.get $sq)) (local.get $t5)) (local.get $sq))
                  (local.get $t3)) (local.get $sq)) (local.get $one)))
            (local.get $e)
            (f32x4.lt (f32x4.abs (local.get $g)) (local.get $small))))

        ;; c' = f·c + i·g, and tanh c' as g's
        (local.set $cn
          (f32x4.add (f32x4.mul (local.get $f) (v128.load (i32.add (local.get $c) (local.get $j))))
            (f32x4.mul (local.get $i) (local.get $g))))
        (local.set $e (f32x4.abs (local.get $cn)))
        (local.set $e (f32x4.pmin (f32x4.add (local.get $e) (local.get $e)) (local.get $xMax)))
        (local.set $t
          (f32x4.pmin
            (f32x4.add (f32x4.mul (local.get $e) (local.get $log2e)) (local.get $round))
            (local.get $nMax)))
        (local.set $q (f32x4.sub (local.get $t) (local.get $round)))
        (local.set $q
          (f32x4.sub (f32x4.sub (local.get $e) (f32x4.mul (local.get $q) (local.get $c1)))
            (f32x4.mul (local.get $q) (local.get $c2))))
        (local.set $e
          (f32x4.mul
            (f32x4.add
              (f32x4.add
                (f32x4.mul
                  (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul
                    (f32x4.add (f32x4.mul (local.get $p0) (local.get $q)) (local.get $p1)) (local.get $q))
                    (local.get $p2)) (local.get $q)) (local.get $p3)) (local.get $q)) (local.get $p4))
                    (local.get $q)) (local.get $p5))
                  (f32x4.mul (local.get $q) (local.get $q)))
                (local.get $q))
              (local.get $one))
            (i32x4.shl (i32x4.add (local.get $t) (local.get $bias)) (i32.const 23))))
        (local.set $e
          (v128.or
            (f32x4.sub (local.get $one) (f32x4.div (local.get $two) (f32x4.add (local.get $e) (local.get $one))))
            (v128.and (local.get $cn) (local.get $sign))))
        (local.set $sq (f32x4.mul (local.get $cn) (local.get $cn)))
        (local.set $t
          (v128.bitselect
            (f32x4.mul (local.get $cn)
              (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul
                (f32x4.add (f32x4.mul (f32x4.add (f32x4.mul
                  (local.get $t13) (local.get $sq)) (local.get $t11)) (local.get $sq)) (local.get $t9))
                  (local.get $sq)) (local.get $t7)) (local.get $sq)) (local.get $t5)) (local.get $sq))
                  (local.get $t3)) (local.get $sq)) (local.get $one)))
            (local.get $e)
            (f32x4.lt (f32x4.abs (local.get $cn)) (local.get $small))))
        (local.set $hn (f32x4.mul (local.get $o) (local.get $t)))

        (local.set $a (i32.add (local.get $acts) (local.get $j)))
        (local.set $s (i32.add (local.get $states) (local.get $j)))
        (if (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $gate))
          (then
            (v128.store (local.get $a) (local.get $i))
            (v128.store (i32.add (local.get $a) (local.get $gate)) (local.get $f))
            (v128.store (i32.add (local.get $a) (i32.shl (local.get $gate) (i32.const 1))) (local.get $g))
            (v128.store (i32.add (local.get $a) (i32.mul (local.get $gate) (i32.const 3))) (local.get $o))
            (v128.store (i32.add (local.get $a) (i32.shl (local.get $gate) (i32.const 2))) (local.get $t))
            (v128.store (local.get $s) (local.get $hn))
            (v128.store (i32.add (local.get $s) (local.get $gate)) (local.get $cn))
            (v128.store (i32.add (local.get $hOut) (local.get $j)) (local.get $hn))
            (v128.store (i32.add (local.get $cOut) (local.get $j)) (local.get $cn)))
          (else
            (call $part (local.get $a) (local.get $i) (local.get $mask))
            (call $part (i32.add (local.get $a) (local.get $gate)) (local.get $f) (local.get $mask))
            (call $part (i32.add (local.get $a) (i32.shl (local.get $gate) (i32.const 1))) (local.get $g) (local.get $mask))
            (call $part (i32.add (local.get $a) (i32.mul (local.get $gate) (i32.const 3))) (local.get $o) (local.get $mask))
            (call $part (i32.add (local.get $a) (i32.shl (local.get $gate) (i32.const 2))) (local.get $t) (local.get $mask))
            (call $part (local.get $s) (local.get $hn) (local.get $mask))
            (call $part (i32.add (local.get $s) (local.get $gate)) (local.get $cn) (local.get $mask))
            (call $part (i32.add (local.get $hOut) (local.get $j)) (local.get $hn) (local.get $mask))
            (call $part (i32.add (local.get $cOut) (local.get $j)) (local.get $cn) (local.get $mask))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br_if $units (i32.lt_u (local.get $j) (local.get $gate))))
      ;; the next row of each operand
      (local.set $xp (i32.add (local.get $xp) (i32.shl (local.get $gate) (i32.const 2))))
      (local.set $hp (i32.add (local.get $hp) (i32.shl (local.get $gate) (i32.const 2))))
      (local.set $c (i32.add (local.get $c) (local.get $gate)))
      (local.set $acts (i32.add (local.get $acts) (i32.mul (local.get $gate) (i32.const 5))))
      (local.set $states (i32.add (local.get $states) (i32.shl (local.get $gate) (i32.const 1))))
      (local.set $hOut (i32.add (local.get $hOut) (local.get $gate)))
      (local.set $cOut (i32.add (local.get $cOut) (local.get $gate)))
      (local.set $N (i32.sub (local.get $N) (i32.const 1)))
      (br_if $rows (local.get $N))))

  ;; Backward through one time step of the cells: from the gradients of h' and c' from above (gh,
  ;; gc) and from the next step (dhNext, dcNext), with the saved acts and c, the gradients of the
  ;; four pre-activations (tanh' = 1 − tanh², σ' = σ(1 − σ)):
  ;;   dh = gh + dhNext;  dc = gc + dcNext + dh·o·(1 − tanh²c')
  ;;   di = dc·g·i(1 − i);  df = dc·c·f(1 − f);  dg = dc·i(1 − g²);  do = dh·tanh c'·o(1 − o)
  ;; and that of c, dcNext = dc·f, for the step before. The operations in the JavaScript kernel's
  ;; order, each rounded to float32 where that kernel rounds each result once from float64.
  ;; Memory: grad (rows of 2H: gh, gc), acts (rows of 5H), c, dhNext and dcNext (rows of H) in, dx
  ;; (rows of 4H: di, df, dg, do) and dcNext out, dx overlapping none; short last vectors as in cells.
  (func (export "cellsBackward")
    (param $N i32) (param $H i32) (param $grad i32) (param $acts i32) (param $c i32)
    (param $dhNext i32) (param $dcNext i32) (param $dx i32)
    (local $gate i32) (local $j i32) (local $a i32) (local $d i32)
    (local $mask v128)
    (local $i v128) (local $f v128) (local $g v128) (local $o v128) (local $tc v128)
    (local $dh v128) (local $dc v128) (local $di v128) (local $df v128) (local $dg v128) (local $do v128)
    (local $one v128)
    (local.set $one (v128.const f32x4 1 1 1 1))
    (local.set $gate (i32.shl (local.get $H) (i32.const 2)))
    (local.set $mask
      (i32x4.gt_s (i32x4.splat (i32.and (local.get $H) (i32.const 3))) (v128.const i32x4 0 1 2 3)))
    (loop $rows
      (local.set $j (i32.const 0))
      (loop $units
        (local.set $a (i32.add (local.get $acts) (local.get $j)))
        (local.set $i (v128.load (local.get $a)))
        (local.set $f (v128.load (i32.add (local.get $a) (local.get $gate))))
        (local.set $g (v128.load (i32.add (local.get $a) (i32.shl (local.get $gate) (i32.const 1)))))
        (local.set $o (v128.load (i32.add (local.get $a) (i32.mul (local.get $gate) (i32.const 3)))))
        (local.set $tc (v128.load (i32.add (local.get $a) (i32.shl (local.get $gate) (i32.const 2)))))
        (local.set $dh
          (f32x4.add (v128.load (i32.add (local.get $grad) (local.get $j)))
            (v128.load (i32.add (local.get $dhNext) (local.get $j)))))
        (local.set $dc
          (f32x4.add
            (f32x4.add (v128.load (i32.add (i32.add (local.get $grad) (local.get $gate)) (local.get $j)))
              (v128.load (i32.add (local.get $dcNext) (local.get $j))))
            (f32x4.mul (f32x4.mul (local.get $dh) (local.get $o))
              (f32x4.sub (local.get $one) (f32x4.mul (local.get $tc) (local.get $tc))))))
        (local.set $di
          (f32x4.mul (f32x4.mul (f32x4.mul (local.get $dc) (local.get $g)) (local.get $i))
            (f32x4.sub (local.get $one) (local.get $i))))
        (local.set $df
          (f32x4.mul
            (f32x4.mul (f32x4.mul (local.get $dc) (v128.load (i32.add (local.get $c) (local.get $j)))) (local.get $f))
            (f32x4.sub (local.get $one) (local.get $f))))
        (local.set $dg
          (f32x4.mul (f32x4.mul (local.get $dc) (local.get $i))
            (f32x4.sub (local.get $one) (f32x4.mul (local.get $g) (local.get $g)))))
        (local.set $do
          (f32x4.mul (f32x4.mul (f32x4.mul (local.get $dh) (local.get $tc)) (local.get $o))
            (f32x4.sub (local.get $one) (local.get $o))))
        (local.set $dc (f32x4.mul (local.get $dc) (local.get $f)))
        (local.set $d (i32.add (local.get $dx) (local.get $j)))
        (if (i32.le_u (i32.add (local.get $j) (i32.const 16)) (local.get $gate))
          (then
            (v128.store (local.get $d) (local.get $di))
            (v128.store (i32.add (local.get $d) (local.get $gate)) (local.get $df))
            (v128.store (i32.add (local.get $d) (i32.shl (local.get $gate) (i32.const 1))) (local.get $dg))
            (v128.store (i32.add (local.get $d) (i32.mul (local.get $gate) (i32.const 3))) (local.get $do))
            (v128.store (i32.add (local.get $dcNext) (local.get $j)) (local.get $dc)))
          (else
            (call $part (local.get $d) (local.get $di) (local.get $mask))
            (call $part (i32.add (local.get $d) (local.get $gate)) (local.get $df) (local.get $mask))
            (call $part (i32.add (local.get $d) (i32.shl (local.get $gate) (i32.const 1))) (local.get $dg) (local.get $mask))
            (call $part (i32.add (local.get $d) (i32.mul (local.get $gate) (i32.const 3))) (local.get $do) (local.get $mask))
            (call $part (i32.add (local.get $dcNext) (local.get $j)) (local.get $dc) (local.get $mask))))
        (local.set $j (i32.add (local.get $j) (i32.const 16)))
        (br_if $units (i32.lt_u (local.get $j) (local.get $gate))))
      (local.set $grad (i32.add (local.get $grad) (i32.shl (local.get $gate) (i32.const 1))))
      (local.set $acts (i32.add (local.get $acts) (i32.mul (local.get $gate) (i32.const 5))))
      (local.set $c (i32.add (local.get $c) (local.get $gate)))
      (local.set $dhNext (i32.add (local.get $dhNext) (local.get $gate)))
      (local.set $dcNext (i32.add (local.get $dcNext) (local.get $gate)))
      (local.set $dx (i32.add (local.get $dx) (i32.shl (local.get $gate) (i32.const 2))))
      (local.set $N (i32.sub (local.get $N) (i32.const 1)))
      (br_if $rows (local.get $N))))

  ;; v's lanes where mask is set stored at addr, the others written back as they were.
  (func $part (param $addr i32) (param $v v128) (param $mask v128)
    (v128.store (local.get $addr)
      (v128.bitselect (local.get $v) (v128.load (local.get $addr)) (local.get $mask))))
)
