package dev.parley.demo;

import jakarta.enterprise.context.ApplicationScoped;

import dev.langchain4j.model.chat.ChatModel;
import dev.parley.llm.OfflineModel;

/** Gives the model gateway the offline demo model for an offline endpoint. */
@ApplicationScoped
public class OfflineDemoModels implements OfflineModel {

    @Override
    public ChatModel forSeed(long seed) {
        return new OfflineDemoModel(seed);
    }
}
