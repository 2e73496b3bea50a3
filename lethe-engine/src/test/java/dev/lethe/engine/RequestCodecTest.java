package dev.lethe.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.model.ForgetRequest;
import dev.lethe.model.OptionsException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

class RequestCodecTest {

    @Provide
    Arbitrary<ForgetRequest> requests() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(40).filter(s -> !s.isBlank()).map(ForgetRequest.Subject::new),
                Arbitraries.longs().between(0, Long.MAX_VALUE).set().ofMinSize(1).ofMaxSize(20).map(ForgetRequest.Records::new),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).map(ForgetRequest.Feature::new),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20).map(ForgetRequest.ClassLabel::new));
    }

    @Property(tries = 300)
    void requestsSurviveTheRegistryEncoding(@ForAll("requests") ForgetRequest request) {
        ForgetRequest back = RequestCodec.decode(request.kind(), RequestCodec.payload(request));
        assertThat(back).isEqualTo(request);
        assertThat(RequestCodec.fingerprint(back)).isEqualTo(RequestCodec.fingerprint(request));
    }

    @Property(tries = 300)
    void differentRequestsHaveDifferentFingerprints(@ForAll("requests") ForgetRequest a, @ForAll("requests") ForgetRequest b) {
        assertThat(RequestCodec.fingerprint(a).equals(RequestCodec.fingerprint(b))).isEqualTo(a.equals(b));
    }

    @Property(tries = 1)
    void relabelIsNotADeletionRequest() {
        assertThatThrownBy(() -> RequestCodec.payload(new ForgetRequest.Relabel(Map.of(1L, "a"))))
                .isInstanceOf(OptionsException.class).hasMessageContaining("not relabel");
        assertThat(RequestCodec.payload(new ForgetRequest.Records(Set.of(3L, 1L, 2L)))).isEqualTo("1,2,3");
    }

    @Property(tries = 500)
    void theDueDateIsOneCalendarMonthLater(@ForAll @LongRange(min = 0, max = 4_000_000_000_000L) long millis) {
        Instant received = Instant.ofEpochMilli(millis);
        Instant due = DueDates.dueDate(received);
        var r = received.atZone(ZoneOffset.UTC);
        var d = due.atZone(ZoneOffset.UTC);
        assertThat(d.toLocalTime()).isEqualTo(r.toLocalTime());
        assertThat((d.getYear() * 12 + d.getMonthValue()) - (r.getYear() * 12 + r.getMonthValue())).isEqualTo(1);
        assertThat(d.getDayOfMonth()).isEqualTo(Math.min(r.getDayOfMonth(), d.toLocalDate().lengthOfMonth()));
    }
}
