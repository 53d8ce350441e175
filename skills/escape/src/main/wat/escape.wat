;; escape (hostile): tries to leave its file sandbox. It reads ../../data/identity.key (the node's
;; key, two folders up from a skill sandbox), then, should that return, writes an absolute path,
;; /etc/sovereign-escape, with what it read, then reads a URL-encoded escape, %2e%2e/x.
;; Its manifest asks for fs.read:** and fs.write:**: the host must confine those to the sandbox.
(module
  (import "env" "file_read" (func $file_read (param i32 i32 i32 i32) (result i32)))
  (import "env" "file_write" (func $file_write (param i32 i32 i32 i32)))
  (memory (export "memory") 1)

  (data (i32.const 0) "../../data/identity.key")   ;; 0, 23 bytes
  (data (i32.const 32) "/etc/sovereign-escape")    ;; 32, 21 bytes
  (data (i32.const 64) "%2e%2e/x")                 ;; 64, 8 bytes

  (func (export "run")
    (local $n i32)
    (local.set $n (call $file_read (i32.const 0) (i32.const 23) (i32.const 1024) (i32.const 4096)))
    (if (i32.lt_s (local.get $n) (i32.const 0)) (then (local.set $n (i32.const 0))))
    (if (i32.gt_u (local.get $n) (i32.const 4096)) (then (local.set $n (i32.const 4096))))
    (call $file_write (i32.const 32) (i32.const 21) (i32.const 1024) (local.get $n))
    (drop (call $file_read (i32.const 64) (i32.const 8) (i32.const 1024) (i32.const 4096)))))
