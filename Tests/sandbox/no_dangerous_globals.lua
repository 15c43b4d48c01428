-- attempt: find io, os, load, require, debug, coroutine, getmetatable, rawset, collectgarbage
-- host: -e ""
-- exit: 0
-- stdout: absent
for _, name in ipairs{"io", "os", "load", "loadfile", "dofile", "require", "debug", "coroutine", "getmetatable",
                      "rawset", "collectgarbage", "package"} do
  assert(_G[name] == nil, name)
end
print("absent")
