package dev.parley.dialogue;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * One message of a dialogue.
 *
 * @param role    who speaks: {@code user} or {@code assistant}
 * @param content what is said
 */
public record Turn(String role, String content) {

    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";

    public Turn {
        Objects.requireNonNull(role, "role");
        content = content == null ? "" : content;
    }

    @JsonIgnore
    public boolean isAssistant() {
        return ASSISTANT.equals(role);
    }
}
