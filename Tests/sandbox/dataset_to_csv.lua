-- attempt: write a file with Dataset:to_csv
-- exit: 1
-- stderr: 'to_csv' reads or writes files; sandboxed code has no file access
local train = data.load("german")
train:to_csv("/tmp/fairlua-sandbox-escape.csv")
