package dev.lethe.server;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The API's authenticator: an {@code Authorization} header carrying a key as {@code Bearer
 * ID.SECRET} or as HTTP Basic ({@code ID:SECRET}, RFC 7617), checked by a {@link KeyVerifier}.
 */
public final class HeaderAuthenticator implements Authenticator {

    private final KeyVerifier keys;

    public HeaderAuthenticator(KeyVerifier keys) {
        this.keys = keys;
    }

    @Override
    public Optional<Principal> authenticate(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null) {
            return Optional.empty();
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return keys.verify(header.substring(7).trim());
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded;
            try {
                decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException notBase64) {
                return Optional.empty();
            }
            int colon = decoded.indexOf(':');
            return colon <= 0 ? Optional.empty() : keys.verify(decoded.substring(0, colon), decoded.substring(colon + 1));
        }
        return Optional.empty();
    }
}
