package dev.parley.quality;

import java.util.List;
import java.util.Map;

/**
 * The text of {@link SemanticCorpus}: two support scenarios written in English and Indonesian, turn for turn,
 * each as an opening exchange, three middle exchanges and three outcomes, every turn in two wordings of the
 * same facts; the fact pools, in the same order in both languages so a conversation can be translated; and the
 * synonyms and courtesy lines paraphrases use. Written for this corpus alone, apart from any generator.
 */
final class SemanticCorpusTemplates {

    /** One exchange: the user's turn and the assistant's answer, each in two wordings ({@code " | "} apart). */
    record Exchange(String user, String assistant) {
    }

    /** A scenario in one language: opening, middle exchanges (a conversation takes two), outcomes (it takes one). */
    record Scenario(String name, Exchange opening, List<Exchange> middle, List<Exchange> outcomes) {
    }

    private SemanticCorpusTemplates() {
    }

    static final Scenario LATE_PARCEL_EN = new Scenario("late-parcel", new Exchange(
            "Hi, my order {order} still hasn't arrived and it was supposed to come on {day}. | Hello, I ordered a"
                    + " {item} (order {order}) and it was due on {day}, but nothing has shown up.",
            "I'm sorry about the wait. Let me look up order {order} for you. | Sorry to hear your {item} is late."
                    + " I'm checking order {order} now."),
            List.of(new Exchange(
                    "The tracking page has said in transit since {day2}. | Tracking hasn't changed since {day2}, it"
                            + " just says in transit.",
                    "I can see the parcel left our {city} warehouse on {day2} and has not been scanned since. | Our"
                            + " records show it was dispatched from the {city} warehouse on {day2}, with no scan after"
                            + " that."),
                    new Exchange(
                            "I really need the {item} before {event}. | The {item} is for {event}, so I can't wait"
                                    + " much longer.",
                            "I understand it matters, and I'll do what I can to get it to you before {event}. |"
                                    + " Thanks for telling me; I'll keep {event} in mind while we sort this out."),
                    new Exchange(
                            "Can you confirm the address you have? It should be {street}. | Please check that you're"
                                    + " sending it to {street}.",
                            "Yes, the parcel is addressed to {street}, so the address is fine. | The address on the"
                                    + " order is {street}, which matches what you said.")),
            List.of(new Exchange("So what happens now? | What can you do about it?",
                            "I've sent a replacement {item} by express delivery; it should reach you by {day3}. | A"
                                    + " new {item} is on its way by express courier and will arrive by {day3}."),
                    new Exchange("I'd rather have my money back at this point. | Honestly, I just want a refund now.",
                            "Done: I've refunded {amount} to your card, which takes three to five working days. |"
                                    + " I've issued a refund of {amount}; expect it on your card within three to five"
                                    + " working days."),
                    new Exchange("Is there anything you can chase? | Can you push the courier?",
                            "I've opened a trace with the courier; if it isn't found by {day3}, we'll send a new one"
                                    + " free. | The courier is now searching for it, and if it's still missing on"
                                    + " {day3} a free replacement goes out.")));

    static final Scenario LATE_PARCEL_ID = new Scenario("late-parcel", new Exchange(
            "Halo, pesanan saya {order} belum sampai, padahal seharusnya tiba hari {day}. | Permisi, saya pesan"
                    + " {item} dengan nomor {order}, katanya sampai hari {day} tapi belum datang juga.",
            "Mohon maaf atas keterlambatannya. Saya cek dulu pesanan {order} ya. | Maaf {item} Anda terlambat."
                    + " Saya periksa pesanan {order} sekarang."),
            List.of(new Exchange(
                    "Status pelacakannya masih dalam perjalanan sejak hari {day2}. | Di pelacakan tidak ada perubahan"
                            + " sejak hari {day2}, cuma tertulis dalam perjalanan.",
                    "Paket keluar dari gudang {city} pada hari {day2} dan belum dipindai lagi sejak itu. | Data kami"
                            + " menunjukkan paket dikirim dari gudang {city} hari {day2}, tanpa pemindaian"
                            + " setelahnya."),
                    new Exchange(
                            "Saya butuh {item} itu sebelum {event}. | Barangnya untuk {event}, jadi saya tidak bisa"
                                    + " menunggu lama.",
                            "Saya mengerti ini penting, dan saya usahakan sampai sebelum {event}. | Terima kasih"
                                    + " infonya, saya perhatikan {event} sambil kami selesaikan masalah ini."),
                    new Exchange(
                            "Tolong pastikan alamatnya {street}. | Bisa dicek alamat kirimnya? Seharusnya {street}.",
                            "Ya, paket dialamatkan ke {street}, jadi alamatnya sudah benar. | Alamat di pesanan"
                                    + " adalah {street}, sesuai dengan yang Anda sebutkan.")),
            List.of(new Exchange("Lalu bagaimana sekarang? | Apa yang bisa dilakukan?",
                            "Saya sudah kirim {item} pengganti lewat kurir ekspres, perkiraan tiba hari {day3}. |"
                                    + " Barang baru sedang dikirim dengan ekspres dan akan sampai paling lambat hari"
                                    + " {day3}."),
                    new Exchange("Saya minta uangnya dikembalikan saja. | Jujur, saya mau refund saja.",
                            "Sudah saya proses pengembalian dana {amount} ke rekening Anda, butuh tiga sampai lima"
                                    + " hari kerja. | Dana {amount} sudah saya kembalikan; akan masuk ke rekening dalam"
                                    + " tiga sampai lima hari kerja."),
                    new Exchange("Bisa dikejar ke kurirnya? | Tolong desak kurirnya, bisa?",
                            "Saya sudah buka pelacakan khusus ke kurir; kalau belum ketemu sampai hari {day3}, kami"
                                    + " kirim yang baru gratis. | Kurir sedang mencari paketnya, dan kalau hari {day3}"
                                    + " masih hilang, kami kirim pengganti gratis.")));

