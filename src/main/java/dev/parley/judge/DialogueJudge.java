package dev.parley.judge;

import dev.parley.dialogue.Dialogue;
import dev.parley.generate.DialogueBrief;
import dev.parley.llm.ModelAnswer;

/** Scores a dialogue against a rubric and decides whether it passes. */
public interface DialogueJudge {

    /** The gate name recorded for dialogues the judge scored below the threshold. */
    String JUDGE_GATE = "judge";

    /** Judges a dialogue written for a brief. */
    ModelAnswer<Verdict> judge(DialogueBrief brief, Dialogue dialogue);
}
