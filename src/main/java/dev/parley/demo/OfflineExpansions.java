package dev.parley.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.parley.demo.OfflineDemoModel;

/**
 * The offline demo model's answers to expansion requests: it reads the {@code <request>} block
 * (kind, language, count, path) and draws distinct items from phrase pools, seeded by the request,
 * so the same recipe always expands to the same values. Topics are the last item of the path with
 * a facet ("... : payment"), deeper levels add a circumstance; personas combine a person and a
 * situation. Indonesian or English, like the rest of the demo model.
 */
final class OfflineExpansions {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern REQUEST = Pattern.compile("<request>(.*?)</request>", Pattern.DOTALL);
    private static final String PATH_SEPARATOR = " > ";

    private static final List<String> FACETS_EN = List.of("payment", "delivery", "account access", "returns and refunds",
            "product questions", "changing an order", "vouchers and promotions", "technical errors", "privacy and data",
            "complaints about service", "subscriptions", "warranty");
    private static final List<String> FACETS_ID = List.of("pembayaran", "pengiriman", "akses akun", "retur dan pengembalian dana",
            "pertanyaan produk", "mengubah pesanan", "voucher dan promo", "gangguan teknis", "privasi dan data",
            "keluhan layanan", "langganan", "garansi");
    private static final List<String> CASES_EN = List.of("for the first time", "again after a failed fix", "urgently, with a deadline",
            "on behalf of someone else", "with an unclear cause", "for a large order", "from abroad", "with a small amount at stake",
            "after contacting support before", "late at night");
    private static final List<String> CASES_ID = List.of("untuk pertama kali", "lagi setelah perbaikan gagal", "mendesak, ada tenggat",
            "atas nama orang lain", "penyebabnya tidak jelas", "untuk pesanan besar", "dari luar negeri", "nominalnya kecil",
            "setelah pernah menghubungi CS", "larut malam");
    private static final List<String> PEOPLE_EN = List.of("a university student", "a retired teacher", "a small-shop owner",
            "a nurse on night shifts", "a parent of two", "a first-time online buyer", "a software developer", "a delivery driver",
            "an office manager", "a farmer", "a freelance designer", "a high-school pupil");
    private static final List<String> PEOPLE_ID = List.of("seorang mahasiswa", "seorang pensiunan guru", "pemilik warung",
            "perawat yang sering dinas malam", "ibu dengan dua anak", "pembeli online pertama kali", "seorang programmer",
            "kurir pengantar paket", "manajer kantor", "petani", "desainer lepas", "siswa SMA");
    private static final List<String> SITUATIONS_EN = List.of("who writes from a phone in short bursts",
            "who is in a hurry between appointments", "who is unsure with apps", "who writes long, detailed messages",
            "who has been let down before", "who mixes in words from another language", "who wants everything in writing",
            "who is very polite but vague");
    private static final List<String> SITUATIONS_ID = List.of("yang mengetik singkat dari ponsel", "yang sedang terburu-buru",
            "yang kurang paham aplikasi", "yang menulis pesan panjang dan detail", "yang pernah kecewa sebelumnya",
            "yang sering mencampur bahasa Inggris", "yang ingin semuanya tertulis", "yang sangat sopan tapi kurang jelas");

    private OfflineExpansions() {
    }

    static String answer(String user, SplittableRandom random) {
        Map<String, String> request = OfflineDemoModel.fields(REQUEST, user);
        boolean indonesian = request.getOrDefault("language", "en").startsWith("id");
        int count = Math.max(1, parseCount(request.get("count")));
        List<String> path = List.of(request.getOrDefault("path", "").split(Pattern.quote(PATH_SEPARATOR)));
        List<String> items;
        if ("personas".equals(request.get("kind"))) {
            items = combine(indonesian ? PEOPLE_ID : PEOPLE_EN, indonesian ? SITUATIONS_ID : SITUATIONS_EN, " ", count, random);
        } else if (path.size() <= 1) {
            items = draw(indonesian ? FACETS_ID : FACETS_EN, count, random);
        } else {
            String parent = path.getLast();
            items = draw(indonesian ? CASES_ID : CASES_EN, count, random).stream().map(c -> parent + " — " + c).toList();
        }
        ObjectNode root = JSON.createObjectNode();
        items.forEach(root.putArray("values")::add);
        return root.toString();
    }

    /** {@code count} distinct items in a seeded order; past the pool's size they are numbered. */
    private static List<String> draw(List<String> pool, int count, SplittableRandom random) {
        var order = new ArrayList<>(pool);
        for (int i = order.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            order.set(i, order.set(j, order.get(i)));
        }
        var items = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            items.add(order.get(i % order.size()) + (i < order.size() ? "" : " " + (i / order.size() + 1)));
        }
        return items;
    }

    /** {@code count} distinct pairs of a person and a situation. */
    private static List<String> combine(List<String> first, List<String> second, String joiner, int count, SplittableRandom random) {
        List<String> a = draw(first, Math.min(count, first.size()), random);
        List<String> b = draw(second, second.size(), random);
        var items = new ArrayList<String>();
        for (int i = 0; i < count; i++) {
            int round = i / a.size();
            String person = a.get(i % a.size()) + joiner + b.get((i + round) % b.size());
            items.add(round < b.size() ? person : person + " " + (round + 1));
        }
        return items;
    }

    private static int parseCount(String text) {
        try {
            return text == null ? 1 : Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
