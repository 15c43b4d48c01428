-- Mean score among the rows whose label is positive: a calibration-free view of how confidently a
-- model scores each group's qualified members. Row metrics receive tensors of the group's rows.
fair.metrics.register{
  name = "mean_score_of_positives",
  summary = "mean y_score where y_true = 1",
  fn = function(y_true, y_pred, y_score)
    if y_score == nil then error("mean_score_of_positives needs y_score") end
    local positives = y_true:sum():item()
    if positives == 0 then return 0 / 0 end
    return (y_score * y_true):sum():item() / positives
  end,
}
