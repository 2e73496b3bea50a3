/**
 * Lethe as a service ({@code lethe serve}): one Javalin application over a Lethe home, made of
 * {@link dev.lethe.server.ServerModule}s (the OpenDSR 2.0 processor API, the native REST API, the
 * dashboard, operations), each registering its routes in a {@link dev.lethe.server.RouteTable}
 * that checks every route's {@link dev.lethe.server.Role}s before its handler runs. Every error
 * leaves through {@link dev.lethe.server.Problems}: an RFC 9457 problem-details body whose status
 * comes from the exception's {@link dev.lethe.model.LetheException.Kind}, never a stack trace.
 */
package dev.lethe.server;
