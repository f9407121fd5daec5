;; C = op(A)·op(B) in float32 with 128-bit SIMD, blocked as in BLIS (Goto's algorithm):
;;   for each depth block of KC:   pack op(B)[k0:k0+kc, :] into panels of NR columns   (kc × NR each)
;;     for each row block of MC:   pack op(A)[i0:i0+mc, k0:k0+kc] into strips of MR rows (MR × kc each)
;;       for each panel, strip:    a 5×8 tile of C (+)= strip · panel, in 10 f32x4 registers
;; so a tile's B panel (8 KiB) stays in L1 across the strips and the packed A block (120 KiB) in
;; L2 across the panels. The first depth block stores its tiles and later ones add to them.
;; A last panel of 1 to 4 columns takes a 5×4 tile, half the work of a 5×8 one.
;; Each multiply-add is an f32x4.mul then an f32x4.add, for fused multiply-add is relaxed SIMD,
;; which not every engine has (Chrome from 114, Node from 22). For those that do, build-wasm.mjs
;; generates gemm-fma.wasm.ts from this text, each tile's (f32x4.add c (f32x4.mul x b)) written
;; (f32x4.relaxed_madd x b c): one vfmadd on x64 with FMA3 in place of a vmulps and a vaddps.
;; That should double the ceiling where multiplies and adds share units (Intel); AMD's Zen adds
;; on units of its own, so there an FMA and a mul+add pair do the same work per cycle (~70 GFLOP/s
;; on the Zen 5 measured), and the variant gained 3-6% from 256³ to 1024³.
;;
;; A packed strip holds op(A)[i, k] at 4·(5k + i), a panel op(B)[k, j] at 4·(8k + j). Where op(A)'s
;; rows lie side by side (transA, or K = 1), A already holds each strip so but for the distance
;; from one k to the next, 4·M bytes not 20; likewise op(B)'s columns (not transB, or K = 1), 4·N
;; bytes not 32. Such an operand of at most 4,096 floats (16 KiB, which stays in L1 anyway) is read
;; in place: packing it would take small products longer than multiplying it.
;;
;; Memory, laid out by the caller (byte offsets, each 16-aligned): A as stored (M×K, or K×M with
;; transA), B as stored (K×N, or N×K with transB), C (M×N, then rows up to Mp = M rounded up to MR
;; for whole tiles, and NR floats of slack), the packed A block (MC/MR strips) and the packed B
;; panels (Np/NR, N rounded up to NR), each strip and panel followed by PAD floats. Packing
;; zero-fills the strips and panels past M and N; read in place, those rows and columns hold
;; whatever follows in memory, which only reaches C's rows from M on and columns from N on. Tiles
;; store into C where it lies, rows N floats apart: the last panel's tiles keep C's lanes from
;; column N on as they were, for those are the next row's first columns (or, past row Mp-1, the
;; slack).
(module
  ;; Given by the caller, which replaces it (and the instance) by a larger one rather than growing
  ;; it: see simd-gemm.ts.
  (import "env" "memory" (memory 1))

  ;; The blocking, read by the caller to lay out memory. The tile kernels' offsets assume MR 5, NR 8,
  ;; and packing assumes 4 ≤ MR, NR ≤ 8 and KC a multiple of 4; MC is a multiple of MR, so only the
  ;; last strip of C's last row block is short.
  (global (export "MR") i32 (i32.const 5))
  (global (export "NR") i32 (i32.const 8))
  (global $KC (export "KC") i32 (i32.const 256))
  (global $MC (export "MC") i32 (i32.const 120))
  ;; Floats after each packed strip and panel: one cache line, so that groups 4·w·kc bytes apart
  ;; (B's panels are 8 KiB at kc = 256) do not all fall in one L1 set when packed a k at a time.
  (global $PAD (export "PAD") i32 (i32.const 16))

  (func (export "gemm")
    (param $transA i32) (param $transB i32) (param $M i32) (param $N i32) (param $K i32)
    (param $a i32) (param $b i32) (param $c i32) (param $packA i32) (param $packB i32)
    (local $ldc i32)                                     ;; bytes per row of C: 4·N
    (local $rsA i32) (local $csA i32)                    ;; op(A)[i, k] at a + i·rsA + k·csA
    (local $rsB i32) (local $csB i32)                    ;; op(B)[k, j] at b + k·rsB + j·csB
    (local $k0 i32) (local $kc i32) (local $i0 i32) (local $mc i32)
    (local $j i32) (local $i i32) (local $panel i32) (local $strip i32)
    (local $w i32) (local $tc i32)                       ;; columns of C from j on, a tile's corner
    (local $inA i32) (local $inB i32)                    ;; whether A, B are read in place
    (local $strip0 i32) (local $stripStep i32) (local $ka i32) ;; a block's first strip, bytes to
    (local $panel0 i32) (local $panelStep i32) (local $kb i32) ;; the next, and from k to k+1
    (local.set $ldc (i32.shl (local.get $N) (i32.const 2)))
    (if (local.get $transA)
      (then (local.set $rsA (i32.const 4)) (local.set $csA (i32.shl (local.get $M) (i32.const 2))))
      (else (local.set $rsA (i32.shl (local.get $K) (i32.const 2))) (local.set $csA (i32.const 4))))
    (if (local.get $transB)
      (then (local.set $rsB (i32.const 4)) (local.set $csB (i32.shl (local.get $K) (i32.const 2))))
      (else (local.set $rsB (i32.shl (local.get $N) (i32.const 2))) (local.set $csB (i32.const 4))))
    (local.set $inA
      (i32.and (i32.eq (local.get $rsA) (i32.const 4))
        (i32.le_u (i32.mul (local.get $M) (local.get $K)) (i32.const 4096))))
    (local.set $inB
      (i32.and (i32.eq (local.get $csB) (i32.const 4))
        (i32.le_u (i32.mul (local.get $K) (local.get $N)) (i32.const 4096))))
    (loop $depth
      (local.set $kc (i32.sub (local.get $K) (local.get $k0)))
      (if (i32.gt_u (local.get $kc) (global.get $KC)) (then (local.set $kc (global.get $KC))))
      (local.set $panel0 (i32.add (local.get $b) (i32.mul (local.get $k0) (local.get $rsB))))
      (if (local.get $inB)
        (then (local.set $panelStep (i32.const 32)) (local.set $kb (local.get $rsB)))
        (else
          ;; op(B)'s columns are the panels' lines: column j steps by csB, along it k steps by rsB
          (call $pack
            (local.get $panel0) (local.get $csB) (local.get $rsB) (local.get $N) (local.get $kc) (i32.const 8)
            (local.get $packB))
          (local.set $panel0 (local.get $packB))
          (local.set $panelStep
            (i32.add (i32.mul (local.get $kc) (i32.const 32)) (i32.shl (global.get $PAD) (i32.const 2))))
          (local.set $kb (i32.const 32))))
      (local.set $i0 (i32.const 0))
      (loop $rows
        (local.set $mc (i32.sub (local.get $M) (local.get $i0)))
        (if (i32.gt_u (local.get $mc) (global.get $MC)) (then (local.set $mc (global.get $MC))))
        (local.set $strip0
          (i32.add (local.get $a)
            (i32.add (i32.mul (local.get $i0) (local.get $rsA)) (i32.mul (local.get $k0) (local.get $csA)))))
        (if (local.get $inA)
          (then (local.set $stripStep (i32.const 20)) (local.set $ka (local.get $csA)))
          (else
            (call $pack
              (local.get $strip0) (local.get $rsA) (local.get $csA) (local.get $mc) (local.get $kc) (i32.const 5)
              (local.get $packA))
            (local.set $strip0 (local.get $packA))
            (local.set $stripStep
              (i32.add (i32.mul (local.get $kc) (i32.const 20)) (i32.shl (global.get $PAD) (i32.const 2))))
            (local.set $ka (i32.const 20))))
        ;; tile (i, j) of this block: the strip of rows i0+i.., the panel of columns j..
        (local.set $j (i32.const 0))
        (local.set $panel (local.get $panel0))
        (loop $panels
          (local.set $w (i32.sub (local.get $N) (local.get $j)))
          (local.set $i (i32.const 0))
          (local.set $strip (local.get $strip0))
          (loop $strips
            (local.set $tc
              (i32.add (local.get $c)
                (i32.add (i32.mul (i32.add (local.get $i0) (local.get $i)) (local.get $ldc))
                  (i32.shl (local.get $j) (i32.const 2)))))
            ;; the panel's columns of C, 8 but for the last; it adds to C after the first depth block
            (if (i32.gt_u (local.get $w) (i32.const 4))
              (then
                (call $tile (local.get $kc) (local.get $strip) (local.get $ka) (local.get $panel) (local.get $kb)
                  (local.get $tc) (local.get $ldc) (local.get $k0) (local.get $w)))
              (else
                (call $tile4 (local.get $kc) (local.get $strip) (local.get $ka) (local.get $panel) (local.get $kb)
                  (local.get $tc) (local.get $ldc) (local.get $k0) (local.get $w))))
            (local.set $strip (i32.add (local.get $strip) (local.get $stripStep)))
            (local.set $i (i32.add (local.get $i) (i32.const 5)))
            (br_if $strips (i32.lt_u (local.get $i) (local.get $mc))))
          (local.set $panel (i32.add (local.get $panel) (local.get $panelStep)))
          (local.set $j (i32.add (local.get $j) (i32.const 8)))
          (br_if $panels (i32.lt_u (local.get $j) (local.get $N))))
        (local.set $i0 (i32.add (local.get $i0) (local.get $mc)))
        (br_if $rows (i32.lt_u (local.get $i0) (local.get $M))))
      (local.set $k0 (i32.add (local.get $k0) (local.get $kc)))
      (br_if $depth (i32.lt_u (local.get $k0) (local.get $K)))))

  ;; Lines x = 0..n-1 of a matrix (element (x, k) at src + x·xs + k·ks, k = 0..kc-1) into groups of
  ;; w lines, group g at dst + g·(4·w·kc + 4·PAD) holding (x, k) at 4·(k·w + x mod w). For A the
  ;; lines are rows (w = MR), for B columns (w = NR). A short last group is zero-filled: its missing
  ;; lines only feed C's padding, but stale data there could be subnormal, which is slow to multiply.
  ;; The matrix is stored along one of the two axes, so xs or ks is 4 and whole groups go by vectors.
  (func $pack
    (param $src i32) (param $xs i32) (param $ks i32) (param $n i32) (param $kc i32) (param $w i32)
    (param $dst i32)
    (local $stride i32) (local $bytes i32) (local $group i32) ;; bytes per k, a group's data, a group
    (local $x i32) (local $lines i32) (local $r i32) (local $k i32)
    (local $s i32) (local $d i32) (local $end i32)
    (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128) (local $lo v128) (local $hi v128)
    (local.set $stride (i32.shl (local.get $w) (i32.const 2)))
    (local.set $bytes (i32.mul (local.get $stride) (local.get $kc)))
    (local.set $group (i32.add (local.get $bytes) (i32.shl (global.get $PAD) (i32.const 2))))
    (if (i32.eq (local.get $xs) (i32.const 4))
      (then
        ;; the lines lie side by side, so a group's w values at one k are contiguous: the whole
        ;; groups a k at a time, reading the matrix in order, with two 16-byte copies per group
        ;; (overlapping unless w = 8)
        (local.set $x (i32.sub (local.get $n) (i32.rem_u (local.get $n) (local.get $w))))
        (local.set $r (i32.sub (local.get $stride) (i32.const 16)))
        (if (local.get $x)
          (then
            (loop $perK
              (local.set $s (i32.add (local.get $src) (i32.mul (local.get $k) (local.get $ks))))
              (local.set $end (i32.add (local.get $s) (i32.shl (local.get $x) (i32.const 2))))
              (local.set $d (i32.add (local.get $dst) (i32.mul (local.get $k) (local.get $stride))))
              (loop $across
                (v128.store (local.get $d) (v128.load (local.get $s)))
                (v128.store (i32.add (local.get $d) (local.get $r))
                  (v128.load (i32.add (local.get $s) (local.get $r))))
                (local.set $s (i32.add (local.get $s) (local.get $stride)))
                (local.set $d (i32.add (local.get $d) (local.get $group)))
                (br_if $across (i32.lt_u (local.get $s) (local.get $end))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br_if $perK (i32.lt_u (local.get $k) (local.get $kc))))
            (local.set $dst
              (i32.add (local.get $dst) (i32.mul (i32.div_u (local.get $x) (local.get $w)) (local.get $group))))))))
    ;; the rest group by group
    (block $packed
      (loop $groups
        (br_if $packed (i32.ge_u (local.get $x) (local.get $n)))
        (local.set $lines (i32.sub (local.get $n) (local.get $x)))
        (local.set $r (i32.const 0))
        (if (i32.lt_u (local.get $lines) (local.get $w))
          (then (memory.fill (local.get $dst) (i32.const 0) (local.get $bytes)))
          (else
            ;; a whole group whose lines each run along k (ks = 4): lines r..r+3 at k..k+3 as four
            ;; vectors, transposed into k..k+3 at r..r+3. kc rounds up to 4, reading at most 3
            ;; floats past a line (still in memory, which holds more after A and B) and writing
            ;; at most 3 k-rows past the group: into its padding and the next group, which is
            ;; packed after this one, or the block's slack (KC is a multiple of 4)
            (local.set $lines (local.get $w))
            (loop $quads
              (local.set $s
                (i32.add (local.get $src) (i32.mul (i32.add (local.get $x) (local.get $r)) (local.get $xs))))
              (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2))))
              (local.set $end (i32.add (local.get $d) (local.get $bytes)))
              (loop $along4
                (local.set $v0 (v128.load (local.get $s)))
                (local.set $v1 (v128.load (i32.add (local.get $s) (local.get $xs))))
                (local.set $v2 (v128.load (i32.add (local.get $s) (i32.shl (local.get $xs) (i32.const 1)))))
                (local.set $v3 (v128.load (i32.add (local.get $s) (i32.mul (local.get $xs) (i32.const 3)))))
                ;; lo = (v0[0], v1[0], v0[1], v1[1]), hi = (v2[0], v3[0], v2[1], v3[1]): k and k+1
                (local.set $lo (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v0) (local.get $v1)))
                (local.set $hi (i8x16.shuffle 0 1 2 3 16 17 18 19 4 5 6 7 20 21 22 23 (local.get $v2) (local.get $v3)))
                (v128.store (local.get $d)
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi)))
                (v128.store (i32.add (local.get $d) (local.get $stride))
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi)))
                ;; the same for k+2 and k+3
                (local.set $lo (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v0) (local.get $v1)))
                (local.set $hi (i8x16.shuffle 8 9 10 11 24 25 26 27 12 13 14 15 28 29 30 31 (local.get $v2) (local.get $v3)))
                (v128.store (i32.add (local.get $d) (i32.shl (local.get $stride) (i32.const 1)))
                  (i8x16.shuffle 0 1 2 3 4 5 6 7 16 17 18 19 20 21 22 23 (local.get $lo) (local.get $hi)))
                (v128.store (i32.add (local.get $d) (i32.mul (local.get $stride) (i32.const 3)))
                  (i8x16.shuffle 8 9 10 11 12 13 14 15 24 25 26 27 28 29 30 31 (local.get $lo) (local.get $hi)))
                (local.set $s (i32.add (local.get $s) (i32.const 16)))
                (local.set $d (i32.add (local.get $d) (i32.shl (local.get $stride) (i32.const 2))))
                (br_if $along4 (i32.lt_u (local.get $d) (local.get $end))))
              (local.set $r (i32.add (local.get $r) (i32.const 4)))
              (br_if $quads (i32.le_u (i32.add (local.get $r) (i32.const 4)) (local.get $w))))))
        ;; the lines left (of a short group, or past the last 4 of a whole one), an element at a time
        (block $lined
          (br_if $lined (i32.ge_u (local.get $r) (local.get $lines)))
          (loop $line
            (local.set $s
              (i32.add (local.get $src) (i32.mul (i32.add (local.get $x) (local.get $r)) (local.get $xs))))
            (local.set $d (i32.add (local.get $dst) (i32.shl (local.get $r) (i32.const 2))))
            (local.set $end (i32.add (local.get $d) (local.get $bytes)))
            (loop $along1
              (f32.store (local.get $d) (f32.load (local.get $s)))
              (local.set $s (i32.add (local.get $s) (local.get $ks)))
              (local.set $d (i32.add (local.get $d) (local.get $stride)))
              (br_if $along1 (i32.lt_u (local.get $d) (local.get $end))))
            (local.set $r (i32.add (local.get $r) (i32.const 1)))
            (br_if $line (i32.lt_u (local.get $r) (local.get $lines)))))
        (local.set $dst (i32.add (local.get $dst) (local.get $group)))
        (local.set $x (i32.add (local.get $x) (local.get $w)))
        (br $groups))))

  ;; The 5×8 tile of C at c (rows ldc bytes apart) = strip · panel, added to what C holds when
  ;; add ≠ 0, in C's first w columns (w > 4; 8 but in the last panel): kc ≥ 1 steps of ka bytes
  ;; along the strip and kb along the panel (20 and 32 packed). Registers (x64 has 16 xmm, V8
  ;; keeps one as scratch): 10 accumulators, the panel's 2 vectors of this step, a broadcast of the
  ;; strip and a product. V8 issues all of a basic block's loads ahead of its arithmetic, so a
  ;; block may hold at most two broadcasts: each step is cut into three blocks by two branches that
  ;; are never taken (on different conditions: V8 drops a branch on one already tested), and the
  ;; loop, unrolled by 4, exits after each step. C's rows are written whole, 8 lanes, but for
  ;; w < 8 the lanes from w on are written back as read: they are the next row's first columns,
  ;; or C's slack.
  (func $tile (param $kc i32) (param $a i32) (param $ka i32) (param $b i32) (param $kb i32)
    (param $c i32) (param $ldc i32) (param $add i32) (param $w i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128) (local $c20 v128)
    (local $c21 v128) (local $c30 v128) (local $c31 v128) (local $c40 v128) (local $c41 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128) (local $end i32)
    (local $m0 v128) (local $m1 v128) (local $o0 v128) (local $o1 v128) (local $read i32)
    (local.set $end (i32.add (local.get $a) (i32.mul (local.get $kc) (local.get $ka))))
    (block $done
      (loop $steps
        (local.set $b0 (v128.load (local.get $b)))
        (local.set $b1 (v128.load offset=16 (local.get $b)))
        (local.set $x (v128.load32_splat (local.get $a)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
        (br_if $done (i32.gt_u (local.get $a) (local.get $end))) ;; never: a < end inside a step
        (local.set $x (v128.load32_splat offset=4 (local.get $a)))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=8 (local.get $a)))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
        (br_if $done (i32.eq (local.get $a) (local.get $end)))   ;; never, likewise
        (local.set $x (v128.load32_splat offset=12 (local.get $a)))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=16 (local.get $a)))
        (local.set $c40 (f32x4.add (local.get $c40) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c41 (f32x4.add (local.get $c41) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $a (i32.add (local.get $a) (local.get $ka)))
        (local.set $b (i32.add (local.get $b) (local.get $kb)))
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $b0 (v128.load (local.get $b)))
        (local.set $b1 (v128.load offset=16 (local.get $b)))
        (local.set $x (v128.load32_splat (local.get $a)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
        (br_if $done (i32.gt_u (local.get $a) (local.get $end)))
        (local.set $x (v128.load32_splat offset=4 (local.get $a)))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=8 (local.get $a)))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
        (br_if $done (i32.eq (local.get $a) (local.get $end)))
        (local.set $x (v128.load32_splat offset=12 (local.get $a)))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=16 (local.get $a)))
        (local.set $c40 (f32x4.add (local.get $c40) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c41 (f32x4.add (local.get $c41) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $a (i32.add (local.get $a) (local.get $ka)))
        (local.set $b (i32.add (local.get $b) (local.get $kb)))
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $b0 (v128.load (local.get $b)))
        (local.set $b1 (v128.load offset=16 (local.get $b)))
        (local.set $x (v128.load32_splat (local.get $a)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
        (br_if $done (i32.gt_u (local.get $a) (local.get $end)))
        (local.set $x (v128.load32_splat offset=4 (local.get $a)))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=8 (local.get $a)))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
        (br_if $done (i32.eq (local.get $a) (local.get $end)))
        (local.set $x (v128.load32_splat offset=12 (local.get $a)))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=16 (local.get $a)))
        (local.set $c40 (f32x4.add (local.get $c40) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c41 (f32x4.add (local.get $c41) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $a (i32.add (local.get $a) (local.get $ka)))
        (local.set $b (i32.add (local.get $b) (local.get $kb)))
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $b0 (v128.load (local.get $b)))
        (local.set $b1 (v128.load offset=16 (local.get $b)))
        (local.set $x (v128.load32_splat (local.get $a)))
        (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
        (br_if $done (i32.gt_u (local.get $a) (local.get $end)))
        (local.set $x (v128.load32_splat offset=4 (local.get $a)))
        (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=8 (local.get $a)))
        (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
        (br_if $done (i32.eq (local.get $a) (local.get $end)))
        (local.set $x (v128.load32_splat offset=12 (local.get $a)))
        (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $x (v128.load32_splat offset=16 (local.get $a)))
        (local.set $c40 (f32x4.add (local.get $c40) (f32x4.mul (local.get $x) (local.get $b0))))
        (local.set $c41 (f32x4.add (local.get $c41) (f32x4.mul (local.get $x) (local.get $b1))))
        (local.set $a (i32.add (local.get $a) (local.get $ka)))
        (local.set $b (i32.add (local.get $b) (local.get $kb)))
        (br_if $steps (i32.lt_u (local.get $a) (local.get $end)))))
    ;; lanes < w of a row's two vectors (all of them for w = 8), and whether to read C at all
    (local.set $m0 (i32x4.gt_s (i32x4.splat (local.get $w)) (v128.const i32x4 0 1 2 3)))
    (local.set $m1 (i32x4.gt_s (i32x4.splat (local.get $w)) (v128.const i32x4 4 5 6 7)))
    (local.set $read (i32.or (local.get $add) (i32.lt_u (local.get $w) (i32.const 8))))
    (if (local.get $read)
      (then
        (local.set $o0 (v128.load (local.get $c)))
        (local.set $o1 (v128.load offset=16 (local.get $c)))
        (if (local.get $add)
          (then
            (local.set $c00 (f32x4.add (local.get $c00) (local.get $o0)))
            (local.set $c01 (f32x4.add (local.get $c01) (local.get $o1)))))
        (local.set $c00 (v128.bitselect (local.get $c00) (local.get $o0) (local.get $m0)))
        (local.set $c01 (v128.bitselect (local.get $c01) (local.get $o1) (local.get $m1)))))
    (v128.store (local.get $c) (local.get $c00))
    (v128.store offset=16 (local.get $c) (local.get $c01))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (if (local.get $read)
      (then
        (local.set $o0 (v128.load (local.get $c)))
        (local.set $o1 (v128.load offset=16 (local.get $c)))
        (if (local.get $add)
          (then
            (local.set $c10 (f32x4.add (local.get $c10) (local.get $o0)))
            (local.set $c11 (f32x4.add (local.get $c11) (local.get $o1)))))
        (local.set $c10 (v128.bitselect (local.get $c10) (local.get $o0) (local.get $m0)))
        (local.set $c11 (v128.bitselect (local.get $c11) (local.get $o1) (local.get $m1)))))
    (v128.store (local.get $c) (local.get $c10))
    (v128.store offset=16 (local.get $c) (local.get $c11))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (if (local.get $read)
      (then
        (local.set $o0 (v128.load (local.get $c)))
        (local.set $o1 (v128.load offset=16 (local.get $c)))
        (if (local.get $add)
          (then
            (local.set $c20 (f32x4.add (local.get $c20) (local.get $o0)))
            (local.set $c21 (f32x4.add (local.get $c21) (local.get $o1)))))
        (local.set $c20 (v128.bitselect (local.get $c20) (local.get $o0) (local.get $m0)))
        (local.set $c21 (v128.bitselect (local.get $c21) (local.get $o1) (local.get $m1)))))
    (v128.store (local.get $c) (local.get $c20))
    (v128.store offset=16 (local.get $c) (local.get $c21))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (if (local.get $read)
      (then
        (local.set $o0 (v128.load (local.get $c)))
        (local.set $o1 (v128.load offset=16 (local.get $c)))
        (if (local.get $add)
          (then
            (local.set $c30 (f32x4.add (local.get $c30) (local.get $o0)))
            (local.set $c31 (f32x4.add (local.get $c31) (local.get $o1)))))
        (local.set $c30 (v128.bitselect (local.get $c30) (local.get $o0) (local.get $m0)))
        (local.set $c31 (v128.bitselect (local.get $c31) (local.get $o1) (local.get $m1)))))
    (v128.store (local.get $c) (local.get $c30))
    (v128.store offset=16 (local.get $c) (local.get $c31))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (if (local.get $read)
      (then
        (local.set $o0 (v128.load (local.get $c)))
        (local.set $o1 (v128.load offset=16 (local.get $c)))
        (if (local.get $add)
          (then
            (local.set $c40 (f32x4.add (local.get $c40) (local.get $o0)))
            (local.set $c41 (f32x4.add (local.get $c41) (local.get $o1)))))
        (local.set $c40 (v128.bitselect (local.get $c40) (local.get $o0) (local.get $m0)))
        (local.set $c41 (v128.bitselect (local.get $c41) (local.get $o1) (local.get $m1)))))
    (v128.store (local.get $c) (local.get $c40))
    (v128.store offset=16 (local.get $c) (local.get $c41)))

  ;; The 5×4 tile of C at c = strip · the first 4 columns of panel, as $tile but for w ≤ 4 (a last
  ;; panel of 1 to 4 columns): each step reads the panel's first vector only. Its 5 accumulators,
  ;; panel vector and broadcasts fit in registers, so the steps need no cuts; the loop is unrolled
  ;; by 2.
  (func $tile4 (param $kc i32) (param $a i32) (param $ka i32) (param $b i32) (param $kb i32)
    (param $c i32) (param $ldc i32) (param $add i32) (param $w i32)
    (local $c0 v128) (local $c1 v128) (local $c2 v128) (local $c3 v128) (local $c4 v128)
    (local $b0 v128) (local $end i32) (local $m v128) (local $o v128) ;; a mask of lanes < w, C as read
    (local.set $end (i32.add (local.get $a) (i32.mul (local.get $kc) (local.get $ka))))
    (block $done
      (loop $steps
        (local.set $b0 (v128.load (local.get $b)))
        (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (v128.load32_splat (local.get $a)) (local.get $b0))))
        (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (v128.load32_splat offset=4 (local.get $a)) (local.get $b0))))
        (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (v128.load32_splat offset=8 (local.get $a)) (local.get $b0))))
        (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (v128.load32_splat offset=12 (local.get $a)) (local.get $b0))))
        (local.set $c4 (f32x4.add (local.get $c4) (f32x4.mul (v128.load32_splat offset=16 (local.get $a)) (local.get $b0))))
        (local.set $a (i32.add (local.get $a) (local.get $ka)))
        (local.set $b (i32.add (local.get $b) (local.get $kb)))
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $b0 (v128.load (local.get $b)))
        (local.set $c0 (f32x4.add (local.get $c0) (f32x4.mul (v128.load32_splat (local.get $a)) (local.get $b0))))
        (local.set $c1 (f32x4.add (local.get $c1) (f32x4.mul (v128.load32_splat offset=4 (local.get $a)) (local.get $b0))))
        (local.set $c2 (f32x4.add (local.get $c2) (f32x4.mul (v128.load32_splat offset=8 (local.get $a)) (local.get $b0))))
        (local.set $c3 (f32x4.add (local.get $c3) (f32x4.mul (v128.load32_splat offset=12 (local.get $a)) (local.get $b0))))
        (local.set $c4 (f32x4.add (local.get $c4) (f32x4.mul (v128.load32_splat offset=16 (local.get $a)) (local.get $b0))))
        (local.set $a (i32.add (local.get $a) (local.get $ka)))
        (local.set $b (i32.add (local.get $b) (local.get $kb)))
        (br_if $steps (i32.lt_u (local.get $a) (local.get $end)))))
    (local.set $m (i32x4.gt_s (i32x4.splat (local.get $w)) (v128.const i32x4 0 1 2 3)))
    (local.set $o (v128.load (local.get $c)))
    (if (local.get $add) (then (local.set $c0 (f32x4.add (local.get $c0) (local.get $o)))))
    (v128.store (local.get $c) (v128.bitselect (local.get $c0) (local.get $o) (local.get $m)))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (local.set $o (v128.load (local.get $c)))
    (if (local.get $add) (then (local.set $c1 (f32x4.add (local.get $c1) (local.get $o)))))
    (v128.store (local.get $c) (v128.bitselect (local.get $c1) (local.get $o) (local.get $m)))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (local.set $o (v128.load (local.get $c)))
    (if (local.get $add) (then (local.set $c2 (f32x4.add (local.get $c2) (local.get $o)))))
    (v128.store (local.get $c) (v128.bitselect (local.get $c2) (local.get $o) (local.get $m)))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (local.set $o (v128.load (local.get $c)))
    (if (local.get $add) (then (local.set $c3 (f32x4.add (local.get $c3) (local.get $o)))))
    (v128.store (local.get $c) (v128.bitselect (local.get $c3) (local.get $o) (local.get $m)))
    (local.set $c (i32.add (local.get $c) (local.get $ldc)))
    (local.set $o (v128.load (local.get $c)))
    (if (local.get $add) (then (local.set $c4 (f32x4.add (local.get $c4) (local.get $o)))))
    (v128.store (local.get $c) (v128.bitselect (local.get $c4) (local.get $o) (local.get $m))))
)
