package dev.lethe.awareness.pii;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ChecksumsTest {

    @Test
    void publishedExamplesPassAndOneChangedDigitFails() {
        assertThat(Formats.iban("GB82 WEST 1234 5698 7654 32")).isTrue();
        assertThat(Formats.iban("DE89370400440532013000")).isTrue();
        assertThat(Formats.iban("DE89370400440532013001")).isFalse();
        assertThat(Formats.card("4111 1111 1111 1111")).isTrue();
        assertThat(Formats.card("4111 1111 1111 1112")).isFalse();
        assertThat(Formats.card("9111111111111119")).as("Luhn holds but no issuer starts with 9").isFalse();
        assertThat(Checksums.nhs("9434765919")).isTrue();
        assertThat(Checksums.nhs("9434765918")).isFalse();
        assertThat(Checksums.bsn("111222333")).isTrue();
        assertThat(Checksums.bsn("111222334")).isFalse();
        assertThat(Checksums.deTaxId("86095742719")).isTrue();
        assertThat(Checksums.deTaxId("86095742718")).isFalse();
        assertThat(Checksums.esDniNie("12345678Z")).isTrue();
        assertThat(Checksums.esDniNie("X1234567L")).isTrue();
        assertThat(Checksums.esDniNie("12345678A")).isFalse();
        assertThat(Checksums.itCodiceFiscale("RSSMRA85T10A562S")).isTrue();
        assertThat(Checksums.itCodiceFiscale("RSSMRA85T10A562T")).isFalse();
        assertThat(Checksums.ssnRanges("123456789")).isTrue();
        assertThat(Checksums.ssnRanges("666456789")).isFalse();
        assertThat(Checksums.ssnRanges("900456789")).isFalse();
        assertThat(Recognisers.nino("AB 12 34 56 C")).isTrue();
        assertThat(Recognisers.nino("GB123456C")).isFalse();
        String nir = Generators.frNir(new java.util.Random(1));
        assertThat(Checksums.frNir(nir)).isTrue();
        assertThat(Checksums.frNir(nir.substring(0, 14) + (char) ('0' + (nir.charAt(14) - '0' + 1) % 10))).isFalse();
    }

    @Test
    void formats() {
        assertThat(Formats.email("anna.schmidt@example.de")).isTrue();
        assertThat(Formats.email("not an email")).isFalse();
        assertThat(Formats.ipv4("192.168.1.20")).containsExactly(192, 168, 1, 20);
        assertThat(Formats.ipv4("1.02.3.4")).isNull();
        assertThat(Formats.ipv6("2001:db8::8a2e:370:7334")).isTrue();
        assertThat(Formats.ipv6("2001:db8:::1")).isFalse();
        assertThat(Formats.mac("00:1A:2b:3C:4d:5E")).isTrue();
        assertThat(Formats.url("https://example.org/u/42")).isTrue();
        assertThat(Formats.date("31.03.2024")).isEqualTo(java.time.LocalDate.of(2024, 3, 31));
        assertThat(Formats.date("03/31/2024")).isEqualTo(java.time.LocalDate.of(2024, 3, 31));
        assertThat(Formats.date("2024-02-30")).isNull();
        assertThat(Postcodes.match("SW1A 1AA")).isEqualTo(Match.STRONG);
        assertThat(Postcodes.match("1012 AB")).isEqualTo(Match.STRONG);
        assertThat(Postcodes.match("10115")).isEqualTo(Match.WEAK);
        assertThat(new PhoneRecogniser().match("+44 20 7946 0958", false)).isEqualTo(Match.STRONG);
        assertThat(new PhoneRecogniser().match("4155552671", false)).as("bare digits need a hint").isEqualTo(Match.NONE);
        assertThat(new PhoneRecogniser().match("+1 555", false)).isEqualTo(Match.NONE);
    }
}
