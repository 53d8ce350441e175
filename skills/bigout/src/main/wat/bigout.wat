;; bigout (hostile): writes its whole first page (64 KiB of 'x') to the output, forever. With
;; max-output=65536 the second write exceeds the cap.
(module
  (import "env" "output_write" (func $output_write (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "run")
    (local $p i32)
    (loop $fill
      (i32.store8 (local.get $p) (i32.const 120))
      (local.set $p (i32.add (local.get $p) (i32.const 1)))
      (br_if $fill (i32.lt_u (local.get $p) (i32.const 65536))))
    (loop $forever
      (call $output_write (i32.const 0) (i32.const 65536))
      (br $forever))))
