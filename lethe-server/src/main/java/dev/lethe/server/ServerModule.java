package dev.lethe.server;

/**
 * One area of the server (the OpenDSR API, the native API, the dashboard, operations): registers
 * its routes, and the error format of its routes when its standard prescribes one. Modules share
 * nothing but the {@link ServerContext}.
 */
public interface ServerModule {

    /** Adds this module's routes; called once, before the server starts. */
    void register(RouteTable routes, Problems problems, ServerContext context);

    /**
     * Adjusts the HTTP layer beyond routes (e.g. a request logger that times every request for the
     * metrics); called once, before {@link #register}. Most modules need nothing here.
     */
    default void configure(io.javalin.config.JavalinConfig config, ServerContext context) {
    }
}
