package dev.parley.llm;

/** The jobs a model does in Parley; each can have its own endpoint and settings. */
public enum ModelRole {
    /** Writes dialogues. */
    GENERATOR,
    /** Scores dialogues against the rubric. */
    JUDGE,
    /** Plays the user in role-play mode. */
    USER,
    /** Answers the assistant's tool calls with the results the tools would return. */
    TOOLS;

    /** Lower-case name as used in configuration keys and stored records. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
