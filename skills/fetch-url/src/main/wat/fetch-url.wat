;; fetch-url: the input is a URL (http://...); the output is the body http_get returns (at most
;; 1 MiB, the buffer), or a line of text when the fetch failed, without trapping:
;;   error: HTTP <status>         a response that is not 2xx (http_get returned -status)
;;   error: connection failed     no response (http_get returned -1)
;; Trailing ASCII whitespace (a newline from a shell) is trimmed from the URL.
;;
;; The manifest asks for net.connect:* ; the policy never lets a wildcard reach loopback or
;; private addresses, so an operator grants a concrete host (tests grant net.connect:127.0.0.1:<port>).
;;
;; Memory: 0..63 the messages, 64..127 the status digits, 4096..12287 the URL (max-input 8192),
;; 65536..(65536 + 1 MiB) the body: 17 pages.
(module
  (import "env" "input_size" (func $input_size (result i32)))
  (import "env" "input_read" (func $input_read (param i32 i32) (result i32)))
  (import "env" "output_write" (func $output_write (param i32 i32)))
  (import "env" "http_get" (func $http_get (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 17)

  (data (i32.const 0) "error: HTTP ")              ;; 0, 12 bytes
  (data (i32.const 16) "error: connection failed") ;; 16, 24 bytes

  (global $URL i32 (i32.const 4096))
  (global $URL_MAX i32 (i32.const 8192))
  (global $BODY i32 (i32.const 65536))
  (global $BODY_MAX i32 (i32.const 1048576))

  (func (export "run")
    (local $n i32)
    (local $r i32)
    (local $status i32)
    (local $p i32)
    (local.set $n (call $input_size))
    (if (i32.gt_u (local.get $n) (global.get $URL_MAX))
      (then (local.set $n (global.get $URL_MAX))))
    (local.set $n (call $input_read (global.get $URL) (local.get $n)))
    ;; trim trailing whitespace and control bytes
    (block $trimmed
      (loop $trim
        (br_if $trimmed (i32.eqz (local.get $n)))
        (br_if $trimmed
          (i32.gt_u
            (i32.load8_u (i32.add (global.get $URL) (i32.sub (local.get $n) (i32.const 1))))
            (i32.const 32)))
        (local.set $n (i32.sub (local.get $n) (i32.const 1)))
        (br $trim)))
    (local.set $r
      (call $http_get (global.get $URL) (local.get $n) (global.get $BODY) (global.get $BODY_MAX)))
    (if (i32.ge_s (local.get $r) (i32.const 0))
      (then
        (if (i32.gt_u (local.get $r) (global.get $BODY_MAX))
          (then (local.set $r (global.get $BODY_MAX))))
        (call $output_write (global.get $BODY) (local.get $r))
        (return)))
    (if (i32.eq (local.get $r) (i32.const -1))
      (then
        (call $output_write (i32.const 16) (i32.const 24))
        (return)))
    ;; error: HTTP <status>, the status in decimal written backwards from 128
    (call $output_write (i32.const 0) (i32.const 12))
    (local.set $status (i32.sub (i32.const 0) (local.get $r)))
    (local.set $p (i32.const 128))
    (loop $digit
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (i32.store8 (local.get $p)
        (i32.add (i32.const 48) (i32.rem_u (local.get $status) (i32.const 10))))
      (local.set $status (i32.div_u (local.get $status) (i32.const 10)))
      (br_if $digit (i32.ne (local.get $status) (i32.const 0))))
    (call $output_write (local.get $p) (i32.sub (i32.const 128) (local.get $p)))))
