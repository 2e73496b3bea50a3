/**
 * The durable forget workflow: requests are stored on submission, planned into the records,
 * datasets and model versions they reach, and carried out by a worker in idempotent steps (forget,
 * store the new version, purge older versions, erase records, record the receipt, mark done), so a
 * crash at any point is repaired by running the worker again. Receipts also go to the signed audit
 * ledger of the Lethe home ({@link dev.lethe.engine.LedgerReceiptSink}), once per request.
 */
package dev.lethe.engine;
