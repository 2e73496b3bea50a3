/**
 * Operating the server: {@code /health} (liveness and registry reachability), {@code /metrics}
 * (Prometheus text through Micrometer: requests by state, overdue requests, batch durations,
 * forget latency per family, HTTP latency histograms, ledger appends) and {@code /openapi.json}
 * (the OpenAPI 3.1 document of the native API, generated from the route table). No metric carries
 * a subject ID or a request ID: HTTP figures are labelled by route template, not by path.
 */
package dev.lethe.server.ops;
