/**
 * The native REST API under {@code /api/v1}: everything the {@code lethe} command does over a
 * home's registry, as resources (datasets, models and predictions, forget requests and receipts,
 * the ledger, audits, API keys), with long operations (import, train, audit) run as
 * {@link dev.lethe.server.api.Jobs jobs} that report their progress. Handlers are thin: they call
 * what the CLI calls ({@code Catalog}, {@code Workflow}, the registry, {@code AuditRunner}).
 * Subject IDs never appear in a URL or in an answer: a request is submitted with its subject in
 * the body and referred to by its request ID afterwards.
 */
package dev.lethe.server.api;
