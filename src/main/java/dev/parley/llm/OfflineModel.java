package dev.parley.llm;

import dev.langchain4j.model.chat.ChatModel;

/**
 * The in-process model that answers for an offline endpoint. The gateway asks for one per call; the
 * model itself lives above the stages it imitates, so this package names only what it needs from it.
 */
public interface OfflineModel {

    /** A model that answers deterministically for the seed. */
    ChatModel forSeed(long seed);
}
