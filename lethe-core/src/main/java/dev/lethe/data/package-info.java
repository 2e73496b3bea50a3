/**
 * Datasets with stable record IDs and optional subject IDs, their schema, and the readers that
 * build them from CSV, ARFF and IDX files.
 *
 * <p>A {@link dev.lethe.data.Dataset} is immutable; subsetting, shuffling and dropping columns
 * produce views that keep every row's record ID, so a forget request can always name the rows
 * it is about.
 */
package dev.lethe.data;
