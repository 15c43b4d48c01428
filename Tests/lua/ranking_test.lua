-- fair.rank: re-rankings against AIF360 0.6.1's DeterministicReranking and the paper's algorithms
-- (Tests/reference/generate_ranking.py), from Lua tables and from a scored dataset.

local ref = json.decode(read_file("Tests/fixtures/ranking/ranking_reference.json"))

local function names(groups)
  local out = {}
  for i, g in ipairs(groups) do out[i] = "g" .. g end
  return out
end

test("every reference case: the same order and NDKL as the reference (and AIF360 where its output is a ranking)", function()
  for _, c in ipairs(ref.cases) do
    local target = {}
    for g, p in ipairs(c.target) do target["g" .. (g - 1)] = p end
    local r = fair.rank.rerank(c.scores, names(c.groups), {k = c.size, target = target, method = c.method})
    local order = r:order()
    for i, row in ipairs(c.expected) do expect_eq(order[i], row + 1) end
    local m = r:measures()
    expect_near(m.ndkl, c.ndkl, 1e-12)
    expect_near(m.plain.ndkl, c.plain_ndkl, 1e-12)
    expect_eq(m.method, c.method)
  end
end)

test("a ranking prints its groups, shares and NDKL against ranking by score", function()
  local c = ref.cases[1]
  local r = fair.rank.rerank(c.scores, names(c.groups), {k = 20, target = {g0 = 0.5, g1 = 0.5}})
  local text = tostring(r)
  expect_eq(text:match("^[^\n]+"), "FairRanking(constrained, 20 ranked)")
  expect_eq(text:find("NDKL 0.104", 1, true) ~= nil, true, text)
  expect_eq(text:find("by score alone 0.577", 1, true) ~= nil, true, text)
end)

test("exposure parity on a scored Adult test split", function()
  local train, test_ds = data.load("adult")
  local model = nn.LogisticRegression{max_iter = 200}:fit(train)
  local scores = model:predict_proba(test_ds)
  local r = fair.rank.rerank(scores, test_ds:column("sex"), {k = 100, target = {Female = 0.5, Male = 0.5}, method = "exposure"})
  local m = r:measures()
  expect_near(m.exposure_share[1], 0.5, 0.02)
  expect_eq(m.plain.exposure_share[1] < 0.3, true, "by score alone women get " .. m.plain.exposure_share[1] .. " of the exposure")
  expect_eq(#r:order(), 100)
end)

test("bad inputs are errors naming what is wrong", function()
  local scores, groups = {0.4, 0.3, 0.2, 0.1}, {"a", "b", "a", "b"}
  expect_error(function() fair.rank.rerank(scores, groups, {k = 2, target = {a = 0.5, b = 0.4}}) end, "must sum to 1")
  expect_error(function() fair.rank.rerank(scores, groups, {k = 2, target = {c = 1}}) end, "names the group 'c'")
  expect_error(function() fair.rank.rerank(scores, groups, {k = 5}) end, "k must lie in 1…4")
  expect_error(function() fair.rank.rerank(scores, groups, {}) end, "option 'k'")
  expect_error(function() fair.rank.rerank(scores, groups, {k = 2, method = "best"}) end, "unknown method 'best'")
  expect_error(function() fair.rank.rerank(scores, groups, {k = 2, target = {}}) end, "{name = number")
  expect_error(function() fair.rank.rerank({0.1, 0 / 0, 0.2, 0.3}, groups, {k = 2}) end, "finite")
  expect_error(function() fair.rank.rerank(scores, {"a"}, {k = 1}) end, "rows")
end)

test("fair.rank.fairness: exposure against relevance, NDCG by group and AIF360's infeasible index", function()
  -- Ranked by score: a (relevance 1), a (0), b (1), b (1); exposure of position j is 1 / log2(1 + j).
  local r = fair.rank.fairness({0.9, 0.8, 0.7, 0.6}, {1, 0, 1, 1}, {"a", "a", "b", "b"}, {target = {a = 0.5, b = 0.5}})
  local m = r:result()
  expect_eq(m.sizes, {2, 2})
  expect_near(m.exposure.a, (1 + 1 / math.log(3, 2)) / 2, 1e-12)
  expect_near(m.relevance.b, 1, 1e-12)
  expect_near(m.exposure_to_relevance.b, (1 / math.log(4, 2) + 1 / math.log(5, 2)) / 2, 1e-12)
  expect_near(m.dcg, 1 + 1 / math.log(4, 2) + 1 / math.log(5, 2), 1e-12)
  expect_eq(m.infeasible_index, 1)              -- the first two hold no b, fewer than ⌊0.5 · 2⌋ = 1
  expect_eq(m.infeasible_positions, {1})        -- 0-based, as AIF360
  expect_eq(tostring(r):match("^ranked list of 4 items: DCG@4") ~= nil, true)
  expect_eq(json.decode(r:to_json()).group_ndcg.a, 1)
  expect_error(function() fair.rank.fairness({0.5, 0.5}, {1, 0}, {"a", "b"}) end, "share the score 0.5")
  expect_near(fair.rank.fairness({0.5, 0.5}, {1, 0}, {"a", "b"}, {ties = "row"}):result().dcg, 1, 1e-12)   -- row 1 first
  expect_error(function() fair.rank.fairness({0.5, 0.4}, {1, 0}, {"a", "b"}, {ties = "random"}) end, "error, row")
  expect_error(function() fair.rank.fairness({0.5, 0.4}, {1, -1}, {"a", "b"}) end, "relevance at row 2")
  expect_error(function() fair.rank.fairness({0.5, 0.4}, {1, 0}, {"a", "b"}, {depth = 0}) end, "depth must be at least 1")
end)
