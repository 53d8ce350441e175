;; membomb (hostile): a memory with no declared maximum, grown by 16 pages at a time forever.
;; A failed grow (-1) is ignored; each new page is written to, so it is really backed.
(module
  (memory (export "memory") 1)
  (func (export "run")
    (local $old i32)
    (local $page i32)
    (loop $forever
      (local.set $old (memory.grow (i32.const 16)))
      (if (i32.eq (local.get $old) (i32.const -1))
        (then
          ;; ignored: touch the last page there is and try again
          (i32.store8
            (i32.mul (i32.sub (memory.size) (i32.const 1)) (i32.const 65536))
            (i32.const 1)))
        (else
          (local.set $page (i32.const 0))
          (loop $touch
            (i32.store8
              (i32.mul (i32.add (local.get $old) (local.get $page)) (i32.const 65536))
              (i32.const 1))
            (local.set $page (i32.add (local.get $page) (i32.const 1)))
            (br_if $touch (i32.lt_u (local.get $page) (i32.const 16))))))
      (br $forever))))
