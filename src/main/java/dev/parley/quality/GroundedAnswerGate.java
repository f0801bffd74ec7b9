package dev.parley.quality;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.parley.dialogue.Turn;
import dev.parley.recipe.Tools;

/**
 * No answer states a fact a lookup did not return. The rule, checkable without a model:
 * <ul>
 * <li>When the cell's tool scenario requires a lookup ({@code needs-lookup}, {@code tool-error}), the assistant
 * calls a tool before its last answer.</li>
 * <li>In a dialogue that calls a tool or whose scenario requires a lookup, every number the assistant's answers
 * state (a word holding a digit: an order id, an amount, a date, a count) appears before it in a user's message, a
 * tool's result or the system prompt: the same digits (so {@code Rp150.000} matches {@code 150000}), or each of its
 * groups of digits as a number there ({@code 9 Desember} matches {@code 2026-12-09}).</li>
 * </ul>
 * Facts stated in words alone are left to the judge's {@code grounded-answer} criterion.
 */
public final class GroundedAnswerGate implements Gate {

    /** Gate name recorded on rejected items. */
    public static final String GATE = "tool-grounding";

    private static final Pattern NUMBER = Pattern.compile(
            "[\\p{L}\\p{N}]*\\p{N}[\\p{L}\\p{N}]*(?:[-./:,][\\p{L}\\p{N}]*\\p{N}[\\p{L}\\p{N}]*)*");
    private static final Pattern DIGITS = Pattern.compile("\\p{N}+");

    private final String systemPrompt;

    public GroundedAnswerGate(String systemPrompt) {
        this.systemPrompt = systemPrompt;
    }

    @Override
    public String name() {
        return GATE;
    }

    @Override
    public Result check(Candidate candidate) {
        List<Turn> turns = candidate.dialogue().turns();
        boolean required = Tools.lookupRequired(candidate.cell().values());
        boolean called = turns.stream().anyMatch(Turn::callsTools);
        if (!required && !called) {
            return Result.pass(candidate.dialogue());
        }
        int lastAnswer = -1;
        for (int i = 0; i < turns.size(); i++) {
            if (turns.get(i).isAssistant() && !turns.get(i).callsTools()) {
                lastAnswer = i;
            }
        }
        if (required && turns.subList(0, Math.max(0, lastAnswer)).stream().noneMatch(Turn::callsTools)) {
            return Result.of(candidate.dialogue(), reject("the tool scenario " + candidate.cell().value(Tools.SCENARIO_KEY)
                    + " needs a lookup before the answer, and the assistant answers without calling a tool"));
        }
        Known known = new Known();
        known.add(systemPrompt);
        for (int i = 0; i < turns.size(); i++) {
            Turn turn = turns.get(i);
            if (!turn.isAssistant()) {
                known.add(turn.content());
                continue;
            }
            Matcher m = NUMBER.matcher(turn.content());
            while (m.find()) {
                if (!known.grounds(m.group())) {
                    return Result.of(candidate.dialogue(), reject("message " + (i + 1) + " states '" + m.group()
                            + "', which no tool result, user message or the system prompt before it holds"));
                }
            }
        }
        return Result.pass(candidate.dialogue());
    }

    private static Optional<Rejection> reject(String reason) {
        return Optional.of(new Rejection(GATE, reason));
    }

    /** The numbers said so far: each number's whole digits, and each group of digits as a number. */
    private static final class Known {
        private final Set<String> digits = new HashSet<>();
        private final Set<String> groups = new HashSet<>();

        void add(String text) {
            Matcher m = NUMBER.matcher(text);
            while (m.find()) {
                digits.add(digitsOf(m.group()));
                Matcher g = DIGITS.matcher(m.group());
                while (g.find()) {
                    groups.add(asNumber(g.group()));
                }
            }
        }

        boolean grounds(String number) {
            if (digits.contains(digitsOf(number))) {
                return true;
            }
            Matcher g = DIGITS.matcher(number);
            while (g.find()) {
                if (!groups.contains(asNumber(g.group()))) {
                    return false;
                }
            }
            return true;
        }

        private static String digitsOf(String number) {
            var sb = new StringBuilder();
            Matcher g = DIGITS.matcher(number);
            while (g.find()) {
                sb.append(g.group());
            }
            return sb.toString();
        }

        private static String asNumber(String group) {
            String stripped = group.replaceFirst("^0+(?=.)", "");
            return stripped;
        }
    }
}
