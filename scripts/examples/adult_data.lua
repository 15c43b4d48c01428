-- Load the bundled Adult census data and look at it before any model is trained.
-- Run: fairlua scripts/examples/adult_data.lua

local train, test = data.load("adult")
print(train)
print(test)
train:head(5)
print()
train:describe()
print()
print("rows by sex:  " .. json.encode(train:groups("sex")))
print("rows by race: " .. json.encode(train:groups("race")))
print(#train:feature_names() .. " encoded feature columns, e.g. " .. train:feature_names()[2])
