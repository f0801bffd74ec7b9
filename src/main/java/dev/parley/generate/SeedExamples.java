package dev.parley.generate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import dev.parley.dialogue.Dialogue;
import dev.parley.llm.PromptSet;

/**
 * Real example dialogues shown to the generator as style examples: a rotating few per dialogue,
 * chosen by the dialogue's seed, so that a run shows every seed in turn and a resumed item the same
 * ones. Whole-dialogue mode sees whole examples; the role-play user simulator sees only their user
 * messages (the assistant sees nothing but its system prompt and the conversation).
 */
public final class SeedExamples {

    public static final SeedExamples NONE = new SeedExamples(List.of(), 0);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Dialogue> seeds;
    private final int perDialogue;

    /**
     * @param seeds       the example dialogues, in file order
     * @param perDialogue how many are shown for one dialogue
     */
    public SeedExamples(List<Dialogue> seeds, int perDialogue) {
        this.seeds = List.copyOf(seeds);
        this.perDialogue = perDialogue;
    }

    /** The examples for the dialogue with this seed: {@code perDialogue} distinct seeds (all when there are fewer). */
    public List<Dialogue> pick(long seed) {
        int count = Math.min(perDialogue, seeds.size());
        int[] order = new int[seeds.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        var random = new SplittableRandom(seed);
        List<Dialogue> picked = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int j = i + random.nextInt(order.length - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            picked.add(seeds.get(order[i]));
        }
        return picked;
    }

    /** The {@code seed-examples.md} block for whole-dialogue mode, or empty when there are no examples. */
    static String wholeDialogues(PromptSet prompts, List<Dialogue> examples) {
        return render(prompts, PromptSet.SEED_EXAMPLES, examples, (d, one) -> d.turns()
                .forEach(t -> one.addObject().put("role", t.role()).put("content", t.content())));
    }

    /** The {@code seed-user-messages.md} block for the user simulator: the examples' user messages only. */
    static String userMessages(PromptSet prompts, List<Dialogue> examples) {
        return render(prompts, PromptSet.SEED_USER_MESSAGES, examples, (d, one) -> d.turns().stream()
                .filter(t -> !t.isAssistant()).forEach(t -> one.add(t.content())));
    }

    /** The template with every example as one JSON array, or empty when there are no examples. */
    private static String render(PromptSet prompts, String template, List<Dialogue> examples,
            BiConsumer<Dialogue, ArrayNode> shape) {
        if (examples.isEmpty()) {
            return "";
        }
        ArrayNode all = JSON.createArrayNode();
        examples.forEach(d -> shape.accept(d, all.addArray()));
        return prompts.render(template, Map.of("examples", all.toPrettyString()));
    }
}
