package dev.lethe.server.dashboard;

import dev.lethe.server.Principal;
import dev.lethe.server.Role;
import java.util.regex.Pattern;

/**
 * How subjects appear on a page. Stored summaries name a subject by the home's keyed hash, never by
 * the ID; an officer sees that hash (it links one person's requests and ledger entries), everyone
 * else sees only that the subject is pseudonymised: a keyed hash is still personal data (GDPR
 * Recital 26), and an engineer has no need of it.
 */
final class Subjects {

    private static final Pattern HASH = Pattern.compile("(hmac-)?sha256:[0-9a-f]{8,}");

    private Subjects() {
    }

    /** A request summary or subject hash as {@code viewer} may see it (not yet escaped). */
    static String visible(String summary, Principal viewer) {
        if (summary == null || viewer.role() == Role.OFFICER) {
            return summary;
        }
        return HASH.matcher(summary).replaceAll("(pseudonymised)");
    }
}
