package dev.parley.quality;

/**
 * Kinds of personal data and secrets {@link PiiDetector} finds, each with the placeholder that
 * replaces it. In order of precedence when two findings cover the same text.
 */
public enum PiiType {
    /** API keys, access tokens, JWTs, private keys, passwords given in the text. */
    SECRET("[SECRET]"),
    /** E-mail addresses. */
    EMAIL("[EMAIL]"),
    /** International bank account numbers, mod-97 checked. */
    IBAN("[IBAN]"),
    /** Payment card numbers, Luhn checked. */
    CARD("[CARD]"),
    /** Indonesia's 16-digit national identity number (Nomor Induk Kependudukan). */
    NIK("[NIK]"),
    /** Phone numbers: Indonesian in national or international form, others in international (E.164) form. */
    PHONE("[PHONE]"),
    /** IPv4 and IPv6 addresses. */
    IP_ADDRESS("[IP]");

    private final String placeholder;

    PiiType(String placeholder) {
        this.placeholder = placeholder;
    }

    /** What {@link PiiDetector#redact} puts in place of a finding, e.g. {@code [EMAIL]}. */
    public String placeholder() {
        return placeholder;
    }
}
