;; sha256: the output is the lower-case hex SHA-256 (FIPS 180-4) of the input, 64 ASCII bytes.
;;
;; Memory (page 0): 0..255 the round constants K (little-endian i32s), 256..511 the message
;; schedule W[0..63], 512..527 the hex digits, 528..591 the hex output. The input is read once,
;; with input_read, to 65536 (page 1) and padded in place (0x80, zeros, the 64-bit big-endian bit
;; length); memory grows to fit: 16 MiB of input (max-input) needs 1 + 256 + 1 = 258 pages.
;; The compression keeps a..h and H0..H7 in locals; all arithmetic is i32.
(module
  (import "env" "input_size" (func $input_size (result i32)))
  (import "env" "input_read" (func $input_read (param i32 i32) (result i32)))
  (import "env" "output_write" (func $output_write (param i32 i32)))
  (memory (export "memory") 1)

  (data (i32.const 0)
    "\98\2f\8a\42\91\44\37\71\cf\fb\c0\b5\a5\db\b5\e9"  ;; K[0..3]
    "\5b\c2\56\39\f1\11\f1\59\a4\82\3f\92\d5\5e\1c\ab"  ;; K[4..7]
    "\98\aa\07\d8\01\5b\83\12\be\85\31\24\c3\7d\0c\55"  ;; K[8..11]
    "\74\5d\be\72\fe\b1\de\80\a7\06\dc\9b\74\f1\9b\c1"  ;; K[12..15]
    "\c1\69\9b\e4\86\47\be\ef\c6\9d\c1\0f\cc\a1\0c\24"  ;; K[16..19]
    "\6f\2c\e9\2d\aa\84\74\4a\dc\a9\b0\5c\da\88\f9\76"  ;; K[20..23]
    "\52\51\3e\98\6d\c6\31\a8\c8\27\03\b0\c7\7f\59\bf"  ;; K[24..27]
    "\f3\0b\e0\c6\47\91\a7\d5\51\63\ca\06\67\29\29\14"  ;; K[28..31]
    "\85\0a\b7\27\38\21\1b\2e\fc\6d\2c\4d\13\0d\38\53"  ;; K[32..35]
    "\54\73\0a\65\bb\0a\6a\76\2e\c9\c2\81\85\2c\72\92"  ;; K[36..39]
    "\a1\e8\bf\a2\4b\66\1a\a8\70\8b\4b\c2\a3\51\6c\c7"  ;; K[40..43]
    "\19\e8\92\d1\24\06\99\d6\85\35\0e\f4\70\a0\6a\10"  ;; K[44..47]
    "\16\c1\a4\19\08\6c\37\1e\4c\77\48\27\b5\bc\b0\34"  ;; K[48..51]
    "\b3\0c\1c\39\4a\aa\d8\4e\4f\ca\9c\5b\f3\6f\2e\68"  ;; K[52..55]
    "\ee\82\8f\74\6f\63\a5\78\14\78\c8\84\08\02\c7\8c"  ;; K[56..59]
    "\fa\ff\be\90\eb\6c\50\a4\f7\a3\f9\be\f2\78\71\c6"  ;; K[60..63]
  )
  (data (i32.const 512) "0123456789abcdef")

  (global $W i32 (i32.const 256))
  (global $HEX i32 (i32.const 528))
  (global $INPUT i32 (i32.const 65536))

  ;; The big-endian i32 at addr.
  (func $load_be (param $addr i32) (result i32)
    (local $x i32)
    (local.set $x (i32.load (local.get $addr)))
    (i32.or
      (i32.and (i32.rotl (local.get $x) (i32.const 8)) (i32.const 0x00ff00ff))
      (i32.and (i32.rotr (local.get $x) (i32.const 8)) (i32.const 0xff00ff00))))

  ;; Stores x big-endian at addr.
  (func $store_be (param $addr i32) (param $x i32)
    (i32.store (local.get $addr)
      (i32.or
        (i32.and (i32.rotl (local.get $x) (i32.const 8)) (i32.const 0x00ff00ff))
        (i32.and (i32.rotr (local.get $x) (i32.const 8)) (i32.const 0xff00ff00)))))

  ;; Writes the 8 hex digits of x at dst.
  (func $hex (param $dst i32) (param $x i32)
    (local $i i32)
    (loop $next
      (i32.store8 (i32.add (local.get $dst) (local.get $i))
        (i32.load8_u (i32.add (i32.const 512)
          (i32.shr_u (local.get $x) (i32.const 28)))))
      (local.set $x (i32.shl (local.get $x) (i32.const 4)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $next (i32.lt_u (local.get $i) (i32.const 8)))))

  (func (export "run")
    (local $n i32) (local $total i32) (local $pages i32) (local $p i32) (local $end i32)
    (local $t i32) (local $x i32) (local $y i32)
    (local $a i32) (local $b i32) (local $c i32) (local $d i32)
    (local $e i32) (local $f i32) (local $g i32) (local $h i32)
    (local $h0 i32) (local $h1 i32) (local $h2 i32) (local $h3 i32)
    (local $h4 i32) (local $h5 i32) (local $h6 i32) (local $h7 i32)
    (local $t1 i32)

    (local.set $n (call $input_size))
    ;; padded length: n + 1 + 8 rounded up to a multiple of 64
    (local.set $total
      (i32.and (i32.add (local.get $n) (i32.const 72)) (i32.const -64)))
    (local.set $pages
      (i32.add (i32.const 1)
        (i32.shr_u (i32.add (local.get $total) (i32.const 0xffff)) (i32.const 16))))
    (if (i32.gt_u (local.get $pages) (memory.size))
      (then
        (if (i32.eq (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const -1))
          (then (unreachable)))))
    (local.set $n (call $input_read (global.get $INPUT) (local.get $n)))
    (local.set $total
      (i32.and (i32.add (local.get $n) (i32.const 72)) (i32.const -64)))

    ;; padding: 0x80, zeros, then the bit length n * 8 as a big-endian 64-bit number
    (local.set $end (i32.add (global.get $INPUT) (local.get $total)))
    (local.set $p (i32.add (global.get $INPUT) (local.get $n)))
    (i32.store8 (local.get $p) (i32.const 0x80))
    (local.set $p (i32.add (local.get $p) (i32.const 1)))
    (block $zeroed
      (loop $zero
        (br_if $zeroed (i32.ge_u (local.get $p) (i32.sub (local.get $end) (i32.const 8))))
        (i32.store8 (local.get $p) (i32.const 0))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $zero)))
    (call $store_be (i32.sub (local.get $end) (i32.const 8))
      (i32.shr_u (local.get $n) (i32.const 29)))
    (call $store_be (i32.sub (local.get $end) (i32.const 4))
      (i32.shl (local.get $n) (i32.const 3)))

    (local.set $h0 (i32.const 0x6a09e667))
    (local.set $h1 (i32.const 0xbb67ae85))
    (local.set $h2 (i32.const 0x3c6ef372))
    (local.set $h3 (i32.const 0xa54ff53a))
    (local.set $h4 (i32.const 0x510e527f))
    (local.set $h5 (i32.const 0x9b05688c))
    (local.set $h6 (i32.const 0x1f83d9ab))
    (local.set $h7 (i32.const 0x5be0cd19))

    (local.set $p (global.get $INPUT))
    (block $blocks_done
      (loop $block
        (br_if $blocks_done (i32.ge_u (local.get $p) (local.get $end)))

        ;; W[0..15]: the block's big-endian words (t is a byte offset, 4 per word)
        (local.set $t (i32.const 0))
        (loop $load
          (i32.store offset=256 (local.get $t)
            (call $load_be (i32.add (local.get $p) (local.get $t))))
          (local.set $t (i32.add (local.get $t) (i32.const 4)))
          (br_if $load (i32.lt_u (local.get $t) (i32.const 64))))
        ;; W[16..63] = s1(W[t-2]) + W[t-7] + s0(W[t-15]) + W[t-16]
        (loop $expand
          (local.set $x (i32.load offset=196 (local.get $t)))   ;; W[t-15]: 256 - 60
          (local.set $y (i32.load offset=248 (local.get $t)))   ;; W[t-2]:  256 - 8
          (i32.store offset=256 (local.get $t)
            (i32.add
              (i32.add
                (i32.xor
                  (i32.xor (i32.rotr (local.get $y) (i32.const 17))
                           (i32.rotr (local.get $y) (i32.const 19)))
                  (i32.shr_u (local.get $y) (i32.const 10)))
                (i32.load offset=228 (local.get $t)))           ;; W[t-7]:  256 - 28
              (i32.add
                (i32.xor
                  (i32.xor (i32.rotr (local.get $x) (i32.const 7))
                           (i32.rotr (local.get $x) (i32.const 18)))
                  (i32.shr_u (local.get $x) (i32.const 3)))
                (i32.load offset=192 (local.get $t)))))         ;; W[t-16]: 256 - 64
          (local.set $t (i32.add (local.get $t) (i32.const 4)))
          (br_if $expand (i32.lt_u (local.get $t) (i32.const 256))))

        (local.set $a (local.get $h0))
        (local.set $b (local.get $h1))
        (local.set $c (local.get $h2))
        (local.set $d (local.get $h3))
        (local.set $e (local.get $h4))
        (local.set $f (local.get $h5))
        (local.set $g (local.get $h6))
        (local.set $h (local.get $h7))

        ;; 64 rounds; t is the byte offset of K[i] (at 0) and W[i] (at 256)
        (local.set $t (i32.const 0))
        (loop $round
          ;; T1 = h + S1(e) + Ch(e,f,g) + K[i] + W[i]
          (local.set $t1
            (i32.add
              (i32.add
                (i32.add (local.get $h)
                  (i32.xor
                    (i32.xor (i32.rotr (local.get $e) (i32.const 6))
                             (i32.rotr (local.get $e) (i32.const 11)))
                    (i32.rotr (local.get $e) (i32.const 25))))
                ;; Ch(e,f,g) = g ^ (e & (f ^ g))
                (i32.xor (local.get $g)
                  (i32.and (local.get $e) (i32.xor (local.get $f) (local.get $g)))))
              (i32.add (i32.load (local.get $t)) (i32.load offset=256 (local.get $t)))))
          (local.set $h (local.get $g))
          (local.set $g (local.get $f))
          (local.set $f (local.get $e))
          (local.set $e (i32.add (local.get $d) (local.get $t1)))
          (local.set $d (local.get $c))
          ;; a' = T1 + S0(a) + Maj(a,b,c), Maj(a,b,c) = (a & b) | (c & (a | b))
          (local.set $t1
            (i32.add (local.get $t1)
              (i32.add
                (i32.xor
                  (i32.xor (i32.rotr (local.get $a) (i32.const 2))
                           (i32.rotr (local.get $a) (i32.const 13)))
                  (i32.rotr (local.get $a) (i32.const 22)))
                (i32.or (i32.and (local.get $a) (local.get $b))
                        (i32.and (local.get $c) (i32.or (local.get $a) (local.get $b)))))))
          (local.set $c (local.get $b))
          (local.set $b (local.get $a))
          (local.set $a (local.get $t1))
          (local.set $t (i32.add (local.get $t) (i32.const 4)))
          (br_if $round (i32.lt_u (local.get $t) (i32.const 256))))

        (local.set $h0 (i32.add (local.get $h0) (local.get $a)))
        (local.set $h1 (i32.add (local.get $h1) (local.get $b)))
        (local.set $h2 (i32.add (local.get $h2) (local.get $c)))
        (local.set $h3 (i32.add (local.get $h3) (local.get $d)))
        (local.set $h4 (i32.add (local.get $h4) (local.get $e)))
        (local.set $h5 (i32.add (local.get $h5) (local.get $f)))
        (local.set $h6 (i32.add (local.get $h6) (local.get $g)))
        (local.set $h7 (i32.add (local.get $h7) (local.get $h)))
        (local.set $p (i32.add (local.get $p) (i32.const 64)))
        (br $block)))

    (call $hex (i32.const 528) (local.get $h0))
    (call $hex (i32.const 536) (local.get $h1))
    (call $hex (i32.const 544) (local.get $h2))
    (call $hex (i32.const 552) (local.get $h3))
    (call $hex (i32.const 560) (local.get $h4))
    (call $hex (i32.const 568) (local.get $h5))
    (call $hex (i32.const 576) (local.get $h6))
    (call $hex (i32.const 584) (local.get $h7))
    (call $output_write (global.get $HEX) (i32.const 64))))
