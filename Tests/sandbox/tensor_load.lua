-- attempt: read a file with tensor.load
-- exit: 1
-- stderr: attempt to call a nil value (field 'load')
tensor.load("/etc/passwd")
