/**
 * Personal data in tables: recognisers for identifiers, contact data, dates of birth, postcodes,
 * national IDs with their check digits, names, free text and the GDPR Art. 9 special categories;
 * per-column evidence and confidence; quasi-identifiers with their linkage risk.
 */
package dev.lethe.awareness.pii;
