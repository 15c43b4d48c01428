-- attempt: read a file with nn.load
-- exit: 1
-- stderr: attempt to call a nil value (field 'load')
nn.load("/etc/passwd")
