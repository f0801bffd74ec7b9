package dev.parley.quality;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;
import dev.parley.quality.SemanticCorpusTemplates.Exchange;
import dev.parley.quality.SemanticCorpusTemplates.Scenario;

/**
 * A seeded, labelled corpus of support dialogues for calibrating semantic dedup, in English and Indonesian.
 *
 * <p>Every conversation of a scenario shares its topic, persona and kind of problem with the others but has its
 * own facts (item, order number, days, amounts), its own two middle exchanges in its own order, its own outcome
 * and its own wording per turn: these are distinct dialogues a gate must keep. Each conversation also gets one
 * paraphrase, the true duplicate: the same facts and outcome with a share of its turns reworded (a third,
 * two thirds or all of them), synonyms swapped, and a courtesy sentence added, a sentence dropped or two
 * sentences swapped. The English and Indonesian conversation with the same number are translations of each
 * other, which are not duplicates either.
 */
public final class SemanticCorpus {

    /** The corpus languages. */
    public static final List<String> LANGUAGES = List.of("en", "id");

    /** Courses a scenario offers, so no two of its conversations take the same one. */
    public static final int COURSES = 18;

    private static final Pattern SLOT = Pattern.compile("\\{(\\w+)}");
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.?!])\\s+(?=[A-Z])");

    /** How much of a conversation a paraphrase rewords. */
    public enum Strength {
        LIGHT(1 / 3.0), MEDIUM(2 / 3.0), HEAVY(1);

        final double reworded;

        Strength(double reworded) {
            this.reworded = reworded;
        }
    }

    /**
     * One dialogue of the corpus.
     *
     * @param language     {@code en} or {@code id}
     * @param scenario     the scenario name, the same in both languages
     * @param conversation the conversation number within the scenario; a paraphrase has its original's
     * @param paraphrase   how strongly it paraphrases its original, or null for an original
     * @param dialogue     the dialogue
     */
    public record Sample(String language, String scenario, int conversation, Strength paraphrase,
            Dialogue dialogue) {
    }

    /** What a conversation is, apart from its language: facts, exchanges chosen and wording per turn. */
    private record Plan(Map<String, Integer> facts, int firstMiddle, int secondMiddle, int outcome, int[] wording) {
    }

    private SemanticCorpus() {
    }

    /**
     * The corpus for {@code seed}: per scenario and language, {@code conversations} originals and one
     * paraphrase of each.
     */
    public static List<Sample> generate(long seed, int conversations) {
        if (conversations < 2 || conversations > COURSES) {
            throw new IllegalArgumentException("a scenario has from 2 to " + COURSES
                    + " conversations (one per order of middle exchanges and outcome), not " + conversations);
        }
        var random = new Random(seed);
        var samples = new ArrayList<Sample>();
        int scenarios = SemanticCorpusTemplates.SCENARIOS.get("en").size();
        for (int s = 0; s < scenarios; s++) {
            var courses = new ArrayList<Integer>();
            for (int i = 0; i < COURSES; i++) {
                courses.add(i);
            }
            Collections.shuffle(courses, random);
            for (int c = 0; c < conversations; c++) {
                Plan plan = plan(random, courses.get(c));
                for (String language : LANGUAGES) {
                    Scenario scenario = SemanticCorpusTemplates.SCENARIOS.get(language).get(s);
                    samples.add(new Sample(language, scenario.name(), c, null, render(scenario, language, plan)));
                    Strength strength = Strength.values()[c % Strength.values().length];
                    samples.add(new Sample(language, scenario.name(), c, strength,
                            paraphrase(scenario, language, plan, strength, random)));
                }
            }
        }
        return samples;
    }

    /** A conversation's course: its two middle exchanges in order (6 ways) and its outcome (3). */
    private static Plan plan(Random random, int course) {
        var all = new HashMap<>(Map.of("item", random.nextInt(8), "day", random.nextInt(6), "day2",
                random.nextInt(6), "day3", random.nextInt(6), "event", random.nextInt(6), "city", random.nextInt(6),
                "street", random.nextInt(4), "plan", random.nextInt(4), "month", random.nextInt(5)));
        all.put("order", 100_000 + random.nextInt(900_000));
        all.put("number", 1 + random.nextInt(120));
        all.put("amount", 15 + random.nextInt(280));
        all.put("digits", random.nextInt(10_000));
        all.put("days", 3 + random.nextInt(5));
        all.put("dayOfMonth", 1 + random.nextInt(28));
        int first = course % 3;
        int second = (first + 1 + course / 3 % 2) % 3;
        int[] wording = new int[8];
        for (int i = 0; i < wording.length; i++) {
            wording[i] = random.nextInt(2);
        }
        return new Plan(all, first, second, course / 6, wording);
    }

    private static List<Exchange> exchanges(Scenario scenario, Plan plan) {
        return List.of(scenario.opening(), scenario.middle().get(plan.firstMiddle()),
                scenario.middle().get(plan.secondMiddle()), scenario.outcomes().get(plan.outcome()));
    }

    private static List<String> turns(Scenario scenario, String language, Plan plan, int[] wording) {
        var turns = new ArrayList<String>();
        List<Exchange> exchanges = exchanges(scenario, plan);
        for (int e = 0; e < exchanges.size(); e++) {
            turns.add(fill(exchanges.get(e).user().split(" \\| ")[wording[2 * e]], language, plan));
            turns.add(fill(exchanges.get(e).assistant().split(" \\| ")[wording[2 * e + 1]], language, plan));
        }
        return turns;
    }

    private static Dialogue render(Scenario scenario, String language, Plan plan) {
        return dialogue(turns(scenario, language, plan, plan.wording()));
    }

    private static Dialogue paraphrase(Scenario scenario, String language, Plan plan, Strength strength,
            Random random) {
        int[] wording = plan.wording().clone();
        var order = new ArrayList<Integer>();
        for (int i = 0; i < wording.length; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        int reworded = (int) Math.ceil(strength.reworded * wording.length);
        for (int i = 0; i < reworded; i++) {
            wording[order.get(i)] ^= 1;
        }
        List<String> turns = new ArrayList<>(turns(scenario, language, plan, wording));
        Map<String, String> synonyms = SemanticCorpusTemplates.SYNONYMS.get(language);
        for (int t = 0; t < turns.size(); t++) {
            String text = turns.get(t);
            for (var swap : synonyms.entrySet()) {
                if (random.nextBoolean()) {
                    text = text.replaceAll("\\b" + Pattern.quote(swap.getKey()) + "\\b",
                            Matcher.quoteReplacement(swap.getValue()));
                }
            }
            turns.set(t, text);
        }
        edit(turns, language, random);
        return dialogue(turns);
    }

    /** One small edit: a courtesy sentence added, a sentence dropped, or two sentences swapped. */
    private static void edit(List<String> turns, String language, Random random) {
        int turn = random.nextInt(turns.size());
        String[] sentences = SENTENCE_END.split(turns.get(turn));
        int kind = sentences.length < 2 ? 0 : random.nextInt(3);
        if (kind == 0) {
            List<String> additions = SemanticCorpusTemplates.ADDITIONS.get(language);
            turns.set(turn, turns.get(turn) + " " + additions.get(random.nextInt(additions.size())));
        } else if (kind == 1) {
            turns.set(turn, String.join(" ", List.of(sentences).subList(0, sentences.length - 1)));
        } else {
            turns.set(turn, sentences[1] + " " + sentences[0]);
        }
    }

    private static String fill(String template, String language, Plan plan) {
        Map<String, List<String>> pools = SemanticCorpusTemplates.FACTS.get(language);
        Map<String, Integer> f = plan.facts();
        Matcher m = SLOT.matcher(template);
        var sb = new StringBuilder();
        while (m.find()) {
            String slot = m.group(1);
            String value = switch (slot) {
                case "day2", "day3" -> pools.get("day").get(f.get(slot));
                case "street" -> language.equals("en") ? f.get("number") + " " + pools.get("street").get(f.get(slot))
                        : pools.get("street").get(f.get(slot)) + " " + f.get("number");
                case "amount" -> language.equals("en") ? "$" + f.get(slot) + ".00"
                        : String.format(Locale.ROOT, "Rp%d.000", f.get(slot) * 15);
                case "date" -> f.get("dayOfMonth") + " " + pools.get("month").get(f.get("month"));
                case "digits" -> String.format(Locale.ROOT, "%04d", f.get(slot));
                case "order", "days" -> Integer.toString(f.get(slot));
                default -> pools.get(slot).get(f.get(slot));
            };
            m.appendReplacement(sb, Matcher.quoteReplacement(value));
        }
        m.appendTail(sb);
        return sb.toString();
    }

    private static Dialogue dialogue(List<String> messages) {
        var turns = new ArrayList<Turn>();
        for (int i = 0; i < messages.size(); i++) {
            turns.add(new Turn(i % 2 == 0 ? Turn.USER : Turn.ASSISTANT, messages.get(i)));
        }
        return new Dialogue(turns);
    }
}
