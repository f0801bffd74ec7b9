package dev.parley.demo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The offline demo model's tool use: whole dialogues in which the assistant calls the tools the request lists (the
 * {@code <tools>} block of {@code write-dialogue-tools.md}) as the dialogue's tool scenario asks, and the results
 * the tool simulator is asked for. The tool is the one whose name and description share most words with the
 * topic; its arguments are filled from its schema (an order number, a reason, an address by the argument's name);
 * answers state only what the user said and the result returned. It plants tool faults at fixed rates (an
 * undeclared tool, arguments missing a required one, a result answering the wrong call, an answer stating a
 * number no result gave) so the tool gates have work, and one brushed-off reply for the judge to mask.
 * <p>Longer than most classes because half of it is the two languages' phrase pools, which belong with the
 * code that picks from them.
 */
final class OfflineToolDialogues {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOOLS = Pattern.compile("<tools>(.*?)</tools>", Pattern.DOTALL);
    private static final Pattern CALL = Pattern.compile("<call>\\s*name: (.*?)\\n\\s*arguments: (.*?)\\s*</call>", Pattern.DOTALL);

    private OfflineToolDialogues() {
    }

    /** Whether a whole-dialogue request asks for tool use. */
    static boolean asksForTools(String user) {
        return TOOLS.matcher(user).find();
    }

    /** A whole dialogue with tool calls, as the {@code dialogue} schema with tools has it. */
    static String write(String user, SplittableRandom random) {
        Map<String, String> brief = OfflineDemoModel.brief(user);
        Words w = Words.of(brief.getOrDefault("language", "en"));
        int messages = Math.max(2, parse(brief.get("messages")));
        String topic = brief.getOrDefault("topic", w.defaultTopic);
        String scenario = brief.getOrDefault("tool-scenario", "");
        JsonNode tool = chooseTool(tools(user), topic);
        String order = w.orderPrefix + (10000 + random.nextInt(90000));
        String details = tool == null ? "" : details(tool, w);

        double flaw = random.nextDouble();
        var out = new Messages();
        int pairs = messages / 2;
        int pair = 0;
        if (scenario.equals("no-tool-needed") || tool == null) {
            out.user(pick(random, w.greetings) + " " + w.howTo.replace("{topic}", topic));
            out.assistant(pick(random, w.generalAnswers).replace("{topic}", topic));
            pair = 1;
        } else {
            if (scenario.equals("missing-argument") && pairs >= 2) {
                out.user(pick(random, w.greetings) + " " + w.opening.replace("{topic}", topic));
                out.assistant(pick(random, w.askOrder));
                out.user(pick(random, w.giveOrder).replace("{order}", order) + details);
                pair = 2;
            } else {
                out.user(pick(random, w.greetings) + " " + w.opening.replace("{topic}", topic) + " "
                        + pick(random, w.giveOrder).replace("{order}", order) + details);
                pair = 1;
            }
            ObjectNode arguments = arguments(tool, order, topic, w);
            String name = tool.path("name").asText();
            if (flaw < 0.04) {
                name = name + "_v2";
            } else if (flaw < 0.08 && arguments.size() > 0) {
                arguments.remove(arguments.fieldNames().next());
            }
            boolean error = scenario.equals("tool-error");
            ObjectNode result = error ? error(order, w) : result(tool, arguments, order, random, w);
            out.call(name, arguments.toString(), flaw >= 0.08 && flaw < 0.12 ? "call_9" : "call_1", result.toString());
            String answer = error ? w.errorAnswer.replace("{order}", order) : answer(result, w);
            if (flaw >= 0.12 && flaw < 0.17) {
                answer = answer + " " + w.ungrounded;
            }
            out.assistant(answer);
        }
        for (; pair < pairs; pair++) {
            boolean last = pair == pairs - 1;
            out.user(last ? pick(random, w.closingsUser) : pick(random, w.followUps));
            String reply = last ? pick(random, w.closingsAssistant).replace("{topic}", topic) : pick(random, w.followAnswers);
            if (flaw >= 0.17 && flaw < 0.25 && !last) {
                reply = pick(random, w.unhelpful);
            }
            out.assistant(reply);
        }
        ObjectNode root = JSON.createObjectNode();
        root.set("messages", out.list);
        return root.toString();
    }

    /** The tool simulator's answer to the {@code <call>} of a {@code tool_result} request. */
    static String simulate(String user, SplittableRandom random) {
        Map<String, String> brief = OfflineDemoModel.brief(user);
        Words w = Words.of(brief.getOrDefault("language", "en"));
        Matcher m = CALL.matcher(user);
        boolean found = m.find();
        String name = found ? m.group(1).strip() : "";
        JsonNode arguments;
        try {
            arguments = JSON.readTree(found ? m.group(2) : "{}");
        } catch (Exception e) {
            arguments = JSON.createObjectNode();
        }
        String order = textArgument(arguments, w.orderPrefix);
        JsonNode tool = null;
        for (JsonNode t : tools(user)) {
            if (t.path("name").asText().equals(name)) {
                tool = t;
            }
        }
        ObjectNode result = tool == null ? JSON.createObjectNode().put("error", "unknown tool " + name)
                : "tool-error".equals(brief.get("tool-scenario")) || order == null ? error(order == null ? "?" : order, w)
                        : result(tool, arguments, order, random, w);
        return JSON.createObjectNode().put("result", result.toString()).toString();
    }

    /** A reply with no number in it, for revising an assistant turn of a dialogue with tool use. */
    static String groundedReply(String user, SplittableRandom random) {
        Words w = Words.of(OfflineDemoModel.brief(user).getOrDefault("language", "en"));
        return pick(random, w.followAnswers);
    }

    private static List<JsonNode> tools(String user) {
        List<JsonNode> tools = new ArrayList<>();
        Matcher m = TOOLS.matcher(user);
        if (m.find()) {
            try {
                for (JsonNode t : JSON.readTree(m.group(1).strip())) {
                    tools.add(t.has("function") ? t.get("function") : t);
                }
            } catch (Exception e) {
                // No readable tools: the dialogue calls none.
            }
        }
        return tools;
    }

    /** The tool sharing most words with the topic; the first on a tie. */
    private static JsonNode chooseTool(List<JsonNode> tools, String topic) {
        JsonNode best = null;
        long bestScore = -1;
        Set<String> topicWords = words(topic);
        for (JsonNode t : tools) {
            Set<String> own = words(t.path("name").asText().replace('_', ' ') + " " + t.path("description").asText());
            long score = topicWords.stream().filter(own::contains).count();
            if (score > bestScore) {
                best = t;
                bestScore = score;
            }
        }
        return best;
    }

    private static Set<String> words(String text) {
        return Arrays.stream(text.toLowerCase(Locale.ROOT).split("[^\\p{L}]+")).filter(x -> x.length() >= 4)
                .collect(Collectors.toSet());
    }

    /** What the user adds so the tool's other arguments come from them: the reason, the new address. */
    private static String details(JsonNode tool, Words w) {
        var sb = new StringBuilder();
        tool.path("parameters").path("properties").fieldNames().forEachRemaining(name -> {
            String lower = name.toLowerCase(Locale.ROOT);
            if (lower.contains("alasan") || lower.contains("reason")) {
                sb.append(' ').append(w.giveReason.replace("{reason}", w.reason));
            } else if (lower.contains("alamat") || lower.contains("address")) {
                sb.append(' ').append(w.giveAddress.replace("{address}", w.address));
            }
        });
        return sb.toString();
    }

    private static ObjectNode arguments(JsonNode tool, String order, String topic, Words w) {
        ObjectNode arguments = JSON.createObjectNode();
        JsonNode properties = tool.path("parameters").path("properties");
        Set<String> required = new HashSet<>();
        tool.path("parameters").path("required").forEach(r -> required.add(r.asText()));
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
            var p = it.next();
            String name = p.getKey().toLowerCase(Locale.ROOT);
            JsonNode schema = p.getValue();
            boolean known = name.contains("pesanan") || name.contains("order") || name.contains("alasan")
                    || name.contains("reason") || name.contains("alamat") || name.contains("address");
            if (!required.contains(p.getKey()) && !known) {
                continue;
            }
            if (schema.path("enum").isArray() && !schema.get("enum").isEmpty()) {
                arguments.set(p.getKey(), schema.get("enum").get(0));
            } else if ("integer".equals(schema.path("type").asText()) || "number".equals(schema.path("type").asText())) {
                arguments.put(p.getKey(), 1);
            } else if ("boolean".equals(schema.path("type").asText())) {
                arguments.put(p.getKey(), true);
            } else if (name.contains("pesanan") || name.contains("order")) {
                arguments.put(p.getKey(), order);
            } else if (name.contains("alasan") || name.contains("reason")) {
                arguments.put(p.getKey(), w.reason);
            } else if (name.contains("alamat") || name.contains("address")) {
                arguments.put(p.getKey(), w.address);
            } else {
                arguments.put(p.getKey(), topic);
            }
        }
        return arguments;
    }

    private static ObjectNode result(JsonNode tool, JsonNode arguments, String order, SplittableRandom random, Words w) {
        String name = (tool.path("name").asText() + " " + tool.path("description").asText()).toLowerCase(Locale.ROOT);
        ObjectNode result = JSON.createObjectNode().put(w.orderKey, order);
        if (name.contains("dana") || name.contains("refund")) {
            result.put("status", w.refundStatus).put(w.referenceKey, "RF-" + (100000 + random.nextInt(900000)));
        } else if (name.contains("alamat") || name.contains("address")) {
            result.put("status", w.addressStatus).put(w.addressKey, w.address);
        } else {
            result.put("status", pick(random, w.orderStatuses)).put(w.courierKey, pick(random, w.couriers));
        }
        return result;
    }

    private static ObjectNode error(String order, Words w) {
        return JSON.createObjectNode().put("error", w.errorResult.replace("{order}", order));
    }

    /** The answer to the user from a result: every value it states is the result's. */
    private static String answer(ObjectNode result, Words w) {
        String order = result.path(w.orderKey).asText();
        if (result.has(w.referenceKey)) {
            return w.refundAnswer.replace("{order}", order).replace("{reference}", result.get(w.referenceKey).asText());
        }
        if (result.has(w.addressKey)) {
            return w.addressAnswer.replace("{order}", order).replace("{address}", result.get(w.addressKey).asText());
        }
        return w.statusAnswer.replace("{order}", order).replace("{status}", result.path("status").asText())
                .replace("{courier}", result.path(w.courierKey).asText());
    }

    /** The first text argument starting with {@code prefix}. */
    private static String textArgument(JsonNode arguments, String prefix) {
        for (JsonNode value : arguments) {
            if (value.isTextual() && value.asText().startsWith(prefix)) {
                return value.asText();
            }
        }
        return null;
    }

    private static int parse(String s) {
        try {
            return s == null ? 4 : Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            return 4;
        }
    }

    private static String pick(SplittableRandom random, List<String> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** The messages of the dialogue in the schema's shape: every message has every field. */
    private static final class Messages {
        final ArrayNode list = JSON.createArrayNode();

        void user(String content) {
            add("user", content);
        }

        void assistant(String content) {
            add("assistant", content);
        }

        void call(String name, String arguments, String resultId, String result) {
            ObjectNode calling = list.addObject().put("role", "assistant").put("content", "");
            calling.putArray("tool_calls").addObject().put("id", "call_1").put("name", name).put("arguments", arguments);
            calling.put("tool_call_id", "");
            list.addObject().put("role", "tool").put("content", result).putArray("tool_calls");
            ((ObjectNode) list.get(list.size() - 1)).put("tool_call_id", resultId);
        }

        private void add(String role, String content) {
            ObjectNode m = list.addObject().put("role", role).put("content", content.strip());
            m.putArray("tool_calls");
            m.put("tool_call_id", "");
        }
    }

    /** Phrases for one language; none of the assistant's holds a number of its own. */
    private record Words(String defaultTopic, String orderPrefix, String orderKey, String referenceKey, String addressKey,
            String courierKey, List<String> greetings, String opening, String howTo, List<String> giveOrder,
            List<String> askOrder, List<String> generalAnswers, String reason, String address, List<String> orderStatuses,
            List<String> couriers, String refundStatus, String addressStatus, String errorResult, String statusAnswer,
            String refundAnswer, String addressAnswer, String errorAnswer, String ungrounded, List<String> followUps,
            List<String> followAnswers, List<String> closingsUser, List<String> closingsAssistant, List<String> unhelpful,
            String giveReason, String giveAddress) {

        static Words of(String language) {
            return language.startsWith("id") ? INDONESIAN : ENGLISH;
        }

        static final Words INDONESIAN = new Words("pesanan saya", "INV-", "nomor_pesanan", "nomor_pengajuan",
                "alamat_baru", "kurir",
                List.of("Halo,", "Selamat pagi,", "Permisi kak,", "Siang min,", "Halo admin,", "Selamat sore,"),
                "saya mau minta bantuan soal {topic}.",
                "bagaimana cara mengurus {topic} lewat aplikasi?",
                List.of("Nomor pesanannya {order}.", "Pesanan saya {order}.", "Ini nomornya: {order}."),
                List.of("Baik, saya bantu. Boleh saya minta nomor pesanannya?",
                        "Tentu. Agar bisa saya cek, mohon informasikan nomor pesanan Anda.",
                        "Siap membantu. Nomor pesanannya berapa, kak?"),
                List.of("Untuk {topic}, buka menu Pesanan Saya, pilih pesanannya, lalu ketuk Bantuan. Dari sana Anda bisa"
                        + " mengikuti langkah yang muncul di layar.",
                        "Urusan {topic} bisa diajukan sendiri di aplikasi: masuk ke Pesanan Saya, pilih pesanan, lalu pilih"
                                + " menu yang sesuai. Jika ada kendala, kami siap membantu di sini."),
                "barang yang diterima tidak sesuai pesanan",
                "Jalan Melati, Kecamatan Coblong, Bandung",
                List.of("sedang dikemas", "dalam pengiriman", "tertahan di gudang transit", "sudah tiba di kota tujuan"),
                List.of("JNE", "SiCepat", "AnterAja", "J&T"),
                "pengajuan diterima", "alamat diperbarui",
                "pesanan {order} tidak ditemukan atau sistem sedang gangguan",
                "Sudah saya cek. Pesanan {order} saat ini berstatus {status}, dikirim dengan kurir {courier}.",
                "Pengajuan pengembalian dana untuk pesanan {order} sudah kami terima dengan nomor pengajuan {reference}.",
                "Alamat pengiriman pesanan {order} sudah diperbarui menjadi {address}.",
                "Mohon maaf, sistem kami belum bisa memproses pesanan {order} saat ini. Mohon periksa kembali nomor"
                        + " pesanannya, atau coba lagi sebentar lagi.",
                "Estimasi tiba dalam 3 hari kerja.",
                List.of("Apakah saya perlu melakukan sesuatu lagi?", "Kalau ada perubahan, saya dikabari lewat mana?",
                        "Apakah ada biaya tambahan?"),
                List.of("Tidak perlu, kak. Perkembangannya bisa dipantau di menu Pesanan Saya.",
                        "Setiap perubahan akan muncul sebagai notifikasi di aplikasi dan dikirim ke email Anda.",
                        "Tidak ada biaya tambahan untuk ini. Jika ada kendala lagi, silakan hubungi kami."),
                List.of("Baik, terima kasih bantuannya.", "Oke, saya tunggu kabarnya ya.", "Siap, makasih kak."),
                List.of("Sama-sama. Semoga urusan {topic} Anda cepat selesai.",
                        "Terima kasih kembali. Jika ada pertanyaan lain, jangan ragu menghubungi kami."),
                List.of("Maaf, saya tidak tahu.", "Silakan coba lagi nanti.", "Itu bukan urusan kami."),
                "Alasannya: {reason}.", "Alamat barunya {address}.");

        static final Words ENGLISH = new Words("my order", "ORD-", "order_id", "request_id", "new_address", "courier",
                List.of("Hi,", "Hello,", "Good morning,", "Hey there,"),
                "I need help with {topic}.",
                "how do I sort out {topic} in the app?",
                List.of("The order number is {order}.", "It's order {order}.", "My order is {order}."),
                List.of("Happy to help. Could you share your order number?",
                        "Of course. So I can look it up, what's your order number?"),
                List.of("For {topic}, open My Orders, select the order and tap Help; the app walks you through the rest.",
                        "You can handle {topic} yourself in the app under My Orders. If anything goes wrong, I'm here to help."),
                "the item received does not match the order",
                "Maple Street, Riverside",
                List.of("being packed", "in transit", "held at the sorting centre", "arrived in the destination city"),
                List.of("DHL", "UPS", "Royal Mail"),
                "request received", "address updated",
                "order {order} not found or the system is unavailable",
                "I've checked: order {order} is {status}, shipped with {courier}.",
                "Your refund request for order {order} has been received under request {reference}.",
                "The delivery address of order {order} is now {address}.",
                "Sorry, our system cannot process order {order} right now. Please check the number, or try again shortly.",
                "It should arrive within 3 business days.",
                List.of("Do I need to do anything else?", "How will I hear about changes?", "Is there any extra fee?"),
                List.of("No, nothing else. You can follow progress under My Orders.",
                        "Every change shows up as a notification in the app and by email.",
                        "There's no extra fee for this. If anything else comes up, just get in touch."),
                List.of("Okay, thanks for your help.", "Alright, I'll wait to hear back.", "Great, thank you."),
                List.of("You're welcome. I hope {topic} is sorted soon.", "My pleasure. If anything else comes up, just get in touch."),
                List.of("Sorry, I don't know.", "Please try again later.", "That's not our problem."),
                "The reason: {reason}.", "The new address is {address}.");
    }
}
