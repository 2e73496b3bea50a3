/**
 * The {@code lethe} command: one picocli class per subcommand, user errors mapped to exit codes
 * in one place ({@link dev.lethe.cli.Main}).
 */
package dev.lethe.cli;
