;; spin (hostile): loops forever without calling the host; only the wall-time limit stops it.
(module
  (memory (export "memory") 1)
  (func (export "run")
    (loop $forever
      (br $forever))))
