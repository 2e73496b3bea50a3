package dev.lethe.audit.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class Ed25519KeysTest {

    private static final KeyPair PAIR = generate();

    @Property(tries = 50)
    void signaturesAreTheJdksByteForByteAndVerifyBothWays(@ForAll @StringLength(max = 200) String text) throws Exception {
        byte[] message = text.getBytes(StandardCharsets.UTF_8);
        Ed25519Keys keys = new Ed25519Keys(PAIR);
        Signature jdk = Signature.getInstance("Ed25519");
        jdk.initSign(PAIR.getPrivate());
        jdk.update(message);
        byte[] jdkSignature = jdk.sign();
        byte[] ours = keys.sign(message);
        assertThat(ours).isEqualTo(jdkSignature);
        assertThat(keys.verify(message, jdkSignature)).isTrue();
        Signature check = Signature.getInstance("Ed25519");
        check.initVerify(PAIR.getPublic());
        check.update(message);
        assertThat(check.verify(ours)).isTrue();
    }

    @Test
    void aChangedMessageOrSignatureOrKeyDoesNotVerify() {
        Ed25519Keys keys = new Ed25519Keys(PAIR);
        byte[] message = "entry 1".getBytes(StandardCharsets.UTF_8);
        byte[] signature = keys.sign(message);
        assertThat(keys.verify("entry 2".getBytes(StandardCharsets.UTF_8), signature)).isFalse();
        signature[5] ^= 1;
        assertThat(keys.verify(message, signature)).isFalse();
        assertThat(new Ed25519Keys(generate()).verify(message, keys.sign(message))).isFalse();
    }

    @Test
    void aPublicKeyOfAnotherPairIsRejected() {
        KeyPair other = generate();
        assertThatThrownBy(() -> new Ed25519Keys(new KeyPair(other.getPublic(), PAIR.getPrivate())))
                .isInstanceOf(LedgerException.class).hasMessageContaining("does not belong");
    }

    private static KeyPair generate() {
        try {
            return KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
