-- attempt: write a file with report.html
-- exit: 1
-- stderr: attempt to call a nil value (field 'html')
report.html({}, "/tmp/fairlua-sandbox-escape.html")
