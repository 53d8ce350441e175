;; echo 1.1.0: the output is the input with ASCII letters a-z upper-cased (any other byte unchanged),
;; so an update from echo 1.0 is observable. Same memory use as echo: the input is read once to
;; address 0 and changed in place (max-input 1 MiB = 16 pages).
(module
  (import "env" "input_size" (func $input_size (result i32)))
  (import "env" "input_read" (func $input_read (param i32 i32) (result i32)))
  (import "env" "output_write" (func $output_write (param i32 i32)))
  (memory (export "memory") 1)

  (func (export "run")
    (local $n i32)
    (local $pages i32)
    (local $i i32)
    (local $b i32)
    (local.set $n (call $input_size))
    ;; pages needed for n bytes, rounded up
    (local.set $pages
      (i32.shr_u (i32.add (local.get $n) (i32.const 0xffff)) (i32.const 16)))
    (if (i32.gt_u (local.get $pages) (memory.size))
      (then
        (if (i32.eq (memory.grow (i32.sub (local.get $pages) (memory.size))) (i32.const -1))
          (then (unreachable)))))
    (local.set $n (call $input_read (i32.const 0) (local.get $n)))
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $b (i32.load8_u (local.get $i)))
        ;; 'a' (97) to 'z' (122): subtract 32
        (if (i32.lt_u (i32.sub (local.get $b) (i32.const 97)) (i32.const 26))
          (then (i32.store8 (local.get $i) (i32.sub (local.get $b) (i32.const 32)))))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (call $output_write (i32.const 0) (local.get $n))))
