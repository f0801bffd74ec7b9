package dev.parley.demo;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;

import dev.parley.generate.ModelDialogueWriter;
import dev.parley.generate.RecipeToolResults;
import dev.parley.generate.RolePlayWriter;
import dev.parley.judge.ModelDialogueReviser;
import dev.parley.judge.RubricJudge;
import dev.parley.llm.ModelEndpoint;
import dev.parley.plan.DimensionExpander;

/**
 * The built-in offline demo model: answers Parley's own structured requests in-process, with no
 * network and no weights, so a newcomer can see the whole workflow.
 *
 * <p>It is deterministic for a seed and a request. It reads the {@code <brief>} and
 * {@code <dialogue>} blocks Parley's prompts carry, writes varied dialogues from phrase pools
 * (Indonesian and English; other languages get English text), and plants flaws at fixed rates
 * (wrong message count, empty turn, unhelpful assistant) so that checks and the judge have real
 * work to do. Its judge scores what it reads: unhelpful, repeated or very short assistant turns
 * score low. Its reviser rewrites the weak turns with replies that fit the user message before each and repeat
 * no other reply, so a revised turn scores higher. Nothing it writes is fit for training, and every record says it
 * came from it.
 *
 * <p>Past 300 lines because its phrase pools, the writer, judge and reviser that draw on them and the flaws it
 * plants must agree with each other (the judge recognises exactly the unhelpful phrases the writer plants), which
 * is easiest to keep true in one file.
 */
public final class OfflineDemoModel implements ChatModel {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BRIEF = Pattern.compile("<brief>(.*?)</brief>", Pattern.DOTALL);
    private static final Pattern DIALOGUE = Pattern.compile("<dialogue>(.*?)</dialogue>", Pattern.DOTALL);
    private static final Pattern CRITERIA = Pattern.compile("<criteria>(.*?)</criteria>", Pattern.DOTALL);
    private static final Pattern OPENING = Pattern.compile("<opening>(.*?)</opening>", Pattern.DOTALL);
    private static final Pattern CRITERION = Pattern.compile("^\\s*-\\s*([A-Za-z0-9_-]+)\\s*[:(]", Pattern.MULTILINE);

    private final long seed;

    public OfflineDemoModel(long seed) {
        this.seed = seed;
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        String system = "";
        String user = "";
        for (ChatMessage m : request.messages()) {
            if (m instanceof SystemMessage s) {
                system = s.text();
            } else if (m instanceof UserMessage u && u.hasSingleText()) {
                user = u.singleText();
            }
        }
        String schema = request.responseFormat() == null || request.responseFormat().jsonSchema() == null ? ""
                : request.responseFormat().jsonSchema().name();
        var random = new SplittableRandom(seed ^ (long) user.hashCode() * 0x9E3779B97F4A7C15L);
        String answer = switch (schema) {
            case ModelDialogueWriter.DIALOGUE_SCHEMA -> OfflineToolDialogues.asksForTools(user)
                    ? OfflineToolDialogues.write(user, random) : writeDialogue(brief(user), random, opening(user));
            case RecipeToolResults.TOOL_RESULT_SCHEMA -> OfflineToolDialogues.simulate(user, random);
            case RubricJudge.VERDICT_SCHEMA -> judge(user, random);
            case ModelDialogueReviser.REVISED_TURNS_SCHEMA -> reviseTurns(user, random);
            case ModelDialogueReviser.REVISED_DIALOGUE_SCHEMA -> reviseDialogue(user, random);
            case RolePlayWriter.USER_TURN_SCHEMA -> userTurn(user, random);
            case DimensionExpander.EXPANSION_SCHEMA -> OfflineExpansions.answer(user, random);
            case "" -> request.messages().size() >= 2 && request.messages().getLast() instanceof UserMessage
                    ? assistantReply(system, request.messages(), random)
                    : "The offline demo model only answers Parley's own requests.";
            default -> "The offline demo model only answers Parley's own requests (schema '" + schema + "').";
        };
        return ChatResponse.builder()
                .aiMessage(AiMessage.from(answer))
                .modelName(ModelEndpoint.OFFLINE_MODEL)
                .tokenUsage(new TokenUsage(approximateTokens(system) + approximateTokens(user), approximateTokens(answer)))
                .finishReason(FinishReason.STOP)
                .build();
    }

