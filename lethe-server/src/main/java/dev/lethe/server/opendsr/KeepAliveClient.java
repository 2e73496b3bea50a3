package dev.lethe.server.opendsr;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The benchmark's HTTP/1.1 client (RFC 9112): one persistent connection, one request at a time,
 * blocking. It shares the CPU with the server it measures, so it does no more than a client must:
 * write the request, read the status line, the headers and a {@code Content-Length} body, and keep
 * the connection (reopened if the server closes it). Not a general client: no TLS, no chunked bodies.
 */
final class KeepAliveClient implements Closeable {

    /** A response: its status and body. */
    record Response(int status, byte[] body) {
    }

    private final String host;
    private final int port;
    private final byte[] head;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    /** @param headers extra header lines, each ending in CRLF (e.g. {@code Authorization}) */
    KeepAliveClient(String host, int port, String path, String headers) {
        this.host = host;
        this.port = port;
        this.head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n" + headers
                + "Content-Type: application/json\r\nContent-Length: ").getBytes(StandardCharsets.US_ASCII);
    }

    /** POSTs {@code body} and waits for the whole response. */
    Response post(byte[] body) throws IOException {
        if (socket == null) {
            connect();
        }
        ByteArrayOutputStream request = new ByteArrayOutputStream(head.length + body.length + 16);
        request.write(head);
        request.write((body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        request.write(body);
        out.write(request.toByteArray());
        out.flush();
        int status = Integer.parseInt(line().substring(9, 12));
        int length = -1;
        boolean close = false;
        for (String header = line(); !header.isEmpty(); header = line()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Integer.parseInt(lower.substring(15).trim());
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            } else if (lower.startsWith("transfer-encoding:")) {
                throw new IOException("the benchmark client reads Content-Length bodies only, got " + header);
            }
        }
        if (length < 0) {
            throw new IOException("response " + status + " without Content-Length");
        }
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new IOException("connection closed within a response body");
        }
        if (close) {
            close();
        }
        return new Response(status, bytes);
    }

    private String line() throws IOException {
        StringBuilder line = new StringBuilder(64);
        for (int b = in.read(); b != '\n'; b = in.read()) {
            if (b < 0) {
                throw new IOException("connection closed by the server");
            }
            if (b != '\r') {
                line.append((char) b);
            }
        }
        return line.toString();
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port));
        in = new BufferedInputStream(socket.getInputStream(), 8192);
        out = socket.getOutputStream();
    }

    @Override
    public void close() throws IOException {
        if (socket != null) {
            socket.close();
            socket = null;
        }
    }
}
