/**
 * {@code lethe scan}: training call sites in Java (JavaParser) and Python (tree-sitter) source, the
 * fields and data sources that flow into them, and whether Lethe can reach the models they train.
 */
package dev.lethe.awareness.code;
