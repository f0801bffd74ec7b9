package dev.parley.llm;

import java.util.Objects;

/**
 * A rendered prompt: the system and user messages of one structured call.
 *
 * @param system system message
 * @param user   user message
 */
public record Prompt(String system, String user) {
    public Prompt {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(user, "user");
    }
}