    static final Scenario DOUBLE_CHARGE_EN = new Scenario("double-charge", new Exchange(
            "Hello, I was charged twice for my {plan} subscription this month, {amount} each time. | Hi there, my"
                    + " card shows two payments of {amount} for the {plan} plan this month.",
            "Thanks for letting us know. I'll check the payments on your account. | Sorry for the trouble; let me"
                    + " look at the billing on your account."),
            List.of(new Exchange("Both charges are dated {date}. | The two payments went through on {date}.",
                            "I see two payments on {date}; the second one was a retry that should have been"
                                    + " cancelled. | Yes, there are two charges on {date}, and the second came from a"
                                    + " payment retry that went through by mistake."),
                    new Exchange("The card ends in {digits}, if that helps. | It's the card ending {digits}.",
                            "Thanks, the card ending {digits} is the one on file. | Got it, that matches the card"
                                    + " ending {digits} we have."),
                    new Exchange("I'm worried this will push my account into overdraft. | My balance is low, so"
                                    + " this might overdraw me.",
                            "I understand; I'll mark this as urgent so it is handled first. | That's a fair worry, so"
                                    + " I've flagged the case as urgent.")),
            List.of(new Exchange("Can you reverse the extra one? | Could the second payment be refunded?",
                            "I've refunded the extra {amount}; your bank should show it within {days} days. | The"
                                    + " duplicate {amount} is refunded and will appear in {days} days."),
                    new Exchange("Could you just credit my account instead? | Maybe put it towards next month?",
                            "Sure, {amount} is now credit on your account and will cover next month's bill. | Done,"
                                    + " next month's {plan} payment will be covered by the {amount} credit."),
                    new Exchange("Why do I see two then? | So is it really taken twice?",
                            "The second charge is only a pending hold and will drop off by {day3} without any action"
                                    + " from you. | One of the two is a pending authorisation that your bank will"
                                    + " release by {day3}.")));

