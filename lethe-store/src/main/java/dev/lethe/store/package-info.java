/**
 * The registry of a Lethe home: imported datasets (every record with its record ID and subject ID),
 * model versions with their artifacts, digests and lineage (which records trained them, as Roaring
 * bitmaps), forget requests with their state, and receipts. It lives in an embedded H2 database by
 * default or in PostgreSQL; one set of Flyway migrations serves both.
 */
package dev.lethe.store;
