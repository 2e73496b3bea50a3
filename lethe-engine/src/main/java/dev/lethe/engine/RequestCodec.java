package dev.lethe.engine;

import dev.lethe.model.Digests;
import dev.lethe.model.ForgetRequest;
import dev.lethe.model.OptionsException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/**
 * How a {@link ForgetRequest} is kept in the registry: its kind and a payload (the subject ID, the
 * record IDs, the feature or the class), and a fingerprint that tells a repeated submission of the
 * same request from a different request under the same ID. Relabelling is not a deletion and is not
 * accepted by the workflow.
 */
public final class RequestCodec {

    private RequestCodec() {
    }

    public static String payload(ForgetRequest request) {
        if (request instanceof ForgetRequest.Subject s) {
            return s.subjectId();
        }
        if (request instanceof ForgetRequest.Records r) {
            return new TreeSet<>(r.ids()).stream().map(String::valueOf).collect(Collectors.joining(","));
        }
        if (request instanceof ForgetRequest.Feature f) {
            return f.name();
        }
        if (request instanceof ForgetRequest.ClassLabel c) {
            return c.label();
        }
        throw new OptionsException("the forget workflow takes subject, records, feature and class requests, not "
                + request.kind());
    }

    public static ForgetRequest decode(String kind, String payload) {
        return switch (kind) {
            case "subject" -> new ForgetRequest.Subject(payload);
            case "records" -> new ForgetRequest.Records(Arrays.stream(payload.split(",")).map(Long::valueOf)
                    .collect(Collectors.toSet()));
            case "feature" -> new ForgetRequest.Feature(payload);
            case "class" -> new ForgetRequest.ClassLabel(payload);
            default -> throw new IllegalArgumentException("unknown request kind '" + kind + "' in the registry");
        };
    }

    /**
     * The fingerprint of a request as stored with it: for a subject, {@code subjectHash} of its ID (the
     * home's keyed hash: an unkeyed hash of the ID would let anyone confirm a guessed ID); for other
     * kinds, as {@link #fingerprint(ForgetRequest)}.
     */
    public static String fingerprint(ForgetRequest request, UnaryOperator<String> subjectHash) {
        return request instanceof ForgetRequest.Subject s ? "subject:" + subjectHash.apply(s.subjectId()) : fingerprint(request);
    }

    /** SHA-256 of kind and payload: equal for the same request, different otherwise. */
    public static String fingerprint(ForgetRequest request) {
        byte[] text = (request.kind() + "\u0000" + payload(request)).getBytes(StandardCharsets.UTF_8);
        return Digests.hex(Digests.sha256().digest(text));
    }
}
