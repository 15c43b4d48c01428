-- attempt: write a file through plot.bars{path=}
-- exit: 1
-- stderr: attempt to call a nil value (field 'bars')
plot.bars{path = "/tmp/fairlua-sandbox-escape.svg", categories = {"a"}, series = {{name = "s", values = {1}}}}
