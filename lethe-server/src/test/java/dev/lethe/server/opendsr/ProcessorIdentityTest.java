package dev.lethe.server.opendsr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lethe.model.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.Signature;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ProcessorIdentityTest {

    @TempDir
    Path dir;

    static final byte[] BODY = "{\"subject_request_id\":\"a7551968-d5d6-44b2-9831-815ac9017798\",\"request_status\":\"pending\"}"
            .getBytes(StandardCharsets.UTF_8);

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void signaturesVerifyWithJavaAndWithOpenssl(SignatureAlgorithm algorithm) throws Exception {
        ProcessorIdentity identity = ProcessorIdentity.selfSigned("opendsr.example.org", algorithm);
        String signature = identity.sign(BODY);
        Signature java = Signature.getInstance(algorithm.jcaName());
        java.initVerify(identity.certificate().getPublicKey());
        java.update(BODY);
        assertThat(java.verify(Base64.getDecoder().decode(signature))).isTrue();

        Path openssl = Path.of("/usr/bin/openssl");
        if (Files.isExecutable(openssl)) {
            Files.writeString(dir.resolve("cert.pem"), identity.certificatePem());
            Files.write(dir.resolve("body.json"), BODY);
            Files.write(dir.resolve("body.sig"), Base64.getDecoder().decode(signature));
            assertThat(run(openssl.toString(), "x509", "-in", "cert.pem", "-pubkey", "-noout", "-out", "pub.pem")).isZero();
            assertThat(run(openssl.toString(), "dgst", "-sha256", "-verify", "pub.pem", "-signature", "body.sig", "body.json")).isZero();
            byte[] tampered = BODY.clone();
            tampered[5] ^= 1;
            Files.write(dir.resolve("body.json"), tampered);
            assertThat(run(openssl.toString(), "dgst", "-sha256", "-verify", "pub.pem", "-signature", "body.sig", "body.json")).isNotZero();
        }
    }

    @ParameterizedTest
    @EnumSource(SignatureAlgorithm.class)
    void theHomeKeepsItsKeyPrivateAndReusesItAndAnOperatorsPemIsAccepted(SignatureAlgorithm algorithm) throws Exception {
        Path keys = dir.resolve("opendsr");
        ProcessorIdentity first = ProcessorIdentity.inHome(keys, "localhost", algorithm);
        assertThat(Files.getPosixFilePermissions(keys.resolve("processor.key")))
                .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
        ProcessorIdentity again = ProcessorIdentity.inHome(keys, "localhost", algorithm);
        assertThat(again.certificate()).isEqualTo(first.certificate());
        ProcessorIdentity operator = ProcessorIdentity.fromPem("opendsr.example.org", keys.resolve("processor.pem"), keys.resolve("processor.key"));
        assertThat(operator.algorithm()).isEqualTo(algorithm);
        Signature verify = Signature.getInstance(algorithm.jcaName());
        verify.initVerify(first.certificate().getPublicKey());
        verify.update(BODY);
        assertThat(verify.verify(Base64.getDecoder().decode(operator.sign(BODY)))).isTrue();
        ProcessorIdentity renamed = ProcessorIdentity.inHome(keys, "opendsr.example.org", algorithm);
        assertThat(renamed.certificate().getSubjectX500Principal().getName()).isEqualTo("CN=opendsr.example.org");
        assertThatThrownBy(() -> ProcessorIdentity.fromPem("x.org", keys.resolve("processor.key"), keys.resolve("processor.key")))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no PEM certificate");
        assertThatThrownBy(() -> ProcessorIdentity.selfSigned("not a domain", algorithm)).isInstanceOf(InvalidInputException.class);
    }

    private int run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor();
    }
}
