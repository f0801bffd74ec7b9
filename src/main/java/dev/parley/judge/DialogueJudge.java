package dev.parley.judge;

import dev.parley.generate.Dialogue;
import dev.parley.generate.DialogueBrief;
import dev.parley.llm.ModelAnswer;

/** Scores a dialogue against a rubric and decides whether it passes. */
public interface DialogueJudge {

    /** Judges a dialogue written for a brief. */
    ModelAnswer<Verdict> judge(DialogueBrief brief, Dialogue dialogue);
}
