package dev.lethe.spark.lake;

import static org.apache.spark.sql.functions.udf;

import dev.lethe.model.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;

/**
 * The keyed subject bucket of a lake dataset: {@code HMAC-SHA256(key, subject) mod buckets} (RFC 2104),
 * stored as the column {@value #COLUMN} by which the Delta table is partitioned. A subject's rows all
 * lie in one bucket, so finding them (a forget) and deleting them (an erasure) read that bucket's
 * files only, and SISA's placement by subject can make a shard one set of buckets.
 *
 * <p>Why it leaks nothing: the bucket is the only subject-derived value in the table's files and
 * log (as a partition value), and without the key — kept in the home's registry, never beside the
 * lake — it is a uniformly distributed number that cannot be computed for a guessed subject ID, so
 * it confirms no guess; and it is shared by about rows/buckets rows of many subjects, so it singles
 * out no one. Personal columns themselves stay out of Delta's statistics ({@link LakeImporter}).
 *
 * @param key     the HMAC key (32 random bytes)
 * @param buckets how many buckets (1 to 65 536)
 */
public record SubjectBuckets(byte[] key, int buckets) implements java.io.Serializable {

    /** The bucket column. */
    public static final String COLUMN = "lethe_subject_bucket";
    /** The default number of buckets: a subject lookup reads about 1/256 of the table. */
    public static final int DEFAULT_BUCKETS = 256;

    public SubjectBuckets {
        if (key == null || key.length < 16) {
            throw new InvalidInputException("subject bucket key: expected at least 16 bytes");
        }
        if (buckets < 1 || buckets > 65_536) {
            throw new InvalidInputException("--buckets: expected 1 to 65536, got " + buckets);
        }
        key = key.clone();
    }

    /** New buckets under a fresh random key. */
    public static SubjectBuckets fresh(int buckets) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new SubjectBuckets(key, buckets);
    }

    @Override
    public byte[] key() {
        return key.clone();
    }

    /** The bucket of one subject ID. */
    public int of(String subject) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            long h = ByteBuffer.wrap(mac.doFinal(subject.getBytes(StandardCharsets.UTF_8))).getLong();
            return (int) Math.floorMod(h, (long) buckets);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** The bucket of a subject column, as a Spark expression (null for a null subject). */
    public Column column(Column subject) {
        SubjectBuckets self = this;
        UDF1<Object, Integer> f = s -> s == null ? null : self.of(s.toString());
        return udf(f, DataTypes.IntegerType).apply(subject);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SubjectBuckets b && b.buckets == buckets && java.util.Arrays.equals(b.key, key);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(key) + buckets;
    }

    @Override
    public String toString() {
        return "SubjectBuckets[" + buckets + " buckets, key withheld]";
    }
}
