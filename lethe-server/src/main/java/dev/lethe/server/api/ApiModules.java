package dev.lethe.server.api;

import dev.lethe.server.ServerModule;
import java.util.List;

/**
 * The modules engineer "api" contributes to {@code lethe serve}: the native REST API. One shared
 * {@link ApiDescriptions} carries each route's documentation to the OpenAPI document.
 */
public final class ApiModules {

    private ApiModules() {}

    public static List<ServerModule> all() {
        ApiDescriptions descriptions = new ApiDescriptions();
        return List.of(new NativeApi(descriptions));
    }
}
