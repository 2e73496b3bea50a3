/**
 * k-anonymity by Mondrian strict multidimensional partitioning (LeFevre, DeWitt, Ramakrishnan, ICDE
 * 2006) over numeric and categorical quasi-identifiers (categories generalised along user
 * hierarchies), with l-diversity (Machanavajjhala et al., TKDD 2007) and bounded record suppression;
 * an independent checker, information loss (NCP, discernibility), and keyed pseudonyms.
 */
package dev.lethe.privacy.anonymise;
