package dev.lethe.server;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.lethe.server.auth.RateLimitedAuthenticator;
import dev.lethe.server.auth.RateLimiter;
import io.javalin.Javalin;
import io.javalin.json.JavalinJackson;
import java.util.List;

/**
 * The app factory: builds an unstarted server from modules over one {@link ServerContext}, so
 * {@code lethe serve} starts it on its port and tests start it on a random one. The server owns
 * neither the home nor the worker; whoever created the context closes them.
 */
public final class LetheServer implements AutoCloseable {

    private final Javalin app;
    private final List<RouteSpec> routes;
    private final ServerContext context;
    /** Where {@link #start} asked to listen, read by the TLS connector when Jetty starts. */
    private final String[] listenHost;
    private final int[] listenPort;

    private LetheServer(Javalin app, List<RouteSpec> routes, ServerContext context, String[] listenHost, int[] listenPort) {
        this.app = app;
        this.routes = routes;
        this.context = context;
        this.listenHost = listenHost;
        this.listenPort = listenPort;
    }

    /** A server with {@code modules}' routes, not yet listening. */
    public static LetheServer create(ServerContext context, ServerOptions options, List<ServerModule> modules) {
        RouteTable[] table = new RouteTable[1];
        String[] host = {null};
        int[] port = {0};
        Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = options.maxRequestBytes();
            config.jsonMapper(new JavalinJackson(json(), false));
            if (options.tls() != null) {
                config.jetty.addConnector((server, http) -> options.tls().connector(server, http, host[0], port[0]));
            }
            Problems problems = new Problems();
            problems.install(config.routes);
            Authenticator keys = new HeaderAuthenticator(context.keys());
            if (options.rateLimit() != null) {
                keys = new RateLimitedAuthenticator(keys, new RateLimiter(options.rateLimit(), System::nanoTime));
            }
            table[0] = new RouteTable(config.routes, keys);
            for (ServerModule module : modules) {
                module.configure(config, context);
            }
            for (ServerModule module : modules) {
                module.register(table[0], problems, context);
            }
        });
        return new LetheServer(app, table[0].specs(), context, host, port);
    }

    /** Configured once: a mapper is costly to build, and safe to share once configured. */
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    /**
     * The JSON mapper every module's bodies go through: ISO-8601 times, no nulls dropped silently. It is
     * shared (request bodies are parsed with it on every call): read and write with it, never reconfigure it.
     */
    public static ObjectMapper json() {
        return JSON;
    }

    /** Starts listening on {@code host}:{@code port} (port 0: any free port). */
    public LetheServer start(String host, int port) {
        listenHost[0] = host;
        listenPort[0] = port;
        app.start(host, port);
        return this;
    }

    /** The port the server listens on, once started. */
    public int port() {
        return app.port();
    }

    /** Every route the modules registered. */
    public List<RouteSpec> routes() {
        return routes;
    }

    public ServerContext context() {
        return context;
    }

    /** Stops accepting requests and waits for those in flight. */
    @Override
    public void close() {
        app.stop();
    }
}
