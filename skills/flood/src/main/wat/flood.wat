;; flood (hostile): calls the host's log function with a short line in an endless loop.
(module
  (import "env" "log" (func $log (param i32 i32)))
  (memory (export "memory") 1)
  (data (i32.const 0) "flood")   ;; 0, 5 bytes
  (func (export "run")
    (loop $forever
      (call $log (i32.const 0) (i32.const 5))
      (br $forever))))
