package dev.parley;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** Types Jackson reads and writes by reflection, registered for the native executable. */
@RegisterForReflection(targets = {
        dev.parley.generate.Dialogue.class,
        dev.parley.generate.Turn.class,
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
        dev.parley.judge.TurnScore.class })
final class NativeReflection {
    private NativeReflection() {
    }
}
