package dev.lethe.server.api;

import dev.lethe.server.Problems;
import dev.lethe.server.RouteTable;
import dev.lethe.server.Role;
import dev.lethe.server.ServerContext;
import dev.lethe.server.ServerModule;

/**
 * The native REST API as one server module: datasets, models, requests, ledger, audits, keys and
 * the job resource, under {@link ApiRoutes#PREFIX}.
 */
public final class NativeApi implements ServerModule {

    private final ApiDescriptions descriptions;

    /** @param descriptions where the routes' documentation goes, for the OpenAPI document */
    public NativeApi(ApiDescriptions descriptions) {
        this.descriptions = descriptions;
    }

    @Override
    public void register(RouteTable routes, Problems problems, ServerContext context) {
        Jobs jobs = new Jobs(context.clock());
        ApiRoutes api = new ApiRoutes(routes, descriptions);
        new DatasetsApi(context, jobs).register(api);
        new ModelsApi(context, jobs).register(api);
        new RequestsApi(context).register(api);
        new LedgerApi(context).register(api);
        new AuditsApi(context, jobs).register(api);
        new KeysApi(context).register(api);
        api.get("/jobs", "your jobs", ApiDescriptions.Doc.of("The jobs your role started, newest first."),
                        ctx -> ctx.json(jobs.list(RouteTable.principal(ctx).role())), Role.ENGINEER, Role.OFFICER)
                .get("/jobs/{id}", "a job's status", ApiDescriptions.Doc.of(
                        "State (queued, running, succeeded, failed), progress from 0 to 1, the stage, and the result or the "
                                + "problem once finished. Only the role that started a job sees it."),
                        ctx -> ctx.json(jobs.get(ctx.pathParam("id"), RouteTable.principal(ctx).role())),
                        Role.ENGINEER, Role.OFFICER);
    }
}
