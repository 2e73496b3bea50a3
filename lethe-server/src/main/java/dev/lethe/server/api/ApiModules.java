package dev.lethe.server.api;

import dev.lethe.server.ServerModule;
import dev.lethe.server.ops.OpsModule;
import java.util.List;

/**
 * The modules engineer "api" contributes to {@code lethe serve}: the native REST API and the
 * operations routes (health, metrics, the OpenAPI document). One shared
 * {@link ApiDescriptions} carries each route's documentation to the OpenAPI document.
 */
public final class ApiModules {

    private ApiModules() {}

    public static List<ServerModule> all() {
        ApiDescriptions descriptions = new ApiDescriptions();
        return List.of(new NativeApi(descriptions), new OpsModule(descriptions));
    }
}
