;; wordcount: text statistics of UTF-8 input, one line of JSON (no trailing newline):
;;   {"bytes":12,"chars":11,"words":2,"lines":1,"longestLine":11}
;; chars: code points, i.e. bytes that are not UTF-8 continuation bytes (10xxxxxx);
;; words: maximal runs of bytes that are not ASCII whitespace (space, \t, \n, \v, \f, \r);
;; lines: the \n bytes, plus 1 if the input is non-empty and does not end in \n;
;; longestLine: the most chars in one line, the \n not counted.
;;
;; Memory: 0..255 the JSON pieces (data), 256..511 the output, the input from 65536 (page 1).
(module
  (import "env" "input_size" (func $input_size (result i32)))
  (import "env" "input_read" (func $input_read (param i32 i32) (result i32)))
  (import "env" "output_write" (func $output_write (param i32 i32)))
  (memory (export "memory") 1)

  (data (i32.const 0) "{\"bytes\":")          ;; 0, 9 bytes
  (data (i32.const 16) ",\"chars\":")         ;; 16, 9
  (data (i32.const 32) ",\"words\":")         ;; 32, 9
  (data (i32.const 48) ",\"lines\":")         ;; 48, 9
  (data (i32.const 64) ",\"longestLine\":")   ;; 64, 15

  (global $INPUT i32 (i32.const 65536))
  (global $OUT i32 (i32.const 256))

  ;; Copies len bytes from src to dst; returns dst + len.
  (func $copy (param $dst i32) (param $src i32) (param $len i32) (result i32)
    (block $done
      (loop $next
        (br_if $done (i32.eqz (local.get $len)))
        (i32.store8 (local.get $dst) (i32.load8_u (local.get $src)))
        (local.set $dst (i32.add (local.get $dst) (i32.const 1)))
        (local.set $src (i32.add (local.get $src) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next)))
    (local.get $dst))

  ;; Writes the unsigned decimal digits of v at dst; returns the address after the last digit.
  (func $decimal (param $dst i32) (param $v i32) (result i32)
    (local $digits i32)
    (local $t i32)
    (local $end i32)
    ;; count the digits
    (local.set $digits (i32.const 1))
    (local.set $t (local.get $v))
    (block $counted
      (loop $count
        (br_if $counted (i32.lt_u (local.get $t) (i32.const 10)))
        (local.set $t (i32.div_u (local.get $t) (i32.const 10)))
        (local.set $digits (i32.add (local.get $digits) (i32.const 1)))
        (br $count)))
    (local.set $end (i32.add (local.get $dst) (local.get $digits)))
    ;; write them from the last one back
    (local.set $t (local.get $end))
    (loop $write
      (local.set $t (i32.sub (local.get $t) (i32.const 1)))
      (i32.store8 (local.get $t)
        (i32.add (i32.const 48) (i32.rem_u (local.get $v) (i32.const 10))))
      (local.set $v (i32.div_u (local.get $v) (i32.const 10)))
      (br_if $write (i32.gt_u (local.get $t) (local.get $dst))))
    (local.get $end))

  (func (export "run")
    (local $n i32)
    (local $pages i32)
    (local $p i32)
    (local $end i32)
    (local $b i32)
    (local $chars i32)
    (local $words i32)
    (local $lines i32)
    (local $line i32)
    (local $longest i32)
    (local $inWord i32)
    (local $o i32)
    (local.set $n (call $input_size))
    ;; page 0 plus the input, rounded up to pages
    (local.set $pages
      (i32.add (i32.const 1)
        (i32.shr_u (i32.add (local.get $n) (i32.const 0xffff)) (i32.const 16))))
    (if (i32.gt_u (local.get $pages) (memory.size))
      (then
        (if (i32.eq (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const -1))
          (then (unreachable)))))
    (local.set $n (call $input_read (global.get $INPUT) (local.get $n)))

    (local.set $p (global.get $INPUT))
    (local.set $end (i32.add (global.get $INPUT) (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $b (i32.load8_u (local.get $p)))
        ;; a code point starts at every byte that is not 10xxxxxx
        (if (i32.ne (i32.and (local.get $b) (i32.const 0xc0)) (i32.const 0x80))
          (then (local.set $chars (i32.add (local.get $chars) (i32.const 1)))))
        ;; whitespace: space or 9..13 (\t \n \v \f \r)
        (if (i32.or (i32.eq (local.get $b) (i32.const 32))
                    (i32.lt_u (i32.sub (local.get $b) (i32.const 9)) (i32.const 5)))
          (then (local.set $inWord (i32.const 0)))
          (else
            (if (i32.eqz (local.get $inWord))
              (then
                (local.set $words (i32.add (local.get $words) (i32.const 1)))
                (local.set $inWord (i32.const 1))))))
        (if (i32.eq (local.get $b) (i32.const 10))
          (then
            (local.set $lines (i32.add (local.get $lines) (i32.const 1)))
            (if (i32.gt_u (local.get $line) (local.get $longest))
              (then (local.set $longest (local.get $line))))
            (local.set $line (i32.const 0)))
          (else
            (if (i32.ne (i32.and (local.get $b) (i32.const 0xc0)) (i32.const 0x80))
              (then (local.set $line (i32.add (local.get $line) (i32.const 1)))))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $next)))
    ;; a last line without its \n
    (if (i32.and (i32.ne (local.get $n) (i32.const 0))
                 (i32.ne (local.get $b) (i32.const 10)))
      (then (local.set $lines (i32.add (local.get $lines) (i32.const 1)))))
    (if (i32.gt_u (local.get $line) (local.get $longest))
      (then (local.set $longest (local.get $line))))

    (local.set $o (global.get $OUT))
    (local.set $o (call $copy (local.get $o) (i32.const 0) (i32.const 9)))
    (local.set $o (call $decimal (local.get $o) (local.get $n)))
    (local.set $o (call $copy (local.get $o) (i32.const 16) (i32.const 9)))
    (local.set $o (call $decimal (local.get $o) (local.get $chars)))
    (local.set $o (call $copy (local.get $o) (i32.const 32) (i32.const 9)))
    (local.set $o (call $decimal (local.get $o) (local.get $words)))
    (local.set $o (call $copy (local.get $o) (i32.const 48) (i32.const 9)))
    (local.set $o (call $decimal (local.get $o) (local.get $lines)))
    (local.set $o (call $copy (local.get $o) (i32.const 64) (i32.const 15)))
    (local.set $o (call $decimal (local.get $o) (local.get $longest)))
    (i32.store8 (local.get $o) (i32.const 125)) ;; }
    (local.set $o (i32.add (local.get $o) (i32.const 1)))
    (call $output_write (global.get $OUT)
      (i32.sub (local.get $o) (global.get $OUT)))))
