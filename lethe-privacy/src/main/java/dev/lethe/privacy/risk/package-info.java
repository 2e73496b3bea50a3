/**
 * Re-identification risk of a file under the prosecutor, journalist and marketer attacker models,
 * and sample uniqueness, defined as ARX defines them (Prasser, Kohlmayer et al.; El Emam, "Guide to
 * the De-Identification of Personal Health Information", 2013), so figures compare with ARX's.
 */
package dev.lethe.privacy.risk;
