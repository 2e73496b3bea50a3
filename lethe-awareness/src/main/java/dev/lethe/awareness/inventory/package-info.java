/**
 * {@code lethe inventory}: from column to dataset to model version, the personal data each model
 * holds, the requests that reached it and the gaps, as a table, JSON, HTML and a CycloneDX 1.6 ML-BOM.
 */
package dev.lethe.awareness.inventory;