    static final Scenario DOUBLE_CHARGE_ID = new Scenario("double-charge", new Exchange(
            "Halo, saldo saya terpotong dua kali untuk langganan {plan} bulan ini, masing-masing {amount}. | Selamat"
                    + " siang, di mutasi rekening ada dua pembayaran {amount} untuk paket {plan} bulan ini.",
            "Terima kasih sudah melapor. Saya cek pembayaran di akun Anda. | Mohon maaf atas kendalanya; saya lihat"
                    + " dulu tagihan di akun Anda."),
            List.of(new Exchange("Kedua potongan itu tanggal {date}. | Dua pembayarannya masuk pada tanggal {date}.",
                            "Ada dua pembayaran tanggal {date}; yang kedua adalah percobaan ulang yang seharusnya"
                                    + " dibatalkan. | Benar, ada dua tagihan tanggal {date}, dan yang kedua"
                                    + " berasal dari pembayaran ulang yang terproses karena kesalahan."),
                    new Exchange("Kartunya berakhiran {digits}. | Pakai kartu dengan nomor akhir {digits}.",
                            "Terima kasih, kartu berakhiran {digits} memang yang terdaftar. | Baik, itu cocok dengan"
                                    + " kartu berakhiran {digits} di data kami."),
                    new Exchange("Saya khawatir saldo saya jadi minus. | Saldo saya tipis, takutnya jadi kurang.",
                            "Saya mengerti, kasus ini saya tandai mendesak supaya ditangani lebih dulu. |"
                                    + " Kekhawatiran yang wajar, jadi kasusnya sudah saya tandai sebagai prioritas.")),
            List.of(new Exchange("Bisa dikembalikan yang kelebihan? | Pembayaran kedua bisa di-refund?",
                            "Kelebihan {amount} sudah saya kembalikan; bank Anda akan menampilkannya dalam {days}"
                                    + " hari. | Dana ganda {amount} sudah di-refund dan akan terlihat dalam {days}"
                                    + " hari."),
                    new Exchange("Dijadikan saldo akun saja bisa? | Mungkin dipakai untuk bulan depan saja?",
                            "Bisa, {amount} sekarang jadi saldo akun dan menutup tagihan bulan depan. | Sudah,"
                                    + " pembayaran {plan} bulan depan akan ditutup oleh saldo {amount} itu."),
                    new Exchange("Kenapa terlihat dua kalau begitu? | Jadi benar terpotong dua kali?",
                            "Potongan kedua hanya tahanan sementara dan akan hilang sendiri paling lambat hari {day3}."
                                    + " | Salah satunya otorisasi tertunda yang akan dilepas bank Anda paling lambat"
                                    + " hari {day3}.")));

    /** Scenarios per language, in the same order so index {@code i} is one scenario in both. */
    static final Map<String, List<Scenario>> SCENARIOS = Map.of(
            "en", List.of(LATE_PARCEL_EN, DOUBLE_CHARGE_EN),
            "id", List.of(LATE_PARCEL_ID, DOUBLE_CHARGE_ID));

    /** Fact pools per language, parallel: entry {@code i} means the same in both. */
    static final Map<String, Map<String, List<String>>> FACTS = Map.of(
            "en", Map.of(
                    "item", List.of("desk lamp", "pair of running shoes", "coffee grinder", "phone case", "backpack",
                            "blender", "rice cooker", "winter jacket"),
                    "day", List.of("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"),
                    "event", List.of("my sister's wedding", "a trip on Friday", "my son's birthday",
                            "a job interview", "the school term", "a camping weekend"),
                    "city", List.of("Surabaya", "Bandung", "Medan", "Leeds", "Denver", "Perth"),
                    "street", List.of("Harbour Road", "Elm Street", "Station Lane", "Hill Crescent"),
                    "plan", List.of("Premium", "Family", "Basic", "Pro"),
                    "month", List.of("March", "April", "May", "June", "July")),
            "id", Map.of(
                    "item", List.of("lampu meja", "sepatu lari", "penggiling kopi", "casing HP", "tas ransel",
                            "blender", "penanak nasi", "jaket musim dingin"),
                    "day", List.of("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu"),
                    "event", List.of("pernikahan kakak saya", "perjalanan hari Jumat", "ulang tahun anak saya",
                            "wawancara kerja", "awal semester", "kemah akhir pekan"),
                    "city", List.of("Surabaya", "Bandung", "Medan", "Leeds", "Denver", "Perth"),
                    "street", List.of("Jalan Pelabuhan", "Jalan Cemara", "Jalan Stasiun", "Jalan Bukit"),
                    "plan", List.of("Premium", "Keluarga", "Dasar", "Pro"),
                    "month", List.of("Maret", "April", "Mei", "Juni", "Juli")));

    /** Word swaps a paraphrase may make, each way round only as listed. */
    static final Map<String, Map<String, String>> SYNONYMS = Map.of(
            "en", Map.of("parcel", "package", "arrived", "turned up", "really", "truly", "urgent", "pressing",
                    "worried", "concerned", "trouble", "hassle", "refund", "reimbursement", "now", "right away",
                    "within", "in", "payments", "transactions"),
            "id", Map.of("paket", "kiriman", "sekarang", "saat ini", "sudah", "telah", "tolong", "mohon", "bisa",
                    "dapat", "butuh", "perlu", "pembayaran", "transaksi", "khawatir", "cemas", "mendesak", "darurat",
                    "uangnya", "dananya"));

    /** Short courtesy sentences a paraphrase may add to a turn. */
    static final Map<String, List<String>> ADDITIONS = Map.of(
            "en", List.of("Thanks for your patience.", "Hope that helps.", "Thank you.", "Just so you know."),
            "id", List.of("Terima kasih atas kesabarannya.", "Semoga membantu.", "Makasih.", "Sekadar info."));
}
