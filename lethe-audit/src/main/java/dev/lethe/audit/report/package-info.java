/**
 * The audit report: one self-contained HTML file ({@link dev.lethe.audit.report.ReportWriter}) with a
 * plain-language summary, tables and SVG charts ({@link dev.lethe.audit.report.SvgChart}) embedded as
 * data URIs, so it can be mailed to a data-protection officer and opened anywhere without a network.
 */
package dev.lethe.audit.report;
