-- attempt: reach string.dump (bytecode) through the strings' metatable
-- exit: 1
-- stderr: attempt to call a nil value (field 'dump')
return ("").dump(print)
