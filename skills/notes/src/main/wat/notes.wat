;; notes: a small key-value and file store, one command per run (trailing \r and \n bytes are ignored):
;;   put <key> <value>    kv_put, outputs "ok"          (the value is the rest of the line)
;;   get <key>            kv_get, outputs the value, or "absent"
;;   save <path> <text>   file_write in the skill's sandbox, outputs "ok"
;;   load <path>          file_read, outputs the text, or "absent"
;; Anything else outputs a usage line.
;;
;; Memory: 0..255 the words and messages, 65536.. the input (max-input 65536), 131072.. the value
;; buffer (1 MiB): 18 pages.
(module
  (import "env" "input_size" (func $input_size (result i32)))
  (import "env" "input_read" (func $input_read (param i32 i32) (result i32)))
  (import "env" "output_write" (func $output_write (param i32 i32)))
  (import "env" "kv_get" (func $kv_get (param i32 i32 i32 i32) (result i32)))
  (import "env" "kv_put" (func $kv_put (param i32 i32 i32 i32)))
  (import "env" "file_read" (func $file_read (param i32 i32 i32 i32) (result i32)))
  (import "env" "file_write" (func $file_write (param i32 i32 i32 i32)))
  (memory (export "memory") 18)

  (data (i32.const 0) "put")
  (data (i32.const 4) "get")
  (data (i32.const 8) "save")
  (data (i32.const 12) "load")
  (data (i32.const 16) "ok")
  (data (i32.const 20) "absent")
  (data (i32.const 32) "usage: put <key> <value> | get <key> | save <path> <text> | load <path>")
  ;; the usage line is 71 bytes

  (global $INPUT i32 (i32.const 65536))
  (global $INPUT_MAX i32 (i32.const 65536))
  (global $BUF i32 (i32.const 131072))
  (global $BUF_MAX i32 (i32.const 1048576))

  ;; 1 if the len bytes at a equal the len2 bytes at b.
  (func $eq (param $a i32) (param $len i32) (param $b i32) (param $len2 i32) (result i32)
    (if (i32.ne (local.get $len) (local.get $len2)) (then (return (i32.const 0))))
    (block $differ
      (loop $next
        (if (i32.eqz (local.get $len)) (then (return (i32.const 1))))
        (br_if $differ
          (i32.ne (i32.load8_u (local.get $a)) (i32.load8_u (local.get $b))))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (local.set $len (i32.sub (local.get $len) (i32.const 1)))
        (br $next)))
    (i32.const 0))

  ;; The address of the first space in [from, end), or end.
  (func $space (param $from i32) (param $end i32) (result i32)
    (block $found
      (loop $next
        (br_if $found (i32.ge_u (local.get $from) (local.get $end)))
        (br_if $found (i32.eq (i32.load8_u (local.get $from)) (i32.const 32)))
        (local.set $from (i32.add (local.get $from) (i32.const 1)))
        (br $next)))
    (local.get $from))

  (func $usage
    (call $output_write (i32.const 32) (i32.const 71)))

  ;; Outputs the first r bytes of the buffer (r capped to it), or "absent" if r is -1.
  (func $value (param $r i32)
    (if (i32.lt_s (local.get $r) (i32.const 0))
      (then
        (call $output_write (i32.const 20) (i32.const 6))
        (return)))
    (if (i32.gt_u (local.get $r) (global.get $BUF_MAX))
      (then (local.set $r (global.get $BUF_MAX))))
    (call $output_write (global.get $BUF) (local.get $r)))

  (func (export "run")
    (local $n i32)
    (local $end i32)
    (local $cmd_len i32)
    (local $key i32)
    (local $key_end i32)
    (local $last i32)
    (local.set $n (call $input_size))
    (if (i32.gt_u (local.get $n) (global.get $INPUT_MAX))
      (then (local.set $n (global.get $INPUT_MAX))))
    (local.set $n (call $input_read (global.get $INPUT) (local.get $n)))
    (local.set $end (i32.add (global.get $INPUT) (local.get $n)))
    ;; drop the trailing \r and \n bytes
    (block $trimmed
      (loop $trim
        (br_if $trimmed (i32.le_u (local.get $end) (global.get $INPUT)))
        (local.set $last (i32.load8_u (i32.sub (local.get $end) (i32.const 1))))
        (br_if $trimmed
          (i32.and (i32.ne (local.get $last) (i32.const 10)) (i32.ne (local.get $last) (i32.const 13))))
        (local.set $end (i32.sub (local.get $end) (i32.const 1)))
        (br $trim)))

    (local.set $key (call $space (global.get $INPUT) (local.get $end)))
    (local.set $cmd_len (i32.sub (local.get $key) (global.get $INPUT)))
    (if (i32.ge_u (local.get $key) (local.get $end))
      (then (call $usage) (return)))
    (local.set $key (i32.add (local.get $key) (i32.const 1)))

    ;; get <key> / load <path>: the key is the rest of the line
    (if (call $eq (global.get $INPUT) (local.get $cmd_len) (i32.const 4) (i32.const 3))
      (then
        (if (i32.ge_u (local.get $key) (local.get $end)) (then (call $usage) (return)))
        (call $value
          (call $kv_get (local.get $key) (i32.sub (local.get $end) (local.get $key))
            (global.get $BUF) (global.get $BUF_MAX)))
        (return)))
    (if (call $eq (global.get $INPUT) (local.get $cmd_len) (i32.const 12) (i32.const 4))
      (then
        (if (i32.ge_u (local.get $key) (local.get $end)) (then (call $usage) (return)))
        (call $value
          (call $file_read (local.get $key) (i32.sub (local.get $end) (local.get $key))
            (global.get $BUF) (global.get $BUF_MAX)))
        (return)))

    ;; put <key> <value> / save <path> <text>: the key ends at the next space
    (local.set $key_end (call $space (local.get $key) (local.get $end)))
    (if (i32.or (i32.ge_u (local.get $key_end) (local.get $end))
                (i32.eq (local.get $key_end) (local.get $key)))
      (then (call $usage) (return)))
    (if (call $eq (global.get $INPUT) (local.get $cmd_len) (i32.const 0) (i32.const 3))
      (then
        (call $kv_put (local.get $key) (i32.sub (local.get $key_end) (local.get $key))
          (i32.add (local.get $key_end) (i32.const 1))
          (i32.sub (local.get $end) (i32.add (local.get $key_end) (i32.const 1))))
        (call $output_write (i32.const 16) (i32.const 2))
        (return)))
    (if (call $eq (global.get $INPUT) (local.get $cmd_len) (i32.const 8) (i32.const 4))
      (then
        (call $file_write (local.get $key) (i32.sub (local.get $key_end) (local.get $key))
          (i32.add (local.get $key_end) (i32.const 1))
          (i32.sub (local.get $end) (i32.add (local.get $key_end) (i32.const 1))))
        (call $output_write (i32.const 16) (i32.const 2))
        (return)))
    (call $usage)))
