package dev.parley;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Types Jackson reads and writes by reflection, registered for the native executable. */
@RegisterForReflection(targets = {
        dev.parley.dialogue.Dialogue.class,
        dev.parley.dialogue.Turn.class,
        dev.parley.dialogue.ToolCall.class,
        dev.parley.judge.Verdict.class,
        dev.parley.judge.CriterionScore.class,
        dev.parley.export.RunReport.class,
        dev.parley.api.Problem.class,
        dev.parley.api.Problem.FieldError.class,
        dev.parley.api.RunResource.RunStarted.class,
        dev.parley.api.RunResource.DialogueView.class,
        dev.parley.api.RunResource.Page.class,
        dev.parley.api.RunResource.ReviewRequest.class,
        dev.parley.api.RunResource.ReviewView.class,
        dev.parley.api.RunResource.RunSummaryView.class,
        dev.parley.api.RunResource.RunView.class,
        dev.parley.api.RunResource.DialogueDetail.class,
        dev.parley.api.RunResource.VersionView.class,
        dev.parley.api.RunResource.ItemReview.class,
        dev.parley.api.RunResource.RunCancelled.class,
        dev.parley.api.DialogueEdit.class,
        dev.parley.api.DialogueEdit.Message.class,
        dev.parley.api.DialogueEdit.Call.class,
        dev.parley.api.RunEventsResource.ProgressEvent.class,
        dev.parley.api.RunEventsResource.StaleEvent.class,
        dev.parley.api.RecipeResource.RecipeSummary.class,
        dev.parley.api.RecipeResource.RecipeView.class,
        dev.parley.api.RecipeResource.RecipeText.class,
        dev.parley.api.RecipeResource.Validation.class,
        dev.parley.api.RecipeResource.PlanPreview.class,
        dev.parley.api.RecipeResource.PlannedCell.class,
        dev.parley.judge.TurnScore.class })
final class NativeReflection {
    private NativeReflection() {
    }
}
