;; C = op(A)·op(B) in float32 with 128-bit SIMD, blocked as in BLIS (Goto's algorithm):
;;   for each depth block of KC:   pack op(B)[k0:k0+kc, :] into panels of NR columns   (kc × NR each)
;;     for each row block of MC:   pack op(A)[i0:i0+mc, k0:k0+kc] into strips of MR rows (MR × kc each)
;;       for each panel, strip:    a 4×8 tile of C (+)= strip · panel, in 8 f32x4 registers
;; so a tile's B panel (8 KiB) stays in L1 across the strips and the packed A block (128 KiB) in
;; L2 across the panels. The first depth block stores its tiles and later ones add to them.
;; Plain f32x4.mul then f32x4.add: fused multiply-add is relaxed SIMD, not available everywhere.
;;
;; Memory, laid out by the caller (byte offsets, each 16-aligned): A as stored (M×K, or K×M with
;; transA), B as stored (K×N, or N×K with transB), C padded to Mp×Np (M and N rounded up to MR and
;; NR, so every tile is whole; compacted to M×N at the end), the packed A block (MC×KC) and the
;; packed B panels (KC×Np). Packing zero-fills the strips and panels past M and N.
(module
  (memory (export "memory") 1)

  ;; The blocking, read by the caller to lay out memory. The tile kernel's offsets assume MR 4, NR 8;
  ;; MC is a multiple of MR, so only the last strip of C's last row block is short.
  (global (export "MR") i32 (i32.const 4))
  (global (export "NR") i32 (i32.const 8))
  (global $KC (export "KC") i32 (i32.const 256))
  (global $MC (export "MC") i32 (i32.const 128))

  (func (export "gemm")
    (param $transA i32) (param $transB i32) (param $M i32) (param $N i32) (param $K i32)
    (param $a i32) (param $b i32) (param $c i32) (param $packA i32) (param $packB i32)
    (local $ldc i32)                                     ;; bytes per row of padded C: 4·Np
    (local $rsA i32) (local $csA i32)                    ;; op(A)[i, k] at a + i·rsA + k·csA
    (local $rsB i32) (local $csB i32)                    ;; op(B)[k, j] at b + k·rsB + j·csB
    (local $k0 i32) (local $kc i32) (local $i0 i32) (local $mc i32)
    (local $j i32) (local $i i32) (local $panel i32) (local $row i32)
    (local.set $ldc (i32.shl (i32.and (i32.add (local.get $N) (i32.const 7)) (i32.const -8)) (i32.const 2)))
    (if (local.get $transA)
      (then (local.set $rsA (i32.const 4)) (local.set $csA (i32.shl (local.get $M) (i32.const 2))))
      (else (local.set $rsA (i32.shl (local.get $K) (i32.const 2))) (local.set $csA (i32.const 4))))
    (if (local.get $transB)
      (then (local.set $rsB (i32.const 4)) (local.set $csB (i32.shl (local.get $K) (i32.const 2))))
      (else (local.set $rsB (i32.shl (local.get $N) (i32.const 2))) (local.set $csB (i32.const 4))))
    (loop $depth
      (local.set $kc (i32.sub (local.get $K) (local.get $k0)))
      (if (i32.gt_u (local.get $kc) (global.get $KC)) (then (local.set $kc (global.get $KC))))
      ;; op(B)'s columns are the panels' lines: column j steps by csB, along it k steps by rsB
      (call $pack
        (i32.add (local.get $b) (i32.mul (local.get $k0) (local.get $rsB)))
        (local.get $csB) (local.get $rsB) (local.get $N) (local.get $kc) (i32.const 8) (local.get $packB))
      (local.set $i0 (i32.const 0))
      (loop $rows
        (local.set $mc (i32.sub (local.get $M) (local.get $i0)))
        (if (i32.gt_u (local.get $mc) (global.get $MC)) (then (local.set $mc (global.get $MC))))
        (call $pack
          (i32.add (local.get $a)
            (i32.add (i32.mul (local.get $i0) (local.get $rsA)) (i32.mul (local.get $k0) (local.get $csA))))
          (local.get $rsA) (local.get $csA) (local.get $mc) (local.get $kc) (i32.const 4) (local.get $packA))
        ;; tile (i, j) of this block: strip i/4 (16·kc bytes each), panel j/8 (32·kc bytes each)
        (local.set $j (i32.const 0))
        (loop $panels
          (local.set $panel (i32.add (local.get $packB) (i32.mul (i32.shl (local.get $j) (i32.const 2)) (local.get $kc))))
          (local.set $i (i32.const 0))
          (loop $strips
            (local.set $row (i32.add (local.get $i0) (local.get $i)))
            (call $tile
              (local.get $kc)
              (i32.add (local.get $packA) (i32.mul (i32.shl (local.get $i) (i32.const 2)) (local.get $kc)))
              (local.get $panel)
              (i32.add (local.get $c)
                (i32.add (i32.mul (local.get $row) (local.get $ldc)) (i32.shl (local.get $j) (i32.const 2))))
              (local.get $ldc)
              (local.get $k0)) ;; adds to C after the first depth block
            (local.set $i (i32.add (local.get $i) (i32.const 4)))
            (br_if $strips (i32.lt_u (local.get $i) (local.get $mc))))
          (local.set $j (i32.add (local.get $j) (i32.const 8)))
          (br_if $panels (i32.lt_u (local.get $j) (local.get $N))))
        (local.set $i0 (i32.add (local.get $i0) (local.get $mc)))
        (br_if $rows (i32.lt_u (local.get $i0) (local.get $M))))
      (local.set $k0 (i32.add (local.get $k0) (local.get $kc)))
      (br_if $depth (i32.lt_u (local.get $k0) (local.get $K))))
    ;; C's rows from stride Np to stride N, in place (each moves down, so row order is safe)
    (if (i32.ne (local.get $ldc) (i32.shl (local.get $N) (i32.const 2)))
      (then
        (local.set $i (i32.const 1))
        (block $compacted
          (loop $compact
            (br_if $compacted (i32.ge_u (local.get $i) (local.get $M)))
            (memory.copy
              (i32.add (local.get $c) (i32.shl (i32.mul (local.get $i) (local.get $N)) (i32.const 2)))
              (i32.add (local.get $c) (i32.mul (local.get $i) (local.get $ldc)))
              (i32.shl (local.get $N) (i32.const 2)))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $compact))))))

  ;; Lines x = 0..n-1 of a matrix (element (x, k) at src + x·xs + k·ks, k = 0..kc-1) into groups of
  ;; w lines, group g at dst + g·4·w·kc holding (x, k) at 4·(k·w + x mod w). For A the lines are
  ;; rows (w = MR), for B columns (w = NR). A short last group is zero-filled: its missing lines
  ;; only feed C's padding, but stale data there could be subnormal, which is slow to multiply.
  (func $pack
    (param $src i32) (param $xs i32) (param $ks i32) (param $n i32) (param $kc i32) (param $w i32) (param $dst i32)
    (local $x i32) (local $lines i32) (local $r i32) (local $s i32) (local $d i32) (local $end i32) (local $stride i32)
    (local.set $stride (i32.shl (local.get $w) (i32.const 2)))
    (loop $groups
      (local.set $lines (i32.sub (local.get $n) (local.get $x)))
      (if (i32.lt_u (local.get $lines) (local.get $w))
        (then (memory.fill (local.get $dst) (i32.const 0) (i32.mul (local.get $stride) (local.get $kc))))
        (else (local.set $lines (local.get $w))))
      (local.set $r (i32.const 0))
      (loop $line
        (local.set $s (i32.add (local.get $src) (i32.mul (i32.add (local.get $x) (local.get $r)) (local.get $xs))))
        (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2))))
        (local.set $end (i32.add (local.get $d) (i32.mul (local.get $stride) (local.get $kc))))
        (loop $along
          (f32.store (local.get $d) (f32.load (local.get $s)))
          (local.set $s (i32.add (local.get $s) (local.get $ks)))
          (local.set $d (i32.add (local.get $d) (local.get $stride)))
          (br_if $along (i32.lt_u (local.get $d) (local.get $end))))
        (local.set $r (i32.add (local.get $r) (i32.const 1)))
        (br_if $line (i32.lt_u (local.get $r) (local.get $lines))))
      (local.set $dst (i32.add (local.get $dst) (i32.mul (local.get $stride) (local.get $kc))))
      (local.set $x (i32.add (local.get $x) (local.get $w)))
      (br_if $groups (i32.lt_u (local.get $x) (local.get $n)))))

  ;; The 4×8 tile of C at c (rows ldc bytes apart) = strip · panel, added to what C holds when
  ;; add ≠ 0: kc ≥ 1 steps of 16 bytes of the strip and 32 of the panel. Unrolled by 4 with an exit
  ;; test after each step, which keeps each step in its own basic block: V8 hoists the loads of
  ;; a longer block ahead of its arithmetic and runs out of registers (16 xmm on x64).
  (func $tile (param $kc i32) (param $a i32) (param $b i32) (param $c i32) (param $ldc i32) (param $add i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128) (local $end i32)
    (local.set $end (i32.add (local.get $a) (i32.shl (local.get $kc) (i32.const 4))))
    (block $done
      (loop $steps
        (local.set $b0 (v128.load (local.get $b)))
        (local.set $b1 (v128.load offset=16 (local.get $b)))
        (local.set $x (v128.load32_splat (local.get $a)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=4 (local.get $a)))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=8 (local.get $a)))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=12 (local.get $a)))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $b0 (v128.load (local.get $b)))
        (local.set $b1 (v128.load offset=16 (local.get $b)))
        (local.set $x (v128.load32_splat (local.get $a)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=4 (local.get $a)))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=8 (local.get $a)))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=12 (local.get $a)))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $b0 (v128.load (local.get $b)))
        (local.set $b1 (v128.load offset=16 (local.get $b)))
        (local.set $x (v128.load32_splat (local.get $a)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=4 (local.get $a)))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=8 (local.get $a)))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=12 (local.get $a)))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $b0 (v128.load (local.get $b)))
        (local.set $b1 (v128.load offset=16 (local.get $b)))
        (local.set $x (v128.load32_splat (local.get $a)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=4 (local.get $a)))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=8 (local.get $a)))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=12 (local.get $a)))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $a (i32.add (local.get $a) (i32.const 16)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (br_if $steps (i32.lt_u (local.get $a) (local.get $end)))))
    (if (local.get $add)
      (then
        (local.set $c00 (f32x4.add (local.get $c00) (v128.load (local.get $c))))
        (local.set $c01 (f32x4.add (local.get $c01) (v128.load offset=16 (local.get $c))))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (if (local.get $add)
      (then
        (local.set $c10 (f32x4.add (local.get $c10) (v128.load (local.get $c))))
        (local.set $c11 (f32x4.add (local.get $c11) (v128.load offset=16 (local.get $c))))))
    (v128.store (local.get $c) (local.get $c10))
    (v128.store offset=16 (local.get $c) (local.get $c11))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (if (local.get $add)
      (then
        (local.set $c20 (f32x4.add (local.get $c20) (v128.load (local.get $c))))
        (local.set $c21 (f32x4.add (local.get $c21) (v128.load offset=16 (local.get $c))))))
    (v128.store (local.get $c) (local.get $c20))
    (v128.store offset=16 (local.get $c) (local.get $c21))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (if (local.get $add)
      (then
        (local.set $c30 (f32x4.add (local.get $c30) (v128.load (local.get $c))))
        (local.set $c31 (f32x4.add (local.get $c31) (v128.load offset=16 (local.get $c))))))
    (v128.store (local.get $c) (local.get $c30))
    (v128.store offset=16 (local.get $c) (local.get $c31)))
)
