package dev.parley.judge;

import dev.parley.dialogue.Dialogue;
import dev.parley.generate.DialogueBrief;
import dev.parley.llm.ModelAnswer;

/** Rewrites a dialogue that missed the bar, from the judge's critique. */
public interface DialogueReviser {

    /** A new version of the dialogue that answers the verdict's critique. */
    ModelAnswer<Dialogue> revise(DialogueBrief brief, Dialogue dialogue, Verdict verdict);
}
