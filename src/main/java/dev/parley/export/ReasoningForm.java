package dev.parley.export;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * How an export writes the reasoning a model returned with an assistant turn ({@code Turn.reasoning}).
 *
 * <ul>
 * <li>{@link #OMIT} (the default): not at all; the files are as they would be without it.</li>
 * <li>{@link #FIELD}: a {@code reasoning_content} string beside the assistant message's {@code content}, the
 * field vLLM, DeepSeek and Qwen return and Qwen3's chat template reads ({@code message.reasoning_content});
 * written by the formats whose messages reach a chat template as they are (TRL JSONL and Parquet).</li>
 * <li>{@link #THINK}: a {@code <think>…</think>} block before the content, the form DeepSeek-R1's and Qwen3's
 * templates and LLaMA-Factory's reasoning templates expect in the text; every format can carry it.</li>
 * </ul>
 */
public enum ReasoningForm {
    OMIT,
    FIELD,
    THINK;

    /** The message key of {@link #FIELD}. */
    public static final String FIELD_NAME = "reasoning_content";

    /** The name used by {@code --reasoning}, {@code ?reasoning=} and the recipe's {@code export.reasoning}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Every form's name, in order. */
    public static List<String> names() {
        return Arrays.stream(values()).map(ReasoningForm::key).toList();
    }

    /**
     * The form a name names.
     *
     * @throws IllegalArgumentException naming the option and the known forms
     */
    public static ReasoningForm parse(String name) {
        for (ReasoningForm form : values()) {
            if (form.key().equals(name == null ? "" : name.strip().toLowerCase(Locale.ROOT))) {
                return form;
            }
        }
        throw new IllegalArgumentException("--reasoning: unknown form '" + name + "' (known: " + String.join(", ", names())
                + ")");
    }

    /**
     * Checks that every format can write the form: {@link #FIELD} only with formats that have the field.
     *
     * @throws IllegalArgumentException naming the formats that cannot, and what to use instead
     */
    static void check(ReasoningForm form, List<DatasetExporter> formats) {
        if (form != FIELD) {
            return;
        }
        List<String> without = formats.stream().filter(f -> !f.writesReasoningField()).map(DatasetExporter::format).toList();
        if (!without.isEmpty()) {
            throw new IllegalArgumentException("--reasoning field: " + String.join(", ", without)
                    + (without.size() == 1 ? " has" : " have") + " no reasoning field (trl and parquet have one); use"
                    + " --reasoning think for " + (without.size() == 1 ? "it" : "them") + ", or export them separately");
        }
    }

    /** An assistant message's content with its reasoning in a {@code <think>} block before it, as DeepSeek-R1 writes. */
    static String thinkBlock(String reasoning, String content) {
        return "<think>\n" + reasoning.strip() + "\n</think>\n\n" + content;
    }
}
