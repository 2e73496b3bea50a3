package dev.lethe.audit.ledger;

import dev.lethe.model.ConflictException;
import dev.lethe.store.Database;
import dev.lethe.store.SubjectKeyRecord;
import java.nio.file.Path;

/**
 * Makes sure every home that opens a registry hashes subject IDs with the same secret. Servers sharing
 * a PostgreSQL registry each have a home directory with its own copy of {@code subject-hmac.key}; a
 * server with another secret would store requests and ledger entries under hashes the others cannot
 * match, and a forget could silently miss them. The first home to open the registry records its
 * secret's keyed fingerprint ({@link SubjectHasher#fingerprint()}, never the secret) there; any other
 * home must give the same one, or it is refused before it reads or writes anything keyed.
 */
public final class SubjectKeyCheck {

    private SubjectKeyCheck() {
    }

    /**
     * Records the home's fingerprint in a registry that has none, else compares it with the recorded one.
     *
     * @throws ConflictException naming the home's key file when its secret differs from the registry's
     * @throws dev.lethe.model.NotFoundException when the home's key file is missing
     */
    public static void verify(Path homeDir, Database registry) {
        verify(HomeSecrets.at(homeDir), registry);
    }

    /** As {@link #verify(Path, Database)}, with the home's secrets already open. */
    static void verify(HomeSecrets secrets, Database registry) {
        String mine = new SubjectHasher(secrets.subjectSecret()).fingerprint();
        String recorded = new SubjectKeyRecord(registry).recordIfAbsent(mine);
        if (!recorded.equals(mine)) {
            throw new ConflictException("the subject secret " + secrets.resolve(HomeSecrets.SUBJECT_SECRET)
                    + " differs from the one the registry's first home used (its keyed fingerprint is recorded in the "
                    + "registry): this home's subject hashes would miss the requests stored by the others. Copy "
                    + "subject-hmac.key from a home already using this registry: every server of one registry needs "
                    + "the same keys");
        }
    }
}
