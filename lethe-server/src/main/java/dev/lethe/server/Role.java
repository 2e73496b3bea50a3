package dev.lethe.server;

import io.javalin.security.RouteRole;

/**
 * Who may call a route. A key has exactly one role, and a route lists the roles it admits; no
 * role implies another (an administrator manages keys, it does not read requests).
 * {@link #ANYONE} marks a route that needs no key at all (health, discovery, the certificate,
 * the dashboard's sign-in page); a route must say so explicitly, never by listing no role.
 */
public enum Role implements RouteRole {
    /** Privacy tooling: submits and reads OpenDSR requests. */
    CONTROLLER,
    /** The data-protection officer: requests, receipts, ledger, audits; may reveal a subject ID. */
    OFFICER,
    /** An engineer: datasets, models, predictions; never sees a subject ID. */
    ENGINEER,
    /** Manages API keys. */
    ADMIN,
    /** No key needed. Never held by a key. */
    ANYONE;

    /** The role named by {@code text}, case-insensitive; {@link #ANYONE} is not a key's role. */
    public static Role ofKey(String text) {
        for (Role role : values()) {
            if (role != ANYONE && role.name().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return role;
            }
        }
        throw new dev.lethe.model.InvalidInputException("unknown role " + dev.lethe.model.LetheException.quote(text)
                + ": expected controller, officer, engineer or admin");
    }
}
