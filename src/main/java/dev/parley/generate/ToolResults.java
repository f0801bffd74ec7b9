package dev.parley.generate;

import java.util.List;

import dev.parley.dialogue.ToolCall;
import dev.parley.dialogue.Turn;
import dev.parley.llm.CallContext;

/**
 * Makes the result of a tool the assistant called while a dialogue is written: from the recipe's fixtures,
 * from the tool-simulator model role, or both. The result must be consistent with the brief's plan cell
 * (an order that the cell says is late is late in every lookup).
 */
public interface ToolResults {

    /**
     * The result of one call, as the content of the {@code tool} message that answers it.
     *
     * @param call    the call, as the assistant made it (its arguments may be invalid)
     * @param brief   the dialogue's brief (cell, language, seed)
     * @param history the conversation so far, ending with the assistant turn that made the call
     * @param context how a model call made for it is recorded, cached and budgeted
     */
    String resultOf(ToolCall call, DialogueBrief brief, List<Turn> history, CallContext context);
}
