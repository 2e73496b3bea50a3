package dev.lethe.server.opendsr;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.server.Problem;
import dev.lethe.server.Problems;
import dev.lethe.server.Role;
import dev.lethe.server.RouteTable;
import dev.lethe.server.ServerContext;
import dev.lethe.server.ServerModule;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;

/**
 * The OpenDSR 2.0 processor API at the paths the specification names ({@code /discovery},
 * {@code /status}, {@code /requests}, {@code /requests/{id}}), the same under the major version
 * ({@code /v2/…}, section 3.4) and under OpenGDPR's names ({@code /opengdpr_requests}, section 10.1).
 * Every answer, errors included, is signed: {@code X-OpenDSR-Signature} carries the base64
 * signature of the exact body bytes and {@code X-OpenDSR-Processor-Domain} the domain of the
 * certificate served at {@code /cert.pem} (OpenGDPR's header names carry the same values). Errors
 * are the error objects of sections 7.5–7.6. Submitting and reading requests needs a controller's key.
 */
public final class OpenDsrModule implements ServerModule {

    static final String CERTIFICATE_PATH = "/cert.pem";
    private static final List<String> PREFIXES = List.of("", "/v2");
    private static final List<String> COLLECTIONS = List.of("/requests", "/opengdpr_requests");

    private final OpenDsrService service;
    private final String publicUrl;

    /** @param publicUrl where controllers reach this server ({@code https://opendsr.example.com}), or null for the request's own host */
    public OpenDsrModule(OpenDsrService service, String publicUrl) {
        this.service = service;
        this.publicUrl = publicUrl == null ? null : publicUrl.replaceAll("/+$", "");
    }

    @Override
    public void register(RouteTable routes, Problems problems, ServerContext context) {
        SignedJson signed = new SignedJson(service.identity(), service.json());
        problems.register(OpenDsrModule::isOpenDsrPath, (ctx, problem, cause) -> signed.error(ctx, problem));
        routes.get(CERTIFICATE_PATH, "OpenDSR: the processor's X.509 certificate (PEM)", ctx -> ctx
                .contentType("application/x-pem-file").result(service.identity().certificatePem()), Role.ANYONE);
        for (String prefix : PREFIXES) {
            routes.get(prefix + "/discovery", "OpenDSR: what this processor supports", ctx -> signed.write(ctx, 200, discovery(ctx)), Role.ANYONE);
            routes.get(prefix + "/status", "OpenDSR: the processor's service status", ctx -> signed.write(ctx, 200, serviceStatus()), Role.CONTROLLER);
            for (String collection : COLLECTIONS) {
                String base = prefix + collection;
                routes.post(base, "OpenDSR: submit a data-subject request", ctx -> submit(ctx, signed), Role.CONTROLLER);
                routes.get(base + "/{id}", "OpenDSR: a request's status", ctx -> status(ctx, signed), Role.CONTROLLER);
                routes.delete(base + "/{id}", "OpenDSR: cancel a pending request", ctx -> cancel(ctx, signed), Role.CONTROLLER);
                routes.get(base + "/{id}/results", "OpenDSR: an access or portability request's results",
                        ctx -> signed.write(ctx, 200, service.results(stored(ctx))), Role.CONTROLLER);
            }
        }
    }

    /** Whether a path belongs to this API (its errors are OpenDSR error objects). */
    static boolean isOpenDsrPath(Context ctx) {
        String path = ctx.path().startsWith("/v2/") ? ctx.path().substring(3) : ctx.path();
        return path.equals("/discovery") || path.equals("/status") || path.equals(CERTIFICATE_PATH)
                || COLLECTIONS.stream().anyMatch(c -> path.equals(c) || path.startsWith(c + "/"));
    }

    private ObjectNode discovery(Context ctx) {
        ObjectNode body = service.json().createObjectNode();
        body.put("api_version", OpenDsrService.API_VERSION);
        ArrayNode supported = body.putArray("supported_identities");
        for (String type : service.identities().types()) {
            for (IdentityFormat format : IdentityFormat.values()) {
                supported.addObject().put("identity_type", type).put("identity_format", format.wireName());
            }
        }
        ArrayNode types = body.putArray("supported_subject_request_types");
        DsrRequest.TYPES.forEach(types::add);
        body.put("processor_certificate", baseUrl(ctx) + CERTIFICATE_PATH);
        return body;
    }

    private ObjectNode serviceStatus() {
        ObjectNode body = service.json().createObjectNode();
        body.put("api_version", OpenDsrService.API_VERSION);
        body.put("processor_domain", service.identity().domain());
        body.put("status", "available");
        return body;
    }

    private void submit(Context ctx, SignedJson signed) {
        byte[] request = ctx.bodyAsBytes();
        DsrRequest parsed = service.parse(request);
        OpenDsrStore.Stored stored = service.submit(parsed, RouteTable.principal(ctx).keyId());
        ObjectNode body = service.json().createObjectNode();
        body.put("controller_id", stored.controllerId());
        body.put("expected_completion_time", OpenDsrService.rfc3339(stored.dueAt()));
        body.put("received_time", OpenDsrService.rfc3339(stored.receivedAt()));
        body.put("encoded_request", java.util.Base64.getEncoder().encodeToString(request));
        body.put("subject_request_id", stored.id());
        body.put("api_version", OpenDsrService.API_VERSION);
        signed.writeWithProcessorSignature(ctx, 201, body);
    }

    private void status(Context ctx, SignedJson signed) {
        OpenDsrStore.Stored stored = stored(ctx);
        signed.write(ctx, 200, service.statusBody(stored, service.status(stored), baseUrl(ctx)));
    }

    private void cancel(Context ctx, SignedJson signed) {
        OpenDsrStore.Stored stored = stored(ctx);
        service.cancel(stored);
        ObjectNode body = service.json().createObjectNode();
        body.put("controller_id", stored.controllerId());
        body.put("subject_request_id", stored.id());
        body.put("received_time", OpenDsrService.rfc3339(service.now()));
        body.put("api_version", OpenDsrService.API_VERSION);
        signed.writeWithProcessorSignature(ctx, 202, body);
    }

    private OpenDsrStore.Stored stored(Context ctx) {
        return service.get(ctx.pathParam("id"), RouteTable.principal(ctx).keyId());
    }

    private String baseUrl(Context ctx) {
        return publicUrl != null ? publicUrl : ctx.scheme() + "://" + ctx.host();
    }

    /** The error object of section 7.6 for a problem; never carries identities (messages name fields only). */
    static ObjectNode errorObject(SignedJson json, Problem problem) {
        ObjectNode body = json.mapper().createObjectNode();
        ObjectNode error = body.putObject("error");
        error.put("code", problem.status());
        error.put("message", problem.detail());
        error.putArray("errors").addObject()
                .put("domain", problem.status() == HttpStatus.BAD_REQUEST.getCode() ? "Validation" : problem.title())
                .put("reason", problem.title())
                .put("message", problem.detail());
        return body;
    }
}
