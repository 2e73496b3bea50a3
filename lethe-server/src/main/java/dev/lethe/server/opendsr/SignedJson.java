package dev.lethe.server.opendsr;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.server.Problem;
import io.javalin.http.Context;
import java.io.UncheckedIOException;

/**
 * Writes a JSON body with the processor's signature headers (sections 8.3, 8.6): the signature is
 * over the exact bytes sent, so a controller verifies the raw body before parsing it (section 8.8).
 */
final class SignedJson {

    static final String DOMAIN = "X-OpenDSR-Processor-Domain";
    static final String SIGNATURE = "X-OpenDSR-Signature";
    /** The headers' names before the standard was renamed (section 10.1). */
    static final String OPENGDPR_DOMAIN = "X-OpenGDPR-Processor-Domain";
    static final String OPENGDPR_SIGNATURE = "X-OpenGDPR-Signature";

    private final ProcessorIdentity identity;
    private final ObjectMapper json;

    SignedJson(ProcessorIdentity identity, ObjectMapper json) {
        this.identity = identity;
        this.json = json;
    }

    ObjectMapper mapper() {
        return json;
    }

    /** The body's bytes and their signature. */
    record Signed(byte[] body, String signature) {
    }

    Signed sign(ObjectNode body) {
        byte[] bytes = bytes(body);
        return new Signed(bytes, identity.sign(bytes));
    }

    void write(Context ctx, int status, ObjectNode body) {
        Signed signed = sign(body);
        ctx.status(status).contentType("application/json")
                .header(DOMAIN, identity.domain()).header(SIGNATURE, signed.signature())
                .header(OPENGDPR_DOMAIN, identity.domain()).header(OPENGDPR_SIGNATURE, signed.signature())
                .result(signed.body());
    }

    /**
     * As {@link #write}, with {@code processor_signature} in the body (sections 7.3, 9.2): the
     * signature of the body as serialised without that field, which is then appended last; the
     * header signs the bytes sent.
     */
    void writeWithProcessorSignature(Context ctx, int status, ObjectNode body) {
        body.put("processor_signature", identity.sign(bytes(body)));
        write(ctx, status, body);
    }

    void error(Context ctx, Problem problem) {
        ctx.header("Cache-Control", "no-store").header("Pragma", "no-cache");
        write(ctx, problem.status(), OpenDsrModule.errorObject(this, problem));
    }

    private byte[] bytes(ObjectNode body) {
        try {
            return json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
