package dev.parley.quality;

import java.util.ArrayList;
import java.util.List;

import dev.parley.dialogue.Dialogue;
import dev.parley.dialogue.Turn;

/** Real-looking support dialogues for the language and role gates' tests. */
final class Dialogues {

    private Dialogues() {
    }

    /** Messages alternating from the user. */
    static Dialogue of(String... messages) {
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < messages.length; i++) {
            turns.add(new Turn(i % 2 == 0 ? Turn.USER : Turn.ASSISTANT, messages[i]));
        }
        return new Dialogue(turns);
    }

    /** Indonesian, with brand names, English loanwords and one short English-ish turn. */
    static final Dialogue INDONESIAN = of(
            "Halo min, saya checkout di Shopee pakai GoPay tapi statusnya masih pending dari kemarin.",
            "Halo kak, mohon maaf atas kendalanya. Boleh saya minta nomor pesanan dan screenshot bukti bayar GoPay-nya?",
            "Oke, ini INV-88213. Tracking juga belum update sama sekali.",
            "Terima kasih kak. Pembayaran sudah kami terima, jadi status pending akan berubah otomatis dalam 1x24 jam."
                    + " Kalau belum berubah, silakan hubungi kami lagi ya.",
            "Siap, thanks ya!",
            "Sama-sama kak, semoga pesanannya cepat sampai!");

    /** English, with a product name and an order number. */
    static final Dialogue ENGLISH = of(
            "Hi, I was charged twice for my Tasklane Pro plan this month. Can you check what happened?",
            "I'm sorry about that. I can see two payments on your account; the second one is a duplicate and will be"
                    + " refunded to your card within 5 business days.",
            "Great. Do I need to do anything else?",
            "No, there is nothing else you need to do. You will get an email when the refund has been sent.");
}
