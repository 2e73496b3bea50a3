package dev.lethe.server.opendsr;

import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import dev.lethe.store.DatasetInfo;
import dev.lethe.store.Registry;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Finds the subject IDs an OpenDSR request's identities name, with the datasets whose subject column
 * holds that kind of identity ({@link IdentityMap}). A raw identity is the subject ID itself; a
 * hashed one is matched against the same digest of every subject ID stored in those datasets (for an
 * e-mail address also of its trimmed lowercase form), so a hashed identity is never turned into a
 * stored clear value unless the processor holds that person already.
 */
final class SubjectResolver {

    private final Registry registry;
    private final IdentityMap identities;

    SubjectResolver(Registry registry, IdentityMap identities) {
        this.registry = registry;
        this.identities = identities;
    }

    /** Every identity's type must be one this processor's datasets hold. */
    void checkSupported(List<DsrRequest.Identity> requested) {
        for (DsrRequest.Identity identity : requested) {
            if (!identities.types().contains(identity.type())) {
                throw new InvalidInputException("identity_type " + LetheException.quote(identity.type())
                        + " is not supported by this processor: supported are " + identities.types());
            }
        }
    }

    /** Subject ID → the IDs of the datasets in which that identity is a subject (sorted by subject ID). */
    Map<String, Set<Long>> resolve(List<DsrRequest.Identity> requested) {
        checkSupported(requested);
        Map<String, Set<Long>> out = new TreeMap<>();
        List<DatasetInfo> datasets = registry.datasets().list();
        for (DsrRequest.Identity identity : requested) {
            Set<Long> holding = new HashSet<>();
            for (DatasetInfo d : datasets) {
                if (identities.holds(d.name(), identity.type())) {
                    holding.add(d.id());
                }
            }
            if (!identity.format().isHashed()) {
                out.computeIfAbsent(identity.value(), k -> new HashSet<>()).addAll(holding);
                continue;
            }
            for (long dataset : holding) {
                for (String subject : subjects(dataset)) {
                    if (matches(identity, subject)) {
                        out.computeIfAbsent(subject, k -> new HashSet<>()).add(dataset);
                    }
                }
            }
        }
        return out;
    }

    private static boolean matches(DsrRequest.Identity identity, String subject) {
        IdentityFormat f = identity.format();
        if (f.hash(subject).equals(identity.value())) {
            return true;
        }
        String normalised = subject.trim().toLowerCase(Locale.ROOT);
        return identity.type().equals("email") && !normalised.equals(subject) && f.hash(normalised).equals(identity.value());
    }

    private List<String> subjects(long dataset) {
        return registry.database().read(c -> {
            List<String> subjects = new java.util.ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT DISTINCT subject FROM records WHERE dataset_id = ? AND subject IS NOT NULL")) {
                ps.setLong(1, dataset);
                ps.setFetchSize(10_000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        subjects.add(rs.getString(1));
                    }
                }
            }
            return subjects;
        });
    }
}
