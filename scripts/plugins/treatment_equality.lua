-- Treatment equality (Berk et al. 2018): the ratio of false negatives to false positives in a group.
-- Groups treated equally make the same kind of mistakes; compare it with MetricFrame's ratio().
fair.metrics.register{
  name = "treatment_equality",
  summary = "false negatives / false positives (NaN without false positives)",
  per_group = function(cm)
    if cm.wfp == 0 then return 0 / 0 end
    return cm.wfn / cm.wfp
  end,
}
