-- Adversarial debiasing (Zhang, Lemoine & Mitchell 2018) on Adult with AIF360's preprocessed features
-- (load_preproc_data_adult: age decade, education years, race white or not, sex), as in AIF360's notebook:
-- the same network with and without the adversary, compared on the test set.
-- Run: fairlua run scripts/examples/adversarial.lua [epochs]   (default 5; AIF360's notebook uses 50)
local epochs = tonumber(arg and arg[1]) or 5

local function preprocessed(ds)
  local path = os.tmpname()
  local age, edu = ds:column("age"):totable(), ds:column("education-num"):totable()
  local race, sex, y = ds:column("race"), ds:column("sex"), ds:labels():totable()
  local f = assert(io.open(path, "w"))
  f:write("age_decade,education_years,white,sex,income\n")
  for i = 1, #ds do
    local decade = math.min(math.floor(age[i] / 10) * 10, 70)
    local years = edu[i] < 6 and 5 or (edu[i] > 12 and 13 or edu[i])
    f:write(string.format("a%d,e%d,%d,%s,%d\n", decade, years, race:get(i) == "White" and 1 or 0, sex:get(i), y[i]))
  end
  f:close()
  local out = data.csv(path, {label = "income", positive = 1, sensitive = {"sex"}, categorical = {"age_decade", "education_years"}})
  os.remove(path)
  return out
end

local train, test = data.load("adult")
train, test = preprocessed(train), preprocessed(test)

local function measure(debias)
  local model = fair.inproc.AdversarialDebiasing{debias = debias, epochs = epochs, seed = 1, include_sensitive = true,
                                                 adversary_loss_weight = 0.1}:fit(train)
  local frame = fair.MetricFrame{metrics = {"accuracy", "tpr", "fpr"}, y_true = test:labels(), y_pred = model:predict(test),
                                 sensitive = test:sensitive("sex")}
  local g = frame:by_group()
  return {accuracy = frame:overall().accuracy, eod = g.Female.tpr - g.Male.tpr,
          aod = (g.Female.tpr - g.Male.tpr + g.Female.fpr - g.Male.fpr) / 2}
end

local plain, debiased = measure(false), measure(true)
print(string.format("%-24s %9s %12s %12s", "", "accuracy", "equal opp.", "avg odds"))
for _, row in ipairs{{"without the adversary", plain}, {"with the adversary", debiased}} do
  print(string.format("%-24s %9.4f %+12.4f %+12.4f", row[1], row[2].accuracy, row[2].eod, row[2].aod))
end
assert(math.abs(debiased.eod) <= math.abs(plain.eod) / 2 and math.abs(debiased.aod) <= math.abs(plain.aod) / 2,
       "the adversary should at least halve both gaps")
assert(plain.accuracy - debiased.accuracy <= 0.02, "for at most 2 points of accuracy")
