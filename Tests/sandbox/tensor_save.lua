-- attempt: write a file with the :save method (methods are shared with the host, so it refuses)
-- exit: 1
-- stderr: 'save' reads or writes files; sandboxed code has no file access
tensor{1, 2}:save("/tmp/fairlua-sandbox-escape.npy")
