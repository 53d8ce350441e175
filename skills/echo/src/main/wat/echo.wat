;; echo: the output is the input.
;; The input is read once to address 0; memory grows to fit it (max-input 1 MiB = 16 pages).
(module
  (import "env" "input_size" (func $input_size (result i32)))
  (import "env" "input_read" (func $input_read (param i32 i32) (result i32)))
  (import "env" "output_write" (func $output_write (param i32 i32)))
  (memory (export "memory") 1)

  (func (export "run")
    (local $n i32)
    (local $pages i32)
    (local.set $n (call $input_size))
    ;; pages needed for n bytes, rounded up
    (local.set $pages
      (i32.shr_u (i32.add (local.get $n) (i32.const 0xffff)) (i32.const 16)))
    (if (i32.gt_u (local.get $pages) (memory.size))
      (then
        (if (i32.eq (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const -1))
          (then (unreachable)))))
    (local.set $n (call $input_read (i32.const 0) (local.get $n)))
    (call $output_write (i32.const 0) (local.get $n))))
