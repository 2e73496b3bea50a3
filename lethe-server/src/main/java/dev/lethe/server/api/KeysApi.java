package dev.lethe.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.lethe.server.Role;
import dev.lethe.server.ServerContext;
import dev.lethe.server.auth.ApiKey;
import dev.lethe.server.auth.ApiKeyStore;
import dev.lethe.server.auth.CreatedKey;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** {@code /api/v1/keys}: what {@code lethe keys} does, for administrators. A new key's secret is answered once. */
final class KeysApi {

    private final ApiKeyStore keys;

    KeysApi(ServerContext context) {
        this.keys = new ApiKeyStore(context.home().registry().database(), context.clock());
    }

    void register(ApiRoutes api) {
        api.get("/keys", "list API keys", ApiDescriptions.Doc.of("Every key's ID, role, name and dates; never a secret."),
                        this::list, Role.ADMIN)
                .post("/keys", "create an API key", ApiDescriptions.Doc.of(
                        "Body: `role` (controller, officer, engineer or admin) and optionally `name`. Answers 201 with the key "
                                + "as `ID.SECRET` in `key`, shown only this once.").body("application/json").status(201),
                        this::create, Role.ADMIN)
                .delete("/keys/{id}", "revoke an API key", ApiDescriptions.Doc.of(
                        "Revokes the key; it is refused from the next request on."), this::revoke, Role.ADMIN);
    }

    private void list(Context ctx) {
        ctx.json(keys.list().stream().map(KeysApi::describe).toList());
    }

    private void create(Context ctx) {
        JsonNode body = Bodies.json(ctx);
        CreatedKey k = keys.create(Role.ofKey(Bodies.text(body, "role")), Bodies.optionalText(body, "name"));
        Map<String, Object> out = describe(k.key());
        out.put("key", k.printed());
        ctx.status(201).header("Location", "/api/v1/keys/" + k.key().id()).json(out);
    }

    private void revoke(Context ctx) {
        ctx.json(describe(keys.revoke(ctx.pathParam("id"))));
    }

    private static Map<String, Object> describe(ApiKey k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", k.id());
        m.put("role", k.role().name().toLowerCase(Locale.ROOT));
        m.put("name", k.name());
        m.put("created_at", k.createdAt());
        m.put("revoked_at", k.revokedAt());
        return m;
    }
}
