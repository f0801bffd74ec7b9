package dev.parley.quality;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;

/**
 * Role leakage: the user sounding like the assistant (offering help, "As an AI", speaking for the
 * service), the assistant sounding like the user (asking for help with the user's problem, speaking
 * as the customer), or speaker labels inside a message ("User: …"). The phrases and labels come from
 * the {@code role-leakage.yaml} prompt file, every language's for every dialogue.
 */
public final class RoleLeakageCheck implements Gate {

    public static final String GATE = "role-leakage";
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final List<String> userAsAssistant;
    private final List<String> assistantAsUser;
    private final Pattern speakerLabel;

    private RoleLeakageCheck(List<String> userAsAssistant, List<String> assistantAsUser, Set<String> labels) {
        this.userAsAssistant = List.copyOf(userAsAssistant);
        this.assistantAsUser = List.copyOf(assistantAsUser);
        this.speakerLabel = labels.isEmpty() ? null : Pattern.compile("(?im)^[\\s*_>\\[(-]*(" + String.join("|",
                labels.stream().map(Pattern::quote).toList()) + ")[\\s*_\\])]*:");
    }

    /**
     * The check from the {@code role-leakage.yaml} prompt file.
     *
     * @throws IllegalArgumentException when the file is not valid YAML
     */
    public static RoleLeakageCheck fromYaml(String roleLeakageYaml) {
        JsonNode root;
        try {
            root = YAML.readTree(roleLeakageYaml);
        } catch (IOException e) {
            throw new IllegalArgumentException("role-leakage.yaml is not valid YAML: " + e.getMessage(), e);
        }
        if (root == null) {
            return new RoleLeakageCheck(List.of(), List.of(), Set.of());
        }
        Set<String> labels = new LinkedHashSet<>();
        root.path("speaker-labels").forEach(language -> language.forEach(l -> labels.add(l.asText().strip())));
        labels.remove("");
        return new RoleLeakageCheck(phrases(root.path("user-as-assistant")), phrases(root.path("assistant-as-user")), labels);
    }

    private static List<String> phrases(JsonNode byLanguage) {
        Set<String> phrases = new LinkedHashSet<>();
        byLanguage.forEach(language -> language.forEach(p -> phrases.add(TextNormalizer.normalize(p.asText()))));
        phrases.remove("");
        return new ArrayList<>(phrases);
    }

    @Override
    public String name() {
        return GATE;
    }

    @Override
    public Result check(Candidate candidate) {
        return Result.of(candidate.dialogue(), check(candidate.dialogue()));
    }

    /** The first leak, in message order. */
    public Optional<Rejection> check(Dialogue dialogue) {
        List<Turn> turns = dialogue.turns();
        for (int i = 0; i < turns.size(); i++) {
            Turn t = turns.get(i);
            String where = "message " + (i + 1) + " (" + t.role() + ")";
            if (speakerLabel != null) {
                Matcher m = speakerLabel.matcher(t.content());
                if (m.find()) {
                    return Optional.of(new Rejection(GATE, where + " contains the speaker label \"" + m.group(1)
                            + ":\", as if a transcript leaked into it"));
                }
            }
            String text = " " + TextNormalizer.normalize(t.content()) + " ";
            for (String phrase : t.isAssistant() ? assistantAsUser : userAsAssistant) {
                if (text.contains(" " + phrase + " ")) {
                    return Optional.of(new Rejection(GATE, where + " says \"" + phrase + "\", which the "
                            + (t.isAssistant() ? "user would say: the assistant speaks as the customer"
                                    : "assistant would say: the user speaks as the service")));
                }
            }
        }
        return Optional.empty();
    }
}
