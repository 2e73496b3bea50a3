package dev.lethe.server.ops;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.lethe.model.Lethe;
import dev.lethe.server.Problem;

import dev.lethe.server.RouteSpec;
import dev.lethe.server.api.ApiDescriptions;
import dev.lethe.server.api.ApiRoutes;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 document (https://spec.openapis.org/oas/v3.1.0) of the native API, built from
 * the route table (method, path, roles, summary) and each route's {@link ApiDescriptions.Doc}, so
 * it cannot drift from the routes that exist. Roles are listed per operation in {@code x-lethe-roles}.
 */
final class OpenApiDocument {

    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}/]+)}");
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private OpenApiDocument() {}

    /** Whether a route belongs in the document: the native API, and the operations routes that have a description. */
    static boolean documents(RouteSpec r, ApiDescriptions docs) {
        return r.path().startsWith(ApiRoutes.PREFIX + "/") || docs.find(r.method(), r.path()).isPresent();
    }

    static ObjectNode build(List<RouteSpec> routes, ApiDescriptions docs) {
        ObjectNode root = F.objectNode();
        root.put("openapi", "3.1.0");
        ObjectNode info = root.putObject("info");
        info.put("title", "Lethe native API");
        info.put("version", Lethe.version());
        info.put("description", "Everything the lethe command does over a home's registry, as resources. Authenticate with "
                + "an API key (`lethe keys create`) as `Authorization: Bearer ID.SECRET` or HTTP Basic (ID, SECRET). Errors "
                + "are RFC 9457 problem details.");
        ObjectNode schemes = root.putObject("components").putObject("securitySchemes");
        schemes.putObject("bearer").put("type", "http").put("scheme", "bearer");
        schemes.putObject("basic").put("type", "http").put("scheme", "basic");
        problemSchema((ObjectNode) root.get("components"));
        ArrayNode security = root.putArray("security");
        security.addObject().putArray("bearer");
        security.addObject().putArray("basic");
        ObjectNode paths = root.putObject("paths");
        for (RouteSpec r : routes) {
            if (!documents(r, docs)) {
                continue;
            }
            ObjectNode path = paths.has(r.path()) ? (ObjectNode) paths.get(r.path()) : paths.putObject(r.path());
            path.set(r.method().name().toLowerCase(Locale.ROOT), operation(r, docs.find(r.method(), r.path())));
        }
        return root;
    }

    private static ObjectNode operation(RouteSpec r, Optional<ApiDescriptions.Doc> doc) {
        ObjectNode op = F.objectNode();
        op.put("summary", r.summary());
        op.put("operationId", r.method().name().toLowerCase(Locale.ROOT) + r.path().replaceAll("[^A-Za-z0-9]+", "_"));
        doc.ifPresent(d -> op.put("description", d.description()));
        ArrayNode roles = op.putArray("x-lethe-roles");
        r.roles().stream().map(role -> role.name().toLowerCase(Locale.ROOT)).sorted().forEach(roles::add);
        if (r.isPublic()) {
            op.putArray("security");
        }
        ArrayNode params = op.putArray("parameters");
        Matcher m = PATH_PARAM.matcher(r.path());
        while (m.find()) {
            ObjectNode p = params.addObject().put("name", m.group(1)).put("in", "path").put("required", true);
            p.putObject("schema").put("type", "string");
        }
        doc.ifPresent(d -> d.query().forEach(q -> params.addObject().put("name", q).put("in", "query").put("required", false)
                .putObject("schema").put("type", "string")));
        doc.map(ApiDescriptions.Doc::bodyType).ifPresent(type -> op.putObject("requestBody").put("required", true)
                .putObject("content").putObject(type).putObject("schema").put("type", type.contains("json") ? "object" : "string"));
        ObjectNode responses = op.putObject("responses");
        int status = doc.map(ApiDescriptions.Doc::status).orElse(200);
        String type = doc.map(ApiDescriptions.Doc::resultType).orElse("application/json");
        responses.putObject(Integer.toString(status)).put("description", "success").putObject("content").putObject(type);
        if (!r.isPublic()) {
            problem(responses, "401", "no valid API key");
            problem(responses, "403", "the key's role may not call this route");
            problem(responses, "429", "the key is over its rate limit (see Retry-After)");
        }
        problem(responses, "default", "an RFC 9457 problem (400 invalid input, 404 not found, 409 conflict, 413 too large, "
                + "422 refused, 503 unavailable)");
        return op;
    }

    private static void problem(ObjectNode responses, String status, String description) {
        responses.putObject(status).put("description", description).putObject("content").putObject(Problem.MEDIA_TYPE)
                .putObject("schema").put("$ref", "#/components/schemas/Problem");
    }

    private static void problemSchema(ObjectNode components) {
        ObjectNode schema = components.putObject("schemas").putObject("Problem");
        schema.put("type", "object");
        ObjectNode props = schema.putObject("properties");
        props.putObject("type").put("type", "string");
        props.putObject("title").put("type", "string");
        props.putObject("status").put("type", "integer");
        props.putObject("detail").put("type", "string");
    }

}