    /** About four characters a token, as for most BPE vocabularies on Latin script. */
    static int approximateTokens(String text) {
        return Math.max(1, (text.length() + 3) / 4);
    }

    static Map<String, String> brief(String user) {
        return fields(BRIEF, user);
    }

    /** The {@code name: value} lines of the first block the pattern finds (its group 1). */
    static Map<String, String> fields(Pattern block, String user) {
        var values = new LinkedHashMap<String, String>();
        Matcher m = block.matcher(user);
        if (m.find()) {
            for (String line : m.group(1).split("\n")) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    values.put(line.substring(0, colon).strip().replaceFirst("^-\\s*", ""), line.substring(colon + 1).strip());
                }
            }
        }
        return values;
    }

    // ---- dialogues ----------------------------------------------------------------------------

    /** The user message a whole-dialogue candidate is asked to open with ({@code <opening>}), if any. */
    private static Optional<String> opening(String user) {
        Matcher m = OPENING.matcher(user);
        return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
    }

    private String writeDialogue(Map<String, String> brief, SplittableRandom random, Optional<String> opening) {
        Phrases p = brief.getOrDefault("language", "en").startsWith("id") ? Phrases.INDONESIAN : Phrases.ENGLISH;
        int messages = parseInt(brief.get("messages"), 4);
        String topic = brief.getOrDefault("topic", p.defaultTopic);
        String persona = brief.get("persona");
        String mood = brief.getOrDefault("mood", "");
        boolean upset = mood.matches("(?i).*(kesal|marah|angry|annoyed|frustrat|upset|furious).*");
        boolean confused = mood.matches("(?i).*(bingung|confused|unsure|ragu).*");
        String order = p.orderPrefix + (10000 + random.nextInt(90000));

        double flaw = random.nextDouble();
        boolean weak = flaw < 0.12;
        boolean dropLast = flaw >= 0.12 && flaw < 0.17;
        boolean emptyTurn = flaw >= 0.17 && flaw < 0.20;
        boolean oneWeakTurn = flaw >= 0.20 && flaw < 0.30;

        List<String[]> turns = new ArrayList<>();
        int pairs = messages / 2;
        for (int i = 0; i < pairs; i++) {
            String userText;
            String assistantText;
            if (i == 0) {
                userText = pick(random, p.greetings) + " " + fill(pick(random, p.openings), topic, order)
                        + (persona != null && random.nextInt(3) == 0 ? " " + pick(random, p.personaLines).replace("{persona}", persona) : "")
                        + (upset ? " " + pick(random, p.upset) : confused ? " " + pick(random, p.confused) : "");
                assistantText = pick(random, p.acknowledge) + " " + fill(pick(random, p.askDetail), topic, order);
            } else if (i == pairs - 1 && pairs >= 3) {
                userText = fill(pick(random, p.closingsUser), topic, order);
                assistantText = fill(pick(random, p.closingsAssistant), topic, order);
            } else if (i == 1) {
                userText = fill(pick(random, p.giveDetail), topic, order);
                assistantText = fill(pick(random, p.steps), topic, order) + " " + pick(random, p.timeframes);
            } else {
                userText = fill(pick(random, p.followUps), topic, order);
                assistantText = fill(pick(random, p.answers), topic, order);
            }
            if (weak && i > 0) {
                assistantText = pick(random, p.unhelpful);
            }
            turns.add(new String[] {"user", userText.strip()});
            turns.add(new String[] {"assistant", assistantText.strip()});
        }
        // A candidate asked to share another's opening uses it word for word.
        opening.filter(text -> !turns.isEmpty()).ifPresent(text -> turns.get(0)[1] = text);
        if (messages % 2 == 1) {
            // An odd count cannot alternate and end with the assistant; the structure check will say so.
            turns.add(new String[] {"user", fill(pick(random, p.followUps), topic, order)});
        }
        if (dropLast && turns.size() > 2) {
            turns.remove(turns.size() - 1);
        }
        if (oneWeakTurn && turns.size() >= 4) {
            // One unhelpful reply in an otherwise good dialogue: the judge masks that turn.
            int assistantTurns = turns.size() / 2;
            int which = 1 + random.nextInt(Math.max(1, assistantTurns - 1));
            turns.get(2 * which + 1)[1] = pick(random, p.unhelpful);
        }
        if (emptyTurn) {
            turns.get(Math.min(turns.size() - 1, 1))[1] = "";
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("messages");
        for (String[] t : turns) {
            list.addObject().put("role", t[0]).put("content", t[1]);
        }
        return root.toString();
    }

    private static String fill(String template, String topic, String order) {
        return template.replace("{topic}", topic).replace("{order}", order);
    }

    private static String pick(SplittableRandom random, List<String> options) {
        return options.get(random.nextInt(options.size()));
    }

    private static int parseInt(String s, int fallback) {
        try {
            return s == null ? fallback : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    // ---- judging ------------------------------------------------------------------------------

    private String judge(String user, SplittableRandom random) {
        List<String> criteria = new ArrayList<>();
        Matcher cm = CRITERIA.matcher(user);
        if (cm.find()) {
            Matcher c = CRITERION.matcher(cm.group(1));
            while (c.find()) {
                criteria.add(c.group(1));
            }
        }
        if (criteria.isEmpty()) {
            criteria = List.of("overall");
        }
        List<String> assistant = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<Integer> calls = new ArrayList<>();
        Matcher dm = DIALOGUE.matcher(user);
        if (dm.find()) {
            try {
                int n = 1;
                for (JsonNode turn : JSON.readTree(dm.group(1).strip())) {
                    int position = turn.path("turn").asInt(n);
                    n++;
                    if ("assistant".equals(turn.path("role").asText()) && !turn.path("tool_calls").isArray()) {
                        assistant.add(turn.path("content").asText());
                        positions.add(position);
                    } else if ("assistant".equals(turn.path("role").asText())) {
                        // A turn that only calls tools is scored on the call, which the demo always makes well.
                        calls.add(position);
                    }
                }
            } catch (Exception e) {
                // An unreadable dialogue is judged as if it had no assistant turns.
            }
        }
        int unhelpful = 0;
        int total = 0;
        List<Boolean> weakTurns = new ArrayList<>();
        for (String a : assistant) {
            total += a.length();
            boolean weak = isUnhelpful(a);
            weakTurns.add(weak);
            if (weak) {
                unhelpful++;
            }
        }
        boolean repeated = assistant.size() != assistant.stream().distinct().count();
        boolean mostlyUnhelpful = unhelpful >= 2 || (unhelpful == 1 && unhelpful == assistant.size());
        double meanLength = assistant.isEmpty() ? 0 : (double) total / assistant.size();
        ObjectNode root = JSON.createObjectNode();
        ArrayNode scores = root.putArray("scores");
        for (String criterion : criteria) {
            int score = 4 + (random.nextInt(10) < 4 ? 1 : 0) - (random.nextInt(10) < 2 ? 1 : 0);
            String reason = "Clear and on topic; the assistant follows its instructions.";
            boolean core = criterion.contains("help") || criterion.contains("correct") || criterion.equals("overall");
            if (unhelpful >= 3) {
                // Beyond repair: every criterion suffers, and the mean falls under the revise floor.
                score = 1 + random.nextInt(2);
                reason = "The assistant brushes the user off " + unhelpful + " times; the exchange is unusable.";
            } else if (mostlyUnhelpful && core) {
                score = 1 + random.nextInt(2);
                reason = "The assistant gives " + unhelpful + " unhelpful replies and leaves the user's need open.";
            } else if (unhelpful == 1 && core) {
                score = 3;
                reason = "One reply brushes the user off; the rest is helpful.";
            } else if (repeated && criterion.contains("natural")) {
                score = 2;
                reason = "The assistant repeats itself word for word.";
            } else if (meanLength < 40 && criterion.contains("help")) {
                score = 2;
                reason = "The assistant's replies are too short to help.";
            } else if (score == 5) {
                reason = "Nothing to improve on this criterion.";
            } else if (score == 3) {
                reason = "Acceptable, though the wording could be more specific.";
            }
            scores.addObject().put("criterion", criterion).put("score", score).put("reason", reason);
        }
        ArrayNode turnScores = root.putArray("turns");
        for (int i = 0; i < positions.size(); i++) {
            boolean weak = weakTurns.get(i);
            turnScores.addObject().put("turn", positions.get(i))
                    .put("score", weak ? 1 + random.nextInt(2) : 4 + random.nextInt(2))
                    .put("reason", weak ? "Brushes the user off without helping." : "Helpful and on point.");
        }
        for (int position : calls) {
            turnScores.addObject().put("turn", position).put("score", 4 + random.nextInt(2))
                    .put("reason", "Calls the right tool with the user's details.");
        }
        root.put("summary", unhelpful > 0 ? "Replace the unhelpful assistant replies with concrete help."
                : "A plausible support exchange.");
        return root.toString();
    }

    private static boolean isUnhelpful(String reply) {
        String lower = reply.toLowerCase(java.util.Locale.ROOT).strip();
        return Phrases.INDONESIAN.unhelpful.stream().anyMatch(u -> lower.equals(u.toLowerCase(java.util.Locale.ROOT)))
                || Phrases.ENGLISH.unhelpful.stream().anyMatch(u -> lower.equals(u.toLowerCase(java.util.Locale.ROOT)));
    }

    // ---- role-play ----------------------------------------------------------------------------

    private static final Pattern CONVERSATION = Pattern.compile("<conversation>(.*?)</conversation>", Pattern.DOTALL);
    private static final Pattern INDONESIAN_WORDS = Pattern.compile(
            "(?i)\\b(saya|yang|tidak|dan|kak|mau|bisa|sudah|pesanan|terima kasih|apakah|anda|kami|tolong|halo|min)\\b");

    /** The simulated user's next message, from the brief and how far the conversation has come. */
    private String userTurn(String user, SplittableRandom random) {
        Map<String, String> brief = brief(user);
        Phrases p = brief.getOrDefault("language", "en").startsWith("id") ? Phrases.INDONESIAN : Phrases.ENGLISH;
        int target = parseInt(brief.get("messages"), 4);
        String topic = brief.getOrDefault("topic", p.defaultTopic);
        String mood = brief.getOrDefault("mood", "");
        int sofar = 0;
        String order = p.orderPrefix + (10000 + random.nextInt(90000));
        Matcher c = CONVERSATION.matcher(user);
        if (c.find()) {
            try {
                sofar = JSON.readTree(c.group(1).strip()).size();
            } catch (Exception e) {
                sofar = 0;
            }
            order = order(c.group(1), p, random);
        }
        boolean terse = user.contains("- terse:");
        boolean last = sofar + 2 >= target;
        String message;
        if (sofar == 0) {
            message = (terse ? "" : pick(random, p.greetings) + " ") + fill(pick(random, p.openings), topic, order)
                    + (mood.matches("(?i).*(kesal|marah|angry|annoyed|frustrat).*") ? " " + pick(random, p.upset)
                            : mood.matches("(?i).*(bingung|confused).*") ? " " + pick(random, p.confused) : "");
        } else if (last) {
            message = pick(random, p.closingsUser);
        } else if (sofar == 2) {
            message = fill(pick(random, p.giveDetail), topic, order);
        } else {
            message = fill(pick(random, p.followUps), topic, order);
        }
        if (terse && message.contains(".")) {
            message = message.substring(0, message.indexOf('.') + 1);
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("message", message.strip());
        root.put("done", last);
        return root.toString();
    }

    /**
     * The assistant's reply in role-play: it sees only its system prompt and the conversation, so it
     * knows the user's problem only from what the user wrote.
     */
    private String assistantReply(String system, List<ChatMessage> messages, SplittableRandom random) {
        String lastUser = ((UserMessage) messages.getLast()).singleText();
        long assistantTurns = messages.stream().filter(m -> m instanceof AiMessage).count();
        // The user's language decides, as a real model answers in the language it is addressed in.
        String all = messages.stream().filter(m -> m instanceof UserMessage u && u.hasSingleText())
                .map(m -> ((UserMessage) m).singleText()).collect(java.util.stream.Collectors.joining(" "));
        Phrases p = INDONESIAN_WORDS.matcher(all).results().findAny().isPresent() ? Phrases.INDONESIAN : Phrases.ENGLISH;
        String issue = p == Phrases.INDONESIAN ? "kendala ini" : "this issue";
        Matcher order = ORDER.matcher(lastUser);
        boolean closing = p.closingsUser.stream().anyMatch(lastUser::equals);
        // Without the plan the assistant cannot name the topic: only phrases that do not need it.
        if (closing) {
            return pick(random, withoutTopic(p.closingsAssistant));
        }
        if (assistantTurns == 0) {
            return pick(random, p.acknowledge) + " " + pick(random, withoutTopic(p.askDetail));
        }
        if (order.find()) {
            return fill(pick(random, p.steps), issue, order.group()) + " " + pick(random, p.timeframes);
        }
        return fill(pick(random, p.answers), issue, p.orderPrefix.equals("INV-") ? "nomor pesanan Anda" : "your order number");
    }

    private static List<String> withoutTopic(List<String> phrases) {
        List<String> plain = phrases.stream().filter(x -> !x.contains("{topic}")).toList();
        return plain.isEmpty() ? phrases : plain;
    }

    // ---- revising -----------------------------------------------------------------------------

    private static final Pattern TURNS = Pattern.compile("<turns>(.*?)</turns>", Pattern.DOTALL);
    private static final Pattern ORDER = Pattern.compile("(INV|ORD)-\\d+");

    /**
     * Replaces the listed assistant turns with helpful replies that fit the user message before each (a closing
     * answered with a closing, an order number with steps, a question with an answer), none repeating another
     * assistant message of the dialogue, as a writer that reads the dialogue would.
     */
    private String reviseTurns(String user, SplittableRandom random) {
        Map<String, String> brief = brief(user);
        Phrases p = brief.getOrDefault("language", "en").startsWith("id") ? Phrases.INDONESIAN : Phrases.ENGLISH;
        String topic = brief.getOrDefault("topic", p.defaultTopic);
        String order = order(user, p, random);
        List<String[]> dialogue = dialogueTurns(user);
        List<Integer> asked = new ArrayList<>();
        Matcher m = TURNS.matcher(user);
        if (m.find()) {
            for (String part : m.group(1).split(",")) {
                int turn = parseInt(part, 0);
                if (turn > 0) {
                    asked.add(turn);
                }
            }
        }
        Set<String> used = new HashSet<>();
        for (int i = 0; i < dialogue.size(); i++) {
            if ("assistant".equals(dialogue.get(i)[0]) && !asked.contains(i + 1)) {
                used.add(dialogue.get(i)[1]);
            }
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode turns = root.putArray("turns");
        for (int turn : asked) {
            String before = turn >= 2 && turn - 2 < dialogue.size() ? dialogue.get(turn - 2)[1] : "";
            turns.addObject().put("turn", turn).put("content", usesTools(user)
                    ? OfflineToolDialogues.groundedReply(user, random) : helpfulReply(p, before, topic, order, used, random));
        }
        return root.toString();
    }

    /** Rewrites the dialogue with every unhelpful or empty assistant reply replaced, as {@link #reviseTurns} does. */
    private String reviseDialogue(String user, SplittableRandom random) {
        if (usesTools(user)) {
            return reviseToolDialogue(user, random);
        }
        Map<String, String> brief = brief(user);
        Phrases p = brief.getOrDefault("language", "en").startsWith("id") ? Phrases.INDONESIAN : Phrases.ENGLISH;
        String topic = brief.getOrDefault("topic", p.defaultTopic);
        String order = order(user, p, random);
        List<String[]> dialogue = dialogueTurns(user);
        Set<String> used = new HashSet<>();
        for (String[] t : dialogue) {
            if ("assistant".equals(t[0]) && !weakReply(t[1])) {
                used.add(t[1]);
            }
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("messages");
        String before = "";
        for (String[] t : dialogue) {
            String content = t[1];
            if ("assistant".equals(t[0]) && weakReply(content)) {
                content = helpfulReply(p, before, topic, order, used, random);
            }
            before = content;
            list.addObject().put("role", t[0]).put("content", content);
        }
        // Nothing readable to revise gives no messages, which the structure check rejects.
        return root.toString();
    }

    /** Whether the request's dialogue uses tools (its messages carry call ids). */
    private static boolean usesTools(String user) {
        return user.contains("\"tool_call_id\"");
    }

    /**
     * Rewrites a dialogue with tool use in the schema with tools, every field on every message, each weak answer
     * replaced by one grounded in the dialogue's tool results; calls and results are kept as they were.
     */
    private String reviseToolDialogue(String user, SplittableRandom random) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode list = root.putArray("messages");
        Matcher dm = DIALOGUE.matcher(user);
        if (dm.find()) {
            try {
                for (JsonNode turn : JSON.readTree(dm.group(1).strip())) {
                    String role = turn.path("role").asText();
                    String content = turn.path("content").asText();
                    if ("assistant".equals(role) && (isUnhelpful(content) || content.isBlank() && !turn.has("tool_calls"))) {
                        content = OfflineToolDialogues.groundedReply(user, random);
                    }
                    list.addObject().put("role", role).put("content", content)
                            .put("tool_call_id", turn.path("tool_call_id").asText(""))
                            .set("tool_calls", turn.has("tool_calls") ? turn.get("tool_calls") : JSON.createArrayNode());
                }
            } catch (Exception e) {
                list.removeAll();
            }
        }
        // Nothing readable to revise gives no messages, which the structure check rejects.
        return root.toString();
    }

    private static boolean weakReply(String content) {
        return isUnhelpful(content) || content.isBlank();
    }

    /** The {@code role, content} pairs of the request's {@code <dialogue>} block; empty when it has none readable. */
    private static List<String[]> dialogueTurns(String user) {
        List<String[]> turns = new ArrayList<>();
        Matcher dm = DIALOGUE.matcher(user);
        if (dm.find()) {
            try {
                for (JsonNode turn : JSON.readTree(dm.group(1).strip())) {
                    turns.add(new String[] {turn.path("role").asText(), turn.path("content").asText()});
                }
            } catch (Exception e) {
                turns.clear();
            }
        }
        return turns;
    }

    /**
     * A helpful reply to {@code before} that is in none of {@code used} (and is then added to it): a closing for a
     * closing, steps with a time frame for a message naming an order, otherwise an answer; the other kinds when every
     * reply of the fitting kind is used.
     */
    private static String helpfulReply(Phrases p, String before, String topic, String order, Set<String> used,
            SplittableRandom random) {
        List<String> answers = p.answers.stream().map(a -> fill(a, topic, order)).toList();
        List<String> steps = new ArrayList<>();
        for (String s : p.steps) {
            for (String t : p.timeframes) {
                steps.add(fill(s, topic, order) + " " + t);
            }
        }
        List<String> closings = p.closingsAssistant.stream().map(c -> fill(c, topic, order)).toList();
        List<String> fitting = p.closingsUser.contains(before.strip()) ? closings
                : ORDER.matcher(before).find() ? steps : answers;
        List<String> fresh = fitting.stream().filter(r -> !used.contains(r)).toList();
        if (fresh.isEmpty()) {
            List<String> any = new ArrayList<>(answers);
            any.addAll(steps);
            fresh = any.stream().filter(r -> !used.contains(r)).toList();
        }
        String reply = fresh.isEmpty() ? pick(random, fitting) : pick(random, fresh);
        used.add(reply);
        return reply;
    }

    private static String order(String user, Phrases p, SplittableRandom random) {
        Matcher m = ORDER.matcher(user);
        return m.find() ? m.group() : p.orderPrefix + (10000 + random.nextInt(90000));
    }

    /** Phrase pools for one language. */
    private record Phrases(String defaultTopic, String orderPrefix, List<String> greetings, List<String> openings,
            List<String> personaLines, List<String> upset, List<String> confused, List<String> acknowledge,
            List<String> askDetail, List<String> giveDetail, List<String> steps, List<String> timeframes,
            List<String> followUps, List<String> answers, List<String> closingsUser, List<String> closingsAssistant,
            List<String> unhelpful) {

        static final Phrases INDONESIAN = new Phrases("pesanan saya", "INV-",
                List.of("Halo,", "Selamat pagi,", "Permisi kak,", "Siang min,", "Halo admin,", "Selamat sore,"),
                List.of("saya mau tanya soal {topic}.", "saya ada masalah dengan {topic}.",
                        "tolong bantu saya, ini tentang {topic}.", "bisa dibantu untuk urusan {topic}?",
                        "saya bingung dengan {topic} di aplikasi.", "mau konfirmasi mengenai {topic}."),
                List.of("Saya {persona} dan jarang belanja online.", "Kebetulan saya {persona}, jadi agak sibuk.",
                        "Saya {persona}, baru pertama kali pakai aplikasinya."),
                List.of("Sudah dua hari belum ada kejelasan!", "Jujur saya kecewa sekali.",
                        "Ini sudah yang kedua kalinya terjadi.", "Tolong cepat ya, saya kesal."),
                List.of("Saya tidak paham langkahnya.", "Maaf kalau pertanyaannya aneh.",
                        "Saya sudah coba tapi tetap bingung."),
                List.of("Baik, terima kasih sudah menghubungi kami.", "Mohon maaf atas ketidaknyamanannya.",
                        "Terima kasih, saya bantu cek ya.", "Tentu, kami siap membantu.",
                        "Saya mengerti, mohon maaf atas kendalanya."),
                List.of("Boleh saya minta nomor pesanannya?", "Bisa kirimkan nomor pesanan dan email akunnya?",
                        "Agar bisa saya cek, mohon informasikan nomor pesanan Anda.",
                        "Boleh dijelaskan kapan kendala {topic} ini mulai terjadi?"),
                List.of("Nomor pesanannya {order}.", "Ini nomornya: {order}, dipesan minggu lalu.",
                        "Pesanan saya {order}, dibayar lewat transfer bank.", "{order}, kak. Sudah saya cek berkali-kali."),
                List.of("Pesanan {order} sudah saya cek. Silakan buka menu Pesanan Saya, pilih pesanan tersebut, lalu ketuk Ajukan Bantuan.",
                        "Untuk {order}, kendalanya sudah kami catat dan tim terkait akan menindaklanjuti.",
                        "Saya sudah meneruskan {order} ke tim kami. Anda akan menerima notifikasi di aplikasi.",
                        "Pada pesanan {order} memang ada kendala. Kami sudah membuka laporan untuk Anda."),
                List.of("Prosesnya biasanya 1–3 hari kerja.", "Mohon ditunggu maksimal 2x24 jam.",
                        "Perkembangannya bisa dipantau di menu Pesanan Saya.", "Kami akan kabari lewat email."),
                List.of("Apakah saya perlu mengirim bukti foto?", "Kalau tidak ada kabar, saya harus bagaimana?",
                        "Apakah ada biaya tambahan untuk {topic}?", "Bisa dipercepat tidak?"),
                List.of("Tidak perlu biaya tambahan. Jika dalam 3 hari kerja belum ada kabar, silakan hubungi kami lagi dengan nomor {order}.",
                        "Foto tidak wajib, tetapi akan membantu tim kami memproses lebih cepat.",
                        "Saya sudah menandai laporan Anda sebagai prioritas, namun waktunya tetap mengikuti proses tim terkait."),
                List.of("Baik, terima kasih bantuannya.", "Oke, saya tunggu kabarnya ya.", "Siap, makasih kak.",
                        "Baik kalau begitu, terima kasih."),
                List.of("Sama-sama. Semoga urusan {topic} Anda cepat selesai. Ada lagi yang bisa saya bantu?",
                        "Terima kasih kembali. Jika ada pertanyaan lain, jangan ragu menghubungi kami.",
                        "Dengan senang hati. Semoga harimu menyenangkan!"),
                List.of("Maaf, saya tidak tahu.", "Silakan coba lagi nanti.", "Itu bukan urusan kami."));

        static final Phrases ENGLISH = new Phrases("my order", "ORD-",
                List.of("Hi,", "Hello,", "Good morning,", "Hey there,", "Hi support,", "Good afternoon,"),
                List.of("I have a question about {topic}.", "I need help with {topic}.", "something went wrong with {topic}.",
                        "can you help me with {topic}?", "I'm stuck on {topic} in the app.", "I'd like to check on {topic}."),
                List.of("I'm a {persona} and don't shop online much.", "As a {persona}, I don't have much time for this.",
                        "I'm a {persona}, first time using the service."),
                List.of("I've been waiting for two days!", "Honestly, this is really frustrating.",
                        "This is the second time this has happened.", "Please sort this out quickly."),
                List.of("I don't understand the steps.", "Sorry if this is a silly question.", "I tried, but I'm still lost."),
                List.of("Thanks for reaching out.", "Sorry for the trouble.", "Thanks, let me check that for you.",
                        "Of course, happy to help.", "I understand, and I'm sorry about that."),
                List.of("Could you share your order number?", "Could you send your order number and account email?",
                        "So I can look into it, what's your order number?", "When did the problem with {topic} start?"),
                List.of("It's {order}.", "The order number is {order}, placed last week.", "Order {order}, paid by card.",
                        "{order}. I've checked it several times."),
                List.of("I've checked {order}. Open My Orders, select that order, and tap Request Help.",
                        "For {order}, I've logged the issue and the team will follow up.",
                        "I've passed {order} to our team. You'll get a notification in the app.",
                        "There is indeed a problem with {order}. I've opened a case for you."),
                List.of("It usually takes 1–3 business days.", "Please allow up to 48 hours.",
                        "You can follow progress under My Orders.", "We'll update you by email."),
                List.of("Do I need to send a photo?", "What if I hear nothing back?", "Is there a fee for {topic}?",
                        "Can this be sped up?"),
                List.of("There's no fee. If you hear nothing within 3 business days, contact us again with {order}.",
                        "A photo isn't required, but it helps the team move faster.",
                        "I've marked your case as a priority, though timing still depends on the team."),
                List.of("Okay, thanks for your help.", "Alright, I'll wait to hear back.", "Great, thank you.", "Fine, thanks."),
                List.of("You're welcome. I hope {topic} is sorted soon. Anything else I can help with?",
                        "My pleasure. If anything else comes up, just get in touch.", "Glad to help. Have a good day!"),
                List.of("Sorry, I don't know.", "Please try again later.", "That's not our problem."));
    }
}
