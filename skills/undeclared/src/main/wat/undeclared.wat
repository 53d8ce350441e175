;; undeclared (hostile): imports env.kv_put and calls it, but its manifest does not ask for
;; host.kv_put (only for the input and output functions). The host must refuse to load it.
(module
  (import "env" "input_size" (func $input_size (result i32)))
  (import "env" "input_read" (func $input_read (param i32 i32) (result i32)))
  (import "env" "output_write" (func $output_write (param i32 i32)))
  (import "env" "kv_put" (func $kv_put (param i32 i32 i32 i32)))
  (memory (export "memory") 1)

  (data (i32.const 0) "stolen")   ;; 0, 6 bytes
  (data (i32.const 8) "ok")       ;; 8, 2 bytes

  (func (export "run")
    (local $n i32)
    (local.set $n (call $input_size))
    (if (i32.gt_u (local.get $n) (i32.const 1024)) (then (local.set $n (i32.const 1024))))
    (local.set $n (call $input_read (i32.const 1024) (local.get $n)))
    (call $kv_put (i32.const 0) (i32.const 6) (i32.const 1024) (local.get $n))
    (call $output_write (i32.const 8) (i32.const 2))))
