package dev.parley.quality;

import java.util.Locale;

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
    /** Indonesia's tax number (Nomor Pokok Wajib Pajak), 15 digits or the 16-digit form. */
    NPWP("[NPWP]"),
    /**
     * Other national identifiers: US Social Security number, UK National Insurance number, Spanish
     * DNI/NIE, Italian codice fiscale, French NIR, German tax ID, Dutch BSN, Polish PESEL.
     */
    NATIONAL_ID("[ID]"),
    /** Passport numbers, next to a word for passport. */
    PASSPORT("[PASSPORT]"),
    /** Phone numbers: Indonesian in national or international form, others in international (E.164) form. */
    PHONE("[PHONE]"),
    /** IPv4 and IPv6 addresses. */
    IP_ADDRESS("[IP]"),
    /** A date given as someone's date of birth. */
    DATE_OF_BIRTH("[DOB]"),
    /**
     * Postal addresses with a street and a house number: US, UK, German, Dutch, French, Italian, Spanish,
     * Indonesian.
     */
    ADDRESS("[ADDRESS]"),
    /** Names of people introduced by a title, an honorific, a self-introduction or a name field. */
    PERSON_NAME("[NAME]");

    private final String placeholder;

    PiiType(String placeholder) {
        this.placeholder = placeholder;
    }

    /** What {@link PiiDetector#redact} puts in place of a finding, e.g. {@code [EMAIL]}. */
    public String placeholder() {
        return placeholder;
    }

    /** The kind's name in a recipe: {@code date-of-birth}, {@code national-id}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind a recipe names by {@link #key()}, or null. */
    public static PiiType ofKey(String key) {
        for (PiiType t : values()) {
            if (t.key().equals(key)) {
                return t;
            }
        }
        return null;
    }
}
