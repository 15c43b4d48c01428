-- attempt: read a file with data.csv
-- exit: 1
-- stderr: attempt to call a nil value (field 'csv')
data.csv("/etc/passwd")
