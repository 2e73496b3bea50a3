package dev.lethe.server.opendsr;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lethe.model.InvalidInputException;
import dev.lethe.model.LetheException;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A validated OpenDSR 2.0 request (section 7.1). {@link #parse} checks every field the specification
 * requires and answers a bad one with an {@link InvalidInputException} naming the field, never its
 * value (an error must not carry identities, section 7.6).
 *
 * @param fingerprint the home's keyed hash over what the request asks (type, regulation, identities), to
 *                    tell a repeated submission from a different one under the same ID without keeping identities
 */
public record DsrRequest(String subjectRequestId, String type, String regulation, Instant submittedTime,
                         List<Identity> identities, List<URI> callbackUrls, String fingerprint) {

    /** The request types of section 6.2. */
    public static final List<String> TYPES = List.of("access", "portability", "erasure");
    /** The identity types of section 5.1. */
    public static final Set<String> IDENTITY_TYPES = Set.of("controller_customer_id", "android_advertising_id",
            "android_id", "email", "fire_advertising_id", "ios_advertising_id", "ios_vendor_id",
            "microsoft_advertising_id", "microsoft_publisher_id", "roku_publisher_id", "roku_advertising_id");
    /** GUIDs are lowercase UUID v4 (section 1.1). */
    private static final Pattern UUID_V4 = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    /** Version 2 of OpenDSR ("2", "2.0", "2.1.3"): compiled once, it is checked on every request. */
    private static final Pattern VERSION_2 = Pattern.compile("2(\\.\\d+)*");
    private static final int MAX_IDENTITIES = 100;
    private static final int MAX_CALLBACKS = 10;

    /** One identity object (section 5.3). */
    public record Identity(String type, String value, IdentityFormat format) {
    }

    public boolean isErasure() {
        return type.equals("erasure");
    }

    /** Whether {@code id} is a lowercase UUID v4. */
    public static boolean isRequestId(String id) {
        return id != null && UUID_V4.matcher(id).matches();
    }

    /** Parses and validates a request body; identity types this processor holds are checked by the caller. */
    public static DsrRequest parse(byte[] body, ObjectMapper json, UnaryOperator<String> keyedHash) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidInputException("the body is not valid JSON"
                    + (at == null ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        } catch (java.io.IOException e) {
            throw new InvalidInputException("the body cannot be read");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInputException("the body must be a JSON object");
        }
        String id = text(root, "subject_request_id");
        if (!isRequestId(id)) {
            throw new InvalidInputException("subject_request_id must be a lowercase UUID v4");
        }
        String type = text(root, "subject_request_type");
        if (!TYPES.contains(type)) {
            throw new InvalidInputException("subject_request_type " + LetheException.quote(type) + " is not one of " + TYPES);
        }
        String regulation = text(root, "regulation").toLowerCase(Locale.ROOT);
        if (!regulation.equals("gdpr") && !regulation.equals("ccpa")) {
            throw new InvalidInputException("regulation " + LetheException.quote(regulation) + " is not supported: expected gdpr or ccpa");
        }
        Instant submitted;
        try {
            submitted = OffsetDateTime.parse(text(root, "submitted_time")).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInputException("submitted_time must be an RFC 3339 date-time");
        }
        JsonNode version = root.get("api_version");
        if (version != null && !version.isNull() && !(version.isTextual() && VERSION_2.matcher(version.asText()).matches())) {
            throw new InvalidInputException("api_version must name version 2 of OpenDSR (e.g. \"2.0\")");
        }
        List<Identity> identities = identities(root.get("subject_identities"));
        List<URI> callbacks = callbacks(root.get("status_callback_urls"));
        JsonNode extensions = root.get("extensions");
        if (extensions != null && !extensions.isNull() && !extensions.isObject()) {
            throw new InvalidInputException("extensions must be an object keyed by processor domain");
        }
        return new DsrRequest(id, type, regulation, submitted, identities, callbacks, keyedHash.apply(content(type, regulation, identities)));
    }

    private static List<Identity> identities(JsonNode node) {
        if (node == null || node.isNull() || (node.isArray() && node.isEmpty())) {
            throw new InvalidInputException("subject_identities is required: at least one identity object");
        }
        if (!node.isArray() || node.size() > MAX_IDENTITIES) {
            throw new InvalidInputException("subject_identities must be an array of at most " + MAX_IDENTITIES + " identity objects");
        }
        List<Identity> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode item = node.get(i);
            String where = "subject_identities[" + i + "]";
            if (!item.isObject()) {
                throw new InvalidInputException(where + " must be an identity object");
            }
            String type = text(item, "identity_type", where);
            if (!IDENTITY_TYPES.contains(type)) {
                throw new InvalidInputException(where + ".identity_type " + LetheException.quote(type) + " is not an OpenDSR identity type");
            }
            String formatName = text(item, "identity_format", where);
            IdentityFormat format = IdentityFormat.named(formatName).orElseThrow(() -> new InvalidInputException(
                    where + ".identity_format " + LetheException.quote(formatName) + " is not one of raw, sha1, md5, sha256"));
            String value = text(item, "identity_value", where);
            if (value.length() > 200 || !format.accepts(value)) {
                throw new InvalidInputException(where + ".identity_value is not a valid " + format.wireName() + " value");
            }
            out.add(new Identity(type, format.isHashed() ? value.toLowerCase(Locale.ROOT) : value, format));
        }
        return List.copyOf(out);
    }

    private static List<URI> callbacks(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray() || node.size() > MAX_CALLBACKS) {
            throw new InvalidInputException("status_callback_urls must be an array of at most " + MAX_CALLBACKS + " URLs");
        }
        List<URI> out = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            JsonNode url = node.get(i);
            URI uri;
            try {
                uri = url.isTextual() && url.asText().length() <= 2000 ? new URI(url.asText()) : null;
            } catch (java.net.URISyntaxException e) {
                uri = null;
            }
            if (uri == null || uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))) {
                throw new InvalidInputException("status_callback_urls[" + i + "] must be an absolute http or https URL");
            }
            out.add(uri);
        }
        return List.copyOf(out);
    }

    private static String text(JsonNode node, String field) {
        return text(node, field, null);
    }

    private static String text(JsonNode node, String field, String where) {
        JsonNode value = node.get(field);
        String name = where == null ? field : where + "." + field;
        if (value == null || value.isNull()) {
            throw new InvalidInputException(name + " field is required");
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new InvalidInputException(name + " must be a non-empty string");
        }
        return value.asText();
    }

    private static String content(String type, String regulation, List<Identity> identities) {
        TreeSet<String> parts = new TreeSet<>();
        for (Identity i : identities) {
            parts.add(i.type() + "\u0000" + i.format().wireName() + "\u0000" + i.value());
        }
        return type + "\u0001" + regulation + "\u0001" + String.join("\u0001", parts);
    }
}
