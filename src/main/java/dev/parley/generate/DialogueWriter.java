package dev.parley.generate;

import dev.parley.dialogue.Dialogue;
import dev.parley.llm.ModelAnswer;

/** Writes a whole dialogue in one structured model call (whole-dialogue mode). */
public interface DialogueWriter {

    /** Writes the dialogue a brief asks for. */
    ModelAnswer<Dialogue> write(DialogueBrief brief);
}
