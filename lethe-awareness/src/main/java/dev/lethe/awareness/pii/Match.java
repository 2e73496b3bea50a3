package dev.lethe.awareness.pii;

/**
 * How strongly one value looks like a type. {@code STRONG}: its format or check digit alone says so
 * (an e-mail address, an IBAN whose checksum holds). {@code WEAK}: it fits, but so would many other
 * things (nine digits, a bare five-digit code); it counts only beside a column-name hint.
 */
enum Match {
    NONE, WEAK, STRONG
}
