package dev.lethe.server.auth;

import dev.lethe.model.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/**
 * The HTTPS connector used instead of plain HTTP when {@code lethe serve} is given a keystore
 * (PKCS#12 or JKS holding the server's key and certificate chain). TLS 1.2 and 1.3 only, as
 * RFC 9325 recommends.
 *
 * @param keystore the keystore file
 * @param password its password (also the key's)
 */
public record TlsConnector(Path keystore, String password) {

    public TlsConnector {
        if (keystore == null || !Files.isRegularFile(keystore)) {
            throw new InvalidInputException("--tls-keystore " + keystore + ": no such file");
        }
        if (password == null) {
            throw new InvalidInputException("--tls-keystore " + keystore + " needs its password");
        }
    }

    /** An HTTPS connector for {@code server} on {@code host}:{@code port} (port 0: any free port). */
    public Connector connector(Server server, HttpConfiguration http, String host, int port) {
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keystore.toAbsolutePath().toString());
        ssl.setKeyStorePassword(password);
        ssl.setIncludeProtocols("TLSv1.3", "TLSv1.2");
        HttpConfiguration https = new HttpConfiguration(http);
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // clients reach a self-signed local certificate by IP address
        https.addCustomizer(secure);
        ServerConnector connector = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(https));
        connector.setHost(host);
        connector.setPort(port);
        return connector;
    }

    @Override
    public String toString() {
        return "TlsConnector[" + keystore + "]"; // never the password
    }
}
